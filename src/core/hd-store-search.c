/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-store"

#include "config.h"

#include <string.h>

#include "hd-store-private.h"

/* Counts and search on the main connection: each is one indexed query. */

guint
hd_store_count_tickets (HdStore *self)
{
  g_autoptr(HdCachedStmt) stmt = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (HD_IS_STORE (self), 0);

  stmt = hd_store_prepare (self, "SELECT count(*) FROM tickets", &error);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_warning ("Could not count tickets: %s",
                 error ? error->message : sqlite3_errmsg (self->db));
      return 0;
    }
  return sqlite3_column_int (stmt, 0);
}

gboolean
hd_store_count_by_status (HdStore  *self,
                          guint     counts[HD_N_STATUSES],
                          GError  **error)
{
  g_autoptr(HdCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (HD_IS_STORE (self), FALSE);
  g_return_val_if_fail (counts != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  memset (counts, 0, sizeof (guint) * HD_N_STATUSES);

  /* Reads only the (status, resolution_due) index. */
  stmt = hd_store_prepare (self, "SELECT status, count(*) FROM tickets GROUP BY status", error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HdStatus status;

      if (hd_status_from_id ((const char *) sqlite3_column_text (stmt, 0), &status))
        counts[status] = sqlite3_column_int (stmt, 1);
    }
  if (rc != SQLITE_DONE)
    return hd_store_fail (self, error, rc);

  return TRUE;
}

char *
hd_store_build_search_sql (const char *text,
                           guint       limit,
                           GPtrArray  *binds)
{
  g_autofree char *match = NULL;
  g_autofree char *chars = NULL;
  const char *index;
  GString *sql;

  if (!hd_search_split (text, &match, &chars))
    return NULL;

  sql = g_string_new (NULL);
  if (match != NULL && chars != NULL)
    {
      /* Both kinds of term: the two indexes' ids intersected, as the
       * list's filter does, newest first. */
      g_string_printf (sql, "SELECT %s FROM tickets WHERE 1", hd_store_ticket_sql ()->qualified);
      hd_search_append_filter (sql, "tickets.id", text, binds);
      g_string_append (sql, " ORDER BY tickets.id DESC");
    }
  else
    {
      /* Walk the one full-text index by rowid, newest first, and stop at
       * the limit. */
      index = match != NULL ? "tickets_fts" : "tickets_short";
      g_ptr_array_add (binds, match != NULL ? g_steal_pointer (&match) : g_steal_pointer (&chars));
      g_string_printf (sql,
                       "SELECT %s FROM %s JOIN tickets ON tickets.id = %s.rowid WHERE %s MATCH ?1"
                       " ORDER BY %s.rowid DESC",
                       hd_store_ticket_sql ()->qualified, index, index, index, index);
    }
  g_string_append_printf (sql, " LIMIT %u", limit ? limit : G_MAXINT);

  return g_string_free (sql, FALSE);
}

/**
 * hd_store_search:
 * @text: words typed by the user; never interpreted as FTS5 syntax
 * @limit: at most this many tickets, most recently stored first
 *
 * Terms of three characters or more go to the trigram index, shorter ones to
 * the short-term index (hd-store-chars.c). Results come in row order,
 * newest first, so SQLite walks the FTS index backwards and stops at @limit
 * instead of sorting every hit of a common word.
 */
GPtrArray *
hd_store_search (HdStore     *self,
                 const char  *text,
                 guint        limit,
                 GError     **error)
{
  g_autoptr(GPtrArray) tickets = NULL;
  g_autoptr(GPtrArray) binds = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(HdCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (HD_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  tickets = g_ptr_array_new_with_free_func (g_object_unref);
  binds = g_ptr_array_new_with_free_func (g_free);
  sql = hd_store_build_search_sql (text, limit, binds);
  if (sql == NULL)
    return g_steal_pointer (&tickets); /* nothing to look for */

  /* The statement shape depends only on how many terms of each kind there
   * are (bounded), so caching it is cheap. */
  stmt = hd_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  hd_store_bind_strings (stmt, binds);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (tickets, hd_store_ticket_from_row (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      hd_store_fail (self, error, rc);
      return NULL;
    }

  return g_steal_pointer (&tickets);
}
