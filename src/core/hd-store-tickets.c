/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "hd-attachment.h"
#include "hd-store-private.h"
#include "hd-uuid.h"

/* Ticket commands and lookups. Each command is one transaction holding the
 * rows, the timeline events and the outbox operation. */

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
      g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, created_at);

      /* The number goes in as text: a format macro would cut the message
       * short for xgettext. */
      g_set_error (error, HD_STORE_ERROR, HD_STORE_ERROR_INVALID,
                   _("The creation time %s is out of range"), value);
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
      g_autofree char *uuid = hd_uuid_new ();
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

  stmt = hd_store_prepare (self, hd_store_ticket_sql ()->insert, error);
  if (stmt == NULL)
    return FALSE;
  hd_store_bind_ticket (stmt, ticket);
  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    return hd_store_fail (self, error, rc);

  if (!hd_store_insert_attachments (self, ticket, error))
    return FALSE;

  event_uuid = hd_uuid_new ();
  event = hd_event_new (event_uuid, hd_ticket_get_uuid (ticket), HD_EVENT_CREATED, author,
                        hd_ticket_get_created_at (ticket), NULL, NULL);
  if (!hd_store_insert_event (self, event, error))
    return FALSE;

  /* One operation per command: the server applies ticket and timeline
   * together, and a replay of the op_uuid is recognised as one. */
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ticket");
  hd_store_add_ticket_json (builder, ticket);
  json_builder_set_member_name (builder, "events");
  json_builder_begin_array (builder);
  hd_store_add_event_json (builder, event);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  payload = hd_store_builder_to_string (builder);

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

  if (!hd_store_load_attachments (self, ticket, error))
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

  return load_ticket (self, hd_store_ticket_sql ()->select_uuid, uuid, error);
}

HdTicket *
hd_store_get_ticket_by_number (HdStore     *self,
                               const char  *number,
                               GError     **error)
{
  g_return_val_if_fail (HD_IS_STORE (self), NULL);
  g_return_val_if_fail (number != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return load_ticket (self, hd_store_ticket_sql ()->select_number, number, error);
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
  n_changed = hd_store_diff_tickets (stored, ticket, changes, diff, &status_changed);
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

  if (status_changed)
    {
      g_autofree char *uuid = hd_uuid_new ();
      g_autofree char *data = g_strdup_printf ("{\"from\":\"%s\",\"to\":\"%s\"}",
                                               hd_status_to_id (hd_ticket_get_status (stored)),
                                               hd_status_to_id (hd_ticket_get_status (ticket)));
      g_ptr_array_add (events, hd_event_new (uuid, hd_ticket_get_uuid (ticket),
                                             HD_EVENT_STATUS_CHANGE, author, now, NULL, data));
    }
  if (n_changed > 0)
    {
      g_autofree char *uuid = hd_uuid_new ();
      g_autofree char *fields_json = hd_store_builder_to_string (diff);
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
  payload = hd_store_builder_to_string (builder);

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
