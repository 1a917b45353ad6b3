/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-store"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "hd-attachment.h"
#include "hd-store-private.h"
#include "hd-store-surveys.h"
#include "hd-store-sync.h"

/*
 * Applying a page of the server's change feed to the cache, with the new
 * cursor, in one transaction (docs/sync-protocol.md, "Client").
 */

#define META_CURSOR "sync.cursor"
#define META_SERVER "sync.server"
#define BIG_PAGE 1000

static HdStoreSyncHook test_hook;
static gpointer test_hook_data;

void
hd_store_sync_set_test_hook (HdStoreSyncHook hook,
                             gpointer        user_data)
{
  test_hook = hook;
  test_hook_data = user_data;
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

/* New tickets of a page are staged in a temporary table and inserted with
 * one statement at the end of the page: FTS5 flushes its in-memory index at
 * every statement that writes to it, so row-by-row inserts of 100 000
 * tickets make 100 000 index segments. Foreign keys are deferred to the
 * commit meanwhile, for the events and attachments of staged tickets. */
typedef struct {
  GHashTable *staged;   /* uuid → NULL */
  GHashTable *queued;   /* entity uuids with ops in the outbox, read once a page */
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

/* The entities with ops waiting: most pulled tickets have none, and then
 * need no look into the outbox (which has no index on entity_uuid). */
static gboolean
load_queued (HdStore  *self,
             Page     *page,
             GError  **error)
{
  g_autoptr(HdCachedStmt) stmt = hd_store_prepare (self, "SELECT DISTINCT entity_uuid FROM outbox", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_add (page->queued, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  if (rc != SQLITE_DONE)
    return hd_store_fail (self, error, rc);
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
      payload = hd_store_parse_json ((const char *) sqlite3_column_text (stmt, 1));
      if (payload != NULL && JSON_NODE_HOLDS_OBJECT (payload))
        {
          JsonNode *changes = json_object_get_member (json_node_get_object (payload), "changes");
          if (changes != NULL && JSON_NODE_HOLDS_OBJECT (changes))
            hd_store_ticket_set_from_json (ticket, json_node_get_object (changes));
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
  hd_store_ticket_set_from_json (ticket, data);
  hd_ticket_set_uuid (ticket, uuid);
  hd_ticket_set_server_revision (ticket, revision);
  if (g_hash_table_contains (page->queued, uuid) && !overlay_pending (self, ticket, &pending, error))
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
  if (!hd_store_free_number (self, hd_ticket_get_number (ticket), uuid, error))
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

      if (!hd_store_exec_text (self, "DELETE FROM attachments WHERE ticket_uuid = ?1", uuid, NULL, error))
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
  const char *ticket_uuid = hd_store_node_string (json_object_get_member (data, "ticket_uuid"));
  const char *kind_id = hd_store_node_string (json_object_get_member (data, "kind"));
  JsonNode *details = json_object_get_member (data, "data");
  HdEventKind kind;
  gint64 created_at = 0;
  int rc;

  if (ticket_uuid == NULL || !hd_event_kind_from_id (kind_id, &kind) ||
      !hd_store_node_int (json_object_get_member (data, "created_at"), &created_at))
    {
      g_set_error (error, HD_STORE_ERROR, HD_STORE_ERROR_INVALID,
                   _("The server sent an incomplete timeline entry %s"), uuid);
      hd_store_rollback (self);
      return FALSE;
    }

  /* A ticket staged in this page is known without asking the table. */
  if (!g_hash_table_contains (page->staged, ticket_uuid))
    {
      has_ticket = hd_store_prepare (self, "SELECT 1 FROM tickets WHERE uuid = ?1", error);
      if (has_ticket == NULL)
        return FALSE;
      sqlite3_bind_text (has_ticket, 1, ticket_uuid, -1, SQLITE_STATIC);
      if ((rc = sqlite3_step (has_ticket)) == SQLITE_DONE)
        {
          /* The feed lists a ticket before its events; a server that does not
           * is wrong, and the entry cannot be shown without its ticket. */
          g_warning ("Timeline entry %s names unknown ticket %s; skipped", uuid, ticket_uuid);
          return TRUE;
        }
      if (rc != SQLITE_ROW)
        return hd_store_fail (self, error, rc);
      g_clear_pointer (&has_ticket, sqlite3_reset);
    }

  if (details != NULL && JSON_NODE_HOLDS_OBJECT (details))
    data_text = hd_store_node_to_string (details);
  else if (hd_store_node_string (details) != NULL)
    data_text = g_strdup (hd_store_node_string (details));

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
  sqlite3_bind_text (stmt, 4, hd_store_node_string (json_object_get_member (data, "author")), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, created_at);
  sqlite3_bind_text (stmt, 6, hd_store_node_string (json_object_get_member (data, "text")), -1, SQLITE_STATIC);
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
      field = hd_store_node_string (json_object_get_member (c, "field"));
      if (field == NULL || username == NULL ||
          g_strcmp0 (hd_store_node_string (json_object_get_member (c, "server_author")), username) != 0)
        continue;
      if (json_object_get_member (c, "lost_value") != NULL)
        lost = hd_store_node_to_string (json_object_get_member (c, "lost_value"));
      if (json_object_get_member (c, "value") != NULL)
        value = hd_store_node_to_string (json_object_get_member (c, "value"));
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
  g_autoptr(GHashTable) queued = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Page page = { staged, queued };
  g_autofree char *cursor_text = NULL;
  gboolean tickets_changed = FALSE;
  gboolean committed;
  gint64 cursor;
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (HD_IS_STORE (self), FALSE);
  g_return_val_if_fail (server != NULL, FALSE);
  g_return_val_if_fail (changes != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* A big page (a first sync): a page cache that holds the indexes being
   * filled; checkpoints every 128 MiB of WAL rather than every 4 MiB, so a
   * B-tree page written by several pages is copied back once (the WAL file
   * is cut back to 32 MiB after); the staging table in memory. Settings of
   * this connection, kept for its later pages. */
  if (json_array_get_length (changes) >= BIG_PAGE)
    sqlite3_exec (hd_store_get_db (self),
                  "PRAGMA cache_size = -65536; PRAGMA wal_autocheckpoint = 32768;"
                  " PRAGMA journal_size_limit = 33554432; PRAGMA temp_store = MEMORY",
                  NULL, NULL, NULL);
  if (!hd_store_begin (self, error) || !stage_begin (self, error) || !load_queued (self, &page, error))
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
      entity = hd_store_node_string (json_object_get_member (change, "entity"));
      id = hd_store_node_string (json_object_get_member (change, "id"));
      data = json_object_get_member (change, "data");
      if (entity == NULL ||
          !hd_store_node_int (json_object_get_member (change, "revision"), &revision) || revision <= 0 ||
          revision > next_cursor)
        return invalid_change (self, i, error);
      if (revision <= cursor)
        continue;
      /* Users, configuration…: not kept in this cache; the cursor moves on. */
      if (!g_str_equal (entity, "ticket") && !g_str_equal (entity, "event") &&
          !g_str_equal (entity, "survey"))
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
                                 hd_store_node_string (json_object_get_member (change, "author")),
                                 json_node_get_array (conflicts), username, error))
            return FALSE;
          /* A conflict on a staged ticket: it must be in the table to show it. */
          if (conflicts != NULL && g_hash_table_contains (staged, id) &&
              !stage_flush (self, &page, error))
            return FALSE;
          /* A ticket still staged is not in the table yet: apply_ticket() gave
           * it its state (pending or synced), and it has no conflict rows. */
          if (!g_hash_table_contains (staged, id) && !hd_store_refresh_sync_state (self, id, error))
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
      else if (g_str_equal (entity, "survey"))
        {
          g_autoptr(HdSurvey) survey = hd_survey_from_json (data, NULL);

          if (survey == NULL || !g_str_equal (survey->uuid, id))
            return invalid_change (self, i, error);
          if (!hd_store_sync_put_survey (self, survey, touched, error))
            return FALSE;
        }
      if (test_hook != NULL)
        test_hook (i, test_hook_data);
    }

  if (!stage_flush (self, &page, error))
    return FALSE;

  cursor_text = g_strdup_printf ("%" G_GINT64_FORMAT, MAX (cursor, next_cursor));
  if (!meta_set (self, META_SERVER, server, error) ||
      !meta_set (self, META_CURSOR, cursor_text, error))
    return FALSE;
  /* What was pulled can be pulled again: its commit does not wait for the
   * disk (synchronous=NORMAL; WAL is still written in commit order, so a
   * power cut can lose the last pages with their cursor, never one without
   * the other, and a killed process loses nothing). The connection's next
   * commit — a local edit — is FULL again and syncs these frames with it. */
  sqlite3_exec (hd_store_get_db (self), "PRAGMA synchronous = NORMAL", NULL, NULL, NULL);
  committed = hd_store_commit (self, error);
  sqlite3_exec (hd_store_get_db (self), "PRAGMA synchronous = FULL", NULL, NULL, NULL);
  if (!committed)
    return FALSE;

  if (tickets_changed)
    hd_store_emit_tickets_changed (self);
  g_hash_table_iter_init (&iter, touched);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    hd_store_emit_events_changed (self, key);
  return TRUE;
}
