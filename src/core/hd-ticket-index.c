/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-ticket-index"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "hd-store-private.h"
#include "hd-ticket-index.h"

/* Search results kept: the texts the models of one keystroke share. */
#define MAX_CACHED_SEARCHES 2
/* Distinct handler, group, priority and type strings; beyond, runs fail
 * and the caller shows nothing rather than something wrong. */
#define MAX_STRINGS (1u << 20)
#define UNKNOWN_STATUS (-2)

typedef struct {
  gint64  id;
  gint64  created_at;
  gint64  updated_at;
  gint64  resolution_due;
  gint64  deadline;        /* the one the card counts down; 0 for none */
  guint32 handler;         /* string numbers; 0 is NULL */
  guint32 group;
  guint32 priority;
  guint32 type_l1;
  gint8   status;          /* HdStatus, or UNKNOWN_STATUS */
  guint8  escalated;
} Entry;

/* The entries of one status (or of all), in the order of one sort: sorted
 * once a snapshot, so that a query only walks it and keeps its matches. */
typedef struct {
  int           status;    /* HdStatus, or -1 for all */
  HdTicketSort  sort;
  char         *priority_order; /* joined by newlines; for the priority sort */
  GArray       *positions; /* guint32 into the snapshot's entries */
} Order;

typedef struct {
  guint64     generation;
  GArray     *entries;     /* Entry, by id */
  GPtrArray  *strings;     /* number → string, [0] = NULL */
  GHashTable *numbers;     /* string → number */
  GMutex      orders_lock;
  GPtrArray  *orders;      /* Order *, made when first asked for */
} Snapshot;

typedef struct {
  guint64  generation;
  char    *text;
  GArray  *ids;            /* gint64, ascending; NULL: no filter */
} Search;

struct _HdTicketIndexQuery
{
  int status;
  char *handler;
  char *group;
  char *priority;
  char *type_l1;
  char *search_text;
  gboolean escalated_only;
  gboolean overdue_only;
  gint64 now;
  HdTicketSort sort;
  GStrv priority_order;
};

struct _HdTicketIndex
{
  GObject parent_instance;

  HdStore *store;

  GMutex lock;
  GCond cond;
  guint64 generation;      /* bumped by every change of the store */
  Snapshot *snapshot;      /* of generation, or NULL */
  gboolean loading;        /* a thread reads the keys */
  gboolean searching;      /* a thread runs a search */
  GQueue searches;         /* Search *, most recent first */
};

G_DEFINE_FINAL_TYPE (HdTicketIndex, hd_ticket_index, G_TYPE_OBJECT)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static const char index_key[] = "hd-ticket-index";

/* Snapshots ------------------------------------------------------------------ */

static void
order_free (Order *order)
{
  g_free (order->priority_order);
  g_array_unref (order->positions);
  g_free (order);
}

static void
snapshot_clear (Snapshot *snapshot)
{
  g_array_unref (snapshot->entries);
  g_ptr_array_unref (snapshot->strings);
  g_hash_table_unref (snapshot->numbers);
  g_ptr_array_unref (snapshot->orders);
  g_mutex_clear (&snapshot->orders_lock);
}

static Snapshot *
snapshot_ref (Snapshot *snapshot)
{
  return g_atomic_rc_box_acquire (snapshot);
}

static void
snapshot_unref (Snapshot *snapshot)
{
  g_atomic_rc_box_release_full (snapshot, (GDestroyNotify) snapshot_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Snapshot, snapshot_unref)

static guint32
intern (Snapshot      *snapshot,
        sqlite3_stmt  *stmt,
        int            column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);
  gpointer number;
  char *copy;

  if (text == NULL)
    return 0;
  if (g_hash_table_lookup_extended (snapshot->numbers, text, NULL, &number))
    return GPOINTER_TO_UINT (number);
  if (snapshot->strings->len >= MAX_STRINGS)
    return G_MAXUINT32;
  copy = g_strdup (text);
  g_ptr_array_add (snapshot->strings, copy);
  g_hash_table_insert (snapshot->numbers, copy, GUINT_TO_POINTER (snapshot->strings->len - 1));
  return snapshot->strings->len - 1;
}

/* The CASE of the SQL overdue filter (hd-ticket-query.c), computed once. */
static gint64
running_deadline (int    status,
                  gint64 first_response_at,
                  gint64 response_due,
                  gint64 resolution_due)
{
  if (status == HD_STATUS_PENDING && first_response_at == 0 && response_due > 0)
    return response_due;
  if (status == HD_STATUS_PENDING || status == HD_STATUS_IN_PROGRESS)
    return resolution_due;
  return 0;
}

static Snapshot *
snapshot_read (HdStore  *store,
               guint64   generation,
               GError  **error)
{
  g_autoptr(Snapshot) snapshot = g_atomic_rc_box_new0 (Snapshot);
  sqlite3_stmt *stmt = NULL;
  sqlite3 *reader;
  int rc;

  snapshot->generation = generation;
  snapshot->entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  snapshot->strings = g_ptr_array_new_with_free_func (g_free);
  snapshot->numbers = g_hash_table_new (g_str_hash, g_str_equal);
  snapshot->orders = g_ptr_array_new_with_free_func ((GDestroyNotify) order_free);
  g_mutex_init (&snapshot->orders_lock);
  g_ptr_array_add (snapshot->strings, NULL);

  reader = hd_store_acquire_reader (store, error);
  if (reader == NULL)
    return NULL;

  rc = sqlite3_prepare_v2 (reader,
                           "SELECT id, status, handler, handling_group, priority, type_l1, escalated,"
                           " created_at, updated_at, first_response_at, response_due, resolution_due"
                           " FROM tickets ORDER BY id", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        Entry e = { 0 };
        HdStatus status;
        int s = UNKNOWN_STATUS;

        if (hd_status_from_id ((const char *) sqlite3_column_text (stmt, 1), &status))
          s = status;
        e.id = sqlite3_column_int64 (stmt, 0);
        e.status = s;
        e.handler = intern (snapshot, stmt, 2);
        e.group = intern (snapshot, stmt, 3);
        e.priority = intern (snapshot, stmt, 4);
        e.type_l1 = intern (snapshot, stmt, 5);
        e.escalated = sqlite3_column_int64 (stmt, 6) == 1;
        e.created_at = sqlite3_column_int64 (stmt, 7);
        e.updated_at = sqlite3_column_int64 (stmt, 8);
        e.resolution_due = sqlite3_column_int64 (stmt, 11);
        e.deadline = running_deadline (s, sqlite3_column_int64 (stmt, 9),
                                       sqlite3_column_int64 (stmt, 10), e.resolution_due);
        if (e.handler == G_MAXUINT32 || e.group == G_MAXUINT32 ||
            e.priority == G_MAXUINT32 || e.type_l1 == G_MAXUINT32)
          {
            rc = SQLITE_TOOBIG;
            break;
          }
        g_array_append_val (snapshot->entries, e);
      }
  if (rc != SQLITE_DONE)
    hd_store_set_error (store, error, rc, sqlite3_errmsg (reader));
  sqlite3_finalize (stmt);
  hd_store_release_reader (store, reader);

  return rc == SQLITE_DONE ? g_steal_pointer (&snapshot) : NULL;
}

/* The keys of the current generation, read by one thread while the others
 * wait; NULL and @error on failure. */
static Snapshot *
acquire_snapshot (HdTicketIndex  *self,
                  GError        **error)
{
  Snapshot *snapshot = NULL;
  guint64 generation;

  g_mutex_lock (&self->lock);
  while (self->loading && self->snapshot == NULL)
    g_cond_wait (&self->cond, &self->lock);
  if (self->snapshot != NULL)
    {
      snapshot = snapshot_ref (self->snapshot);
      g_mutex_unlock (&self->lock);
      return snapshot;
    }
  self->loading = TRUE;
  generation = self->generation;
  g_mutex_unlock (&self->lock);

  snapshot = snapshot_read (self->store, generation, error);

  g_mutex_lock (&self->lock);
  self->loading = FALSE;
  /* Changed meanwhile: this caller gets what it read (its run is superseded
   * by the change's reload), the next one reads again. */
  if (snapshot != NULL && generation == self->generation && self->snapshot == NULL)
    self->snapshot = snapshot_ref (snapshot);
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
  return snapshot;
}

/* Search --------------------------------------------------------------------- */

static void
search_free (Search *search)
{
  g_free (search->text);
  g_clear_pointer (&search->ids, g_array_unref);
  g_free (search);
}

static void
interrupt_reader (GCancellable *cancellable,
                  sqlite3      *reader)
{
  sqlite3_interrupt (reader);
}

/* The ids whose text matches, ascending, from the full-text indexes (the
 * same matching as the SQL path's hd_search_append_filter). */
static GArray *
search_read (HdStore       *store,
             const char    *text,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GPtrArray) binds = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *sql = hd_search_build_ids_sql (text, binds);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = NULL;
  sqlite3 *reader;
  gulong handler = 0;
  int rc;

  if (sql == NULL)
    return g_steal_pointer (&ids);
  reader = hd_store_acquire_reader (store, error);
  if (reader == NULL)
    return NULL;
  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (interrupt_reader), reader, NULL);

  rc = sqlite3_prepare_v2 (reader, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      hd_store_bind_strings (stmt, binds);
      /* An interrupt before the first step is forgotten by SQLite. */
      if (g_cancellable_is_cancelled (cancellable))
        rc = SQLITE_INTERRUPT;
      else
        while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
          {
            gint64 id = sqlite3_column_int64 (stmt, 0);
            g_array_append_val (ids, id);
            if ((ids->len & 4095) == 0 && g_cancellable_is_cancelled (cancellable))
              {
                rc = SQLITE_INTERRUPT;
                break;
              }
          }
    }
  if (rc != SQLITE_DONE)
    hd_store_set_error (store, error, rc, sqlite3_errmsg (reader));
  sqlite3_finalize (stmt);
  g_cancellable_disconnect (cancellable, handler);
  hd_store_release_reader (store, reader);

  return rc == SQLITE_DONE ? g_steal_pointer (&ids) : NULL;
}

/* Copies the cached result of @text at @generation into @ids. */
static gboolean
lookup_search (HdTicketIndex  *self,
               const char     *text,
               guint64         generation,
               GArray        **ids)
{
  for (GList *l = self->searches.head; l != NULL; l = l->next)
    {
      Search *search = l->data;

      if (search->generation == generation && g_strcmp0 (search->text, text) == 0)
        {
          *ids = search->ids != NULL ? g_array_ref (search->ids) : NULL;
          g_queue_unlink (&self->searches, l);
          g_queue_push_head_link (&self->searches, l);
          return TRUE;
        }
    }
  return FALSE;
}

/* One search at a time; the models of one keystroke ask for the same text
 * and all but the first find it cached. *@ids is NULL when @text holds
 * nothing to search for. */
static gboolean
run_search (HdTicketIndex  *self,
            const char     *text,
            guint64         generation,
            GArray        **ids,
            GCancellable   *cancellable,
            GError        **error)
{
  g_autofree char *chars = NULL;
  g_autofree char *match = NULL;
  GArray *found;
  Search *search;

  *ids = NULL;
  if (!hd_search_split (text, &match, &chars))
    return TRUE;

  g_mutex_lock (&self->lock);
  for (;;)
    {
      if (lookup_search (self, text, generation, ids))
        {
          g_mutex_unlock (&self->lock);
          return TRUE;
        }
      if (!self->searching)
        break;
      g_cond_wait (&self->cond, &self->lock);
    }
  self->searching = TRUE;
  g_mutex_unlock (&self->lock);

  found = search_read (self->store, text, cancellable, error);

  g_mutex_lock (&self->lock);
  self->searching = FALSE;
  if (found != NULL && generation == self->generation)
    {
      search = g_new0 (Search, 1);
      search->generation = generation;
      search->text = g_strdup (text);
      search->ids = g_array_ref (found);
      g_queue_push_head (&self->searches, search);
      while (self->searches.length > MAX_CACHED_SEARCHES)
        search_free (g_queue_pop_tail (&self->searches));
    }
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);

  *ids = found;
  return found != NULL;
}

/* Queries -------------------------------------------------------------------- */

HdTicketIndexQuery *
hd_ticket_index_query_new (HdTicketQuery *query,
                           gint64         now)
{
  HdTicketIndexQuery *q;

  g_return_val_if_fail (HD_IS_TICKET_QUERY (query), NULL);

  q = g_new0 (HdTicketIndexQuery, 1);
  q->status = hd_ticket_query_get_status (query);
  q->handler = g_strdup (hd_ticket_query_get_handler (query));
  q->group = g_strdup (hd_ticket_query_get_group (query));
  q->priority = g_strdup (hd_ticket_query_get_priority (query));
  q->type_l1 = g_strdup (hd_ticket_query_get_type_l1 (query));
  q->search_text = g_strdup (hd_ticket_query_get_search_text (query));
  q->escalated_only = hd_ticket_query_get_escalated_only (query);
  q->overdue_only = hd_ticket_query_get_overdue_only (query);
  q->now = now;
  q->sort = hd_ticket_query_get_sort (query);
  q->priority_order = g_strdupv ((char **) hd_ticket_query_get_priority_order (query));
  return q;
}

void
hd_ticket_index_query_free (HdTicketIndexQuery *query)
{
  if (query == NULL)
    return;
  g_free (query->handler);
  g_free (query->group);
  g_free (query->priority);
  g_free (query->type_l1);
  g_free (query->search_text);
  g_strfreev (query->priority_order);
  g_free (query);
}

/* The number of a filter's string; FALSE if no ticket has it. */
static gboolean
filter_number (Snapshot   *snapshot,
               const char *value,
               guint32    *number)
{
  gpointer found;

  *number = 0;
  if (value == NULL)
    return TRUE;
  if (!g_hash_table_lookup_extended (snapshot->numbers, value, NULL, &found))
    return FALSE;
  *number = GPOINTER_TO_UINT (found);
  return TRUE;
}

typedef struct {
  gint64  k1;
  gint64  k2;
  gint64  id;
  guint32 position;
} SortKey;

static int
compare_ascending (const void *a,
                   const void *b)
{
  const SortKey *x = a, *y = b;

  if (x->k1 != y->k1)
    return x->k1 < y->k1 ? -1 : 1;
  if (x->k2 != y->k2)
    return x->k2 < y->k2 ? -1 : 1;
  return (x->id > y->id) - (x->id < y->id);
}

static int
compare_descending (const void *a,
                    const void *b)
{
  const SortKey *x = a, *y = b;

  if (x->k1 != y->k1)
    return x->k1 > y->k1 ? -1 : 1;
  return (x->id < y->id) - (x->id > y->id);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b,
                 gpointer      strings)
{
  const char *x = g_ptr_array_index ((GPtrArray *) strings, *(const guint32 *) a);
  const char *y = g_ptr_array_index ((GPtrArray *) strings, *(const guint32 *) b);

  return strcmp (x, y);
}

/* Rank of each string number for HD_TICKET_SORT_PRIORITY: the position in
 * the priority order (first match; others and NULL after), or without an
 * order "priority IS NULL, priority" in SQLite's BINARY collation. */
static guint32 *
priority_ranks (Snapshot           *snapshot,
                const char * const *order)
{
  guint n_strings = snapshot->strings->len;
  guint32 *ranks = g_new (guint32, n_strings);

  if (order != NULL)
    {
      guint n = g_strv_length ((char **) order);

      for (guint s = 0; s < n_strings; s++)
        ranks[s] = n;
      for (guint i = n; i-- > 0;)
        {
          guint32 number;

          if (filter_number (snapshot, order[i], &number) && number != 0)
            ranks[number] = i;
        }
    }
  else
    {
      g_autoptr(GArray) used = g_array_new (FALSE, FALSE, sizeof (guint32));
      g_autofree guint8 *seen = g_new0 (guint8, n_strings);

      for (guint i = 0; i < snapshot->entries->len; i++)
        {
          guint32 p = g_array_index (snapshot->entries, Entry, i).priority;

          if (p != 0 && !seen[p])
            {
              seen[p] = 1;
              g_array_append_val (used, p);
            }
        }
      g_array_sort_with_data (used, compare_strings, snapshot->strings);
      for (guint s = 0; s < n_strings; s++)
        ranks[s] = used->len;
      for (guint i = 0; i < used->len; i++)
        ranks[g_array_index (used, guint32, i)] = i;
    }
  return ranks;
}

static gboolean
entry_matches (const Entry              *e,
               const HdTicketIndexQuery *q,
               const guint32             numbers[4])
{
  if (q->status >= 0 && e->status != q->status)
    return FALSE;
  if (q->handler != NULL && e->handler != numbers[0])
    return FALSE;
  if (q->group != NULL && e->group != numbers[1])
    return FALSE;
  if (q->priority != NULL && e->priority != numbers[2])
    return FALSE;
  if (q->type_l1 != NULL && e->type_l1 != numbers[3])
    return FALSE;
  if (q->escalated_only && !e->escalated)
    return FALSE;
  /* BETWEEN 1 AND now - 1 */
  if (q->overdue_only && (e->deadline < 1 || e->deadline > q->now - 1))
    return FALSE;
  return TRUE;
}

/* The entries of @q's status in @q's order: sorted the first time, then
 * kept with the snapshot. */
static const Order *
get_order (Snapshot                 *snapshot,
           const HdTicketIndexQuery *q)
{
  g_autofree char *priority_order = NULL;
  g_autoptr(GArray) keys = NULL;
  g_autofree guint32 *ranks = NULL;
  const Entry *entries = (const Entry *) (gpointer) snapshot->entries->data;
  int status = MAX (q->status, -1);
  Order *order;

  if (q->sort == HD_TICKET_SORT_PRIORITY && q->priority_order != NULL)
    priority_order = g_strjoinv ("\n", q->priority_order);

  g_mutex_lock (&snapshot->orders_lock);
  for (guint i = 0; i < snapshot->orders->len; i++)
    {
      order = g_ptr_array_index (snapshot->orders, i);
      if (order->status == status && order->sort == q->sort &&
          (q->sort != HD_TICKET_SORT_PRIORITY || g_strcmp0 (order->priority_order, priority_order) == 0))
        {
          g_mutex_unlock (&snapshot->orders_lock);
          return order;
        }
    }

  if (q->sort == HD_TICKET_SORT_PRIORITY)
    ranks = priority_ranks (snapshot, (const char * const *) q->priority_order);
  keys = g_array_new (FALSE, FALSE, sizeof (SortKey));
  for (guint i = 0; i < snapshot->entries->len; i++)
    {
      const Entry *e = &entries[i];
      SortKey key;

      if (status >= 0 && e->status != status)
        continue;
      key.id = e->id;
      key.position = i;
      switch (q->sort)
        {
        case HD_TICKET_SORT_CREATED:
          key.k1 = e->created_at;
          key.k2 = 0;
          break;
        case HD_TICKET_SORT_UPDATED:
          key.k1 = e->updated_at;
          key.k2 = 0;
          break;
        case HD_TICKET_SORT_PRIORITY:
          key.k1 = (gint64) ranks[e->priority] * 2 + (e->resolution_due == 0);
          key.k2 = e->resolution_due;
          break;
        case HD_TICKET_SORT_DUE:
        default:
          key.k1 = e->resolution_due == 0;
          key.k2 = e->resolution_due;
          break;
        }
      g_array_append_val (keys, key);
    }
  if (keys->len > 1)
    qsort (keys->data, keys->len, sizeof (SortKey),
           q->sort == HD_TICKET_SORT_CREATED || q->sort == HD_TICKET_SORT_UPDATED
           ? compare_descending : compare_ascending);

  order = g_new0 (Order, 1);
  order->status = status;
  order->sort = q->sort;
  order->priority_order = g_steal_pointer (&priority_order);
  order->positions = g_array_sized_new (FALSE, FALSE, sizeof (guint32), keys->len);
  for (guint i = 0; i < keys->len; i++)
    g_array_append_val (order->positions, g_array_index (keys, SortKey, i).position);
  g_ptr_array_add (snapshot->orders, order);
  g_mutex_unlock (&snapshot->orders_lock);
  return order;
}

/* One bit per entry: whether its id is in @found (ascending). */
static guint8 *
found_bits (Snapshot *snapshot,
            GArray   *found)
{
  const Entry *entries = (const Entry *) (gpointer) snapshot->entries->data;
  guint n = snapshot->entries->len;
  guint8 *bits = g_new0 (guint8, n / 8 + 1);
  guint f = 0;

  /* Both ascending by id: walk them together. */
  for (guint i = 0; i < n && f < found->len; i++)
    {
      while (f < found->len && g_array_index (found, gint64, f) < entries[i].id)
        f++;
      if (f < found->len && g_array_index (found, gint64, f) == entries[i].id)
        bits[i / 8] |= 1u << (i % 8);
    }
  return bits;
}

static GArray *
filter_and_sort (Snapshot                 *snapshot,
                 const HdTicketIndexQuery *q,
                 GArray                   *found)
{
  const Entry *entries = (const Entry *) (gpointer) snapshot->entries->data;
  g_autofree guint8 *bits = NULL;
  const Order *order;
  guint32 numbers[4];
  GArray *ids;

  if (!filter_number (snapshot, q->handler, &numbers[0]) ||
      !filter_number (snapshot, q->group, &numbers[1]) ||
      !filter_number (snapshot, q->priority, &numbers[2]) ||
      !filter_number (snapshot, q->type_l1, &numbers[3]))
    return g_array_new (FALSE, FALSE, sizeof (gint64));

  order = get_order (snapshot, q);
  if (found != NULL)
    bits = found_bits (snapshot, found);
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < order->positions->len; i++)
    {
      guint32 p = g_array_index (order->positions, guint32, i);
      const Entry *e = &entries[p];

      if (bits != NULL && !(bits[p / 8] & (1u << (p % 8))))
        continue;
      if (!entry_matches (e, q, numbers))
        continue;
      g_array_append_val (ids, e->id);
    }
  return ids;
}

GArray *
hd_ticket_index_run (HdTicketIndex             *self,
                     const HdTicketIndexQuery  *query,
                     GCancellable              *cancellable,
                     GError                   **error)
{
  g_autoptr(Snapshot) snapshot = NULL;
  g_autoptr(GArray) found = NULL;

  g_return_val_if_fail (HD_IS_TICKET_INDEX (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  snapshot = acquire_snapshot (self, error);
  if (snapshot == NULL)
    return NULL;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (!run_search (self, query->search_text, snapshot->generation, &found, cancellable, error))
    return NULL;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  return filter_and_sort (snapshot, query, found);
}

/* Diff ----------------------------------------------------------------------- */

gboolean
hd_ticket_ids_diff (const gint64 *old_ids,
                    guint         n_old,
                    const gint64 *new_ids,
                    guint         n_new,
                    guint        *position,
                    guint        *removed,
                    guint        *added)
{
  guint head = 0, tail = 0;

  while (head < n_old && head < n_new && old_ids[head] == new_ids[head])
    head++;
  while (tail < n_old - head && tail < n_new - head &&
         old_ids[n_old - 1 - tail] == new_ids[n_new - 1 - tail])
    tail++;

  *position = head;
  *removed = n_old - head - tail;
  *added = n_new - head - tail;
  return *removed > 0 || *added > 0;
}

/* Object --------------------------------------------------------------------- */

static void
on_store_changed (HdTicketIndex *self)
{
  g_mutex_lock (&self->lock);
  self->generation++;
  g_clear_pointer (&self->snapshot, snapshot_unref);
  g_queue_clear_full (&self->searches, (GDestroyNotify) search_free);
  g_mutex_unlock (&self->lock);

  g_signal_emit (self, signals[CHANGED], 0);
}

guint
hd_ticket_index_get_n_tickets (HdTicketIndex *self)
{
  guint n;

  g_return_val_if_fail (HD_IS_TICKET_INDEX (self), 0);

  g_mutex_lock (&self->lock);
  n = self->snapshot != NULL ? self->snapshot->entries->len : 0;
  g_mutex_unlock (&self->lock);
  return n;
}

gsize
hd_ticket_index_get_size (HdTicketIndex *self)
{
  gsize size = 0;

  g_return_val_if_fail (HD_IS_TICKET_INDEX (self), 0);

  g_mutex_lock (&self->lock);
  if (self->snapshot != NULL)
    {
      size = self->snapshot->entries->len * sizeof (Entry);
      for (guint i = 1; i < self->snapshot->strings->len; i++)
        size += strlen (g_ptr_array_index (self->snapshot->strings, i)) + 1 + 2 * sizeof (gpointer);
      g_mutex_lock (&self->snapshot->orders_lock);
      for (guint i = 0; i < self->snapshot->orders->len; i++)
        size += ((Order *) g_ptr_array_index (self->snapshot->orders, i))->positions->len * sizeof (guint32);
      g_mutex_unlock (&self->snapshot->orders_lock);
    }
  g_mutex_unlock (&self->lock);
  return size;
}

static void
hd_ticket_index_dispose (GObject *object)
{
  HdTicketIndex *self = HD_TICKET_INDEX (object);

  if (self->store != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->store, self);
      g_object_set_data (G_OBJECT (self->store), index_key, NULL);
      g_clear_object (&self->store);
    }

  G_OBJECT_CLASS (hd_ticket_index_parent_class)->dispose (object);
}

static void
hd_ticket_index_finalize (GObject *object)
{
  HdTicketIndex *self = HD_TICKET_INDEX (object);

  g_clear_pointer (&self->snapshot, snapshot_unref);
  g_queue_clear_full (&self->searches, (GDestroyNotify) search_free);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (hd_ticket_index_parent_class)->finalize (object);
}

static void
hd_ticket_index_class_init (HdTicketIndexClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hd_ticket_index_dispose;
  object_class->finalize = hd_ticket_index_finalize;

  /* The store committed changes to tickets: runs started before are stale. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
hd_ticket_index_init (HdTicketIndex *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  g_queue_init (&self->searches);
}

/**
 * hd_ticket_index_get_for_store:
 *
 * Returns: (transfer full): the store's index, shared by every caller while
 * one holds it (it keeps the store alive, the store does not keep it).
 */
HdTicketIndex *
hd_ticket_index_get_for_store (HdStore *store)
{
  HdTicketIndex *self;

  g_return_val_if_fail (HD_IS_STORE (store), NULL);

  self = g_object_get_data (G_OBJECT (store), index_key);
  if (self != NULL)
    return g_object_ref (self);

  self = g_object_new (HD_TYPE_TICKET_INDEX, NULL);
  self->store = g_object_ref (store);
  g_object_set_data (G_OBJECT (store), index_key, self);
  g_signal_connect_swapped (store, "tickets-changed", G_CALLBACK (on_store_changed), self);
  return self;
}
