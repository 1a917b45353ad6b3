/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-store"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "hd-attachment.h"
#include "hd-store-private.h"
#include "hd-store-sync.h"

/*
 * Applying the server's change feed to the cache, and recording what the
 * server did with our outbox. docs/sync-protocol.md ("Client") describes the
 * rules; every function here is one transaction.
 */

#define META_CURSOR "sync.cursor"
#define META_SERVER "sync.server"

static HdStoreSyncHook test_hook;
static gpointer test_hook_data;

void
hd_store_sync_set_test_hook (HdStoreSyncHook hook,
                             gpointer        user_data)
{
  test_hook = hook;
  test_hook_data = user_data;
}

G_DEFINE_BOXED_TYPE (HdSyncConflict, hd_sync_conflict, hd_sync_conflict_copy, hd_sync_conflict_free)

HdSyncConflict *
hd_sync_conflict_copy (const HdSyncConflict *c)
{
  HdSyncConflict *copy;

  g_return_val_if_fail (c != NULL, NULL);

  copy = g_new0 (HdSyncConflict, 1);
  copy->id = c->id;
  copy->ticket_uuid = g_strdup (c->ticket_uuid);
  copy->kind = g_strdup (c->kind);
  copy->field = g_strdup (c->field);
  copy->lost_value = g_strdup (c->lost_value);
  copy->winning_value = g_strdup (c->winning_value);
  copy->winner = g_strdup (c->winner);
  copy->revision = c->revision;
  copy->message = g_strdup (c->message);
  copy->created_at = c->created_at;
  return copy;
}

void
hd_sync_conflict_free (HdSyncConflict *c)
{
  if (c == NULL)
    return;
  g_free (c->ticket_uuid);
  g_free (c->kind);
  g_free (c->field);
  g_free (c->lost_value);
  g_free (c->winning_value);
  g_free (c->winner);
  g_free (c->message);
  g_free (c);
}

/* JSON → HdTicket ----------------------------------------------------------- */

static const char *
node_string (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
node_int (JsonNode *node,
          gint64   *out)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:   *out = json_node_get_int (node); return TRUE;
    case G_TYPE_BOOLEAN: *out = json_node_get_boolean (node); return TRUE;
    default:             return FALSE;
    }
}

typedef void (*SetString) (HdTicket *, const char *);
typedef void (*SetInt) (HdTicket *, gint64);

#define ENUM_SETTER(field, Type, prefix)                                        \
  static void set_##field (HdTicket *t, const char *id)                         \
  { Type v; if (id != NULL && prefix##_from_id (id, &v)) hd_ticket_set_##field (t, v); }
#define BOOL_SETTER(field)                                                      \
  static void set_##field (HdTicket *t, gint64 v) { hd_ticket_set_##field (t, v != 0); }

ENUM_SETTER (channel, HdChannel, hd_channel)
ENUM_SETTER (emotion, HdEmotion, hd_emotion)
ENUM_SETTER (impact, HdImpact, hd_impact)
ENUM_SETTER (urgency, HdUrgency, hd_urgency)
ENUM_SETTER (satisfaction, HdSatisfaction, hd_satisfaction)
ENUM_SETTER (status, HdStatus, hd_status)
BOOL_SETTER (number_provisional)
BOOL_SETTER (escalated)

typedef struct {
  const char *name;
  SetString set_s;
  SetInt set_i;
} JsonField;

#define S(n) { #n, hd_ticket_set_##n, NULL }
#define E(n) { #n, set_##n, NULL }
#define I(n) { #n, NULL, hd_ticket_set_##n }
#define B(n) { #n, NULL, set_##n }

/* The ticket members of the protocol (the store's JSON names); cc_departments
 * and attachments are handled apart, sync_state and server_revision are ours. */
static const JsonField json_fields[] = {
  S (number), B (number_provisional),
  S (customer_label), S (customer_name), S (customer_number), S (customer_type), S (contact),
  E (channel), E (emotion), I (occurred_at), S (description), S (type_l1), S (type_l2),
  E (impact), E (urgency), S (priority), S (receiver), S (group), S (handler),
  S (transfer_department), S (transfer_contact), S (transfer_note),
  I (created_at), I (updated_at), I (first_response_at), I (response_due), I (resolution_due),
  S (result), E (satisfaction), E (status), B (escalated),
};

#undef S
#undef E
#undef I
#undef B

/* Sets the members of @object that name ticket fields; others are ignored
 * (a newer server may send more). Wrong types leave the field as it was. */
static void
ticket_set_from_json (HdTicket   *ticket,
                      JsonObject *object)
{
  JsonNode *node;

  for (guint i = 0; i < G_N_ELEMENTS (json_fields); i++)
    {
      const JsonField *f = &json_fields[i];
      gint64 value;

      if ((node = json_object_get_member (object, f->name)) == NULL)
        continue;
      if (f->set_s != NULL)
        {
          if (JSON_NODE_HOLDS_NULL (node))
            f->set_s (ticket, NULL);
          else if (node_string (node) != NULL)
            f->set_s (ticket, node_string (node));
        }
      else if (node_int (node, &value))
        f->set_i (ticket, value);
    }

  node = json_object_get_member (object, "cc_departments");
  if (node != NULL && (JSON_NODE_HOLDS_ARRAY (node) || JSON_NODE_HOLDS_NULL (node)))
    {
      g_autoptr(GPtrArray) strv = g_ptr_array_new ();
      JsonArray *array = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

      for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
        {
          const char *s = node_string (json_array_get_element (array, i));
          if (s != NULL)
            g_ptr_array_add (strv, (gpointer) s);
        }
      g_ptr_array_add (strv, NULL);
      hd_ticket_set_cc_departments (ticket, (const char * const *) strv->pdata);
    }

  node = json_object_get_member (object, "attachments");
  if (node != NULL && (JSON_NODE_HOLDS_ARRAY (node) || JSON_NODE_HOLDS_NULL (node)))
    {
      GListStore *list = hd_ticket_get_attachments (ticket);
      JsonArray *array = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

      g_list_store_remove_all (list);
      for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
        {
          JsonNode *item = json_array_get_element (array, i);
          g_autoptr(HdAttachment) attachment = NULL;
          JsonObject *a;
          HdAttachmentKind kind;
          gint64 size = 0;

          if (!JSON_NODE_HOLDS_OBJECT (item))
            continue;
          a = json_node_get_object (item);
          if (!hd_attachment_kind_from_id (node_string (json_object_get_member (a, "kind")), &kind))
            continue;
          node_int (json_object_get_member (a, "size"), &size);
          if (kind == HD_ATTACHMENT_FILE)
            attachment = hd_attachment_new_file (node_string (json_object_get_member (a, "name")),
                                                 node_string (json_object_get_member (a, "mime_type")),
                                                 size,
                                                 node_string (json_object_get_member (a, "sha256")));
          else
            attachment = hd_attachment_new_text (kind, node_string (json_object_get_member (a, "text")));
          g_list_store_append (list, attachment);
        }
    }
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL) ||
      json_parser_get_root (parser) == NULL)
    return NULL;
  return json_node_copy (json_parser_get_root (parser));
}

static char *
node_to_string (JsonNode *node)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();

  json_generator_set_root (gen, node);
  return json_generator_to_data (gen, NULL);
}

/* Meta ------------------------------------------------------------------------ */

static char *
meta_get (HdStore    *self,
          const char *key)
{
  g_autoptr(HdCachedStmt) stmt = hd_store_prepare (self, "SELECT value FROM meta WHERE key = ?1", NULL);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static gboolean
meta_set (HdStore     *self,
          const char  *key,
          const char  *value,
          GError     **error)
{
  g_autoptr(HdCachedStmt) stmt = NULL;
  int rc;

  stmt = hd_store_prepare (self, "INSERT INTO meta (key, value) VALUES (?1, ?2)"
                                 " ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    return hd_store_fail (self, error, rc);
  return TRUE;
}

gint64
hd_store_sync_get_cursor (HdStore    *self,
                          const char *server)
{
  g_autofree char *saved_server = NULL;
  g_autofree char *cursor = NULL;

  g_return_val_if_fail (HD_IS_STORE (self), 0);
  g_return_val_if_fail (server != NULL, 0);

  saved_server = meta_get (self, META_SERVER);
  if (g_strcmp0 (saved_server, server) != 0)
    return 0;
  cursor = meta_get (self, META_CURSOR);
  return cursor != NULL ? g_ascii_strtoll (cursor, NULL, 10) : 0;
}

/* Pull ------------------------------------------------------------------------ */

static gboolean
exec_text (HdStore     *self,
           const char  *sql,
           const char  *a,
           const char  *b,
           GError     **error)
{
  g_autoptr(HdCachedStmt) stmt = hd_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  if (a != NULL)
    sqlite3_bind_text (stmt, 1, a, -1, SQLITE_STATIC);
  if (b != NULL)
    sqlite3_bind_text (stmt, 2, b, -1, SQLITE_STATIC);
  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE && rc != SQLITE_ROW)
    return hd_store_fail (self, error, rc);
  return TRUE;
}

/* Pending, conflict or synced: what the row shows after sync touched it. */
static gboolean
refresh_sync_state (HdStore     *self,
                    const char  *uuid,
                    GError     **error)
{
  return exec_text (self,
                    "UPDATE tickets SET sync_state = CASE"
                    " WHEN EXISTS (SELECT 1 FROM outbox WHERE entity_uuid = ?1) THEN 'pending'"
                    " WHEN EXISTS (SELECT 1 FROM sync_conflicts WHERE ticket_uuid = ?1"
                    "              AND resolved = 0) THEN 'conflict'"
                    " ELSE 'synced' END WHERE uuid = ?1", uuid, NULL, error);
}

/* A final number from the server may be one this cache gave a local ticket
 * while it had no server: that ticket moves to a provisional number. */
static gboolean
free_number (HdStore     *self,
             const char  *number,
             const char  *uuid,
             GError     **error)
{
  g_autoptr(HdCachedStmt) taken = NULL;
  int rc;

  /* Looked up first: an UPDATE of number, even of no row, makes the FTS5
   * index flush its pending terms, which is slow row by row. */
  taken = hd_store_prepare (self, "SELECT 1 FROM tickets WHERE number = ?1 AND uuid != ?2", error);
  if (taken == NULL)
    return FALSE;
  sqlite3_bind_text (taken, 1, number, -1, SQLITE_STATIC);
  sqlite3_bind_text (taken, 2, uuid, -1, SQLITE_STATIC);
  rc = sqlite3_step (taken);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    return hd_store_fail (self, error, rc);
  g_clear_pointer (&taken, sqlite3_reset);
  return exec_text (self,
                    "UPDATE tickets SET number = number || '-L' || id, number_provisional = 1"
                    " WHERE number = ?1 AND uuid != ?2", number, uuid, error);
}

/* New tickets of a page are staged in a temporary table and inserted with
 * one statement at the end of the page: FTS5 flushes its in-memory index at
 * every statement that writes to it, so row-by-row inserts of 100 000
 * tickets make 100 000 index segments. Foreign keys are deferred to the
 * commit meanwhile, for the events and attachments of staged tickets. */
typedef struct {
  GHashTable *staged;   /* uuid → NULL */
} Page;

static gboolean
stage_begin (HdStore  *self,
             GError  **error)
{
  char *errmsg = NULL;
  int rc = sqlite3_exec (hd_store_get_db (self),
                         "PRAGMA defer_foreign_keys = ON;"
                         "CREATE TEMP TABLE IF NOT EXISTS sync_stage AS SELECT * FROM main.tickets WHERE 0;"
                         "DELETE FROM temp.sync_stage;", NULL, NULL, &errmsg);

  if (rc != SQLITE_OK)
    {
      hd_store_set_error (self, error, rc, errmsg);
      sqlite3_free (errmsg);
      hd_store_rollback (self);
      return FALSE;
    }
  return TRUE;
}

static gboolean
stage_flush (HdStore     *self,
             Page        *page,
             GError     **error)
{
  g_autofree char *sql = NULL;
  char *errmsg = NULL;
  const char *cols;
  int rc;

  if (g_hash_table_size (page->staged) == 0)
    return TRUE;
  /* The column list after "id, ". */
  cols = hd_store_ticket_sql ()->columns + strlen ("id, ");
  sql = g_strdup_printf ("INSERT INTO main.tickets (%s) SELECT %s FROM temp.sync_stage;"
                         "DELETE FROM temp.sync_stage;", cols, cols);
  rc = sqlite3_exec (hd_store_get_db (self), sql, NULL, NULL, &errmsg);
  if (rc != SQLITE_OK)
    {
      hd_store_set_error (self, error, rc, errmsg);
      sqlite3_free (errmsg);
      hd_store_rollback (self);
      return FALSE;
    }
  g_hash_table_remove_all (page->staged);
  return TRUE;
}

/* Our edits still in the outbox stay visible over the server's copy. */
static gboolean
overlay_pending (HdStore     *self,
                 HdTicket    *ticket,
                 gboolean    *pending,
                 GError     **error)
{
  g_autoptr(HdCachedStmt) stmt = NULL;
  int rc;

  stmt = hd_store_prepare (self, "SELECT kind, payload FROM outbox WHERE entity_uuid = ?1 ORDER BY id",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, hd_ticket_get_uuid (ticket), -1, SQLITE_STATIC);
  *pending = FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(JsonNode) payload = NULL;

      *pending = TRUE;
      if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ticket.update") != 0)
        continue;
      payload = parse_json ((const char *) sqlite3_column_text (stmt, 1));
      if (payload != NULL && JSON_NODE_HOLDS_OBJECT (payload))
        {
          JsonNode *changes = json_object_get_member (json_node_get_object (payload), "changes");
          if (changes != NULL && JSON_NODE_HOLDS_OBJECT (changes))
            ticket_set_from_json (ticket, json_node_get_object (changes));
        }
    }
  if (rc != SQLITE_DONE)
    return hd_store_fail (self, error, rc);
  return TRUE;
}

static gboolean
apply_ticket (HdStore     *self,
              Page        *page,
              const char  *uuid,
              gint64       revision,
              JsonObject  *data,
              GError     **error)
{
  g_autoptr(HdTicket) ticket = NULL;
  g_autoptr(HdCachedStmt) stmt = NULL;
  gboolean exists, pending = FALSE;
  gint64 local_revision = 0;
  int rc;

  /* Created and changed again in the same page: insert the first first. */
  if (g_hash_table_contains (page->staged, uuid) && !stage_flush (self, page, error))
    return FALSE;

  stmt = hd_store_prepare (self, "SELECT server_revision FROM tickets WHERE uuid = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return hd_store_fail (self, error, rc);
  exists = rc == SQLITE_ROW;
  if (exists)
    local_revision = sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_reset);

  /* Already at this revision or newer: a page applied again. */
  if (exists && local_revision >= revision)
    return TRUE;

  if (exists)
    {
      ticket = hd_store_get_ticket (self, uuid, error);
      if (ticket == NULL)
        return FALSE;
    }
  else
    {
      ticket = hd_ticket_new ();
      hd_ticket_set_uuid (ticket, uuid);
    }

  g_object_freeze_notify (G_OBJECT (ticket));
  ticket_set_from_json (ticket, data);
  hd_ticket_set_uuid (ticket, uuid);
  hd_ticket_set_server_revision (ticket, revision);
  if (!overlay_pending (self, ticket, &pending, error))
    return FALSE;
  hd_ticket_set_sync_state (ticket, pending ? HD_SYNC_STATE_PENDING : HD_SYNC_STATE_SYNCED);
  g_object_thaw_notify (G_OBJECT (ticket));

  if (hd_ticket_get_number (ticket) == NULL || hd_ticket_get_created_at (ticket) == 0)
    {
      g_set_error (error, HD_STORE_ERROR, HD_STORE_ERROR_INVALID,
                   _("The server sent ticket %s without a number or creation time"), uuid);
      hd_store_rollback (self);
      return FALSE;
    }
  if (!free_number (self, hd_ticket_get_number (ticket), uuid, error))
    return FALSE;

  if (exists)
    {
      g_autoptr(HdCachedStmt) extra = NULL;

      stmt = hd_store_prepare (self, hd_store_ticket_sql ()->update, error);
      if (stmt == NULL)
        return FALSE;
      hd_store_bind_ticket (stmt, ticket);
      if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
        return hd_store_fail (self, error, rc);
      g_clear_pointer (&stmt, sqlite3_reset);

      extra = hd_store_prepare (self,
                                "UPDATE tickets SET number = ?2, number_provisional = ?3,"
                                " server_revision = ?4, created_at = ?5 WHERE uuid = ?1", error);
      if (extra == NULL)
        return FALSE;
      sqlite3_bind_text (extra, 1, uuid, -1, SQLITE_STATIC);
      sqlite3_bind_text (extra, 2, hd_ticket_get_number (ticket), -1, SQLITE_STATIC);
      sqlite3_bind_int (extra, 3, hd_ticket_get_number_provisional (ticket));
      sqlite3_bind_int64 (extra, 4, revision);
      sqlite3_bind_int64 (extra, 5, hd_ticket_get_created_at (ticket));
      if ((rc = sqlite3_step (extra)) != SQLITE_DONE)
        return hd_store_fail (self, error, rc);
      g_clear_pointer (&extra, sqlite3_reset);

      if (!exec_text (self, "DELETE FROM attachments WHERE ticket_uuid = ?1", uuid, NULL, error))
        return FALSE;
    }
  else
    {
      static char *stage_sql;

      if (g_once_init_enter (&stage_sql))
        {
          const char *insert = hd_store_ticket_sql ()->insert;
          g_assert (g_str_has_prefix (insert, "INSERT INTO tickets "));
          g_once_init_leave (&stage_sql, g_strconcat ("INSERT INTO temp.sync_stage ",
                                                      insert + strlen ("INSERT INTO tickets "), NULL));
        }
      stmt = hd_store_prepare (self, stage_sql, error);
      if (stmt == NULL)
        return FALSE;
      hd_store_bind_ticket (stmt, ticket);
      if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
        return hd_store_fail (self, error, rc);
      g_hash_table_add (page->staged, g_strdup (uuid));
    }

  return hd_store_insert_attachments (self, ticket, error);
}

static gboolean
apply_event (HdStore     *self,
             Page        *page,
             const char  *uuid,
             JsonObject  *data,
             GHashTable  *touched,
             GError     **error)
{
  g_autoptr(HdCachedStmt) stmt = NULL;
  g_autoptr(HdCachedStmt) has_ticket = NULL;
  g_autofree char *data_text = NULL;
  const char *ticket_uuid = node_string (json_object_get_member (data, "ticket_uuid"));
  const char *kind_id = node_string (json_object_get_member (data, "kind"));
  JsonNode *details = json_object_get_member (data, "data");
  HdEventKind kind;
  gint64 created_at = 0;
  int rc;

  if (ticket_uuid == NULL || !hd_event_kind_from_id (kind_id, &kind) ||
      !node_int (json_object_get_member (data, "created_at"), &created_at))
    {
      g_set_error (error, HD_STORE_ERROR, HD_STORE_ERROR_INVALID,
                   _("The server sent an incomplete timeline entry %s"), uuid);
      hd_store_rollback (self);
      return FALSE;
    }

  has_ticket = hd_store_prepare (self, "SELECT 1 FROM tickets WHERE uuid = ?1", error);
  if (has_ticket == NULL)
    return FALSE;
  sqlite3_bind_text (has_ticket, 1, ticket_uuid, -1, SQLITE_STATIC);
  if ((rc = sqlite3_step (has_ticket)) == SQLITE_DONE && !g_hash_table_contains (page->staged, ticket_uuid))
    {
      /* The feed lists a ticket before its events; a server that does not is
       * wrong, and the entry cannot be shown without its ticket. */
      g_warning ("Timeline entry %s names unknown ticket %s; skipped", uuid, ticket_uuid);
      return TRUE;
    }
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return hd_store_fail (self, error, rc);
  g_clear_pointer (&has_ticket, sqlite3_reset);

  if (details != NULL && JSON_NODE_HOLDS_OBJECT (details))
    data_text = node_to_string (details);
  else if (node_string (details) != NULL)
    data_text = g_strdup (node_string (details));

  /* Events merge by uuid; the server's copy (its author) is the one kept. */
  stmt = hd_store_prepare (self,
                           "INSERT INTO events (uuid, ticket_uuid, kind, author, created_at, text,"
                           " data, sync_state) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'synced')"
                           " ON CONFLICT (uuid) DO UPDATE SET kind = excluded.kind,"
                           " author = excluded.author, created_at = excluded.created_at,"
                           " text = excluded.text, data = excluded.data, sync_state = 'synced'",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ticket_uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, hd_event_kind_to_id (kind), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, node_string (json_object_get_member (data, "author")), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, created_at);
  sqlite3_bind_text (stmt, 6, node_string (json_object_get_member (data, "text")), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, data_text, -1, SQLITE_STATIC);
  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    return hd_store_fail (self, error, rc);

  g_hash_table_add (touched, g_strdup (ticket_uuid));
  return TRUE;
}

/* Conflicts the server reported on a change: the ones where our value was
 * replaced are kept for the user. */
static gboolean
record_conflicts (HdStore     *self,
                  const char  *ticket_uuid,
                  gint64       revision,
                  const char  *winner,
                  JsonArray   *conflicts,
                  const char  *username,
                  GError     **error)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  for (guint i = 0; i < json_array_get_length (conflicts); i++)
    {
      JsonNode *node = json_array_get_element (conflicts, i);
      g_autoptr(HdCachedStmt) stmt = NULL;
      g_autofree char *key = NULL;
      g_autofree char *lost = NULL;
      g_autofree char *value = NULL;
      JsonObject *c;
      const char *field;
      int rc;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      c = json_node_get_object (node);
      field = node_string (json_object_get_member (c, "field"));
      if (field == NULL || username == NULL ||
          g_strcmp0 (node_string (json_object_get_member (c, "server_author")), username) != 0)
        continue;
      if (json_object_get_member (c, "lost_value") != NULL)
        lost = node_to_string (json_object_get_member (c, "lost_value"));
      if (json_object_get_member (c, "value") != NULL)
        value = node_to_string (json_object_get_member (c, "value"));
      key = g_strdup_printf ("r:%" G_GINT64_FORMAT ":%s", revision, field);

      stmt = hd_store_prepare (self,
                               "INSERT OR IGNORE INTO sync_conflicts (key, ticket_uuid, kind, field,"
                               " lost_value, winning_value, winner, revision, created_at)"
                               " VALUES (?1, ?2, 'replaced', ?3, ?4, ?5, ?6, ?7, ?8)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, ticket_uuid, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, field, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, lost, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, value, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, winner, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 7, revision);
      sqlite3_bind_int64 (stmt, 8, now);
      if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
        return hd_store_fail (self, error, rc);
    }
  return TRUE;
}

static gboolean
invalid_change (HdStore  *self,
                guint     index,
                GError  **error)
{
  g_set_error (error, HD_STORE_ERROR, HD_STORE_ERROR_INVALID,
               _("The server sent an invalid change (item %u of the page)"), index);
  hd_store_rollback (self);
  return FALSE;
}

gboolean
hd_store_sync_apply_page (HdStore     *self,
                          const char  *server,
                          JsonArray   *changes,
                          gint64       next_cursor,
                          const char  *username,
                          GError     **error)
{
  g_autoptr(GHashTable) touched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) staged = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Page page = { staged };
  g_autofree char *cursor_text = NULL;
  gboolean tickets_changed = FALSE;
  gint64 cursor;
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (HD_IS_STORE (self), FALSE);
  g_return_val_if_fail (server != NULL, FALSE);
  g_return_val_if_fail (changes != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!hd_store_begin (self, error) || !stage_begin (self, error))
    return FALSE;

  /* Read inside the transaction: another process may have pulled meanwhile. */
  cursor = hd_store_sync_get_cursor (self, server);

  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonNode *node = json_array_get_element (changes, i);
      JsonObject *change;
      JsonNode *data;
      const char *entity, *id;
      gint64 revision;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return invalid_change (self, i, error);
      change = json_node_get_object (node);
      entity = node_string (json_object_get_member (change, "entity"));
      id = node_string (json_object_get_member (change, "id"));
      data = json_object_get_member (change, "data");
      if (entity == NULL ||
          !node_int (json_object_get_member (change, "revision"), &revision) || revision <= 0 ||
          revision > next_cursor)
        return invalid_change (self, i, error);
      if (revision <= cursor)
        continue;
      /* Users, configuration…: not kept in this cache; the cursor moves on. */
      if (!g_str_equal (entity, "ticket") && !g_str_equal (entity, "event"))
        continue;
      if (id == NULL || !g_uuid_string_is_valid (id))
        return invalid_change (self, i, error);

      if (g_str_equal (entity, "ticket"))
        {
          JsonNode *conflicts = json_object_get_member (change, "conflicts");

          if (data == NULL || !JSON_NODE_HOLDS_OBJECT (data))
            return invalid_change (self, i, error);
          if (!apply_ticket (self, &page, id, revision, json_node_get_object (data), error))
            return FALSE;
          if (conflicts != NULL && JSON_NODE_HOLDS_ARRAY (conflicts) &&
              !record_conflicts (self, id, revision,
                                 node_string (json_object_get_member (change, "author")),
                                 json_node_get_array (conflicts), username, error))
            return FALSE;
          /* A conflict on a staged ticket: it must be in the table to show it. */
          if (conflicts != NULL && g_hash_table_contains (staged, id) &&
              !stage_flush (self, &page, error))
            return FALSE;
          if (!refresh_sync_state (self, id, error))
            return FALSE;
          tickets_changed = TRUE;
        }
      else if (g_str_equal (entity, "event"))
        {
          if (data == NULL || !JSON_NODE_HOLDS_OBJECT (data))
            return invalid_change (self, i, error);
          if (!apply_event (self, &page, id, json_node_get_object (data), touched, error))
            return FALSE;
        }
      if (test_hook != NULL)
        test_hook (i, test_hook_data);
    }

  if (!stage_flush (self, &page, error))
    return FALSE;

  cursor_text = g_strdup_printf ("%" G_GINT64_FORMAT, MAX (cursor, next_cursor));
  if (!meta_set (self, META_SERVER, server, error) ||
      !meta_set (self, META_CURSOR, cursor_text, error) ||
      !hd_store_commit (self, error))
    return FALSE;

  if (tickets_changed)
    hd_store_emit_tickets_changed (self);
  g_hash_table_iter_init (&iter, touched);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    hd_store_emit_events_changed (self, key);
  return TRUE;
}

/* Push acknowledgement ------------------------------------------------------- */

gboolean
hd_store_sync_acknowledge (HdStore      *self,
                           const gint64 *op_ids,
                           guint         n_op_ids,
                           GHashTable   *numbers,
                           GPtrArray    *rejected,
                           GPtrArray    *messages,
                           GError      **error)
{
  g_autoptr(GPtrArray) entities = g_ptr_array_new_with_free_func (g_free);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (HD_IS_STORE (self), FALSE);
  g_return_val_if_fail (op_ids != NULL || n_op_ids == 0, FALSE);
  g_return_val_if_fail (rejected == NULL || (messages != NULL && messages->len == rejected->len), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!hd_store_begin (self, error))
    return FALSE;

  for (guint i = 0; i < n_op_ids; i++)
    {
      g_autoptr(HdCachedStmt) stmt = NULL;
      int rc;

      stmt = hd_store_prepare (self, "SELECT entity_uuid, kind FROM outbox WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, op_ids[i]);
      if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          const char *kind = (const char *) sqlite3_column_text (stmt, 1);
          const char *entity = (const char *) sqlite3_column_text (stmt, 0);

          if (g_strcmp0 (kind, "event.add") == 0)
            {
              g_autofree char *event = g_strdup (entity);
              g_clear_pointer (&stmt, sqlite3_reset);
              if (!exec_text (self, "UPDATE events SET sync_state = 'synced' WHERE uuid = ?1",
                              event, NULL, error))
                return FALSE;
            }
          else
            g_ptr_array_add (entities, g_strdup (entity));
        }
      else if (rc != SQLITE_DONE)
        return hd_store_fail (self, error, rc);
      g_clear_pointer (&stmt, sqlite3_reset);

      stmt = hd_store_prepare (self, "DELETE FROM outbox WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, op_ids[i]);
      if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
        return hd_store_fail (self, error, rc);
    }

  for (guint i = 0; rejected != NULL && i < rejected->len; i++)
    {
      HdOutboxOp *op = g_ptr_array_index (rejected, i);
      g_autoptr(HdCachedStmt) stmt = NULL;
      g_autofree char *conflict_key = g_strconcat ("x:", op->op_uuid, NULL);
      g_autofree char *ticket_uuid = NULL;
      int rc;

      /* An event.add names its ticket in the payload. */
      if (g_strcmp0 (op->kind, "event.add") == 0)
        {
          g_autoptr(JsonNode) payload = parse_json (op->payload);
          if (payload != NULL && JSON_NODE_HOLDS_OBJECT (payload))
            ticket_uuid = g_strdup (node_string (json_object_get_member (json_node_get_object (payload),
                                                                         "ticket_uuid")));
        }
      if (ticket_uuid == NULL)
        ticket_uuid = g_strdup (op->entity_uuid);

      stmt = hd_store_prepare (self,
                               "INSERT OR IGNORE INTO sync_conflicts (key, ticket_uuid, kind, message,"
                               " created_at) VALUES (?1, ?2, 'rejected', ?3, ?4)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, conflict_key, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, ticket_uuid, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, g_ptr_array_index (messages, i), -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, now);
      if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
        return hd_store_fail (self, error, rc);
      g_ptr_array_add (entities, g_steal_pointer (&ticket_uuid));
    }

  if (numbers != NULL)
    {
      g_hash_table_iter_init (&iter, numbers);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          if (!free_number (self, value, key, error) ||
              !exec_text (self, "UPDATE tickets SET number = ?2, number_provisional = 0"
                                " WHERE uuid = ?1", key, value, error))
            return FALSE;
        }
    }

  for (guint i = 0; i < entities->len; i++)
    if (!refresh_sync_state (self, g_ptr_array_index (entities, i), error))
      return FALSE;

  if (!hd_store_commit (self, error))
    return FALSE;

  if (entities->len > 0 || (numbers != NULL && g_hash_table_size (numbers) > 0))
    hd_store_emit_tickets_changed (self);
  return TRUE;
}

/* Conflicts ------------------------------------------------------------------- */

GPtrArray *
hd_store_list_conflicts (HdStore     *self,
                         const char  *ticket_uuid,
                         GError     **error)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(HdCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (HD_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = hd_store_prepare (self,
                           "SELECT id, ticket_uuid, kind, field, lost_value, winning_value, winner,"
                           " revision, message, created_at FROM sync_conflicts"
                           " WHERE resolved = 0 AND (?1 IS NULL OR ticket_uuid = ?1) ORDER BY id",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, ticket_uuid, -1, SQLITE_STATIC);

  list = g_ptr_array_new_with_free_func ((GDestroyNotify) hd_sync_conflict_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HdSyncConflict *c = g_new0 (HdSyncConflict, 1);

      c->id = sqlite3_column_int64 (stmt, 0);
      c->ticket_uuid = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      c->kind = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      c->field = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      c->lost_value = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      c->winning_value = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      c->winner = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
      c->revision = sqlite3_column_int64 (stmt, 7);
      c->message = g_strdup ((const char *) sqlite3_column_text (stmt, 8));
      c->created_at = sqlite3_column_int64 (stmt, 9);
      g_ptr_array_add (list, c);
    }
  if (rc != SQLITE_DONE)
    {
      hd_store_fail (self, error, rc);
      return NULL;
    }
  return g_steal_pointer (&list);
}

guint
hd_store_count_conflicts (HdStore *self)
{
  g_autoptr(HdCachedStmt) stmt = NULL;

  g_return_val_if_fail (HD_IS_STORE (self), 0);

  stmt = hd_store_prepare (self, "SELECT count(*) FROM sync_conflicts WHERE resolved = 0", NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  return sqlite3_column_int (stmt, 0);
}

gboolean
hd_store_resolve_conflict (HdStore     *self,
                           gint64       conflict_id,
                           gboolean     reapply,
                           const char  *author,
                           GError     **error)
{
  g_autoptr(HdCachedStmt) stmt = NULL;
  g_autofree char *ticket_uuid = NULL;
  g_autofree char *field = NULL;
  g_autofree char *lost = NULL;
  int rc;

  g_return_val_if_fail (HD_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stmt = hd_store_prepare (self, "SELECT ticket_uuid, field, lost_value FROM sync_conflicts WHERE id = ?1",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, conflict_id);
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    {
      if (rc != SQLITE_DONE)
        return hd_store_fail (self, error, rc);
      g_set_error (error, HD_STORE_ERROR, HD_STORE_ERROR_NOT_FOUND,
                   _("There is no sync conflict %" G_GINT64_FORMAT), conflict_id);
      return FALSE;
    }
  ticket_uuid = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  field = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  lost = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  g_clear_pointer (&stmt, sqlite3_reset);

  /* A normal edit: it goes through the outbox and syncs like any other. */
  if (reapply && field != NULL && lost != NULL)
    {
      g_autoptr(HdTicket) ticket = hd_store_get_ticket (self, ticket_uuid, error);
      g_autoptr(JsonObject) changes = json_object_new ();
      g_autoptr(JsonNode) value = parse_json (lost);

      if (ticket == NULL)
        return FALSE;
      if (value != NULL)
        {
          json_object_set_member (changes, field, g_steal_pointer (&value));
          ticket_set_from_json (ticket, changes);
          if (!hd_store_update_ticket (self, ticket, author, error))
            return FALSE;
        }
    }

  if (!hd_store_begin (self, error))
    return FALSE;
  stmt = hd_store_prepare (self, "UPDATE sync_conflicts SET resolved = 1 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, conflict_id);
  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    return hd_store_fail (self, error, rc);
  g_clear_pointer (&stmt, sqlite3_reset);
  if (!refresh_sync_state (self, ticket_uuid, error) || !hd_store_commit (self, error))
    return FALSE;

  hd_store_emit_tickets_changed (self);
  return TRUE;
}
