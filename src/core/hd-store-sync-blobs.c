/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-store"

#include "config.h"

#include "hd-attachment-store.h"
#include "hd-store-private.h"
#include "hd-store-sync.h"

/* Which attached files the cache refers to but the attachment folder lacks:
 * the downloads still owed (a failed, damaged or interrupted one), asked for
 * again by every sync run (docs/sync-protocol.md §12.1). Read through a
 * reader connection, so a worker thread can scan without holding up the
 * main loop. */

GPtrArray *
hd_store_sync_list_missing_blobs (HdStore     *self,
                                  const char  *dir,
                                  guint        limit,
                                  GError     **error)
{
  g_autoptr(GPtrArray) missing = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;
  sqlite3 *reader;
  int rc;

  g_return_val_if_fail (HD_IS_STORE (self), NULL);
  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  reader = hd_store_acquire_reader (self, error);
  if (reader == NULL)
    return NULL;
  rc = sqlite3_prepare_v2 (reader,
                           "SELECT DISTINCT sha256 FROM attachments WHERE kind = 'file' AND sha256 IS NOT NULL"
                           " ORDER BY sha256", -1, &stmt, NULL);
  while (rc == SQLITE_OK && missing->len < limit && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *hash = (const char *) sqlite3_column_text (stmt, 0);
      g_autofree char *path = hd_attachment_store_get_path (dir, hash);

      if (path != NULL && !g_file_test (path, G_FILE_TEST_EXISTS))
        g_ptr_array_add (missing, g_strdup (hash));
      rc = SQLITE_OK;
    }
  if (rc != SQLITE_OK && rc != SQLITE_DONE)
    hd_store_set_error (self, error, rc, sqlite3_errmsg (reader));
  sqlite3_finalize (stmt);
  hd_store_release_reader (self, reader);
  if (rc != SQLITE_OK && rc != SQLITE_DONE)
    return NULL;
  return g_steal_pointer (&missing);
}
