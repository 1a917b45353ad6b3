/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-server-storage"

#include "config.h"

#include "hd-server-storage-sqlite-private.h"

/* What a batch writes: operation replies, tickets and their events, the
 * change feed and attachment blobs. */

/* Operations ---------------------------------------------------------------- */

char *
hd_sqlite_op_get (HdServerStorage *storage,
                  const char      *op_uuid,
                  char           **user,
                  char           **digest,
                  GError         **error)
{
  HdSqliteStorage *self = (HdSqliteStorage *) storage;
  g_autoptr(HdStmt) stmt = NULL;

  stmt = hd_sqlite_prepare_key (self, "SELECT reply, user, digest FROM ops WHERE op_uuid = ?1",
                                op_uuid, error);
  if (stmt == NULL || !hd_sqlite_step_row (self, stmt, error))
    return NULL;
  if (user != NULL)
    *user = hd_sqlite_column_text (stmt, 1);
  if (digest != NULL)
    *digest = hd_sqlite_column_text (stmt, 2);
  return hd_sqlite_column_text (stmt, 0);
}

gboolean
hd_sqlite_op_put (HdServerStorage *storage,
                  const char      *op_uuid,
                  const char      *user,
                  const char      *digest,
                  const char      *reply,
                  GError         **error)
{
  HdSqliteStorage *self = (HdSqliteStorage *) storage;
  g_autoptr(HdStmt) stmt = NULL;

  stmt = hd_sqlite_prepare_key (self, "INSERT INTO ops (op_uuid, user, digest, reply)"
                                      " VALUES (?1, ?2, ?3, ?4)", op_uuid, error);
  if (stmt == NULL)
    return FALSE;
  hd_sqlite_bind_text (stmt, 2, user);
  hd_sqlite_bind_text (stmt, 3, digest);
  hd_sqlite_bind_text (stmt, 4, reply);
  return hd_sqlite_step_done (self, stmt, error);
}

/* Tickets, events, numbering ------------------------------------------------ */

HdServerTicket *
hd_sqlite_ticket_get (HdServerStorage *storage,
                      const char      *uuid,
                      GError         **error)
{
  HdSqliteStorage *self = (HdSqliteStorage *) storage;
  g_autoptr(HdStmt) stmt = NULL;
  HdServerTicket *ticket;

  stmt = hd_sqlite_prepare_key (self, "SELECT uuid, number, data, field_revisions, revision"
                                      " FROM tickets WHERE uuid = ?1", uuid, error);
  if (stmt == NULL || !hd_sqlite_step_row (self, stmt, error))
    return NULL;
  ticket = g_new0 (HdServerTicket, 1);
  ticket->uuid = hd_sqlite_column_text (stmt, 0);
  ticket->number = hd_sqlite_column_text (stmt, 1);
  ticket->data = hd_sqlite_column_text (stmt, 2);
  ticket->field_revisions = hd_sqlite_column_text (stmt, 3);
  ticket->revision = sqlite3_column_int64 (stmt, 4);
  return ticket;
}

gboolean
hd_sqlite_ticket_put (HdServerStorage      *storage,
                      const HdServerTicket *ticket,
                      gboolean              insert,
                      GError              **error)
{
  HdSqliteStorage *self = (HdSqliteStorage *) storage;
  g_autoptr(HdStmt) stmt = NULL;

  stmt = hd_sqlite_prepare_key (self, insert
                                ? "INSERT INTO tickets (uuid, number, data, field_revisions, revision)"
                                  " VALUES (?1, ?2, ?3, ?4, ?5)"
                                : "UPDATE tickets SET number = ?2, data = ?3, field_revisions = ?4,"
                                  " revision = ?5 WHERE uuid = ?1",
                                ticket->uuid, error);
  if (stmt == NULL)
    return FALSE;
  hd_sqlite_bind_text (stmt, 2, ticket->number);
  hd_sqlite_bind_text (stmt, 3, ticket->data);
  hd_sqlite_bind_text (stmt, 4, ticket->field_revisions);
  sqlite3_bind_int64 (stmt, 5, ticket->revision);
  return hd_sqlite_step_done (self, stmt, error);
}

gint64
hd_sqlite_next_serial (HdServerStorage *storage,
                       const char      *day,
                       GError         **error)
{
  HdSqliteStorage *self = (HdSqliteStorage *) storage;
  g_autoptr(HdStmt) read = NULL;

  /* Inside the caller's write transaction: no other writer can take the
   * same serial, and a rollback gives it back (no gaps). */
  if (!hd_sqlite_run_key (self, "INSERT INTO serials (day, last) VALUES (?1, 1)"
                                " ON CONFLICT (day) DO UPDATE SET last = last + 1", day, error))
    return -1;

  read = hd_sqlite_prepare_key (self, "SELECT last FROM serials WHERE day = ?1", day, error);
  if (read == NULL)
    return -1;
  return hd_sqlite_step_int64 (self, read, error);
}

gboolean
hd_sqlite_event_exists (HdServerStorage *storage,
                        const char      *uuid,
                        gboolean        *exists,
                        GError         **error)
{
  return hd_sqlite_row_exists ((HdSqliteStorage *) storage,
                               "SELECT 1 FROM events WHERE uuid = ?1", uuid, exists, error);
}

gboolean
hd_sqlite_event_put (HdServerStorage *storage,
                     const char      *uuid,
                     const char      *ticket_uuid,
                     const char      *data,
                     GError         **error)
{
  HdSqliteStorage *self = (HdSqliteStorage *) storage;
  g_autoptr(HdStmt) stmt = NULL;

  stmt = hd_sqlite_prepare_key (self, "INSERT INTO events (uuid, ticket_uuid, data)"
                                      " VALUES (?1, ?2, ?3)", uuid, error);
  if (stmt == NULL)
    return FALSE;
  hd_sqlite_bind_text (stmt, 2, ticket_uuid);
  hd_sqlite_bind_text (stmt, 3, data);
  return hd_sqlite_step_done (self, stmt, error);
}

static void
add_text_row (sqlite3_stmt *stmt,
              GPtrArray    *out)
{
  g_ptr_array_add (out, hd_sqlite_column_text (stmt, 0));
}

GPtrArray *
hd_sqlite_event_list (HdServerStorage *storage,
                      const char      *ticket_uuid,
                      GError         **error)
{
  HdSqliteStorage *self = (HdSqliteStorage *) storage;
  g_autoptr(HdStmt) stmt = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_free);

  stmt = hd_sqlite_prepare_key (self, "SELECT data FROM events WHERE ticket_uuid = ?1 ORDER BY rowid",
                                ticket_uuid, error);
  if (stmt == NULL || !hd_sqlite_step_all (self, stmt, events, add_text_row, error))
    return NULL;
  return g_steal_pointer (&events);
}

/* Change feed --------------------------------------------------------------- */

gint64
hd_sqlite_change_append (HdServerStorage      *storage,
                         const HdServerChange *change,
                         GError              **error)
{
  HdSqliteStorage *self = (HdSqliteStorage *) storage;
  g_autoptr(HdStmt) stmt = NULL;

  stmt = hd_sqlite_prepare_key (self, "INSERT INTO changes (entity, entity_uuid, op_uuid, author,"
                                      " changed_at, data, conflicts)"
                                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                                change->entity, error);
  if (stmt == NULL)
    return -1;
  hd_sqlite_bind_text (stmt, 2, change->entity_uuid);
  hd_sqlite_bind_text (stmt, 3, change->op_uuid);
  hd_sqlite_bind_text (stmt, 4, change->author);
  sqlite3_bind_int64 (stmt, 5, change->changed_at);
  hd_sqlite_bind_text (stmt, 6, change->data);
  hd_sqlite_bind_text (stmt, 7, change->conflicts);
  if (!hd_sqlite_step_done (self, stmt, error))
    return -1;
  return sqlite3_last_insert_rowid (self->db);
}

static void
add_change_row (sqlite3_stmt *stmt,
                GPtrArray    *changes)
{
  HdServerChange *change = g_new0 (HdServerChange, 1);

  change->revision = sqlite3_column_int64 (stmt, 0);
  change->entity = hd_sqlite_column_text (stmt, 1);
  change->entity_uuid = hd_sqlite_column_text (stmt, 2);
  change->op_uuid = hd_sqlite_column_text (stmt, 3);
  change->author = hd_sqlite_column_text (stmt, 4);
  change->changed_at = sqlite3_column_int64 (stmt, 5);
  change->data = hd_sqlite_column_text (stmt, 6);
  change->conflicts = hd_sqlite_column_text (stmt, 7);
  g_ptr_array_add (changes, change);
}

GPtrArray *
hd_sqlite_change_list (HdServerStorage *storage,
                       gint64           after,
                       guint            limit,
                       GError         **error)
{
  HdSqliteStorage *self = (HdSqliteStorage *) storage;
  g_autoptr(HdStmt) stmt = NULL;
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) hd_server_change_free);

  stmt = hd_sqlite_prepare (self, "SELECT revision, entity, entity_uuid, op_uuid, author,"
                                  " changed_at, data, conflicts FROM changes WHERE revision > ?1"
                                  " ORDER BY revision LIMIT ?2", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, after);
  sqlite3_bind_int64 (stmt, 2, limit);
  if (!hd_sqlite_step_all (self, stmt, changes, add_change_row, error))
    return NULL;
  return g_steal_pointer (&changes);
}

gint64
hd_sqlite_change_head (HdServerStorage *storage,
                       GError         **error)
{
  HdSqliteStorage *self = (HdSqliteStorage *) storage;
  g_autoptr(HdStmt) stmt = NULL;

  stmt = hd_sqlite_prepare (self, "SELECT COALESCE (MAX (revision), 0) FROM changes", error);
  if (stmt == NULL)
    return -1;
  return hd_sqlite_step_int64 (self, stmt, error);
}

/* Blobs --------------------------------------------------------------------- */

gboolean
hd_sqlite_blob_put (HdServerStorage *storage,
                    const char      *sha256,
                    GBytes          *bytes,
                    GError         **error)
{
  HdSqliteStorage *self = (HdSqliteStorage *) storage;
  g_autoptr(HdStmt) stmt = NULL;
  gsize size;
  gconstpointer data = g_bytes_get_data (bytes, &size);

  stmt = hd_sqlite_prepare_key (self, "INSERT INTO blobs (sha256, size, content)"
                                      " VALUES (?1, ?2, ?3) ON CONFLICT (sha256) DO NOTHING",
                                sha256, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 2, size);
  sqlite3_bind_blob64 (stmt, 3, data != NULL ? data : "", size, SQLITE_STATIC);
  return hd_sqlite_step_done (self, stmt, error);
}

GBytes *
hd_sqlite_blob_get (HdServerStorage *storage,
                    const char      *sha256,
                    GError         **error)
{
  HdSqliteStorage *self = (HdSqliteStorage *) storage;
  g_autoptr(HdStmt) stmt = NULL;

  stmt = hd_sqlite_prepare_key (self, "SELECT content FROM blobs WHERE sha256 = ?1",
                                sha256, error);
  if (stmt == NULL || !hd_sqlite_step_row (self, stmt, error))
    return NULL;
  return g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
}

gboolean
hd_sqlite_blob_exists (HdServerStorage *storage,
                       const char      *sha256,
                       gboolean        *exists,
                       GError         **error)
{
  return hd_sqlite_row_exists ((HdSqliteStorage *) storage,
                               "SELECT 1 FROM blobs WHERE sha256 = ?1", sha256, exists, error);
}
