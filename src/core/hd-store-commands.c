/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "hd-attachment.h"
#include "hd-store-commands.h"
#include "hd-store-private.h"

static gboolean
apply_in_transaction (HdStore    *self,
                      HdTicket   *ticket,
                      GPtrArray  *events,
                      gint64      now,
                      GError    **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *payload = NULL;
  const char *entity_uuid;
  const char *kind;
  gint64 base_revision = 0;

  if (ticket != NULL)
    {
      g_autoptr(HdTicket) stored = NULL;
      g_autoptr(JsonBuilder) changes = json_builder_new ();
      g_autoptr(JsonBuilder) diff = json_builder_new ();
      g_autoptr(HdCachedStmt) stmt = NULL;
      gboolean status_changed = FALSE;
      int rc;

      stored = hd_store_get_ticket (self, hd_ticket_get_uuid (ticket), error);
      if (stored == NULL)
        return FALSE;

      json_builder_begin_object (changes);
      json_builder_begin_object (diff);
      hd_store_diff_tickets (stored, ticket, changes, diff, &status_changed);
      json_builder_end_object (changes);
      json_builder_end_object (diff);

      /* The number and sync fields are not the command's to change. */
      hd_ticket_set_number (ticket, hd_ticket_get_number (stored));
      hd_ticket_set_number_provisional (ticket, hd_ticket_get_number_provisional (stored));
      hd_ticket_set_created_at (ticket, hd_ticket_get_created_at (stored));
      hd_ticket_set_server_revision (ticket, hd_ticket_get_server_revision (stored));
      hd_ticket_set_updated_at (ticket, now);
      hd_ticket_set_sync_state (ticket, HD_SYNC_STATE_PENDING);
      base_revision = hd_ticket_get_server_revision (stored);

      stmt = hd_store_prepare (self, hd_store_ticket_sql ()->update, error);
      if (stmt == NULL)
        return FALSE;
      hd_store_bind_ticket (stmt, ticket);
      if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
        return hd_store_fail (self, error, rc);
      if (!hd_attachment_lists_equal (G_LIST_MODEL (hd_ticket_get_attachments (stored)),
                                      G_LIST_MODEL (hd_ticket_get_attachments (ticket))) &&
          !hd_store_replace_attachments (self, ticket, error))
        return FALSE;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "uuid");
      json_builder_add_string_value (builder, hd_ticket_get_uuid (ticket));
      json_builder_set_member_name (builder, "base_revision");
      json_builder_add_int_value (builder, base_revision);
      json_builder_set_member_name (builder, "changes");
      json_builder_add_value (builder, json_builder_get_root (changes));
      entity_uuid = hd_ticket_get_uuid (ticket);
      kind = "ticket.update";
    }
  else
    {
      g_assert (events->len > 0);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "uuid");
      entity_uuid = hd_event_get_ticket_uuid (g_ptr_array_index (events, 0));
      json_builder_add_string_value (builder, entity_uuid);
      kind = "ticket.events";
    }

  json_builder_set_member_name (builder, "events");
  json_builder_begin_array (builder);
  for (guint i = 0; events != NULL && i < events->len; i++)
    {
      if (!hd_store_insert_event (self, g_ptr_array_index (events, i), error))
        return FALSE;
      hd_store_add_event_json (builder, g_ptr_array_index (events, i));
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  payload = hd_store_builder_to_string (builder);

  /* event-only commands use the "event.add" shape the sync engine knows,
   * one operation per event, all in this transaction. */
  if (ticket == NULL)
    {
      for (guint i = 0; i < events->len; i++)
        {
          g_autoptr(JsonBuilder) one = json_builder_new ();
          g_autofree char *one_payload = NULL;
          HdEvent *event = g_ptr_array_index (events, i);

          hd_store_add_event_json (one, event);
          one_payload = hd_store_builder_to_string (one);
          if (!hd_store_outbox_append (self, "event.add", hd_event_get_uuid (event),
                                       one_payload, now, error))
            return FALSE;
        }
      return TRUE;
    }

  return hd_store_outbox_append (self, kind, entity_uuid, payload, now, error);
}

/* Inside the transaction: the sealed value replaces the stored one, or
 * removes it when @sealed is NULL. */
static gboolean
write_sensitive (HdStore     *self,
                 const char  *ticket_uuid,
                 const char  *field,
                 const char  *sealed,
                 gint64       now,
                 GError     **error)
{
  g_autoptr(HdCachedStmt) stmt = NULL;
  int rc;

  if (sealed != NULL)
    stmt = hd_store_prepare (self,
                             "INSERT OR REPLACE INTO sensitive_fields (ticket_uuid, field, sealed, created_at)"
                             " VALUES (?1, ?2, ?3, ?4)", error);
  else
    stmt = hd_store_prepare (self,
                             "DELETE FROM sensitive_fields WHERE ticket_uuid = ?1 AND field = ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, ticket_uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, field, -1, SQLITE_STATIC);
  if (sealed != NULL)
    {
      sqlite3_bind_text (stmt, 3, sealed, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, now);
    }
  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    return hd_store_fail (self, error, rc);
  return TRUE;
}

gboolean
hd_store_apply_ticket_change (HdStore    *self,
                              HdTicket   *ticket,
                              GPtrArray  *events,
                              gint64      now,
                              GError    **error)
{
  return hd_store_apply_ticket_edit (self, ticket, events, NULL, NULL, now, error);
}

gboolean
hd_store_apply_ticket_edit (HdStore    *self,
                            HdTicket   *ticket,
                            GPtrArray  *events,
                            const char *sensitive_field,
                            const char *sealed,
                            gint64      now,
                            GError    **error)
{
  const char *uuid;

  g_return_val_if_fail (HD_IS_STORE (self), FALSE);
  g_return_val_if_fail (ticket == NULL || HD_IS_TICKET (ticket), FALSE);
  g_return_val_if_fail (ticket != NULL || (events != NULL && events->len > 0), FALSE);
  g_return_val_if_fail (sealed == NULL || g_str_has_prefix (sealed, "hdsb1:"), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (ticket != NULL && hd_ticket_get_uuid (ticket) == NULL)
    {
      g_set_error_literal (error, HD_STORE_ERROR, HD_STORE_ERROR_INVALID,
                           _("Save the ticket before changing it"));
      return FALSE;
    }

  uuid = ticket != NULL ? hd_ticket_get_uuid (ticket)
                        : hd_event_get_ticket_uuid (g_ptr_array_index (events, 0));
  if (!hd_store_begin (self, error))
    return FALSE;
  if (!apply_in_transaction (self, ticket, events, now, error) ||
      (sensitive_field != NULL &&
       !write_sensitive (self, uuid, sensitive_field, sealed, now, error)))
    {
      hd_store_rollback (self);
      return FALSE;
    }
  if (!hd_store_commit (self, error))
    return FALSE;

  if (ticket != NULL)
    hd_store_emit_tickets_changed (self);
  if (events != NULL && events->len > 0)
    hd_store_emit_events_changed (self, uuid);
  return TRUE;
}

JsonNode *
hd_store_diff_ticket_fields (HdTicket *stored,
                             HdTicket *ticket)
{
  g_autoptr(JsonBuilder) changes = json_builder_new ();
  g_autoptr(JsonBuilder) diff = json_builder_new ();
  gboolean status_changed = FALSE;
  guint n;

  g_return_val_if_fail (HD_IS_TICKET (stored), NULL);
  g_return_val_if_fail (HD_IS_TICKET (ticket), NULL);

  json_builder_begin_object (changes);
  json_builder_begin_object (diff);
  n = hd_store_diff_tickets (stored, ticket, changes, diff, &status_changed);
  json_builder_end_object (changes);
  json_builder_end_object (diff);
  return n > 0 ? json_builder_get_root (diff) : NULL;
}

gboolean
hd_store_apply_ticket_changes (HdStore    *self,
                               GPtrArray  *tickets,
                               GPtrArray  *event_lists,
                               gint64      now,
                               GError    **error)
{
  g_return_val_if_fail (HD_IS_STORE (self), FALSE);
  g_return_val_if_fail (tickets != NULL && event_lists != NULL, FALSE);
  g_return_val_if_fail (tickets->len == event_lists->len, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (tickets->len == 0)
    return TRUE;
  if (!hd_store_begin (self, error))
    return FALSE;
  for (guint i = 0; i < tickets->len; i++)
    if (!apply_in_transaction (self, g_ptr_array_index (tickets, i),
                               g_ptr_array_index (event_lists, i), now, error))
      {
        hd_store_rollback (self);
        return FALSE;
      }
  if (!hd_store_commit (self, error))
    return FALSE;

  /* One reload for the whole batch. */
  hd_store_emit_tickets_changed (self);
  for (guint i = 0; i < tickets->len; i++)
    hd_store_emit_events_changed (self, hd_ticket_get_uuid (g_ptr_array_index (tickets, i)));
  return TRUE;
}

gboolean
hd_store_get_progress (HdStore     *self,
                       const char  *ticket_uuid,
                       gint64      *last_progress_at,
                       gboolean    *has_initial_solution,
                       GError     **error)
{
  g_autoptr(HdCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (HD_IS_STORE (self), FALSE);
  g_return_val_if_fail (ticket_uuid != NULL, FALSE);

  stmt = hd_store_prepare (self,
                           "SELECT COALESCE(" HD_STORE_LAST_PROGRESS_SQL ", 0), "
                           HD_STORE_HAS_SOLUTION_SQL " FROM tickets WHERE uuid = ?1",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, ticket_uuid, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, HD_STORE_ERROR, HD_STORE_ERROR_NOT_FOUND,
                   _("Ticket “%s” was not found"), ticket_uuid);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return hd_store_fail (self, error, rc);

  if (last_progress_at != NULL)
    *last_progress_at = sqlite3_column_int64 (stmt, 0);
  if (has_initial_solution != NULL)
    *has_initial_solution = sqlite3_column_int (stmt, 1) != 0;
  return TRUE;
}

char **
hd_store_list_handlers (HdStore     *self,
                        GError     **error)
{
  g_autoptr(HdCachedStmt) stmt = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  int rc;

  g_return_val_if_fail (HD_IS_STORE (self), NULL);

  stmt = hd_store_prepare (self,
                           "SELECT DISTINCT handler FROM tickets"
                           " WHERE handler IS NOT NULL AND handler <> '' ORDER BY handler", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      hd_store_fail (self, error, rc);
      return NULL;
    }
  return g_strv_builder_end (builder);
}

void
hd_attention_count_free (HdAttentionCount *count)
{
  g_free (count->key);
  g_free (count);
}

GPtrArray *
hd_store_count_attention (HdStore     *self,
                          const char  *by,
                          gint64       now,
                          GError     **error)
{
  g_autoptr(GPtrArray) counts = g_ptr_array_new_with_free_func ((GDestroyNotify) hd_attention_count_free);
  g_autofree char *sql = NULL;
  const char *column;
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (HD_IS_STORE (self), NULL);

  if (g_strcmp0 (by, "group") == 0)
    column = "handling_group";
  else if (g_strcmp0 (by, "handler") == 0)
    column = "handler";
  else
    column = "NULL";

  sql = g_strdup_printf ("SELECT %s, COUNT(*),"
                         " SUM(status IN ('pending', 'in_progress') AND"
                         "     ((resolution_due > 0 AND resolution_due < ?1) OR"
                         "      (status = 'pending' AND first_response_at = 0 AND"
                         "       response_due > 0 AND response_due < ?1))),"
                         " SUM(escalated <> 0)"
                         " FROM tickets WHERE status <> 'closed' GROUP BY 1", column);

  db = hd_store_acquire_reader (self, error);
  if (db == NULL)
    return NULL;
  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, now);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          HdAttentionCount *count = g_new0 (HdAttentionCount, 1);

          count->key = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
          count->open = sqlite3_column_int (stmt, 1);
          count->overdue = sqlite3_column_int (stmt, 2);
          count->escalated = sqlite3_column_int (stmt, 3);
          g_ptr_array_add (counts, count);
        }
    }
  if (rc != SQLITE_DONE)
    g_set_error (error, HD_STORE_ERROR, HD_STORE_ERROR_IO, "%s", sqlite3_errmsg (db));
  sqlite3_finalize (stmt);
  hd_store_release_reader (self, db);

  return rc == SQLITE_DONE ? g_steal_pointer (&counts) : NULL;
}
