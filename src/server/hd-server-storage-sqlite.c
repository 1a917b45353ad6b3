/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-server-storage"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>
#include "hd-server-storage-sqlite-private.h"

#define SCHEMA_VERSION    3
#define BUSY_TIMEOUT_MSEC 10000

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

/* v3: satisfaction surveys (SPEC R6). */
static const char schema_v3[] =
  "CREATE TABLE surveys ("
  "  uuid        TEXT PRIMARY KEY NOT NULL,"
  "  ticket_uuid TEXT NOT NULL REFERENCES tickets (uuid),"
  "  token       TEXT NOT NULL UNIQUE,"
  "  created_at  INTEGER NOT NULL,"
  "  answered_at INTEGER NOT NULL DEFAULT 0,"
  "  rating      TEXT NOT NULL,"
  "  comment     TEXT,"
  "  via         TEXT"
  ");"
  "CREATE INDEX surveys_by_ticket ON surveys (ticket_uuid, created_at);";

/* Statement helpers --------------------------------------------------------- */

void
hd_sqlite_set_error (HdSqliteStorage *self,
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

sqlite3_stmt *
hd_sqlite_prepare (HdSqliteStorage *self,
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
      hd_sqlite_set_error (self, error, rc);
      return NULL;
    }
  g_hash_table_insert (self->stmts, (gpointer) sql, stmt);
  return stmt;
}

/* Prepares `sql` and binds `key` (text or NULL) to ?1. */
sqlite3_stmt *
hd_sqlite_prepare_key (HdSqliteStorage *self,
                       const char      *sql,
                       const char      *key,
                       GError         **error)
{
  sqlite3_stmt *stmt = hd_sqlite_prepare (self, sql, error);

  if (stmt != NULL)
    hd_sqlite_bind_text (stmt, 1, key);
  return stmt;
}

void
hd_sqlite_bind_text (sqlite3_stmt *stmt,
                     int           index,
                     const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

char *
hd_sqlite_column_text (sqlite3_stmt *stmt,
                       int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/* Runs a statement that returns no rows. */
gboolean
hd_sqlite_step_done (HdSqliteStorage *self,
                     sqlite3_stmt    *stmt,
                     GError         **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    {
      hd_sqlite_set_error (self, error, rc);
      return FALSE;
    }
  return TRUE;
}

/* Steps to the one row a lookup may find: TRUE with the row ready, FALSE
 * when there is none (error left unset) or on failure (error set). */
gboolean
hd_sqlite_step_row (HdSqliteStorage *self,
                    sqlite3_stmt    *stmt,
                    GError         **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    hd_sqlite_set_error (self, error, rc);
  return FALSE;
}

/* The first column of the row a statement must return, or -1 on error. */
gint64
hd_sqlite_step_int64 (HdSqliteStorage *self,
                      sqlite3_stmt    *stmt,
                      GError         **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_ROW)
    {
      hd_sqlite_set_error (self, error, rc);
      return -1;
    }
  return sqlite3_column_int64 (stmt, 0);
}

/* Passes every row to `add_row`, which adds it to `out`. */
gboolean
hd_sqlite_step_all (HdSqliteStorage *self,
                    sqlite3_stmt    *stmt,
                    GPtrArray       *out,
                    HdSqliteRowFunc  add_row,
                    GError         **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    add_row (stmt, out);
  if (rc != SQLITE_DONE)
    {
      hd_sqlite_set_error (self, error, rc);
      return FALSE;
    }
  return TRUE;
}

/* Runs `sql`, which returns no rows, with `key` bound to ?1. */
gboolean
hd_sqlite_run_key (HdSqliteStorage *self,
                   const char      *sql,
                   const char      *key,
                   GError         **error)
{
  g_autoptr(HdStmt) stmt = hd_sqlite_prepare_key (self, sql, key, error);

  return stmt != NULL && hd_sqlite_step_done (self, stmt, error);
}

/* Whether `sql` (one ?1 parameter) finds a row for `key`. */
gboolean
hd_sqlite_row_exists (HdSqliteStorage *self,
                      const char      *sql,
                      const char      *key,
                      gboolean        *exists,
                      GError         **error)
{
  g_autoptr(HdStmt) stmt = NULL;
  int rc;

  stmt = hd_sqlite_prepare_key (self, sql, key, error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      hd_sqlite_set_error (self, error, rc);
      return FALSE;
    }
  *exists = rc == SQLITE_ROW;
  return TRUE;
}

static gboolean
exec (HdSqliteStorage *self,
      const char      *sql,
      GError         **error)
{
  g_autoptr(HdStmt) stmt = hd_sqlite_prepare (self, sql, error);

  return stmt != NULL && hd_sqlite_step_done (self, stmt, error);
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
  .user_put = hd_sqlite_user_put,
  .user_get = hd_sqlite_user_get,
  .user_list = hd_sqlite_user_list,
  .token_put = hd_sqlite_token_put,
  .token_lookup = hd_sqlite_token_lookup,
  .token_delete = hd_sqlite_token_delete,
  .doc_get = hd_sqlite_doc_get,
  .doc_put = hd_sqlite_doc_put,
  .doc_list = hd_sqlite_doc_list,
  .op_get = hd_sqlite_op_get,
  .op_put = hd_sqlite_op_put,
  .ticket_get = hd_sqlite_ticket_get,
  .ticket_put = hd_sqlite_ticket_put,
  .next_serial = hd_sqlite_next_serial,
  .event_exists = hd_sqlite_event_exists,
  .event_put = hd_sqlite_event_put,
  .event_list = hd_sqlite_event_list,
  .change_append = hd_sqlite_change_append,
  .change_list = hd_sqlite_change_list,
  .change_head = hd_sqlite_change_head,
  .blob_put = hd_sqlite_blob_put,
  .blob_get = hd_sqlite_blob_get,
  .blob_exists = hd_sqlite_blob_exists,
  .survey_put = hd_sqlite_survey_put,
  .survey_get = hd_sqlite_survey_get,
  .survey_get_by_token = hd_sqlite_survey_get_by_token,
  .survey_get_latest = hd_sqlite_survey_get_latest,
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

  stmt = hd_sqlite_prepare (self, "PRAGMA user_version", error);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    {
      if (stmt != NULL)
        hd_sqlite_set_error (self, error, sqlite3_errcode (self->db));
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

  /* v2: a ticket's events by ticket (GET /tickets/UUID). */
  if (version < 2)
    {
      rc = sqlite3_exec (self->db, "CREATE INDEX events_ticket ON events (ticket_uuid);"
                                   "PRAGMA user_version = 2", NULL, NULL, &errmsg);
      if (rc != SQLITE_OK)
        {
          g_set_error (error, HD_SERVER_STORAGE_ERROR, HD_SERVER_STORAGE_ERROR_FAILED,
                       "Could not update the server database %s: %s", self->path,
                       errmsg != NULL ? errmsg : sqlite3_errstr (rc));
          sqlite3_free (errmsg);
          sqlite_rollback (&self->parent);
          return FALSE;
        }
    }

  if (version < 3)
    {
      rc = sqlite3_exec (self->db, schema_v3, NULL, NULL, &errmsg);
      if (rc == SQLITE_OK)
        rc = sqlite3_exec (self->db, "PRAGMA user_version = 3", NULL, NULL, &errmsg);
      if (rc != SQLITE_OK)
        {
          g_set_error (error, HD_SERVER_STORAGE_ERROR, HD_SERVER_STORAGE_ERROR_FAILED,
                       "Could not upgrade the server database %s: %s", self->path,
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
      hd_sqlite_set_error (self, error, rc);
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
