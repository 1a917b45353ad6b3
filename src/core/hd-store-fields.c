/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "hd-attachment.h"
#include "hd-store-private.h"

/*
 * Ticket fields: one table describes every stored field once; the INSERT,
 * UPDATE and SELECT statements, the row mapping, the outbox JSON and the
 * change detection of updates are all derived from it.
 */

typedef enum {
  FIELD_STRING,
  FIELD_ENUM,   /* stored and sent as the enum's stable id */
  FIELD_INT64,
  FIELD_BOOL,
  FIELD_STRV,   /* a JSON array in the column */
} FieldKind;

typedef struct {
  const char *name;    /* JSON member */
  const char *column;
  FieldKind   kind;
  gboolean    user;    /* an edit of the user's: compared by update */
  const char *(*get_s) (HdTicket *);
  void        (*set_s) (HdTicket *, const char *);
  gint64      (*get_i) (HdTicket *);
  void        (*set_i) (HdTicket *, gint64);
} Field;

#define ENUM_ACCESSORS(field, Type, prefix)                                    \
  static const char *get_##field (HdTicket *t)                                 \
  { return prefix##_to_id (hd_ticket_get_##field (t)); }                       \
  static void set_##field (HdTicket *t, const char *id)                        \
  { Type v; if (id != NULL && prefix##_from_id (id, &v)) hd_ticket_set_##field (t, v); }

#define BOOL_ACCESSORS(field)                                                  \
  static gint64 get_##field (HdTicket *t) { return hd_ticket_get_##field (t); } \
  static void set_##field (HdTicket *t, gint64 v) { hd_ticket_set_##field (t, v != 0); }

ENUM_ACCESSORS (channel, HdChannel, hd_channel)
ENUM_ACCESSORS (emotion, HdEmotion, hd_emotion)
ENUM_ACCESSORS (impact, HdImpact, hd_impact)
ENUM_ACCESSORS (urgency, HdUrgency, hd_urgency)
ENUM_ACCESSORS (satisfaction, HdSatisfaction, hd_satisfaction)
ENUM_ACCESSORS (status, HdStatus, hd_status)
ENUM_ACCESSORS (sync_state, HdSyncState, hd_sync_state)
BOOL_ACCESSORS (number_provisional)
BOOL_ACCESSORS (escalated)

#define S(n, col, user) { #n, col, FIELD_STRING, user, hd_ticket_get_##n, hd_ticket_set_##n, NULL, NULL }
#define E(n, user)      { #n, #n, FIELD_ENUM, user, get_##n, set_##n, NULL, NULL }
#define I(n, user)      { #n, #n, FIELD_INT64, user, NULL, NULL, hd_ticket_get_##n, hd_ticket_set_##n }
#define B(n, user)      { #n, #n, FIELD_BOOL, user, NULL, NULL, get_##n, set_##n }

static const Field fields[] = {
  S (uuid, "uuid", FALSE),
  S (number, "number", FALSE),
  B (number_provisional, FALSE),
  S (customer_label, "customer_label", TRUE),
  S (customer_name, "customer_name", TRUE),
  S (customer_number, "customer_number", TRUE),
  S (customer_type, "customer_type", TRUE),
  S (contact, "contact", TRUE),
  E (channel, TRUE),
  E (emotion, TRUE),
  I (occurred_at, TRUE),
  S (description, "description", TRUE),
  S (type_l1, "type_l1", TRUE),
  S (type_l2, "type_l2", TRUE),
  E (impact, TRUE),
  E (urgency, TRUE),
  S (priority, "priority", TRUE),
  S (receiver, "receiver", TRUE),
  S (group, "handling_group", TRUE),
  S (handler, "handler", TRUE),
  S (transfer_department, "transfer_department", TRUE),
  S (transfer_contact, "transfer_contact", TRUE),
  S (transfer_note, "transfer_note", TRUE),
  { "cc_departments", "cc_departments", FIELD_STRV, TRUE, NULL, NULL, NULL, NULL },
  I (created_at, FALSE),
  I (updated_at, FALSE),
  I (first_response_at, TRUE),
  I (response_due, TRUE),
  I (resolution_due, TRUE),
  S (result, "result", TRUE),
  E (satisfaction, TRUE),
  E (status, TRUE),
  B (escalated, TRUE),
  E (sync_state, FALSE),
  I (server_revision, FALSE),
};

#undef S
#undef E
#undef I
#undef B

const HdTicketSql *
hd_store_ticket_sql (void)
{
  static HdTicketSql sql;
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      GString *cols = g_string_new ("id");
      GString *qualified = g_string_new ("tickets.id");
      GString *insert_cols = g_string_new (NULL);
      GString *values = g_string_new (NULL);
      GString *update = g_string_new ("UPDATE tickets SET ");
      guint n = 0;

      for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
        {
          g_string_append_printf (cols, ", %s", fields[i].column);
          g_string_append_printf (qualified, ", tickets.%s", fields[i].column);
          g_string_append_printf (insert_cols, "%s%s", i ? ", " : "", fields[i].column);
          g_string_append_printf (values, "%s?%u", i ? ", " : "", i + 1);
          if (fields[i].user || g_str_equal (fields[i].name, "updated_at") ||
              g_str_equal (fields[i].name, "sync_state"))
            g_string_append_printf (update, "%s%s = ?%u", n++ ? ", " : "", fields[i].column, i + 1);
        }
      /* uuid is field 0, bound as ?1. */
      g_string_append (update, " WHERE uuid = ?1");

      sql.columns = g_string_free (cols, FALSE);
      sql.qualified = g_string_free (qualified, FALSE);
      sql.select_uuid = g_strdup_printf ("SELECT %s FROM tickets WHERE uuid = ?1", sql.columns);
      sql.select_number = g_strdup_printf ("SELECT %s FROM tickets WHERE number = ?1", sql.columns);
      sql.insert = g_strdup_printf ("INSERT INTO tickets (%s) VALUES (%s)", insert_cols->str, values->str);
      sql.update = g_string_free (update, FALSE);
      g_string_free (insert_cols, TRUE);
      g_string_free (values, TRUE);
      g_once_init_leave (&initialized, 1);
    }

  return &sql;
}

const char *
hd_store_ticket_columns (void)
{
  return hd_store_ticket_sql ()->columns;
}

static char *
strv_to_json (const char * const *strv)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  if (strv == NULL || strv[0] == NULL)
    return g_strdup ("[]");

  json_builder_begin_array (builder);
  for (guint i = 0; strv[i] != NULL; i++)
    json_builder_add_string_value (builder, strv[i]);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

static GStrv
strv_from_json (const char *text)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonNode *root;

  if (text == NULL || g_str_equal (text, "[]"))
    return NULL;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, text, -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_ARRAY (root))
    return NULL;

  builder = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (json_node_get_array (root)); i++)
    {
      const char *s = json_array_get_string_element (json_node_get_array (root), i);
      if (s != NULL)
        g_strv_builder_add (builder, s);
    }
  return g_strv_builder_end (builder);
}

HdTicket *
hd_store_ticket_from_row (sqlite3_stmt *stmt,
                          int           first_column)
{
  HdTicket *ticket = hd_ticket_new ();

  g_object_freeze_notify (G_OBJECT (ticket));
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const Field *f = &fields[i];
      int col = first_column + 1 + i;

      switch (f->kind)
        {
        case FIELD_STRING:
        case FIELD_ENUM:
          f->set_s (ticket, (const char *) sqlite3_column_text (stmt, col));
          break;
        case FIELD_INT64:
        case FIELD_BOOL:
          f->set_i (ticket, sqlite3_column_int64 (stmt, col));
          break;
        case FIELD_STRV:
          {
            g_auto(GStrv) strv = strv_from_json ((const char *) sqlite3_column_text (stmt, col));
            hd_ticket_set_cc_departments (ticket, (const char * const *) strv);
          }
          break;
        default:
          g_assert_not_reached ();
        }
    }
  g_object_thaw_notify (G_OBJECT (ticket));

  return ticket;
}

void
hd_store_bind_ticket (sqlite3_stmt *stmt,
             HdTicket     *ticket)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const Field *f = &fields[i];

      switch (f->kind)
        {
        case FIELD_STRING:
        case FIELD_ENUM:
          sqlite3_bind_text (stmt, i + 1, f->get_s (ticket), -1, SQLITE_STATIC);
          break;
        case FIELD_INT64:
        case FIELD_BOOL:
          sqlite3_bind_int64 (stmt, i + 1, f->get_i (ticket));
          break;
        case FIELD_STRV:
          sqlite3_bind_text (stmt, i + 1, strv_to_json (hd_ticket_get_cc_departments (ticket)),
                             -1, g_free);
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

static void
add_field_value (JsonBuilder *builder,
                 const Field *f,
                 HdTicket    *ticket)
{
  switch (f->kind)
    {
    case FIELD_STRING:
    case FIELD_ENUM:
      if (f->get_s (ticket) != NULL)
        json_builder_add_string_value (builder, f->get_s (ticket));
      else
        json_builder_add_null_value (builder);
      break;
    case FIELD_INT64:
      json_builder_add_int_value (builder, f->get_i (ticket));
      break;
    case FIELD_BOOL:
      json_builder_add_boolean_value (builder, f->get_i (ticket) != 0);
      break;
    case FIELD_STRV:
      {
        const char * const *strv = hd_ticket_get_cc_departments (ticket);
        json_builder_begin_array (builder);
        for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
          json_builder_add_string_value (builder, strv[i]);
        json_builder_end_array (builder);
      }
      break;
    default:
      g_assert_not_reached ();
    }
}

static gboolean
field_equal (const Field *f,
             HdTicket    *a,
             HdTicket    *b)
{
  switch (f->kind)
    {
    case FIELD_STRING:
    case FIELD_ENUM:
      {
        const char *x = f->get_s (a), *y = f->get_s (b);
        /* NULL and "" are the same empty field. */
        return g_strcmp0 (x ? x : "", y ? y : "") == 0;
      }
    case FIELD_INT64:
    case FIELD_BOOL:
      return f->get_i (a) == f->get_i (b);
    case FIELD_STRV:
      return g_strv_equal (hd_ticket_get_cc_departments (a), hd_ticket_get_cc_departments (b));
    default:
      g_assert_not_reached ();
    }
}

void
hd_store_add_attachments_json (JsonBuilder *builder,
                      HdTicket    *ticket)
{
  GListModel *list = G_LIST_MODEL (hd_ticket_get_attachments (ticket));

  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(HdAttachment) a = g_list_model_get_item (list, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, hd_attachment_kind_to_id (hd_attachment_get_kind (a)));
#define OPT_STRING(member, value) \
      if ((value) != NULL) { json_builder_set_member_name (builder, member); \
                             json_builder_add_string_value (builder, value); }
      OPT_STRING ("name", hd_attachment_get_name (a));
      OPT_STRING ("mime_type", hd_attachment_get_mime_type (a));
      OPT_STRING ("sha256", hd_attachment_get_sha256 (a));
      OPT_STRING ("text", hd_attachment_get_text (a));
#undef OPT_STRING
      json_builder_set_member_name (builder, "size");
      json_builder_add_int_value (builder, hd_attachment_get_size (a));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

char *
hd_store_builder_to_string (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

/* Attachments ---------------------------------------------------------------- */

gboolean
hd_store_insert_attachments (HdStore   *self,
                    HdTicket  *ticket,
                    GError   **error)
{
  GListModel *list = G_LIST_MODEL (hd_ticket_get_attachments (ticket));
  guint n = g_list_model_get_n_items (list);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HdAttachment) a = g_list_model_get_item (list, i);
      g_autoptr(HdCachedStmt) stmt = NULL;
      int rc;

      stmt = hd_store_prepare (self,
                               "INSERT INTO attachments (ticket_uuid, position, kind, name,"
                               " mime_type, size, sha256, text)"
                               " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, hd_ticket_get_uuid (ticket), -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 2, i);
      sqlite3_bind_text (stmt, 3, hd_attachment_kind_to_id (hd_attachment_get_kind (a)), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, hd_attachment_get_name (a), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, hd_attachment_get_mime_type (a), -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 6, hd_attachment_get_size (a));
      sqlite3_bind_text (stmt, 7, hd_attachment_get_sha256 (a), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 8, hd_attachment_get_text (a), -1, SQLITE_STATIC);
      if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
        return hd_store_fail (self, error, rc);
    }

  return TRUE;
}

gboolean
hd_store_replace_attachments (HdStore   *self,
                              HdTicket  *ticket,
                              GError   **error)
{
  return hd_store_exec_text (self, "DELETE FROM attachments WHERE ticket_uuid = ?1",
                             hd_ticket_get_uuid (ticket), NULL, error) &&
         hd_store_insert_attachments (self, ticket, error);
}

gboolean
hd_store_load_attachments (HdStore   *self,
                  HdTicket  *ticket,
                  GError   **error)
{
  g_autoptr(HdCachedStmt) stmt = NULL;
  GListStore *store = hd_ticket_get_attachments (ticket);
  int rc;

  stmt = hd_store_prepare (self,
                           "SELECT kind, name, mime_type, size, sha256, text FROM attachments"
                           " WHERE ticket_uuid = ?1 ORDER BY position", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, hd_ticket_get_uuid (ticket), -1, SQLITE_STATIC);

  g_list_store_remove_all (store);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(HdAttachment) a = NULL;
      HdAttachmentKind kind = HD_ATTACHMENT_FILE;

      hd_attachment_kind_from_id ((const char *) sqlite3_column_text (stmt, 0), &kind);
      if (kind == HD_ATTACHMENT_FILE)
        a = hd_attachment_new_file ((const char *) sqlite3_column_text (stmt, 1),
                                    (const char *) sqlite3_column_text (stmt, 2),
                                    sqlite3_column_int64 (stmt, 3),
                                    (const char *) sqlite3_column_text (stmt, 4));
      else
        a = hd_attachment_new_text (kind, (const char *) sqlite3_column_text (stmt, 5));
      g_list_store_append (store, a);
    }
  if (rc != SQLITE_DONE)
    return hd_store_fail (self, error, rc);

  return TRUE;
}

void
hd_store_add_ticket_json (JsonBuilder *builder,
                          HdTicket    *ticket)
{
  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      json_builder_set_member_name (builder, fields[i].name);
      add_field_value (builder, &fields[i], ticket);
    }
  json_builder_set_member_name (builder, "attachments");
  hd_store_add_attachments_json (builder, ticket);
  json_builder_end_object (builder);
}

/* The names of @from's attachments that @to lacks. */
static void
add_missing_names (JsonBuilder *builder,
                   HdTicket    *from,
                   HdTicket    *to)
{
  GListModel *list = G_LIST_MODEL (hd_ticket_get_attachments (from));

  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(HdAttachment) a = g_list_model_get_item (list, i);

      if (!hd_attachment_list_find (G_LIST_MODEL (hd_ticket_get_attachments (to)), a, NULL))
        json_builder_add_string_value (builder, hd_attachment_get_name (a));
    }
  json_builder_end_array (builder);
}

/* For the field_change event: how many, and which names came and went. */
static void
add_attachments_diff (JsonBuilder *diff,
                      HdTicket    *stored,
                      HdTicket    *ticket)
{
  json_builder_begin_object (diff);
  json_builder_set_member_name (diff, "count");
  json_builder_add_int_value (diff, g_list_model_get_n_items (G_LIST_MODEL (hd_ticket_get_attachments (ticket))));
  json_builder_set_member_name (diff, "added");
  add_missing_names (diff, ticket, stored);
  json_builder_set_member_name (diff, "removed");
  add_missing_names (diff, stored, ticket);
  json_builder_end_object (diff);
}

/* Adds each user field that differs (the attachment list counts as one) to
 * @changes (its new value) and, except the status, to @diff ({"from": …, "to": …}); both are open objects.
 * Returns how many fields other than the status changed. */
guint
hd_store_diff_tickets (HdTicket    *stored,
                       HdTicket    *ticket,
                       JsonBuilder *changes,
                       JsonBuilder *diff,
                       gboolean    *status_changed)
{
  guint n_changed = 0;

  *status_changed = FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const Field *f = &fields[i];

      if (!f->user || field_equal (f, stored, ticket))
        continue;

      json_builder_set_member_name (changes, f->name);
      add_field_value (changes, f, ticket);

      if (g_str_equal (f->name, "status"))
        {
          *status_changed = TRUE;
          continue;
        }
      n_changed++;
      json_builder_set_member_name (diff, f->name);
      json_builder_begin_object (diff);
      json_builder_set_member_name (diff, "from");
      add_field_value (diff, f, stored);
      json_builder_set_member_name (diff, "to");
      add_field_value (diff, f, ticket);
      json_builder_end_object (diff);
    }

  if (!hd_attachment_lists_equal (G_LIST_MODEL (hd_ticket_get_attachments (stored)),
                                  G_LIST_MODEL (hd_ticket_get_attachments (ticket))))
    {
      json_builder_set_member_name (changes, "attachments");
      hd_store_add_attachments_json (changes, ticket);
      n_changed++;
      json_builder_set_member_name (diff, "attachments");
      add_attachments_diff (diff, stored, ticket);
    }

  return n_changed;
}
