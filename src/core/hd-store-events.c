/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "hd-store-private.h"

/* The timeline: append-only rows, so events merge without conflict. */

gboolean
hd_store_insert_event (HdStore   *self,
                       HdEvent   *event,
                       GError   **error)
{
  g_autoptr(HdCachedStmt) stmt = NULL;
  int rc;

  stmt = hd_store_prepare (self,
                           "INSERT INTO events (uuid, ticket_uuid, kind, author, created_at,"
                           " text, data, sync_state) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                           error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, hd_event_get_uuid (event), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, hd_event_get_ticket_uuid (event), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, hd_event_kind_to_id (hd_event_get_kind (event)), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, hd_event_get_author (event), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, hd_event_get_created_at (event));
  sqlite3_bind_text (stmt, 6, hd_event_get_text (event), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, hd_event_get_data (event), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, hd_sync_state_to_id (HD_SYNC_STATE_PENDING), -1, SQLITE_STATIC);

  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    return hd_store_fail (self, error, rc);

  hd_event_set_sync_state (event, HD_SYNC_STATE_PENDING);
  return TRUE;
}

void
hd_store_add_event_json (JsonBuilder *builder,
                         HdEvent     *event)
{
  const char *data = hd_event_get_data (event);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "uuid");
  json_builder_add_string_value (builder, hd_event_get_uuid (event));
  json_builder_set_member_name (builder, "ticket_uuid");
  json_builder_add_string_value (builder, hd_event_get_ticket_uuid (event));
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, hd_event_kind_to_id (hd_event_get_kind (event)));
  json_builder_set_member_name (builder, "author");
  if (hd_event_get_author (event) != NULL)
    json_builder_add_string_value (builder, hd_event_get_author (event));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "created_at");
  json_builder_add_int_value (builder, hd_event_get_created_at (event));
  json_builder_set_member_name (builder, "text");
  if (hd_event_get_text (event) != NULL)
    json_builder_add_string_value (builder, hd_event_get_text (event));
  else
    json_builder_add_null_value (builder);

  /* data is a JSON object already: embed it, not a string holding it. */
  json_builder_set_member_name (builder, "data");
  if (data != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (json_parser_load_from_data (parser, data, -1, NULL) &&
          json_parser_get_root (parser) != NULL)
        json_builder_add_value (builder, json_node_copy (json_parser_get_root (parser)));
      else
        json_builder_add_string_value (builder, data);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
}

static gboolean
ticket_exists (HdStore     *self,
               const char  *uuid,
               GError     **error)
{
  g_autoptr(HdCachedStmt) stmt = hd_store_prepare (self, "SELECT 1 FROM tickets WHERE uuid = ?1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc == SQLITE_DONE)
    g_set_error (error, HD_STORE_ERROR, HD_STORE_ERROR_NOT_FOUND,
                 _("There is no ticket “%s”"), uuid);
  else
    hd_store_fail (self, error, rc);
  return FALSE;
}

gboolean
hd_store_add_event (HdStore   *self,
                    HdEvent   *event,
                    GError   **error)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonGenerator) gen = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *payload = NULL;

  g_return_val_if_fail (HD_IS_STORE (self), FALSE);
  g_return_val_if_fail (HD_IS_EVENT (event), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!g_uuid_string_is_valid (hd_event_get_uuid (event)))
    {
      g_set_error (error, HD_STORE_ERROR, HD_STORE_ERROR_INVALID,
                   _("“%s” is not a valid event identifier"), hd_event_get_uuid (event));
      return FALSE;
    }

  if (!hd_store_begin (self, error))
    return FALSE;

  if (!ticket_exists (self, hd_event_get_ticket_uuid (event), error) ||
      !hd_store_insert_event (self, event, error))
    {
      hd_store_rollback (self);
      return FALSE;
    }

  builder = json_builder_new ();
  hd_store_add_event_json (builder, event);
  root = json_builder_get_root (builder);
  gen = json_generator_new ();
  json_generator_set_root (gen, root);
  payload = json_generator_to_data (gen, NULL);

  if (!hd_store_outbox_append (self, "event.add", hd_event_get_uuid (event), payload,
                               g_get_real_time () / G_USEC_PER_SEC, error))
    {
      hd_store_rollback (self);
      return FALSE;
    }

  if (!hd_store_commit (self, error))
    return FALSE;

  hd_store_emit_events_changed (self, hd_event_get_ticket_uuid (event));
  return TRUE;
}

GPtrArray *
hd_store_list_events (HdStore     *self,
                      const char  *ticket_uuid,
                      GError     **error)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(HdCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (HD_IS_STORE (self), NULL);
  g_return_val_if_fail (ticket_uuid != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = hd_store_prepare (self,
                           "SELECT uuid, kind, author, created_at, text, data, sync_state"
                           " FROM events WHERE ticket_uuid = ?1 ORDER BY created_at, id",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, ticket_uuid, -1, SQLITE_STATIC);

  events = g_ptr_array_new_with_free_func (g_object_unref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HdEventKind kind = HD_EVENT_NOTE;
      HdSyncState state = HD_SYNC_STATE_PENDING;
      HdEvent *event;

      hd_event_kind_from_id ((const char *) sqlite3_column_text (stmt, 1), &kind);
      event = hd_event_new ((const char *) sqlite3_column_text (stmt, 0), ticket_uuid, kind,
                            (const char *) sqlite3_column_text (stmt, 2),
                            sqlite3_column_int64 (stmt, 3),
                            (const char *) sqlite3_column_text (stmt, 4),
                            (const char *) sqlite3_column_text (stmt, 5));
      if (hd_sync_state_from_id ((const char *) sqlite3_column_text (stmt, 6), &state))
        hd_event_set_sync_state (event, state);
      g_ptr_array_add (events, event);
    }
  if (rc != SQLITE_DONE)
    {
      hd_store_fail (self, error, rc);
      return NULL;
    }

  return g_steal_pointer (&events);
}
