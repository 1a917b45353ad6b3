/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-store"

#include "config.h"

#include <gio/gio.h>

#include "hd-store-private.h"

/*
 * The ids of the tickets a search matches, for the ticket index
 * (hd-ticket-index.c), read from the full-text indexes in C.
 *
 * "SELECT rowid FROM tickets_short WHERE tickets_short MATCH ?" costs about
 * 75 ns an id, most of it SQLite's virtual machine stepping a row at a
 * time; a search for 客 in 100 000 tickets reads 100 000 of them. The
 * auxiliary function hd_matching_ids(table, ids) walks each phrase's list
 * of documents through the FTS5 API (xQueryPhrase) instead, at about
 * 35 ns an id, and intersects the phrases' lists. It is called once, on
 * the first row of a MATCH that found one ("LIMIT 1"); no row, no match.
 */

#define IDS_POINTER_TYPE "hd_matching_ids"

typedef struct {
  GArray       *ids;           /* gint64, ascending */
  GCancellable *cancellable;
  gboolean      sorted;
} Collect;

static int
collect_id (const Fts5ExtensionApi *api,
            Fts5Context            *fts,
            void                   *user_data)
{
  Collect *collect = user_data;
  gint64 id = api->xRowid (fts);

  if (collect->ids->len > 0 && id <= g_array_index (collect->ids, gint64, collect->ids->len - 1))
    collect->sorted = FALSE;
  g_array_append_val (collect->ids, id);
  if ((collect->ids->len & 4095) == 0 && g_cancellable_is_cancelled (collect->cancellable))
    return SQLITE_INTERRUPT;
  return SQLITE_OK;
}

/* Keeps in @into (ascending) the ids also in @other (ascending). */
static void
intersect_ids (GArray       *into,
               const GArray *other)
{
  const gint64 *b = (const gint64 *) (gpointer) other->data;
  gint64 *a = (gint64 *) (gpointer) into->data;
  guint i = 0, j = 0, n = 0;

  while (i < into->len && j < other->len)
    {
      if (a[i] < b[j])
        i++;
      else if (a[i] > b[j])
        j++;
      else
        {
          a[n++] = a[i++];
          j++;
        }
    }
  g_array_set_size (into, n);
}

/* Reads the list of phrase @phrase into @collect->ids (emptied first). */
static int
collect_phrase (const Fts5ExtensionApi *api,
                Fts5Context            *fts,
                int                     phrase,
                Collect                *collect)
{
  int rc;

  g_array_set_size (collect->ids, 0);
  collect->sorted = TRUE;
  rc = api->xQueryPhrase (fts, phrase, collect, collect_id);
  if (rc == SQLITE_OK && !collect->sorted)
    g_array_sort (collect->ids, hd_compare_int64);
  return rc;
}

/* hd_matching_ids(table, ids): @ids is a GArray (gint64) bound with
 * sqlite3_bind_pointer() and type IDS_POINTER_TYPE; it receives, ascending,
 * the ids of every row matching all the phrases of the MATCH. */
static void
matching_ids_func (const Fts5ExtensionApi *api,
                   Fts5Context            *fts,
                   sqlite3_context        *context,
                   int                     argc,
                   sqlite3_value         **argv)
{
  Collect *into = argc == 1 ? sqlite3_value_pointer (argv[0], IDS_POINTER_TYPE) : NULL;
  Collect phrase = { 0 };
  int rc = SQLITE_OK;

  if (into == NULL)
    {
      sqlite3_result_error (context, "hd_matching_ids: no array to fill", -1);
      return;
    }
  phrase.ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  phrase.cancellable = into->cancellable;
  for (int i = 0; i < api->xPhraseCount (fts) && rc == SQLITE_OK; i++)
    {
      rc = collect_phrase (api, fts, i, i == 0 ? into : &phrase);
      if (rc == SQLITE_OK && i > 0)
        intersect_ids (into->ids, phrase.ids);
    }
  g_array_unref (phrase.ids);
  if (rc != SQLITE_OK)
    sqlite3_result_error_code (context, rc);
  else
    sqlite3_result_null (context);
}

gboolean
hd_store_register_matching_ids (fts5_api *api)
{
  return api->xCreateFunction (api, "hd_matching_ids", NULL, matching_ids_func, NULL) == SQLITE_OK;
}

#define MATCHING_IDS_SQL(table) \
  "SELECT hd_matching_ids (" table ", ?2) FROM " table " WHERE " table " MATCH ?1 LIMIT 1"

/* The ids of the rows matching @expr, ascending, into a new @collect->ids,
 * with @sql (a MATCHING_IDS_SQL), kept prepared on the reader. */
static int
read_table (sqlite3    *db,
            const char *sql,
            const char *expr,
            Collect    *collect)
{
  sqlite3_stmt *stmt = hd_store_reader_prepare (db, sql);
  int rc;

  collect->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (stmt == NULL)
    return sqlite3_errcode (db);
  sqlite3_bind_text (stmt, 1, expr, -1, SQLITE_STATIC);
  sqlite3_bind_pointer (stmt, 2, collect, IDS_POINTER_TYPE, NULL);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    ;
  hd_store_reader_finish (stmt);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

GArray *
hd_store_read_matching_ids (HdStore       *store,
                            sqlite3       *db,
                            const char    *text,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autofree char *match = NULL;
  g_autofree char *chars = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) short_ids = NULL;
  Collect collect = { NULL, cancellable, TRUE };
  int rc = SQLITE_OK;

  if (!hd_search_split (text, &match, &chars))
    return g_array_new (FALSE, FALSE, sizeof (gint64));

  /* Both kinds of term typed: each index read on its own, then
   * intersected (see build_ids_select in hd-ticket-query.c). */
  if (match != NULL)
    {
      rc = read_table (db, MATCHING_IDS_SQL ("tickets_fts"), match, &collect);
      ids = g_steal_pointer (&collect.ids);
    }
  if (rc == SQLITE_OK && chars != NULL && (ids == NULL || ids->len > 0))
    {
      rc = read_table (db, MATCHING_IDS_SQL ("tickets_short"), chars, &collect);
      short_ids = g_steal_pointer (&collect.ids);
      if (ids == NULL)
        ids = g_steal_pointer (&short_ids);
      else if (rc == SQLITE_OK)
        intersect_ids (ids, short_ids);
    }

  /* Cancelled: whatever the read did meanwhile (the caller interrupts
   * the connection, the walk stops with SQLITE_INTERRUPT). */
  if (g_cancellable_is_cancelled (cancellable))
    rc = SQLITE_INTERRUPT;
  if (rc != SQLITE_OK)
    {
      hd_store_set_error (store, error, rc, rc == SQLITE_INTERRUPT ? "The search was cancelled" : sqlite3_errmsg (db));
      return NULL;
    }
  return g_steal_pointer (&ids);
}
