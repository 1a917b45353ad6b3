/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-server-storage"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "hd-server-storage-sqlite.h"

#define SCHEMA_VERSION    1
#define BUSY_TIMEOUT_MSEC 10000

typedef struct {
  HdServerStorage parent;
  sqlite3 *db;
  char *path;
  GHashTable *stmts; /* SQL text → sqlite3_stmt, reset after each use */
} HdSqliteStorage;

static const char schema_v1[] =
  "CREATE TABLE users ("
  "  name          TEXT PRIMARY KEY NOT NULL,"
  "  role          TEXT NOT NULL,"
  "  grp           TEXT,"
  "  password_hash TEXT NOT NULL,"
  "  disabled      INTEGER NOT NULL DEFAULT 0,"
  "  created_at    INTEGER NOT NULL"
  ");"
  "CREATE TABLE tokens ("
  "  hash       TEXT PRIMARY KEY NOT NULL,"
  "  user       TEXT NOT NULL REFERENCES users (name),"
  "  expires_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX tokens_user ON tokens (user);"
  "CREATE TABLE docs ("
  "  key   TEXT PRIMARY KEY NOT NULL,"
  "  value TEXT NOT NULL"
  ");"
  "CREATE TABLE ops ("
  "  op_uuid TEXT PRIMARY KEY NOT NULL,"
  "  user    TEXT NOT NULL,"
  "  digest  TEXT NOT NULL,"
  "  reply   TEXT NOT NULL"
  ");"
  "CREATE TABLE tickets ("
  "  uuid            TEXT PRIMARY KEY NOT NULL,"
  "  number          TEXT NOT NULL UNIQUE,"
  "  data            TEXT NOT NULL,"
  "  field_revisions TEXT NOT NULL,"
  "  revision        INTEGER NOT NULL"
  ");"
  "CREATE TABLE serials ("
  "  day  TEXT PRIMARY KEY NOT NULL,"
  "  last INTEGER NOT NULL"
  ");"
  "CREATE TABLE events ("
  "  uuid        TEXT PRIMARY KEY NOT NULL,"
  "  ticket_uuid TEXT NOT NULL REFERENCES tickets (uuid),"
  "  data        TEXT NOT NULL"
  ");"
  "CREATE TABLE changes ("
  "  revision    INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  entity      TEXT NOT NULL,"
  "  entity_uuid TEXT NOT NULL,"
  "  op_uuid     TEXT,"
  "  author      TEXT,"
  "  changed_at  INTEGER NOT NULL,"
  "  data        TEXT NOT NULL,"
  "  conflicts   TEXT"
  ");"
  "CREATE TABLE blobs ("
  "  sha256  TEXT PRIMARY KEY NOT NULL,"
  "  size    INTEGER NOT NULL,"
  "  content BLOB NOT NULL"
  ");";

static void
set_error (HdSqliteStorage *self,
           GError         **error,
           int              rc)
{
  int code;

  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      code = HD_SERVER_STORAGE_ERROR_BUSY;
      break;
    case SQLITE_CONSTRAINT:
      code = HD_SERVER_STORAGE_ERROR_CONSTRAINT;
      break;
    default:
      code = HD_SERVER_STORAGE_ERROR_FAILED;
      break;
    }
  g_set_error (error, HD_SERVER_STORAGE_ERROR, code, "Storage error: %s",
               self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
}

static sqlite3_stmt *
prepare (HdSqliteStorage *self,
         const char      *sql,
         GError         **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->stmts, sql);
  int rc;

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_error (self, error, rc);
      return NULL;
    }
  g_hash_table_insert (self->stmts, (gpointer) sql, stmt);
  return stmt;
}

typedef sqlite3_stmt HdStmt;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HdStmt, sqlite3_reset)

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

static char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/* Runs a statement that returns no rows. */
static gboolean
step_done (HdSqliteStorage *self,
           sqlite3_stmt    *stmt,
           GError         **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    {
      set_error (self, error, rc);
      return FALSE;
    }
  return TRUE;
}

static gboolean
exec (HdSqliteStorage *self,
      const char      *sql,
      GError         **error)
{
  g_autoptr(HdStmt) stmt = prepare (self, sql, error);

  return stmt != NULL && step_done (self, stmt, error);
}

/* Transactions ------------------------------------------------------------ */

static gboolean
sqlite_begin (HdServerStorage *storage,
              GError         **error)
{
  /* IMMEDIATE takes the write lock now: writers from other processes queue
   * here (busy timeout), not half-way through an operation. */
  return exec ((HdSqliteStorage *) storage, "BEGIN IMMEDIATE", error);
}

static gboolean
sqlite_commit (HdServerStorage *storage,
               GError         **error)
{
  HdSqliteStorage *self = (HdSqliteStorage *) storage;

  if (!exec (self, "COMMIT", error))
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  return TRUE;
}

static void
sqlite_rollback (HdServerStorage *storage)
{
  HdSqliteStorage *self = (HdSqliteStorage *) storage;

  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

/* Users and tokens -------------------------------------------------------- */

static gboolean
sqlite_user_put (HdServerStorage    *storage,
                 const HdServerUser *user,
                 gboolean            insert,
                 GError            **error)
{
  HdSqliteStorage *self = (HdSqliteStorage *) storage;
  g_autoptr(HdStmt) stmt = NULL;

  stmt = prepare (self, insert
                  ? "INSERT INTO users (name, role, grp, password_hash, disabled, created_at)"
                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
                  : "UPDATE users SET role = ?2, grp = ?3, password_hash = ?4, disabled = ?5"
                    " WHERE name = ?1",
                  error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, user->name);
  bind_text (stmt, 2, user->role);
  bind_text (stmt, 3, user->group);
  bind_text (stmt, 4, user->password_hash);
  sqlite3_bind_int (stmt, 5, user->disabled ? 1 : 0);
  if (insert)
    sqlite3_bind_int64 (stmt, 6, user->created_at);
  return step_done (self, stmt, error);
}

static HdServerUser *
user_from_row (sqlite3_stmt *stmt)
{
  HdServerUser *user = g_new0 (HdServerUser, 1);

  user->name = column_text (stmt, 0);
  user->role = column_text (stmt, 1);
  user->group = column_text (stmt, 2);
  user->password_hash = column_text (stmt, 3);
  user->disabled = sqlite3_column_int (stmt, 4) != 0;
  user->created_at = sqlite3_column_int64 (stmt, 5);
  return user;
}

static HdServerUser *
sqlite_user_get (HdServerStorage *storage,
                 const char      *name,
                 GError         **error)
{
  HdSqliteStorage *self = (HdSqliteStorage *) storage;
  g_autoptr(HdStmt) stmt = NULL;
  int rc;

  stmt = prepare (self, "SELECT name, role, grp, password_hash, disabled, created_at"
                        " FROM users WHERE name = ?1", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, name);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return user_from_row (stmt);
  if (rc != SQLITE_DONE)
    set_error (self, error, rc);
  return NULL;
}

static GPtrArray *
sqlite_user_list (HdServerStorage *storage,
                  GError         **error)
{
  HdSqliteStorage *self = (HdSqliteStorage *) storage;
  g_autoptr(HdStmt) stmt = NULL;
  g_autoptr(GPtrArray) users = g_ptr_array_new_with_free_func ((GDestroyNotify) hd_server_user_free);
  int rc;

  stmt = prepare (self, "SELECT name, role, grp, password_hash, disabled, created_at"
                        " FROM users ORDER BY name", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (users, user_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      set_error (self, error, rc);
      return NULL;
    }
  return g_steal_pointer (&users);
}

static gboolean
sqlite_token_put (HdServerStorage *storage,
                  const char      *token_hash,
                  const char      *user,
                  gint64           expires_at,
                  GError         **error)
{
  HdSqliteStorage *self = (HdSqliteStorage *) storage;
  g_autoptr(HdStmt) stmt = NULL;

  stmt = prepare (self, "INSERT INTO tokens (hash, user, expires_at) VALUES (?1, ?2, ?3)", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, token_hash);
  bind_text (stmt, 2, user);
  sqlite3_bind_int64 (stmt, 3, expires_at);
  return step_done (self, stmt, error);
}

static char *
sqlite_token_lookup (HdServerStorage *storage,
                     const char      *token_hash,
                     gint64          *expires_at,
                     GError         **error)
{
  HdSqliteStorage *self = (HdSqliteStorage *) storage;
  g_autoptr(HdStmt) stmt = NULL;
  int rc;

  stmt = prepare (self, "SELECT user, expires_at FROM tokens WHERE hash = ?1", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, token_hash);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *expires_at = sqlite3_column_int64 (stmt, 1);
      return column_text (stmt, 0);
    }
  if (rc != SQLITE_DONE)
    set_error (self, error, rc);
  return NULL;
}

static gboolean
sqlite_token_delete (HdServerStorage *storage,
                     const char      *token_hash,
                     const char      *user,
                     GError         **error)
{
  HdSqliteStorage *self = (HdSqliteStorage *) storage;
  g_autoptr(HdStmt) stmt = NULL;

  if (token_hash != NULL)
    {
      stmt = prepare (self, "DELETE FROM tokens WHERE hash = ?1", error);
      if (stmt == NULL)
        return FALSE;
      bind_text (stmt, 1, token_hash);
    }
  else
    {
      stmt = prepare (self, "DELETE FROM tokens WHERE user = ?1", error);
      if (stmt == NULL)
        return FALSE;
      bind_text (stmt, 1, user);
    }
  return step_done (self, stmt, error);
}

/* Documents ----------------------------------------------------------------- */

static char *
sqlite_doc_get (HdServerStorage *storage,
                const char      *key,
                GError         **error)
{
  HdSqliteStorage *self = (HdSqliteStorage *) storage;
  g_autoptr(HdStmt) stmt = NULL;
  int rc;

  stmt = prepare (self, "SELECT value FROM docs WHERE key = ?1", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, key);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return column_text (stmt, 0);
  if (rc != SQLITE_DONE)
    set_error (self, error, rc);
  return NULL;
}

static gboolean
sqlite_doc_put (HdServerStorage *storage,
                const char      *key,
                const char      *value,
                GError         **error)
{
  HdSqliteStorage *self = (HdSqliteStorage *) storage;
  g_autoptr(HdStmt) stmt = NULL;

  if (value == NULL)
    {
      stmt = prepare (self, "DELETE FROM docs WHERE key = ?1", error);
      if (stmt == NULL)
        return FALSE;
      bind_text (stmt, 1, key);
      return step_done (self, stmt, error);
    }

  stmt = prepare (self, "INSERT INTO docs (key, value) VALUES (?1, ?2)"
                        " ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, key);
  bind_text (stmt, 2, value);
  return step_done (self, stmt, error);
}

static GPtrArray *
sqlite_doc_list (HdServerStorage *storage,
                 const char      *prefix,
                 GError         **error)
{
  HdSqliteStorage *self = (HdSqliteStorage *) storage;
  g_autoptr(HdStmt) stmt = NULL;
  g_autoptr(GPtrArray) pairs = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *upper = NULL;
  int rc;

  /* A range scan rather than LIKE: the prefix is data, not a pattern. */
  upper = g_strconcat (prefix, "\xf4\x8f\xbf\xbf", NULL);
  stmt = prepare (self, "SELECT key, value FROM docs WHERE key >= ?1 AND key < ?2"
                        " ORDER BY key", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, prefix);
  bind_text (stmt, 2, upper);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (pairs, column_text (stmt, 0));
      g_ptr_array_add (pairs, column_text (stmt, 1));
    }
  if (rc != SQLITE_DONE)
    {
      set_error (self, error, rc);
      return NULL;
    }
  return g_steal_pointer (&pairs);
}

/* Operations ---------------------------------------------------------------- */

static char *
sqlite_op_get (HdServerStorage *storage,
               const char      *op_uuid,
               char           **user,
               char           **digest,
               GError         **error)
{
  HdSqliteStorage *self = (HdSqliteStorage *) storage;
  g_autoptr(HdStmt) stmt = NULL;
  int rc;

  stmt = prepare (self, "SELECT reply, user, digest FROM ops WHERE op_uuid = ?1", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, op_uuid);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      if (user != NULL)
        *user = column_text (stmt, 1);
      if (digest != NULL)
        *digest = column_text (stmt, 2);
      return column_text (stmt, 0);
    }
  if (rc != SQLITE_DONE)
    set_error (self, error, rc);
  return NULL;
}

static gboolean
sqlite_op_put (HdServerStorage *storage,
               const char      *op_uuid,
               const char      *user,
               const char      *digest,
               const char      *reply,
               GError         **error)
{
  HdSqliteStorage *self = (HdSqliteStorage *) storage;
  g_autoptr(HdStmt) stmt = NULL;

  stmt = prepare (self, "INSERT INTO ops (op_uuid, user, digest, reply) VALUES (?1, ?2, ?3, ?4)",
                  error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, op_uuid);
  bind_text (stmt, 2, user);
  bind_text (stmt, 3, digest);
  bind_text (stmt, 4, reply);
  return step_done (self, stmt, error);
}

/* Tickets, events, numbering ------------------------------------------------ */

static HdServerTicket *
sqlite_ticket_get (HdServerStorage *storage,
                   const char      *uuid,
                   GError         **error)
{
  HdSqliteStorage *self = (HdSqliteStorage *) storage;
  g_autoptr(HdStmt) stmt = NULL;
  HdServerTicket *ticket;
  int rc;

  stmt = prepare (self, "SELECT uuid, number, data, field_revisions, revision"
                        " FROM tickets WHERE uuid = ?1", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, uuid);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc != SQLITE_DONE)
        set_error (self, error, rc);
      return NULL;
    }
  ticket = g_new0 (HdServerTicket, 1);
  ticket->uuid = column_text (stmt, 0);
  ticket->number = column_text (stmt, 1);
  ticket->data = column_text (stmt, 2);
  ticket->field_revisions = column_text (stmt, 3);
  ticket->revision = sqlite3_column_int64 (stmt, 4);
  return ticket;
}

static gboolean
sqlite_ticket_put (HdServerStorage      *storage,
                   const HdServerTicket *ticket,
                   gboolean              insert,
                   GError              **error)
{
  HdSqliteStorage *self = (HdSqliteStorage *) storage;
  g_autoptr(HdStmt) stmt = NULL;

  stmt = prepare (self, insert
                  ? "INSERT INTO tickets (uuid, number, data, field_revisions, revision)"
                    " VALUES (?1, ?2, ?3, ?4, ?5)"
                  : "UPDATE tickets SET number = ?2, data = ?3, field_revisions = ?4,"
                    " revision = ?5 WHERE uuid = ?1",
                  error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, ticket->uuid);
  bind_text (stmt, 2, ticket->number);
  bind_text (stmt, 3, ticket->data);
  bind_text (stmt, 4, ticket->field_revisions);
  sqlite3_bind_int64 (stmt, 5, ticket->revision);
  return step_done (self, stmt, error);
}

static gint64
sqlite_next_serial (HdServerStorage *storage,
                    const char      *day,
                    GError         **error)
{
  HdSqliteStorage *self = (HdSqliteStorage *) storage;
  g_autoptr(HdStmt) bump = NULL;
  g_autoptr(HdStmt) read = NULL;
  int rc;

  /* Inside the caller's write transaction: no other writer can take the
   * same serial, and a rollback gives it back (no gaps). */
  bump = prepare (self, "INSERT INTO serials (day, last) VALUES (?1, 1)"
                        " ON CONFLICT (day) DO UPDATE SET last = last + 1", error);
  if (bump == NULL)
    return -1;
  bind_text (bump, 1, day);
  if (!step_done (self, bump, error))
    return -1;

  read = prepare (self, "SELECT last FROM serials WHERE day = ?1", error);
  if (read == NULL)
    return -1;
  bind_text (read, 1, day);
  rc = sqlite3_step (read);
  if (rc != SQLITE_ROW)
    {
      set_error (self, error, rc);
      return -1;
    }
  return sqlite3_column_int64 (read, 0);
}

/* Whether `sql` (one ?1 parameter) finds a row for `key`. */
static gboolean
row_exists (HdSqliteStorage *self,
            const char      *sql,
            const char      *key,
            gboolean        *exists,
            GError         **error)
{
  g_autoptr(HdStmt) stmt = NULL;
  int rc;

  stmt = prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, key);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      set_error (self, error, rc);
      return FALSE;
    }
  *exists = rc == SQLITE_ROW;
  return TRUE;
}

static gboolean
sqlite_event_exists (HdServerStorage *storage,
                     const char      *uuid,
                     gboolean        *exists,
                     GError         **error)
{
  return row_exists ((HdSqliteStorage *) storage, "SELECT 1 FROM events WHERE uuid = ?1",
                     uuid, exists, error);
}

static gboolean
sqlite_event_put (HdServerStorage *storage,
                  const char      *uuid,
                  const char      *ticket_uuid,
                  const char      *data,
                  GError         **error)
{
  HdSqliteStorage *self = (HdSqliteStorage *) storage;
  g_autoptr(HdStmt) stmt = NULL;

  stmt = prepare (self, "INSERT INTO events (uuid, ticket_uuid, data) VALUES (?1, ?2, ?3)", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, uuid);
  bind_text (stmt, 2, ticket_uuid);
  bind_text (stmt, 3, data);
  return step_done (self, stmt, error);
}

/* Change feed --------------------------------------------------------------- */

static gint64
sqlite_change_append (HdServerStorage      *storage,
                      const HdServerChange *change,
                      GError              **error)
{
  HdSqliteStorage *self = (HdSqliteStorage *) storage;
  g_autoptr(HdStmt) stmt = NULL;

  stmt = prepare (self, "INSERT INTO changes (entity, entity_uuid, op_uuid, author,"
                        " changed_at, data, conflicts) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                  error);
  if (stmt == NULL)
    return -1;
  bind_text (stmt, 1, change->entity);
  bind_text (stmt, 2, change->entity_uuid);
  bind_text (stmt, 3, change->op_uuid);
  bind_text (stmt, 4, change->author);
  sqlite3_bind_int64 (stmt, 5, change->changed_at);
  bind_text (stmt, 6, change->data);
  bind_text (stmt, 7, change->conflicts);
  if (!step_done (self, stmt, error))
    return -1;
  return sqlite3_last_insert_rowid (self->db);
}

static GPtrArray *
sqlite_change_list (HdServerStorage *storage,
                    gint64           after,
                    guint            limit,
                    GError         **error)
{
  HdSqliteStorage *self = (HdSqliteStorage *) storage;
  g_autoptr(HdStmt) stmt = NULL;
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) hd_server_change_free);
  int rc;

  stmt = prepare (self, "SELECT revision, entity, entity_uuid, op_uuid, author, changed_at,"
                        " data, conflicts FROM changes WHERE revision > ?1"
                        " ORDER BY revision LIMIT ?2", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, after);
  sqlite3_bind_int64 (stmt, 2, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HdServerChange *change = g_new0 (HdServerChange, 1);

      change->revision = sqlite3_column_int64 (stmt, 0);
      change->entity = column_text (stmt, 1);
      change->entity_uuid = column_text (stmt, 2);
      change->op_uuid = column_text (stmt, 3);
      change->author = column_text (stmt, 4);
      change->changed_at = sqlite3_column_int64 (stmt, 5);
      change->data = column_text (stmt, 6);
      change->conflicts = column_text (stmt, 7);
      g_ptr_array_add (changes, change);
    }
  if (rc != SQLITE_DONE)
    {
      set_error (self, error, rc);
      return NULL;
    }
  return g_steal_pointer (&changes);
}

static gint64
sqlite_change_head (HdServerStorage *storage,
                    GError         **error)
{
  HdSqliteStorage *self = (HdSqliteStorage *) storage;
  g_autoptr(HdStmt) stmt = NULL;
  int rc;

  stmt = prepare (self, "SELECT COALESCE (MAX (revision), 0) FROM changes", error);
  if (stmt == NULL)
    return -1;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      set_error (self, error, rc);
      return -1;
    }
  return sqlite3_column_int64 (stmt, 0);
}

/* Blobs --------------------------------------------------------------------- */

static gboolean
sqlite_blob_put (HdServerStorage *storage,
                 const char      *sha256,
                 GBytes          *bytes,
                 GError         **error)
{
  HdSqliteStorage *self = (HdSqliteStorage *) storage;
  g_autoptr(HdStmt) stmt = NULL;
  gsize size;
  gconstpointer data = g_bytes_get_data (bytes, &size);

  stmt = prepare (self, "INSERT INTO blobs (sha256, size, content) VALUES (?1, ?2, ?3)"
                        " ON CONFLICT (sha256) DO NOTHING", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, sha256);
  sqlite3_bind_int64 (stmt, 2, size);
  sqlite3_bind_blob64 (stmt, 3, data != NULL ? data : "", size, SQLITE_STATIC);
  return step_done (self, stmt, error);
}

static GBytes *
sqlite_blob_get (HdServerStorage *storage,
                 const char      *sha256,
                 GError         **error)
{
  HdSqliteStorage *self = (HdSqliteStorage *) storage;
  g_autoptr(HdStmt) stmt = NULL;
  int rc;

  stmt = prepare (self, "SELECT content FROM blobs WHERE sha256 = ?1", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, sha256);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
  if (rc != SQLITE_DONE)
    set_error (self, error, rc);
  return NULL;
}

static gboolean
sqlite_blob_exists (HdServerStorage *storage,
                    const char      *sha256,
                    gboolean        *exists,
                    GError         **error)
{
  return row_exists ((HdSqliteStorage *) storage, "SELECT 1 FROM blobs WHERE sha256 = ?1",
                     sha256, exists, error);
}

/* Opening ------------------------------------------------------------------- */

static void
sqlite_free (HdServerStorage *storage)
{
  HdSqliteStorage *self = (HdSqliteStorage *) storage;

  g_clear_pointer (&self->stmts, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close (self->db);
  g_free (self->path);
  g_free (self);
}

static const HdServerStorageVTable sqlite_vtable = {
  .free = sqlite_free,
  .begin = sqlite_begin,
  .commit = sqlite_commit,
  .rollback = sqlite_rollback,
  .user_put = sqlite_user_put,
  .user_get = sqlite_user_get,
  .user_list = sqlite_user_list,
  .token_put = sqlite_token_put,
  .token_lookup = sqlite_token_lookup,
  .token_delete = sqlite_token_delete,
  .doc_get = sqlite_doc_get,
  .doc_put = sqlite_doc_put,
  .doc_list = sqlite_doc_list,
  .op_get = sqlite_op_get,
  .op_put = sqlite_op_put,
  .ticket_get = sqlite_ticket_get,
  .ticket_put = sqlite_ticket_put,
  .next_serial = sqlite_next_serial,
  .event_exists = sqlite_event_exists,
  .event_put = sqlite_event_put,
  .change_append = sqlite_change_append,
  .change_list = sqlite_change_list,
  .change_head = sqlite_change_head,
  .blob_put = sqlite_blob_put,
  .blob_get = sqlite_blob_get,
  .blob_exists = sqlite_blob_exists,
};

static gboolean
migrate (HdSqliteStorage *self,
         GError         **error)
{
  g_autoptr(HdStmt) stmt = NULL;
  char *errmsg = NULL;
  int version;
  int rc;

  if (!sqlite_begin (&self->parent, error))
    return FALSE;

  stmt = prepare (self, "PRAGMA user_version", error);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    {
      if (stmt != NULL)
        set_error (self, error, sqlite3_errcode (self->db));
      sqlite_rollback (&self->parent);
      return FALSE;
    }
  version = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);

  if (version > SCHEMA_VERSION)
    {
      sqlite_rollback (&self->parent);
      g_set_error (error, HD_SERVER_STORAGE_ERROR, HD_SERVER_STORAGE_ERROR_FAILED,
                   "The server database %s has schema %d; this server knows %d",
                   self->path, version, SCHEMA_VERSION);
      return FALSE;
    }

  if (version < 1)
    {
      rc = sqlite3_exec (self->db, schema_v1, NULL, NULL, &errmsg);
      if (rc == SQLITE_OK)
        rc = sqlite3_exec (self->db, "PRAGMA user_version = 1", NULL, NULL, &errmsg);
      if (rc != SQLITE_OK)
        {
          g_set_error (error, HD_SERVER_STORAGE_ERROR, HD_SERVER_STORAGE_ERROR_FAILED,
                       "Could not create the server database %s: %s", self->path,
                       errmsg != NULL ? errmsg : sqlite3_errstr (rc));
          sqlite3_free (errmsg);
          sqlite_rollback (&self->parent);
          return FALSE;
        }
    }

  return sqlite_commit (&self->parent, error);
}

HdServerStorage *
hd_server_storage_sqlite_open (const char  *path,
                               GError     **error)
{
  HdSqliteStorage *self;
  g_autofree char *dir = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, HD_SERVER_STORAGE_ERROR, HD_SERVER_STORAGE_ERROR_FAILED,
                   "Could not create %s: %s", dir, g_strerror (saved_errno));
      return NULL;
    }

  self = g_new0 (HdSqliteStorage, 1);
  self->parent.vtable = &sqlite_vtable;
  self->path = g_strdup (path);
  self->stmts = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                       (GDestroyNotify) sqlite3_finalize);

  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_extended_result_codes (self->db, 1);
      sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MSEC);
      /* WAL: the change feed reads while batches write; FULL: a reply is
       * only sent for an operation that is on disk. */
      rc = sqlite3_exec (self->db,
                         "PRAGMA journal_mode=WAL;"
                         "PRAGMA synchronous=FULL;"
                         "PRAGMA foreign_keys=ON;",
                         NULL, NULL, NULL);
    }
  if (rc != SQLITE_OK)
    {
      set_error (self, error, rc);
      sqlite_free (&self->parent);
      return NULL;
    }

  if (!migrate (self, error))
    {
      sqlite_free (&self->parent);
      return NULL;
    }

  return &self->parent;
}
