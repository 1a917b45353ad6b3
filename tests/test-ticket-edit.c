/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hd_ticket_commands_edit_fields(): the intake fields edited on a stored
 * ticket, under the intake form's rules, with one field_change event and
 * one outbox operation; the sensitive field stays sealed. */
#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>
#include <glib/gstdio.h>

#include "hd-attachment.h"
#include "hd-attachment-store.h"
#include "hd-config.h"
#include "hd-priority.h"
#include "hd-secret-box.h"
#include "hd-sla.h"
#include "hd-store.h"
#include "hd-store-intake.h"
#include "hd-ticket-commands.h"
#include "hd-ticket-validation.h"

/* 2024-03-04 10:00 Asia/Shanghai, a Monday. */
#define T0 ((gint64) 1709517600)
#define SECRET "110101199003071234"

typedef struct {
  char *dir;
  HdStore *store;
  HdConfig *config;
  char *uuid;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdTicket) ticket = hd_ticket_new ();
  g_autofree char *path = NULL;
  gint64 response_due, resolution_due;

  f->dir = g_dir_make_tmp ("hd-test-edit-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "tickets.db", NULL);
  f->store = hd_store_open (path, &error);
  g_assert_no_error (error);
  f->config = hd_config_load_default (&error);
  g_assert_no_error (error);

  /* One customer × inquiry → medium, as the intake form proposes. */
  hd_ticket_set_customer_label (ticket, "客户A-2024");
  hd_ticket_set_contact (ticket, "1234");
  hd_ticket_set_channel (ticket, HD_CHANNEL_PHONE);
  hd_ticket_set_occurred_at (ticket, T0 - 600);
  hd_ticket_set_description (ticket, "会员积分上个月没有到账，客户查看了积分明细也没有记录。");
  hd_ticket_set_type_l1 (ticket, "inquiry");
  hd_ticket_set_type_l2 (ticket, "points");
  hd_ticket_set_impact (ticket, HD_IMPACT_SINGLE);
  hd_ticket_set_urgency (ticket, HD_URGENCY_INQUIRY);
  hd_ticket_set_priority (ticket, "medium");
  hd_ticket_set_group (ticket, "product");
  hd_ticket_set_created_at (ticket, T0);
  hd_sla_compute_deadlines (f->config, "medium", T0, &response_due, &resolution_due);
  hd_ticket_set_response_due (ticket, response_due);
  hd_ticket_set_resolution_due (ticket, resolution_due);
  g_assert_true (hd_store_create_ticket (f->store, ticket, "张伟", &error));
  g_assert_no_error (error);
  f->uuid = g_strdup (hd_ticket_get_uuid (ticket));
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autoptr(GDir) d = g_dir_open (f->dir, 0, NULL);
  const char *name;

  g_clear_object (&f->store);
  g_clear_object (&f->config);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (f->dir, name, NULL);
      g_remove (child);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->uuid);
}

static HdTicket *
get (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  HdTicket *ticket = hd_store_get_ticket (f->store, f->uuid, &error);

  g_assert_no_error (error);
  return ticket;
}

static GPtrArray *
events (Fixture *f)
{
  GPtrArray *list = hd_store_list_events (f->store, f->uuid, NULL);

  g_assert_nonnull (list);
  return list;
}

static JsonObject *
parse_object (JsonParser *parser, const char *json)
{
  g_assert_nonnull (json);
  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_node_get_object (json_parser_get_root (parser));
}

static HdOutboxOp *
last_op (Fixture *f)
{
  g_autoptr(GPtrArray) ops = hd_store_outbox_peek (f->store, 1000, NULL);

  g_assert_nonnull (ops);
  g_assert_cmpuint (ops->len, >, 0);
  return hd_outbox_op_copy (g_ptr_array_index (ops, ops->len - 1));
}

static void
test_fields_change (Fixture *f, gconstpointer user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdTicket) edited = get (f);
  g_autoptr(HdTicket) ticket = NULL;
  g_autoptr(GPtrArray) before = events (f);
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) op_parser = json_parser_new ();
  g_autoptr(HdOutboxOp) op = NULL;
  const char *cc[] = { "物流部", "财务部", NULL };
  guint outbox = hd_store_outbox_count (f->store);
  JsonObject *data, *fields, *contact, *changes;
  HdEvent *event;

  hd_ticket_set_contact (edited, "  wechat: abc  ");
  hd_ticket_set_customer_name (edited, "李先生");
  hd_ticket_set_channel (edited, HD_CHANNEL_CHAT);
  hd_ticket_set_emotion (edited, HD_EMOTION_ANXIOUS);
  hd_ticket_set_type_l1 (edited, "fault");
  hd_ticket_set_type_l2 (edited, "payment");
  hd_ticket_set_transfer_department (edited, "技术部");
  hd_ticket_set_transfer_note (edited, "请排查支付回调");
  hd_ticket_set_cc_departments (edited, cc);
  /* Not this command's: ignored. */
  hd_ticket_set_handler (edited, "王芳");
  hd_ticket_set_status (edited, HD_STATUS_CLOSED);

  g_assert_true (hd_ticket_commands_edit_fields (f->store, f->config, f->uuid, NULL, edited, NULL, NULL,
                                                 "王芳", T0 + 900, NULL, &error));
  g_assert_no_error (error);

  ticket = get (f);
  g_assert_cmpstr (hd_ticket_get_contact (ticket), ==, "wechat: abc");
  g_assert_cmpstr (hd_ticket_get_customer_name (ticket), ==, "李先生");
  g_assert_cmpint (hd_ticket_get_channel (ticket), ==, HD_CHANNEL_CHAT);
  g_assert_cmpint (hd_ticket_get_emotion (ticket), ==, HD_EMOTION_ANXIOUS);
  g_assert_cmpstr (hd_ticket_get_type_l1 (ticket), ==, "fault");
  g_assert_cmpstr (hd_ticket_get_type_l2 (ticket), ==, "payment");
  g_assert_cmpstr (hd_ticket_get_transfer_department (ticket), ==, "技术部");
  g_assert_true (g_strv_equal (hd_ticket_get_cc_departments (ticket), cc));
  g_assert_null (hd_ticket_get_handler (ticket));
  g_assert_cmpint (hd_ticket_get_status (ticket), ==, HD_STATUS_PENDING);
  g_assert_cmpstr (hd_ticket_get_priority (ticket), ==, "medium");
  g_assert_cmpint (hd_ticket_get_updated_at (ticket), ==, T0 + 900);
  g_assert_cmpint (hd_ticket_get_sync_state (ticket), ==, HD_SYNC_STATE_PENDING);

  /* One field_change event, from/to per changed field and nothing else. */
  after = events (f);
  g_assert_cmpuint (after->len, ==, before->len + 1);
  event = g_ptr_array_index (after, after->len - 1);
  g_assert_cmpint (hd_event_get_kind (event), ==, HD_EVENT_FIELD_CHANGE);
  g_assert_cmpstr (hd_event_get_author (event), ==, "王芳");
  g_assert_cmpint (hd_event_get_created_at (event), ==, T0 + 900);
  data = parse_object (parser, hd_event_get_data (event));
  fields = json_object_get_object_member (data, "fields");
  g_assert_nonnull (fields);
  g_assert_cmpuint (json_object_get_size (fields), ==, 9);
  contact = json_object_get_object_member (fields, "contact");
  g_assert_cmpstr (json_object_get_string_member (contact, "from"), ==, "1234");
  g_assert_cmpstr (json_object_get_string_member (contact, "to"), ==, "wechat: abc");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (fields, "channel"), "to"),
                   ==, "chat");
  g_assert_true (json_object_get_null_member (json_object_get_object_member (fields, "customer_name"), "from"));
  g_assert_true (json_object_has_member (fields, "cc_departments"));
  g_assert_false (json_object_has_member (fields, "handler"));
  g_assert_false (json_object_has_member (fields, "status"));
  g_assert_false (json_object_has_member (fields, "priority"));
  g_assert_false (json_object_has_member (data, "priority_reason"));

  /* One outbox operation carrying the new values and the event. */
  g_assert_cmpuint (hd_store_outbox_count (f->store), ==, outbox + 1);
  op = last_op (f);
  g_assert_cmpstr (op->kind, ==, "ticket.update");
  changes = json_object_get_object_member (parse_object (op_parser, op->payload), "changes");
  g_assert_cmpstr (json_object_get_string_member (changes, "contact"), ==, "wechat: abc");
  g_assert_cmpstr (json_object_get_string_member (changes, "type_l2"), ==, "payment");
  g_assert_false (json_object_has_member (changes, "handler"));
  g_assert_nonnull (strstr (op->payload, "field_change"));

  /* Saving the same values again writes nothing. */
  g_assert_true (hd_ticket_commands_edit_fields (f->store, f->config, f->uuid, NULL, edited, NULL, NULL,
                                                 "王芳", T0 + 960, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (hd_store_outbox_count (f->store), ==, outbox + 1);
}

static void
test_priority_follows_matrix (Fixture *f, gconstpointer user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdTicket) edited = get (f);
  g_autoptr(HdTicket) ticket = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *explanation = NULL;
  const char *proposed;
  gint64 response_due, resolution_due;
  JsonObject *data, *fields;

  /* Many customers × blocking → urgent: recomputed, deadlines from creation. */
  hd_ticket_set_impact (edited, HD_IMPACT_MANY);
  hd_ticket_set_urgency (edited, HD_URGENCY_BLOCKING);
  proposed = hd_priority_compute (f->config, HD_IMPACT_MANY, HD_URGENCY_BLOCKING, &explanation);
  g_assert_cmpstr (proposed, ==, "urgent");
  g_assert_true (hd_ticket_commands_edit_fields (f->store, f->config, f->uuid, NULL, edited, NULL, NULL,
                                                 "王芳", T0 + 900, NULL, &error));
  g_assert_no_error (error);
  ticket = get (f);
  hd_sla_compute_deadlines (f->config, "urgent", T0, &response_due, &resolution_due);
  g_assert_cmpstr (hd_ticket_get_priority (ticket), ==, "urgent");
  g_assert_cmpint (hd_ticket_get_response_due (ticket), ==, response_due);
  g_assert_cmpint (hd_ticket_get_resolution_due (ticket), ==, resolution_due);

  list = events (f);
  data = parse_object (parser, hd_event_get_data (g_ptr_array_index (list, list->len - 1)));
  fields = json_object_get_object_member (data, "fields");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (fields, "priority"), "from"),
                   ==, "medium");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (fields, "priority"), "to"),
                   ==, "urgent");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (fields, "resolution_due"), "to"),
                   ==, resolution_due);
  g_assert_true (json_object_has_member (fields, "impact"));
  g_assert_true (json_object_has_member (fields, "urgency"));
  /* The matrix's explanation is the reason recorded. */
  g_assert_cmpstr (json_object_get_string_member (data, "priority_reason"), ==, explanation);
  g_clear_object (&ticket);
  g_clear_object (&edited);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* Another priority than the proposal needs a reason, recorded as given. */
  edited = get (f);
  hd_ticket_set_priority (edited, "high");
  g_assert_false (hd_ticket_commands_edit_fields (f->store, f->config, f->uuid, NULL, edited, "  ", NULL,
                                                  "王芳", T0 + 1000, NULL, &error));
  g_assert_error (error, HD_TICKET_COMMAND_ERROR, HD_TICKET_COMMAND_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (hd_ticket_commands_edit_fields (f->store, f->config, f->uuid, NULL, edited,
                                                 "客户已找到临时办法", NULL, "王芳", T0 + 1000, NULL, &error));
  g_assert_no_error (error);
  ticket = get (f);
  g_assert_cmpstr (hd_ticket_get_priority (ticket), ==, "high");
  hd_sla_compute_deadlines (f->config, "high", T0, &response_due, &resolution_due);
  g_assert_cmpint (hd_ticket_get_response_due (ticket), ==, response_due);
  list = events (f);
  data = parse_object (parser, hd_event_get_data (g_ptr_array_index (list, list->len - 1)));
  g_assert_cmpstr (json_object_get_string_member (data, "priority_reason"), ==, "客户已找到临时办法");

  /* An edit of another field leaves the override alone and asks no reason. */
  g_clear_object (&edited);
  edited = get (f);
  hd_ticket_set_customer_type (edited, "电商VIP");
  g_assert_true (hd_ticket_commands_edit_fields (f->store, f->config, f->uuid, NULL, edited, NULL, NULL,
                                                 "王芳", T0 + 1100, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&ticket);
  ticket = get (f);
  g_assert_cmpstr (hd_ticket_get_priority (ticket), ==, "high");
  g_assert_cmpstr (hd_ticket_get_customer_type (ticket), ==, "电商VIP");
}

static void
test_refusals (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(HdTicket) edited = get (f);
  g_autoptr(HdTicket) ticket = NULL;
  g_autofree char *huge = g_strnfill (HD_TICKET_MAX_DESCRIPTION + 1, 'x');
  guint outbox = hd_store_outbox_count (f->store);
  guint n_events;

  {
    g_autoptr(GPtrArray) list = events (f);
    n_events = list->len;
  }

  hd_ticket_set_contact (edited, "   ");
  hd_ticket_set_description (edited, "");
  hd_ticket_set_type_l1 (edited, "no-such-type");
  hd_ticket_set_occurred_at (edited, T0 + 86400 * 365 * 10);
  hd_ticket_set_transfer_note (edited, "请协助");
  g_assert_false (hd_ticket_commands_edit_fields (f->store, f->config, f->uuid, NULL, edited, NULL, NULL,
                                                  "王芳", T0 + 900, &problems, &error));
  g_assert_error (error, HD_TICKET_COMMAND_ERROR, HD_TICKET_COMMAND_ERROR_INVALID);
  g_assert_nonnull (problems);
  g_assert_nonnull (hd_field_problems_find (problems, "contact"));
  g_assert_nonnull (hd_field_problems_find (problems, "description"));
  g_assert_nonnull (hd_field_problems_find (problems, "type_l1"));
  g_assert_nonnull (hd_field_problems_find (problems, "occurred_at"));
  g_assert_nonnull (hd_field_problems_find (problems, "transfer_department"));
  /* In form order: the first message is the contact's. */
  g_assert_cmpstr (error->message, ==, hd_field_problems_find (problems, "contact")->message);
  g_clear_error (&error);
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* A sub-type of another type, a too long description. */
  g_clear_object (&edited);
  edited = get (f);
  hd_ticket_set_type_l2 (edited, "refund");
  hd_ticket_set_description (edited, huge);
  g_assert_false (hd_ticket_commands_edit_fields (f->store, f->config, f->uuid, NULL, edited, NULL, NULL,
                                                  "王芳", T0 + 900, &problems, &error));
  g_assert_nonnull (hd_field_problems_find (problems, "type_l2"));
  g_assert_nonnull (hd_field_problems_find (problems, "description"));
  g_clear_error (&error);
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* Nothing was written. */
  ticket = get (f);
  g_assert_cmpstr (hd_ticket_get_contact (ticket), ==, "1234");
  g_assert_cmpuint (hd_store_outbox_count (f->store), ==, outbox);
  {
    g_autoptr(GPtrArray) list = events (f);
    g_assert_cmpuint (list->len, ==, n_events);
  }
}

static void
test_sensitive_stays_sealed (Fixture *f, gconstpointer user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdSecretBox) box = NULL;
  g_autoptr(HdTicket) edited = get (f);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *sealed = NULL;
  g_autofree char *stored = NULL;
  guint8 key[32];
  const char *data;
  char *plain;

  memset (key, 7, sizeof key);
  box = hd_secret_box_new_for_key (key, sizeof key, &error);
  g_assert_no_error (error);
  sealed = hd_secret_box_seal (box, SECRET, &error);
  g_assert_no_error (error);

  /* A plaintext is refused: only sealed values are stored. */
  g_assert_false (hd_ticket_commands_edit_fields (f->store, f->config, f->uuid, NULL, edited, NULL, SECRET,
                                                  "王芳", T0 + 900, &problems, &error));
  g_assert_nonnull (hd_field_problems_find (problems, HD_TICKET_SENSITIVE_FIELD));
  g_assert_null (strstr (error->message, SECRET));
  g_clear_error (&error);
  g_assert_null (hd_store_get_sensitive_field (f->store, f->uuid, HD_TICKET_SENSITIVE_FIELD, NULL));

  /* Only the sensitive field changes: still one event and one operation. */
  g_assert_true (hd_ticket_commands_edit_fields (f->store, f->config, f->uuid, NULL, edited, NULL, sealed,
                                                 "王芳", T0 + 900, NULL, &error));
  g_assert_no_error (error);
  stored = hd_store_get_sensitive_field (f->store, f->uuid, HD_TICKET_SENSITIVE_FIELD, &error);
  g_assert_cmpstr (stored, ==, sealed);
  plain = hd_secret_box_unseal (box, stored, &error);
  g_assert_cmpstr (plain, ==, SECRET);
  hd_secret_free (plain);

  list = events (f);
  data = hd_event_get_data (g_ptr_array_index (list, list->len - 1));
  g_assert_cmpint (hd_event_get_kind (g_ptr_array_index (list, list->len - 1)), ==, HD_EVENT_FIELD_CHANGE);
  g_assert_true (json_object_get_boolean_member (
    json_object_get_object_member (json_object_get_object_member (parse_object (parser, data), "fields"),
                                   HD_TICKET_SENSITIVE_FIELD), "changed"));
  g_assert_null (strstr (data, SECRET));
  g_assert_null (strstr (data, "1234\""));
  g_assert_null (strstr (data, "hdsb1:"));

  /* Removed: recorded as such, gone from the store. */
  g_assert_true (hd_ticket_commands_edit_fields (f->store, f->config, f->uuid, NULL, edited, NULL, "",
                                                 "王芳", T0 + 960, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (hd_store_get_sensitive_field (f->store, f->uuid, HD_TICKET_SENSITIVE_FIELD, NULL));
  g_clear_pointer (&list, g_ptr_array_unref);
  list = events (f);
  g_assert_nonnull (strstr (hd_event_get_data (g_ptr_array_index (list, list->len - 1)), "\"removed\":true"));

  /* Neither the plaintext nor the sealed value is in any outbox operation. */
  ops = hd_store_outbox_peek (f->store, 1000, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < ops->len; i++)
    {
      HdOutboxOp *op = g_ptr_array_index (ops, i);
      g_assert_null (strstr (op->payload, SECRET));
      g_assert_null (strstr (op->payload, "hdsb1:"));
    }
}

/* Edits made elsewhere while the editor was open stand unless the editor
 * changed the same field. */
static void
test_concurrent_change_stands (Fixture *f, gconstpointer user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdTicket) base = get (f);
  g_autoptr(HdTicket) edited = get (f);
  g_autoptr(HdTicket) other = get (f);
  g_autoptr(HdTicket) ticket = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *fields;

  /* Another desk's change arrives while this editor is open. */
  hd_ticket_set_customer_type (other, "电商VIP");
  hd_ticket_set_channel (other, HD_CHANNEL_EMAIL);
  g_assert_true (hd_ticket_commands_edit_fields (f->store, f->config, f->uuid, NULL, other, NULL, NULL,
                                                 "李娜", T0 + 600, NULL, &error));
  g_assert_no_error (error);

  hd_ticket_set_contact (edited, "5678");
  g_assert_true (hd_ticket_commands_edit_fields (f->store, f->config, f->uuid, base, edited, NULL, NULL,
                                                 "王芳", T0 + 900, NULL, &error));
  g_assert_no_error (error);
  ticket = get (f);
  g_assert_cmpstr (hd_ticket_get_contact (ticket), ==, "5678");
  g_assert_cmpstr (hd_ticket_get_customer_type (ticket), ==, "电商VIP");
  g_assert_cmpint (hd_ticket_get_channel (ticket), ==, HD_CHANNEL_EMAIL);

  list = events (f);
  fields = json_object_get_object_member (
    parse_object (parser, hd_event_get_data (g_ptr_array_index (list, list->len - 1))), "fields");
  g_assert_cmpuint (json_object_get_size (fields), ==, 1);
  g_assert_true (json_object_has_member (fields, "contact"));
}

#define SHA_A "aaaa000000000000000000000000000000000000000000000000000000000001"
#define SHA_B "bbbb000000000000000000000000000000000000000000000000000000000002"
#define SHA_C "cccc000000000000000000000000000000000000000000000000000000000003"

static void
attach (HdTicket *ticket, const char *name, const char *sha)
{
  g_autoptr(HdAttachment) a = hd_attachment_new_file (name, "image/png", 2048, sha);

  g_list_store_append (hd_ticket_get_attachments (ticket), a);
}

static char *
attachment_names (HdTicket *ticket)
{
  GListModel *list = G_LIST_MODEL (hd_ticket_get_attachments (ticket));
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(HdAttachment) a = g_list_model_get_item (list, i);
      g_string_append_printf (names, "%s%s", i ? "," : "", hd_attachment_get_name (a));
    }
  return g_string_free (g_steal_pointer (&names), FALSE);
}

/* Attachments added and removed in the editor: rows rewritten, one event
 * naming them, the list in the one outbox operation; a change elsewhere to
 * other attachments stands. */
static void
test_attachments (Fixture *f, gconstpointer user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdTicket) edited = get (f);
  g_autoptr(HdTicket) base = NULL;
  g_autoptr(HdTicket) other = NULL;
  g_autoptr(HdTicket) ticket = NULL;
  g_autoptr(HdTicket) untouched = NULL;
  g_autoptr(HdAttachment) code = hd_attachment_new_text (HD_ATTACHMENT_ERROR_CODE, "E1002");
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) op_parser = json_parser_new ();
  g_autoptr(HdOutboxOp) op = NULL;
  g_autofree char *names = NULL;
  guint outbox = hd_store_outbox_count (f->store);
  JsonObject *fields, *change, *changes;
  JsonArray *sent;

  attach (edited, "a.png", SHA_A);
  g_list_store_append (hd_ticket_get_attachments (edited), code);
  g_assert_true (hd_ticket_commands_edit_fields (f->store, f->config, f->uuid, NULL, edited, NULL, NULL,
                                                 "王芳", T0 + 900, NULL, &error));
  g_assert_no_error (error);
  ticket = get (f);
  names = attachment_names (ticket);
  g_assert_cmpstr (names, ==, "a.png,E1002");

  list = events (f);
  fields = json_object_get_object_member (
    parse_object (parser, hd_event_get_data (g_ptr_array_index (list, list->len - 1))), "fields");
  g_assert_cmpuint (json_object_get_size (fields), ==, 1);
  change = json_object_get_object_member (fields, "attachments");
  g_assert_cmpint (json_object_get_int_member (change, "count"), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (change, "added")), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (change, "removed")), ==, 0);

  g_assert_cmpuint (hd_store_outbox_count (f->store), ==, outbox + 1);
  op = last_op (f);
  changes = json_object_get_object_member (parse_object (op_parser, op->payload), "changes");
  sent = json_object_get_array_member (changes, "attachments");
  g_assert_cmpuint (json_array_get_length (sent), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (sent, 0), "sha256"), ==, SHA_A);

  /* The editor opens; meanwhile another desk adds b.png. The editor
   * removes a.png and adds c.png: b.png stays. */
  base = get (f);
  g_clear_object (&edited);
  edited = get (f);
  other = get (f);
  attach (other, "b.png", SHA_B);
  g_assert_true (hd_ticket_commands_edit_fields (f->store, f->config, f->uuid, NULL, other, NULL, NULL,
                                                 "李娜", T0 + 950, NULL, &error));
  g_assert_no_error (error);
  g_list_store_remove (hd_ticket_get_attachments (edited), 0);
  attach (edited, "c.png", SHA_C);
  g_assert_true (hd_ticket_commands_edit_fields (f->store, f->config, f->uuid, base, edited, NULL, NULL,
                                                 "王芳", T0 + 1000, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&ticket);
  ticket = get (f);
  g_clear_pointer (&names, g_free);
  names = attachment_names (ticket);
  g_assert_cmpstr (names, ==, "E1002,b.png,c.png");

  /* An editor that left the attachments alone keeps what is stored. */
  g_clear_object (&base);
  base = get (f);
  untouched = get (f);
  g_list_store_remove_all (hd_ticket_get_attachments (ticket));
  g_assert_true (hd_ticket_commands_edit_fields (f->store, f->config, f->uuid, NULL, ticket, NULL, NULL,
                                                 "李娜", T0 + 1100, NULL, &error));
  g_assert_no_error (error);
  hd_ticket_set_contact (untouched, "5678");
  g_list_store_remove_all (hd_ticket_get_attachments (base));
  g_assert_true (hd_ticket_commands_edit_fields (f->store, f->config, f->uuid, base, untouched, NULL, NULL,
                                                 "王芳", T0 + 1200, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&ticket);
  ticket = get (f);
  g_assert_cmpstr (hd_ticket_get_contact (ticket), ==, "5678");
  g_clear_pointer (&names, g_free);
  names = attachment_names (ticket);
  g_assert_cmpstr (names, ==, "E1002,b.png,c.png");
}

/* The intake form's limits: count, size, a hash for each file, text
 * bounds. A refused list writes nothing. */
static void
test_attachment_refusals (Fixture *f, gconstpointer user_data)
{
  struct { const char *what; guint n; gint64 size; const char *sha; const char *text; } cases[] = {
    { "too many", HD_ATTACHMENT_MAX_PER_TICKET + 1, 10, SHA_A, NULL },
    { "too large", 1, HD_ATTACHMENT_DEFAULT_MAX_BYTES + 1, SHA_A, NULL },
    { "bad hash", 1, 10, "../../etc/passwd", NULL },
    { "long text", 0, 0, NULL, "E" },
  };
  guint outbox = hd_store_outbox_count (f->store);

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) problems = NULL;
      g_autoptr(HdTicket) edited = get (f);
      g_autoptr(HdTicket) ticket = NULL;

      g_test_message ("%s", cases[c].what);
      for (guint i = 0; i < cases[c].n; i++)
        {
          g_autoptr(HdAttachment) a = hd_attachment_new_file ("x.log", "text/plain", cases[c].size, cases[c].sha);
          g_list_store_append (hd_ticket_get_attachments (edited), a);
        }
      if (cases[c].text != NULL)
        {
          g_autofree char *longer = g_strnfill (HD_ATTACHMENT_MAX_TEXT + 1, 'E');
          g_autoptr(HdAttachment) a = hd_attachment_new_text (HD_ATTACHMENT_ORDER_NUMBER, longer);
          g_list_store_append (hd_ticket_get_attachments (edited), a);
        }
      g_assert_false (hd_ticket_commands_edit_fields (f->store, f->config, f->uuid, NULL, edited, NULL, NULL,
                                                      "王芳", T0 + 900, &problems, &error));
      g_assert_error (error, HD_TICKET_COMMAND_ERROR, HD_TICKET_COMMAND_ERROR_INVALID);
      g_assert_nonnull (hd_field_problems_find (problems, "attachments"));
      ticket = get (f);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (hd_ticket_get_attachments (ticket))), ==, 0);
    }
  g_assert_cmpuint (hd_store_outbox_count (f->store), ==, outbox);
}

static void
test_validation_helpers (void)
{
  g_auto(GStrv) parts = hd_ticket_split_departments (" 技术部，账务组、物流; ;legal ");
  const char *expected[] = { "技术部", "账务组", "物流", "legal", NULL };
  g_autofree char *formatted = NULL;
  gint64 when = 0;

  g_assert_true (g_strv_equal ((const char * const *) parts, expected));
  g_assert_true (hd_ticket_description_is_vague ("无法登录"));
  g_assert_true (hd_ticket_description_is_vague ("Can't log in!"));
  g_assert_false (hd_ticket_description_is_vague (""));
  g_assert_false (hd_ticket_description_is_vague ("客户无法登录，短信验证码一直提示错误，已重装应用"));

  g_assert_true (hd_ticket_parse_local_time ("2024-03-04 09:50", &when));
  formatted = hd_ticket_format_local_time (when);
  g_assert_cmpstr (formatted, ==, "2024-03-04 09:50");
  g_assert_false (hd_ticket_parse_local_time ("2024-02-31 09:50", &when));
  g_assert_false (hd_ticket_parse_local_time ("yesterday", &when));
  g_assert_false (hd_ticket_parse_local_time ("2024-03-04 25:00", &when));
  g_assert_false (hd_ticket_parse_local_time ("2024-03-04 09:50 extra", &when));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("TZ", "Asia/Shanghai", TRUE);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/ticket-edit/fields-change", test_fields_change);
  ADD ("/ticket-edit/priority-follows-matrix", test_priority_follows_matrix);
  ADD ("/ticket-edit/refusals", test_refusals);
  ADD ("/ticket-edit/sensitive-stays-sealed", test_sensitive_stays_sealed);
  ADD ("/ticket-edit/concurrent-change-stands", test_concurrent_change_stands);
  ADD ("/ticket-edit/attachments", test_attachments);
  ADD ("/ticket-edit/attachment-refusals", test_attachment_refusals);
#undef ADD
  g_test_add_func ("/ticket-edit/validation-helpers", test_validation_helpers);
  return g_test_run ();
}
