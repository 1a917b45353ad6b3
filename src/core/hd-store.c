/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "hd-store-private.h"

/* hd_store_open() runs a complete PRAGMA quick_check only on files up to this
 * size. quick_check reads every page and, in SQLite 3.40, cannot be stopped
 * part-way through a B-tree (the progress handler is not called inside
 * it): ~75 ms at 10 000 tickets (25 MiB), ~660 ms at 100 000. Larger files
 * get only their small tables checked (numbering, meta): even the outbox
 * can hold 100 000 operations after a long time offline;
 * damage elsewhere maps to HD_STORE_ERROR_CORRUPT on the first read that
 * meets it, and hd_store_check_integrity() runs the full check on request. */
#define OPEN_FULL_CHECK_MAX_BYTES (16 * 1024 * 1024)
#define BUSY_TIMEOUT_MSEC      5000
/* Readers kept open between uses: the board's five columns and their
 * search read at once on each keystroke. A reader opened anew parses the
 * whole schema (triggers, full-text tables) on its first statement. */
#define MAX_IDLE_READERS       8
/* A reader's page cache: the pages of one query at a time. */
#define READER_DEFAULTS        "PRAGMA mmap_size = 0; PRAGMA cache_size = -1024"

G_DEFINE_FINAL_TYPE (HdStore, hd_store, G_TYPE_OBJECT)
G_DEFINE_QUARK (hd-store-error-quark, hd_store_error)

enum {
  TICKETS_CHANGED,
  EVENTS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Marks the statements hd_store_reader_prepare() keeps on a reader, among
 * the connection's others (FTS5 keeps its own there). */
#define KEPT_MARK "/* kept */ "

/* Closes @reader with the statements kept on it (hd_store_reader_prepare). */
static void
close_reader (sqlite3 *reader)
{
  sqlite3_stmt *stmt = sqlite3_next_stmt (reader, NULL);

  while (stmt != NULL)
    {
      sqlite3_stmt *next = sqlite3_next_stmt (reader, stmt);

      if (g_str_has_prefix (sqlite3_sql (stmt), KEPT_MARK))
        sqlite3_finalize (stmt);
      stmt = next;
    }
  sqlite3_close (reader);
}

static void
hd_store_finalize (GObject *object)
{
  HdStore *self = (HdStore *)object;

  g_clear_pointer (&self->stmts, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close (self->db);
  if (self->idle_readers != NULL)
    {
      for (guint i = 0; i < self->idle_readers->len; i++)
        close_reader (g_ptr_array_index (self->idle_readers, i));
      g_ptr_array_unref (self->idle_readers);
    }
  g_mutex_clear (&self->readers_lock);
  g_free (self->path);

  G_OBJECT_CLASS (hd_store_parent_class)->finalize (object);
}

static void
hd_store_class_init (HdStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hd_store_finalize;

  signals[TICKETS_CHANGED] =
    g_signal_new ("tickets-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[EVENTS_CHANGED] =
    g_signal_new ("events-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
hd_store_init (HdStore *self)
{
  self->stmts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) sqlite3_finalize);
  g_mutex_init (&self->readers_lock);
  self->idle_readers = g_ptr_array_new ();
}

/* Errors ------------------------------------------------------------------- */

void
hd_store_set_error (HdStore    *self,
                    GError    **error,
                    int         rc,
                    const char *errmsg)
{
  const char *path = self->path;

  if (errmsg == NULL)
    errmsg = sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, HD_STORE_ERROR, HD_STORE_ERROR_CORRUPT,
                   _("The ticket database “%s” is damaged or is not a Help Desk database (%s)"),
                   path, errmsg);
      break;
    case SQLITE_FULL:
      g_set_error (error, HD_STORE_ERROR, HD_STORE_ERROR_DISK_FULL,
                   _("There is not enough disk space to save to “%s”; the change was not saved (%s)"),
                   path, errmsg);
      break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
      g_set_error (error, HD_STORE_ERROR, HD_STORE_ERROR_READ_ONLY,
                   _("The ticket database “%s” is read-only (%s)"), path, errmsg);
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, HD_STORE_ERROR, HD_STORE_ERROR_BUSY,
                   _("The ticket database “%s” is in use by another program (%s)"),
                   path, errmsg);
      break;
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_RANGE:
      g_set_error (error, HD_STORE_ERROR, HD_STORE_ERROR_INVALID,
                   _("A change to “%s” was refused because it conflicts with stored data (%s)"),
                   path, errmsg);
      break;
    case SQLITE_INTERRUPT:
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, errmsg);
      break;
    default:
      g_set_error (error, HD_STORE_ERROR, HD_STORE_ERROR_IO,
                   _("Could not read or write the ticket database “%s” (%s)"),
                   path, errmsg);
      break;
    }
}

/* Sets @error from the main connection's last error, then rolls back an open
 * transaction (which resets the message, hence the copy first). */
gboolean
hd_store_fail (HdStore  *self,
               GError  **error,
               int       rc)
{
  g_autofree char *errmsg = g_strdup (sqlite3_errmsg (self->db));

  hd_store_set_error (self, error, rc, errmsg);
  hd_store_rollback (self);
  return FALSE;
}

/* Statements and transactions --------------------------------------------- */

sqlite3_stmt *
hd_store_prepare (HdStore     *self,
                  const char  *sql,
                  GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = g_hash_table_lookup (self->stmts, sql);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      hd_store_fail (self, error, rc);
      return NULL;
    }

  g_hash_table_insert (self->stmts, g_strdup (sql), stmt);
  return stmt;
}

static gboolean
exec_cached (HdStore     *self,
             const char  *sql,
             GError     **error)
{
  g_autoptr(HdCachedStmt) stmt = hd_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    ;
  if (rc != SQLITE_DONE)
    return hd_store_fail (self, error, rc);
  return TRUE;
}

gboolean
hd_store_begin (HdStore  *self,
                GError  **error)
{
  /* IMMEDIATE takes the write lock now, so a busy database fails here (after
   * the busy timeout) rather than half-way through the command. */
  return exec_cached (self, "BEGIN IMMEDIATE", error);
}

gboolean
hd_store_commit (HdStore  *self,
                 GError  **error)
{
  return exec_cached (self, "COMMIT", error);
}

void
hd_store_rollback (HdStore *self)
{
  /* SQLite may already have rolled back by itself (SQLITE_FULL, IOERR). */
  if (self->db != NULL && !sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

void
hd_store_emit_tickets_changed (HdStore *self)
{
  g_signal_emit (self, signals[TICKETS_CHANGED], 0);
}

void
hd_store_emit_events_changed (HdStore    *self,
                              const char *ticket_uuid)
{
  g_signal_emit (self, signals[EVENTS_CHANGED], 0, ticket_uuid);
}

sqlite3 *
hd_store_get_db (HdStore *self)
{
  g_return_val_if_fail (HD_IS_STORE (self), NULL);
  return self->db;
}

/* Opening ------------------------------------------------------------------- */

static guint32
read_be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static gboolean
file_nonempty (const char *path)
{
  GStatBuf st;
  return g_stat (path, &st) == 0 && st.st_size > 0;
}

/* Rejects what is plainly not an SQLite database, or one cut short, before
 * SQLite opens it: nothing is written to such a file. */
static gboolean
check_header (HdStore  *self,
              gboolean *exists,
              GError  **error)
{
  static const char magic[16] = "SQLite format 3";
  g_autofree char *wal = NULL;
  g_autofree char *journal = NULL;
  guint8 header[100];
  GStatBuf st;
  gssize n;
  int fd;

  *exists = FALSE;
  fd = g_open (self->path, O_RDONLY, 0);
  if (fd < 0)
    {
      int saved_errno = errno;

      if (saved_errno == ENOENT)
        return TRUE;
      g_set_error (error, HD_STORE_ERROR,
                   saved_errno == EACCES ? HD_STORE_ERROR_READ_ONLY : HD_STORE_ERROR_IO,
                   _("Could not open the ticket database “%s”: %s"),
                   self->path, g_strerror (saved_errno));
      return FALSE;
    }

  *exists = TRUE;
  if (fstat (fd, &st) != 0)
    st.st_size = 0;
  n = read (fd, header, sizeof header);
  close (fd);

  if (n == 0 && st.st_size == 0)
    return TRUE; /* an empty file is an empty database */

  if (n < (gssize) sizeof header || memcmp (header, magic, sizeof magic) != 0)
    {
      hd_store_set_error (self, error, SQLITE_NOTADB, "not an SQLite file");
      return FALSE;
    }

  /* The page count in the header is valid when the change counter (24) equals
   * version-valid-for (92). A main file shorter than that lost pages — unless a
   * WAL or hot journal still holds them. */
  wal = g_strconcat (self->path, "-wal", NULL);
  journal = g_strconcat (self->path, "-journal", NULL);
  if (read_be32 (header + 24) == read_be32 (header + 92) &&
      !file_nonempty (wal) && !file_nonempty (journal))
    {
      guint32 page_size = ((guint32) header[16] << 8) | header[17];
      guint32 n_pages = read_be32 (header + 28);

      if (page_size == 1)
        page_size = 65536;
      if (n_pages > 0 && (goffset) st.st_size < (goffset) page_size * n_pages)
        {
          hd_store_set_error (self, error, SQLITE_CORRUPT, "the file is shorter than its header says");
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
run_check (HdStore     *self,
           const char  *pragma,
           GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *problem = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, pragma, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          const char *result = (const char *) sqlite3_column_text (stmt, 0);
          if (g_strcmp0 (result, "ok") != 0)
            problem = g_strdup (result);
          rc = SQLITE_OK;
        }
    }

  if (rc != SQLITE_OK && rc != SQLITE_DONE)
    {
      g_autofree char *errmsg = g_strdup (sqlite3_errmsg (self->db));
      sqlite3_finalize (stmt);
      hd_store_set_error (self, error, rc, errmsg);
      return FALSE;
    }
  sqlite3_finalize (stmt);

  if (problem != NULL)
    {
      hd_store_set_error (self, error, SQLITE_CORRUPT, problem);
      return FALSE;
    }
  return TRUE;
}

static gint64
pragma_int (HdStore    *self,
            const char *pragma)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  if (sqlite3_prepare_v2 (self->db, pragma, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static gboolean
open_check (HdStore  *self,
            int       version,
            GError  **error)
{
  gint64 size = pragma_int (self, "PRAGMA page_count") * pragma_int (self, "PRAGMA page_size");

  if (version < 1 || size <= OPEN_FULL_CHECK_MAX_BYTES)
    return run_check (self, "PRAGMA quick_check(1)", error);

  g_debug ("%s: %" G_GINT64_FORMAT " bytes, checking the small tables only", self->path, size);
  return run_check (self, "PRAGMA quick_check(number_serials)", error) &&
         run_check (self, "PRAGMA quick_check(meta)", error);
}

static gboolean
read_user_version (HdStore  *self,
                   int      *version,
                   GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *version = sqlite3_column_int (stmt, 0);
      sqlite3_finalize (stmt);
      return TRUE;
    }

  {
    g_autofree char *errmsg = g_strdup (sqlite3_errmsg (self->db));
    sqlite3_finalize (stmt);
    hd_store_set_error (self, error, rc, errmsg);
  }
  return FALSE;
}

static void
close_untouched (HdStore *self)
{
  /* Closing the last connection would otherwise checkpoint a WAL left by an
   * earlier session into a file we are refusing to touch. */
  if (self->db != NULL)
    {
      sqlite3_db_config (self->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
      sqlite3_close (self->db);
      self->db = NULL;
    }
}

static gboolean
migrate (HdStore  *self,
         GError  **error)
{
  int version;

  if (!hd_store_begin (self, error))
    return FALSE;

  /* Another process may have upgraded the file while we waited for the lock. */
  if (!read_user_version (self, &version, error))
    {
      hd_store_rollback (self);
      return FALSE;
    }

  if (version < HD_STORE_SCHEMA_VERSION &&
      !hd_store_schema_migrate (self->db, version, HD_STORE_SCHEMA_VERSION, error))
    {
      hd_store_rollback (self);
      return FALSE;
    }

  if (!hd_store_commit (self, error))
    return FALSE;

  self->schema_version = HD_STORE_SCHEMA_VERSION;
  return TRUE;
}

/**
 * hd_store_open:
 * @path: the database file; created (with its folder) when missing
 *
 * Checks, in this order and before anything is written: that the file is an
 * SQLite database with all its pages (else %HD_STORE_ERROR_CORRUPT), that it
 * was not written by a newer Help Desk (%HD_STORE_ERROR_NEWER_SCHEMA), and a
 * quick_check bounded by the file's size (see OPEN_FULL_CHECK_MAX_BYTES). Only then switches to WAL and upgrades the schema.
 */
HdStore *
hd_store_open (const char  *path,
               GError     **error)
{
  g_autoptr(HdStore) self = NULL;
  g_autofree char *dir = NULL;
  gboolean exists;
  int version = 0;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (HD_TYPE_STORE, NULL);
  self->path = g_strdup (path);

  if (!check_header (self, &exists, error))
    return NULL;

  dir = g_path_get_dirname (path);
  if (!exists)
    g_mkdir_with_parents (dir, 0700);

  if ((exists && g_access (path, W_OK) != 0) || g_access (dir, W_OK) != 0)
    {
      g_set_error (error, HD_STORE_ERROR, HD_STORE_ERROR_READ_ONLY,
                   _("The ticket database “%s” is read-only"), path);
      return NULL;
    }

  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      hd_store_set_error (self, error, rc, self->db ? sqlite3_errmsg (self->db) : NULL);
      close_untouched (self);
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MSEC);
  hd_store_register_tokenizers (self->db);

  if (!read_user_version (self, &version, error))
    {
      close_untouched (self);
      return NULL;
    }

  if (version > HD_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, HD_STORE_ERROR, HD_STORE_ERROR_NEWER_SCHEMA,
                   _("The ticket database “%s” was written by a newer version of Help Desk (schema %d, this version knows %d)"),
                   path, version, HD_STORE_SCHEMA_VERSION);
      close_untouched (self);
      return NULL;
    }

  if (exists && !open_check (self, version, error))
    {
      close_untouched (self);
      return NULL;
    }

  /* WAL: readers (list models in worker threads) never block the writer.
   * synchronous=FULL: a commit has reached the disk when the call returns. */
  rc = sqlite3_exec (self->db,
                     "PRAGMA journal_mode=WAL;"
                     "PRAGMA synchronous=FULL;"
                     "PRAGMA foreign_keys=ON;",
                     NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      hd_store_set_error (self, error, rc, sqlite3_errmsg (self->db));
      close_untouched (self);
      return NULL;
    }

  self->schema_version = version;
  if (!migrate (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
hd_store_get_path (HdStore *self)
{
  g_return_val_if_fail (HD_IS_STORE (self), NULL);
  return self->path;
}

int
hd_store_get_schema_version (HdStore *self)
{
  g_return_val_if_fail (HD_IS_STORE (self), 0);
  return self->schema_version;
}

void
hd_store_set_assigns_final_numbers (HdStore  *self,
                                    gboolean  assigns)
{
  g_return_if_fail (HD_IS_STORE (self));
  self->assigns_final_numbers = !!assigns;
}

gboolean
hd_store_get_assigns_final_numbers (HdStore *self)
{
  g_return_val_if_fail (HD_IS_STORE (self), FALSE);
  return self->assigns_final_numbers;
}

gboolean
hd_store_check_integrity (HdStore   *self,
                          gboolean   thorough,
                          GError   **error)
{
  g_return_val_if_fail (HD_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return run_check (self, thorough ? "PRAGMA integrity_check(1)" : "PRAGMA quick_check(1)", error);
}

/* Readers ------------------------------------------------------------------- */

sqlite3 *
hd_store_acquire_reader (HdStore  *self,
                         GError  **error)
{
  sqlite3 *reader = NULL;
  int rc;

  g_mutex_lock (&self->readers_lock);
  if (self->idle_readers->len > 0)
    reader = g_ptr_array_steal_index_fast (self->idle_readers, self->idle_readers->len - 1);
  g_mutex_unlock (&self->readers_lock);

  if (reader != NULL)
    return reader;

  rc = sqlite3_open_v2 (self->path, &reader,
                        SQLITE_OPEN_READONLY | SQLITE_OPEN_FULLMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      hd_store_set_error (self, error, rc, reader ? sqlite3_errmsg (reader) : NULL);
      sqlite3_close (reader);
      return NULL;
    }
  sqlite3_extended_result_codes (reader, 1);
  sqlite3_busy_timeout (reader, BUSY_TIMEOUT_MSEC);
  sqlite3_exec (reader, READER_DEFAULTS, NULL, NULL, NULL);
  hd_store_register_tokenizers (reader);
  return reader;
}

void
hd_store_release_reader (HdStore *self,
                         sqlite3 *reader)
{
  if (reader == NULL)
    return;

  /* A user's settings (a report maps the file and caches 64 MiB) go back
   * to the defaults before the reader idles in the pool. */
  sqlite3_exec (reader, READER_DEFAULTS, NULL, NULL, NULL);

  g_mutex_lock (&self->readers_lock);
  if (self->idle_readers->len < MAX_IDLE_READERS)
    {
      g_ptr_array_add (self->idle_readers, reader);
      reader = NULL;
    }
  g_mutex_unlock (&self->readers_lock);

  if (reader != NULL)
    close_reader (reader);
}

int
hd_compare_int64 (gconstpointer a,
                  gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* Preparing the list model's page query (every column, 64 parameters) took
 * 0.45 ms a column worker on each keystroke. The statements kept are found
 * among the connection's own (sqlite3_next_stmt) by their SQL, which starts
 * with KEPT_MARK. */
sqlite3_stmt *
hd_store_reader_prepare (sqlite3    *reader,
                         const char *sql)
{
  g_autofree char *marked = NULL;
  sqlite3_stmt *stmt;

  for (stmt = sqlite3_next_stmt (reader, NULL); stmt != NULL; stmt = sqlite3_next_stmt (reader, stmt))
    {
      const char *text = sqlite3_sql (stmt);

      if (!sqlite3_stmt_busy (stmt) && g_str_has_prefix (text, KEPT_MARK) &&
          strcmp (text + strlen (KEPT_MARK), sql) == 0)
        return stmt;
    }
  marked = g_strconcat (KEPT_MARK, sql, NULL);
  if (sqlite3_prepare_v3 (reader, marked, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      sqlite3_finalize (stmt);
      return NULL;
    }
  return stmt;
}

void
hd_store_reader_finish (sqlite3_stmt *stmt)
{
  if (stmt == NULL)
    return;
  /* Reset, it holds no read transaction (which would keep the WAL from
   * being checkpointed) and no bound value. */
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}
