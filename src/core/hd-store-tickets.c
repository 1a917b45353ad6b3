/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "hd-attachment.h"
#include "hd-store-private.h"

/*
 * Tickets: one table describes every stored field once; the INSERT, UPDATE
 * and SELECT statements, the row mapping, the outbox JSON and the change
 * detection of updates are all derived from it.
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

typedef struct {
  char *columns;     /* "id, uuid, number, …" */
  char *select_uuid;
  char *select_number;
  char *insert;
  char *update;      /* user fields, updated_at, sync_state; uuid last */
} TicketSql;

static const TicketSql *
ticket_sql (void)
{
  static TicketSql sql;
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      GString *cols = g_string_new ("id");
      GString *insert_cols = g_string_new (NULL);
      GString *values = g_string_new (NULL);
      GString *update = g_string_new ("UPDATE tickets SET ");
      guint n = 0;

      for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
        {
          g_string_append_printf (cols, ", %s", fields[i].column);
          g_string_append_printf (insert_cols, "%s%s", i ? ", " : "", fields[i].column);
          g_string_append_printf (values, "%s?%u", i ? ", " : "", i + 1);
          if (fields[i].user || g_str_equal (fields[i].name, "updated_at") ||
              g_str_equal (fields[i].name, "sync_state"))
            g_string_append_printf (update, "%s%s = ?%u", n++ ? ", " : "", fields[i].column, i + 1);
        }
      /* uuid is field 0, bound as ?1. */
      g_string_append (update, " WHERE uuid = ?1");

      sql.columns = g_string_free (cols, FALSE);
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
  return ticket_sql ()->columns;
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

static void
bind_ticket (sqlite3_stmt *stmt,
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

static void
add_attachments_json (JsonBuilder *builder,
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

static char *
attachments_to_json (HdTicket *ticket)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  add_attachments_json (builder, ticket);
  root = json_builder_get_root (builder);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

static char *
builder_to_string (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

/* Attachments ---------------------------------------------------------------- */

static gboolean
insert_attachments (HdStore   *self,
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

static gboolean
load_attachments (HdStore   *self,
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

/* Numbers ------------------------------------------------------------------- */

/* CS + local date + serial; the serial is taken in the caller's transaction,
 * so a rolled-back create gives its number back. */
static char *
next_number (HdStore     *self,
             gint64       created_at,
             gboolean     final,
             GError     **error)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (created_at);
  g_autofree char *day = NULL;
  const char *series = final ? "final" : "provisional";

  if (dt == NULL)
    {
      g_set_error (error, HD_STORE_ERROR, HD_STORE_ERROR_INVALID,
                   _("The creation time %" G_GINT64_FORMAT " is out of range"), created_at);
      return NULL;
    }
  day = g_date_time_format (dt, "%Y%m%d");

  /* A number can only be taken if an import or a sync put it there first. */
  for (guint attempt = 0; attempt < 10000; attempt++)
    {
      g_autoptr(HdCachedStmt) bump = NULL;
      g_autoptr(HdCachedStmt) last = NULL;
      g_autoptr(HdCachedStmt) taken = NULL;
      g_autofree char *number = NULL;
      gint64 serial;
      int rc;

      /* No RETURNING: meson.build accepts SQLite 3.34. */
      bump = hd_store_prepare (self,
                               "INSERT INTO number_serials (day, series, last) VALUES (?1, ?2, 1)"
                               " ON CONFLICT (day, series) DO UPDATE SET last = last + 1", error);
      if (bump == NULL)
        return NULL;
      sqlite3_bind_text (bump, 1, day, -1, SQLITE_STATIC);
      sqlite3_bind_text (bump, 2, series, -1, SQLITE_STATIC);
      if ((rc = sqlite3_step (bump)) != SQLITE_DONE)
        {
          hd_store_fail (self, error, rc);
          return NULL;
        }

      last = hd_store_prepare (self,
                               "SELECT last FROM number_serials WHERE day = ?1 AND series = ?2",
                               error);
      if (last == NULL)
        return NULL;
      sqlite3_bind_text (last, 1, day, -1, SQLITE_STATIC);
      sqlite3_bind_text (last, 2, series, -1, SQLITE_STATIC);
      if ((rc = sqlite3_step (last)) != SQLITE_ROW)
        {
          hd_store_fail (self, error, rc);
          return NULL;
        }
      serial = sqlite3_column_int64 (last, 0);

      number = g_strdup_printf ("CS%s-%s%04" G_GINT64_FORMAT, day, final ? "" : "T", serial);

      taken = hd_store_prepare (self, "SELECT 1 FROM tickets WHERE number = ?1", error);
      if (taken == NULL)
        return NULL;
      sqlite3_bind_text (taken, 1, number, -1, SQLITE_STATIC);
      rc = sqlite3_step (taken);
      if (rc == SQLITE_DONE)
        return g_steal_pointer (&number);
      if (rc != SQLITE_ROW)
        {
          hd_store_fail (self, error, rc);
          return NULL;
        }
    }

  g_set_error (error, HD_STORE_ERROR, HD_STORE_ERROR_INVALID,
               _("No free ticket number is left for %s"), day);
  return NULL;
}

/* Commands ------------------------------------------------------------------- */

static gboolean
create_one (HdStore     *self,
            HdTicket    *ticket,
            const char  *author,
            gint64       now,
            GError     **error)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(HdCachedStmt) stmt = NULL;
  g_autoptr(HdEvent) event = NULL;
  g_autofree char *event_uuid = NULL;
  g_autofree char *number = NULL;
  g_autofree char *payload = NULL;
  int rc;

  if (hd_ticket_get_uuid (ticket) == NULL)
    {
      g_autofree char *uuid = g_uuid_string_random ();
      hd_ticket_set_uuid (ticket, uuid);
    }
  else if (!g_uuid_string_is_valid (hd_ticket_get_uuid (ticket)))
    {
      g_set_error (error, HD_STORE_ERROR, HD_STORE_ERROR_INVALID,
                   _("“%s” is not a valid ticket identifier"), hd_ticket_get_uuid (ticket));
      return FALSE;
    }

  if (hd_ticket_get_created_at (ticket) == 0)
    hd_ticket_set_created_at (ticket, now);
  hd_ticket_set_updated_at (ticket, now);
  hd_ticket_set_sync_state (ticket, HD_SYNC_STATE_PENDING);

  number = next_number (self, hd_ticket_get_created_at (ticket), self->assigns_final_numbers, error);
  if (number == NULL)
    return FALSE;
  hd_ticket_set_number (ticket, number);
  hd_ticket_set_number_provisional (ticket, !self->assigns_final_numbers);

  stmt = hd_store_prepare (self, ticket_sql ()->insert, error);
  if (stmt == NULL)
    return FALSE;
  bind_ticket (stmt, ticket);
  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    return hd_store_fail (self, error, rc);

  if (!insert_attachments (self, ticket, error))
    return FALSE;

  event_uuid = g_uuid_string_random ();
  event = hd_event_new (event_uuid, hd_ticket_get_uuid (ticket), HD_EVENT_CREATED, author,
                        hd_ticket_get_created_at (ticket), NULL, NULL);
  if (!hd_store_insert_event (self, event, error))
    return FALSE;

  /* One operation per command: the server applies ticket and timeline
   * together, and a replay of the op_uuid is recognised as one. */
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ticket");
  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      json_builder_set_member_name (builder, fields[i].name);
      add_field_value (builder, &fields[i], ticket);
    }
  json_builder_set_member_name (builder, "attachments");
  add_attachments_json (builder, ticket);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "events");
  json_builder_begin_array (builder);
  hd_store_add_event_json (builder, event);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  payload = builder_to_string (builder);

  return hd_store_outbox_append (self, "ticket.create", hd_ticket_get_uuid (ticket),
                                 payload, now, error);
}

gboolean
hd_store_create_tickets (HdStore     *self,
                         GPtrArray   *tickets,
                         const char  *author,
                         GError     **error)
{
  gint64 now;

  g_return_val_if_fail (HD_IS_STORE (self), FALSE);
  g_return_val_if_fail (tickets != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  now = g_get_real_time () / G_USEC_PER_SEC;

  if (!hd_store_begin (self, error))
    return FALSE;

  for (guint i = 0; i < tickets->len; i++)
    {
      if (!create_one (self, g_ptr_array_index (tickets, i), author, now, error))
        {
          hd_store_rollback (self);
          return FALSE;
        }
    }

  if (!hd_store_commit (self, error))
    return FALSE;

  hd_store_emit_tickets_changed (self);
  return TRUE;
}

gboolean
hd_store_create_ticket (HdStore     *self,
                        HdTicket    *ticket,
                        const char  *author,
                        GError     **error)
{
  g_autoptr(GPtrArray) one = g_ptr_array_new ();

  g_return_val_if_fail (HD_IS_TICKET (ticket), FALSE);

  g_ptr_array_add (one, ticket);
  return hd_store_create_tickets (self, one, author, error);
}

static HdTicket *
load_ticket (HdStore     *self,
             const char  *sql,
             const char  *key,
             GError     **error)
{
  g_autoptr(HdCachedStmt) stmt = hd_store_prepare (self, sql, error);
  g_autoptr(HdTicket) ticket = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, HD_STORE_ERROR, HD_STORE_ERROR_NOT_FOUND,
                   _("There is no ticket “%s”"), key);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      hd_store_fail (self, error, rc);
      return NULL;
    }
  ticket = hd_store_ticket_from_row (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_reset);

  if (!load_attachments (self, ticket, error))
    return NULL;

  return g_steal_pointer (&ticket);
}

HdTicket *
hd_store_get_ticket (HdStore     *self,
                     const char  *uuid,
                     GError     **error)
{
  g_return_val_if_fail (HD_IS_STORE (self), NULL);
  g_return_val_if_fail (uuid != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return load_ticket (self, ticket_sql ()->select_uuid, uuid, error);
}

HdTicket *
hd_store_get_ticket_by_number (HdStore     *self,
                               const char  *number,
                               GError     **error)
{
  g_return_val_if_fail (HD_IS_STORE (self), NULL);
  g_return_val_if_fail (number != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return load_ticket (self, ticket_sql ()->select_number, number, error);
}

static gboolean
update_one (HdStore     *self,
            HdTicket    *ticket,
            const char  *author,
            gint64       now,
            gboolean    *changed,
            GError     **error)
{
  g_autoptr(HdTicket) stored = NULL;
  g_autoptr(JsonBuilder) changes = json_builder_new ();
  g_autoptr(JsonBuilder) diff = json_builder_new ();
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(HdCachedStmt) stmt = NULL;
  g_autofree char *old_attachments = NULL;
  g_autofree char *new_attachments = NULL;
  g_autofree char *payload = NULL;
  gboolean status_changed = FALSE;
  guint n_changed = 0;
  int rc;

  *changed = FALSE;
  stored = hd_store_get_ticket (self, hd_ticket_get_uuid (ticket), error);
  if (stored == NULL)
    return FALSE;

  json_builder_begin_object (changes);
  json_builder_begin_object (diff);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const Field *f = &fields[i];

      if (!f->user || field_equal (f, stored, ticket))
        continue;

      json_builder_set_member_name (changes, f->name);
      add_field_value (changes, f, ticket);

      if (g_str_equal (f->name, "status"))
        {
          status_changed = TRUE;
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

  old_attachments = attachments_to_json (stored);
  new_attachments = attachments_to_json (ticket);
  if (!g_str_equal (old_attachments, new_attachments))
    {
      json_builder_set_member_name (changes, "attachments");
      add_attachments_json (changes, ticket);
      n_changed++;
      json_builder_set_member_name (diff, "attachments");
      json_builder_begin_object (diff);
      json_builder_set_member_name (diff, "count");
      json_builder_add_int_value (diff, g_list_model_get_n_items (G_LIST_MODEL (hd_ticket_get_attachments (ticket))));
      json_builder_end_object (diff);
    }
  json_builder_end_object (changes);
  json_builder_end_object (diff);

  if (n_changed == 0 && !status_changed)
    {
      /* Nothing to save; keep the caller's copy in step with the store. */
      hd_ticket_set_updated_at (ticket, hd_ticket_get_updated_at (stored));
      return TRUE;
    }

  /* The number and sync fields are not the caller's to change. */
  hd_ticket_set_number (ticket, hd_ticket_get_number (stored));
  hd_ticket_set_number_provisional (ticket, hd_ticket_get_number_provisional (stored));
  hd_ticket_set_created_at (ticket, hd_ticket_get_created_at (stored));
  hd_ticket_set_server_revision (ticket, hd_ticket_get_server_revision (stored));
  hd_ticket_set_updated_at (ticket, now);
  hd_ticket_set_sync_state (ticket, HD_SYNC_STATE_PENDING);

  stmt = hd_store_prepare (self, ticket_sql ()->update, error);
  if (stmt == NULL)
    return FALSE;
  bind_ticket (stmt, ticket);
  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    return hd_store_fail (self, error, rc);

  if (!g_str_equal (old_attachments, new_attachments))
    {
      g_autoptr(HdCachedStmt) del = hd_store_prepare (self, "DELETE FROM attachments WHERE ticket_uuid = ?1", error);
      if (del == NULL)
        return FALSE;
      sqlite3_bind_text (del, 1, hd_ticket_get_uuid (ticket), -1, SQLITE_STATIC);
      if ((rc = sqlite3_step (del)) != SQLITE_DONE)
        return hd_store_fail (self, error, rc);
      if (!insert_attachments (self, ticket, error))
        return FALSE;
    }

  if (status_changed)
    {
      g_autofree char *uuid = g_uuid_string_random ();
      g_autofree char *data = g_strdup_printf ("{\"from\":\"%s\",\"to\":\"%s\"}",
                                               hd_status_to_id (hd_ticket_get_status (stored)),
                                               hd_status_to_id (hd_ticket_get_status (ticket)));
      g_ptr_array_add (events, hd_event_new (uuid, hd_ticket_get_uuid (ticket),
                                             HD_EVENT_STATUS_CHANGE, author, now, NULL, data));
    }
  if (n_changed > 0)
    {
      g_autofree char *uuid = g_uuid_string_random ();
      g_autofree char *fields_json = builder_to_string (diff);
      g_autofree char *data = g_strdup_printf ("{\"fields\":%s}", fields_json);
      g_ptr_array_add (events, hd_event_new (uuid, hd_ticket_get_uuid (ticket),
                                             HD_EVENT_FIELD_CHANGE, author, now, NULL, data));
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "uuid");
  json_builder_add_string_value (builder, hd_ticket_get_uuid (ticket));
  json_builder_set_member_name (builder, "base_revision");
  json_builder_add_int_value (builder, hd_ticket_get_server_revision (stored));
  json_builder_set_member_name (builder, "changes");
  json_builder_add_value (builder, json_builder_get_root (changes));
  json_builder_set_member_name (builder, "events");
  json_builder_begin_array (builder);
  for (guint i = 0; i < events->len; i++)
    {
      if (!hd_store_insert_event (self, g_ptr_array_index (events, i), error))
        return FALSE;
      hd_store_add_event_json (builder, g_ptr_array_index (events, i));
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  payload = builder_to_string (builder);

  *changed = TRUE;
  return hd_store_outbox_append (self, "ticket.update", hd_ticket_get_uuid (ticket),
                                 payload, now, error);
}

/**
 * hd_store_update_ticket:
 *
 * Compares @ticket with the stored row and saves the fields the user can
 * edit. Nothing is written when nothing changed. A status change is recorded
 * as a status_change event, every other change in one field_change event.
 */
gboolean
hd_store_update_ticket (HdStore     *self,
                        HdTicket    *ticket,
                        const char  *author,
                        GError     **error)
{
  gboolean changed = FALSE;

  g_return_val_if_fail (HD_IS_STORE (self), FALSE);
  g_return_val_if_fail (HD_IS_TICKET (ticket), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (hd_ticket_get_uuid (ticket) == NULL)
    {
      g_set_error_literal (error, HD_STORE_ERROR, HD_STORE_ERROR_INVALID,
                           _("The ticket has not been saved yet"));
      return FALSE;
    }

  if (!hd_store_begin (self, error))
    return FALSE;

  if (!update_one (self, ticket, author, g_get_real_time () / G_USEC_PER_SEC, &changed, error))
    {
      hd_store_rollback (self);
      return FALSE;
    }

  if (!hd_store_commit (self, error))
    return FALSE;

  if (changed)
    {
      hd_store_emit_tickets_changed (self);
      hd_store_emit_events_changed (self, hd_ticket_get_uuid (ticket));
    }
  return TRUE;
}

gboolean
hd_store_assign_final_number (HdStore     *self,
                              const char  *uuid,
                              const char  *final_number,
                              GError     **error)
{
  g_autoptr(HdCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (HD_IS_STORE (self), FALSE);
  g_return_val_if_fail (uuid != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (final_number == NULL || *final_number == '\0')
    {
      g_set_error_literal (error, HD_STORE_ERROR, HD_STORE_ERROR_INVALID,
                           _("The ticket number is empty"));
      return FALSE;
    }

  if (!hd_store_begin (self, error))
    return FALSE;

  stmt = hd_store_prepare (self,
                           "UPDATE tickets SET number = ?2, number_provisional = 0"
                           " WHERE uuid = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, final_number, -1, SQLITE_STATIC);
  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    return hd_store_fail (self, error, rc);

  if (sqlite3_changes (self->db) == 0)
    {
      hd_store_rollback (self);
      g_set_error (error, HD_STORE_ERROR, HD_STORE_ERROR_NOT_FOUND,
                   _("There is no ticket “%s”"), uuid);
      return FALSE;
    }
  g_clear_pointer (&stmt, sqlite3_reset);

  if (!hd_store_commit (self, error))
    return FALSE;

  hd_store_emit_tickets_changed (self);
  return TRUE;
}
