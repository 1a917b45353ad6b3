/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "hd-store-private.h"
#include "hd-store-sync.h"

/*
 * Rolling a ticket back to the server's copy after the server refused one of
 * our operations on it (docs/sync-protocol.md §12.3). A refusal is recorded
 * in sync_conflicts (kind 'rejected') by hd_store_sync_acknowledge() with
 * revision 0, which here means "not rolled back yet": the sync engine fetches
 * the server's copy (GET /tickets/UUID) of every such ticket and hands it to
 * hd_store_sync_roll_back(), which sets the revision of those records. A
 * crash in between leaves the records at 0, so the next run fetches again.
 * -1 marks a ticket the server does not know (a refused create): kept as it
 * is, refused.
 */

#define UNKNOWN_TO_SERVER (-1)

GPtrArray *
hd_store_sync_list_refused (HdStore  *self,
                            guint     limit,
                            GError  **error)
{
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(HdCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (HD_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = hd_store_prepare (self,
                           "SELECT ticket_uuid FROM sync_conflicts WHERE kind = 'rejected' AND revision = 0"
                           " GROUP BY ticket_uuid ORDER BY min (id) LIMIT ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, (int) MIN (limit, G_MAXINT));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (uuids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  if (rc != SQLITE_DONE)
    {
      hd_store_fail (self, error, rc);
      return NULL;
    }
  return g_steal_pointer (&uuids);
}

static gboolean
mark_rolled_back (HdStore     *self,
                  const char  *uuid,
                  gint64       revision,
                  GError     **error)
{
  g_autoptr(HdCachedStmt) stmt = NULL;
  int rc;

  stmt = hd_store_prepare (self,
                           "UPDATE sync_conflicts SET revision = ?2"
                           " WHERE ticket_uuid = ?1 AND kind = 'rejected' AND revision = 0", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, revision);
  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    return hd_store_fail (self, error, rc);
  return TRUE;
}

gboolean
hd_store_sync_keep_refused (HdStore     *self,
                            const char  *uuid,
                            GError     **error)
{
  g_return_val_if_fail (HD_IS_STORE (self), FALSE);
  g_return_val_if_fail (uuid != NULL, FALSE);

  if (!hd_store_begin (self, error))
    return FALSE;
  if (!mark_rolled_back (self, uuid, UNKNOWN_TO_SERVER, error) ||
      !hd_store_refresh_sync_state (self, uuid, error))
    return FALSE;
  return hd_store_commit (self, error);
}

/* Our operations still in the outbox for @uuid: their ticket changes are laid
 * over the server's copy (as after a pull) and their events are kept. */
static gboolean
collect_pending (HdStore     *self,
                 const char  *uuid,
                 HdTicket    *ticket,
                 GHashTable  *keep_events,
                 GError     **error)
{
  g_autoptr(HdCachedStmt) stmt = NULL;
  int rc;

  stmt = hd_store_prepare (self, "SELECT kind, entity_uuid, payload FROM outbox ORDER BY id", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *kind = (const char *) sqlite3_column_text (stmt, 0);
      const char *entity = (const char *) sqlite3_column_text (stmt, 1);
      g_autoptr(JsonNode) payload = hd_store_parse_json ((const char *) sqlite3_column_text (stmt, 2));
      JsonObject *object;
      JsonNode *node;

      if (payload == NULL || !JSON_NODE_HOLDS_OBJECT (payload))
        continue;
      object = json_node_get_object (payload);

      if (g_strcmp0 (kind, "event.add") == 0)
        {
          if (g_strcmp0 (hd_store_node_string (json_object_get_member (object, "ticket_uuid")), uuid) == 0)
            g_hash_table_add (keep_events, g_strdup (entity));
          continue;
        }
      if (g_strcmp0 (entity, uuid) != 0)
        continue;

      node = json_object_get_member (object, "changes");
      if (g_strcmp0 (kind, "ticket.update") == 0 && node != NULL && JSON_NODE_HOLDS_OBJECT (node))
        hd_store_ticket_set_from_json (ticket, json_node_get_object (node));

      node = json_object_get_member (object, "events");
      if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *events = json_node_get_array (node);

          for (guint i = 0; i < json_array_get_length (events); i++)
            {
              JsonNode *event = json_array_get_element (events, i);
              const char *event_uuid = JSON_NODE_HOLDS_OBJECT (event)
                                     ? hd_store_node_string (json_object_get_member (json_node_get_object (event),
                                                                                     "uuid"))
                                     : NULL;
              if (event_uuid != NULL)
                g_hash_table_add (keep_events, g_ascii_strdown (event_uuid, -1));
            }
        }
    }
  if (rc != SQLITE_DONE)
    return hd_store_fail (self, error, rc);
  return TRUE;
}

static gboolean
write_ticket (HdStore     *self,
              HdTicket    *ticket,
              gint64       revision,
              GError     **error)
{
  g_autoptr(HdCachedStmt) stmt = NULL;
  g_autoptr(HdCachedStmt) extra = NULL;
  const char *uuid = hd_ticket_get_uuid (ticket);
  int rc;

  if (!hd_store_free_number (self, hd_ticket_get_number (ticket), uuid, error))
    return FALSE;
  stmt = hd_store_prepare (self, hd_store_ticket_sql ()->update, error);
  if (stmt == NULL)
    return FALSE;
  hd_store_bind_ticket (stmt, ticket);
  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    return hd_store_fail (self, error, rc);

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

  return hd_store_replace_attachments (self, ticket, error);
}

static gboolean
write_event (HdStore     *self,
             const char  *ticket_uuid,
             JsonObject  *event,
             GHashTable  *keep_events,
             GError     **error)
{
  g_autoptr(HdCachedStmt) stmt = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *data_text = NULL;
  JsonNode *details = json_object_get_member (event, "data");
  const char *kind_id = hd_store_node_string (json_object_get_member (event, "kind"));
  HdEventKind kind;
  gint64 created_at = 0;
  int rc;

  if (hd_store_node_string (json_object_get_member (event, "uuid")) == NULL ||
      !g_uuid_string_is_valid (hd_store_node_string (json_object_get_member (event, "uuid"))) ||
      !hd_event_kind_from_id (kind_id, &kind) ||
      !hd_store_node_int (json_object_get_member (event, "created_at"), &created_at))
    {
      g_set_error (error, HD_STORE_ERROR, HD_STORE_ERROR_INVALID,
                   _("The server sent an incomplete timeline entry of ticket %s"), ticket_uuid);
      hd_store_rollback (self);
      return FALSE;
    }
  uuid = g_ascii_strdown (hd_store_node_string (json_object_get_member (event, "uuid")), -1);
  if (details != NULL && JSON_NODE_HOLDS_OBJECT (details))
    data_text = hd_store_node_to_string (details);
  else if (hd_store_node_string (details) != NULL)
    data_text = g_strdup (hd_store_node_string (details));

  /* The same upsert as a pulled event: the server's copy is the one kept. */
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
  sqlite3_bind_text (stmt, 4, hd_store_node_string (json_object_get_member (event, "author")), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, created_at);
  sqlite3_bind_text (stmt, 6, hd_store_node_string (json_object_get_member (event, "text")), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, data_text, -1, SQLITE_STATIC);
  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    return hd_store_fail (self, error, rc);
  g_hash_table_add (keep_events, g_steal_pointer (&uuid));
  return TRUE;
}

/* Local events of the ticket that are neither the server's nor carried by
 * an operation still in the outbox: those of the refused operation. */
static gboolean
drop_refused_events (HdStore     *self,
                     const char  *ticket_uuid,
                     GHashTable  *keep_events,
                     guint       *n_dropped,
                     GError     **error)
{
  g_autoptr(HdCachedStmt) list = NULL;
  g_autoptr(GPtrArray) dropped = g_ptr_array_new_with_free_func (g_free);
  int rc;

  list = hd_store_prepare (self, "SELECT uuid FROM events WHERE ticket_uuid = ?1", error);
  if (list == NULL)
    return FALSE;
  sqlite3_bind_text (list, 1, ticket_uuid, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (list)) == SQLITE_ROW)
    {
      const char *uuid = (const char *) sqlite3_column_text (list, 0);

      if (!g_hash_table_contains (keep_events, uuid))
        g_ptr_array_add (dropped, g_strdup (uuid));
    }
  if (rc != SQLITE_DONE)
    return hd_store_fail (self, error, rc);
  g_clear_pointer (&list, sqlite3_reset);

  for (guint i = 0; i < dropped->len; i++)
    if (!hd_store_exec_text (self, "DELETE FROM events WHERE uuid = ?1", g_ptr_array_index (dropped, i),
                             NULL, error))
      return FALSE;

  /* The timeline summary only grows by trigger: rebuilt from what is left. */
  if (dropped->len > 0 &&
      (!hd_store_exec_text (self,
                            "DELETE FROM ticket_timeline_summary"
                            " WHERE ticket_id = (SELECT id FROM tickets WHERE uuid = ?1)",
                            ticket_uuid, NULL, error) ||
       !hd_store_exec_text (self,
                            "INSERT INTO ticket_timeline_summary (ticket_id, closed_at, resolved, reopened)"
                            " SELECT t.id,"
                            " MAX (CASE WHEN json_extract (e.data, '$.to') = 'closed' THEN e.created_at ELSE 0 END),"
                            " MAX (json_extract (e.data, '$.to') IN ('awaiting_feedback', 'pending_close', 'closed')),"
                            " MAX (json_extract (e.data, '$.to') = 'in_progress' AND"
                            "      json_extract (e.data, '$.from') IN ('awaiting_feedback', 'pending_close', 'closed'))"
                            " FROM events e JOIN tickets t ON t.uuid = e.ticket_uuid"
                            " WHERE e.ticket_uuid = ?1 AND e.kind = 'status_change' AND json_valid (e.data)"
                            " GROUP BY t.id", ticket_uuid, NULL, error)))
    return FALSE;

  *n_dropped = dropped->len;
  return TRUE;
}

gboolean
hd_store_sync_roll_back (HdStore     *self,
                         const char  *uuid,
                         JsonObject  *reply,
                         GError     **error)
{
  g_autoptr(GHashTable) keep_events = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(HdTicket) ticket = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *data = json_object_get_member (reply, "ticket");
  JsonNode *events = json_object_get_member (reply, "events");
  gint64 revision = 0, local_revision;
  guint n_dropped = 0;

  g_return_val_if_fail (HD_IS_STORE (self), FALSE);
  g_return_val_if_fail (uuid != NULL && reply != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (data == NULL || !JSON_NODE_HOLDS_OBJECT (data) || events == NULL || !JSON_NODE_HOLDS_ARRAY (events) ||
      !hd_store_node_int (json_object_get_member (reply, "revision"), &revision) || revision <= 0 ||
      g_strcmp0 (hd_store_node_string (json_object_get_member (json_node_get_object (data), "uuid")), uuid) != 0)
    {
      g_set_error (error, HD_STORE_ERROR, HD_STORE_ERROR_INVALID,
                   _("The server sent an incomplete copy of ticket %s"), uuid);
      return FALSE;
    }

  if (!hd_store_begin (self, error))
    return FALSE;

  ticket = hd_store_get_ticket (self, uuid, &local_error);
  if (ticket == NULL)
    {
      if (!g_error_matches (local_error, HD_STORE_ERROR, HD_STORE_ERROR_NOT_FOUND))
        {
          hd_store_rollback (self);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      /* Nothing here to roll back. */
      if (!mark_rolled_back (self, uuid, revision, error))
        return FALSE;
      return hd_store_commit (self, error);
    }
  local_revision = hd_ticket_get_server_revision (ticket);

  g_object_freeze_notify (G_OBJECT (ticket));
  hd_store_ticket_set_from_json (ticket, json_node_get_object (data));
  hd_ticket_set_uuid (ticket, uuid);
  hd_ticket_set_server_revision (ticket, MAX (revision, local_revision));
  if (!collect_pending (self, uuid, ticket, keep_events, error))
    return FALSE;
  g_object_thaw_notify (G_OBJECT (ticket));
  if (hd_ticket_get_number (ticket) == NULL || hd_ticket_get_created_at (ticket) == 0)
    {
      g_set_error (error, HD_STORE_ERROR, HD_STORE_ERROR_INVALID,
                   _("The server sent ticket %s without a number or creation time"), uuid);
      hd_store_rollback (self);
      return FALSE;
    }

  /* A pull already brought a newer copy: its fields stand; the timeline is
   * still cleaned of the refused operation's events. */
  if (revision >= local_revision && !write_ticket (self, ticket, revision, error))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (json_node_get_array (events)); i++)
    {
      JsonNode *event = json_array_get_element (json_node_get_array (events), i);

      if (!JSON_NODE_HOLDS_OBJECT (event))
        {
          g_set_error (error, HD_STORE_ERROR, HD_STORE_ERROR_INVALID,
                       _("The server sent an incomplete timeline entry of ticket %s"), uuid);
          hd_store_rollback (self);
          return FALSE;
        }
      if (!write_event (self, uuid, json_node_get_object (event), keep_events, error))
        return FALSE;
    }

  if (!drop_refused_events (self, uuid, keep_events, &n_dropped, error) ||
      !mark_rolled_back (self, uuid, revision, error) ||
      !hd_store_refresh_sync_state (self, uuid, error) ||
      !hd_store_commit (self, error))
    return FALSE;

  hd_store_emit_tickets_changed (self);
  hd_store_emit_events_changed (self, uuid);
  return TRUE;
}
