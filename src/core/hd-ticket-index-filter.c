/* SPDX-License-Identifier: GPL-3.0-or-later */
/* HdTicketIndex: a query's filters and sort over a snapshot of the keys
 * (hd-ticket-index.c reads the snapshots and runs the searches). */
#define G_LOG_DOMAIN "hd-ticket-index"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "hd-ticket-index-private.h"

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

/* Whether @q filters on an entry's fields besides its status. */
static gboolean
has_field_filters (const HdTicketIndexQuery *q)
{
  return q->handler != NULL || q->group != NULL || q->priority != NULL || q->type_l1 != NULL ||
         q->escalated_only || q->overdue_only;
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
  order->ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), keys->len);
  for (guint i = 0; i < keys->len; i++)
    {
      g_array_append_val (order->positions, g_array_index (keys, SortKey, i).position);
      g_array_append_val (order->ids, g_array_index (keys, SortKey, i).id);
    }
  g_ptr_array_add (snapshot->orders, order);
  g_mutex_unlock (&snapshot->orders_lock);
  return order;
}

GArray *
hd_ticket_index_found_bits (const Snapshot *snapshot,
                            GArray         *found)
{
  const Entry *entries = (const Entry *) (gpointer) snapshot->entries->data;
  guint n = snapshot->entries->len;
  GArray *array = g_array_sized_new (FALSE, TRUE, sizeof (guint8), n / 8 + 1);
  guint8 *bits;
  guint f = 0;

  g_array_set_size (array, n / 8 + 1);
  bits = (guint8 *) array->data;

  /* Both ascending by id: walk them together. */
  for (guint i = 0; i < n && f < found->len; i++)
    {
      while (f < found->len && g_array_index (found, gint64, f) < entries[i].id)
        f++;
      if (f < found->len && g_array_index (found, gint64, f) == entries[i].id)
        bits[i / 8] |= 1u << (i % 8);
    }
  return array;
}

GArray *
hd_ticket_index_char_bits (const Snapshot *snapshot,
                           int             bit)
{
  const guint64 *chars = (const guint64 *) (gpointer) snapshot->search_chars->data;
  guint n = snapshot->search_chars->len;
  GArray *array = g_array_sized_new (FALSE, TRUE, sizeof (guint8), n / 8 + 1);
  guint64 mask = G_GUINT64_CONSTANT (1) << bit;
  guint8 *bits;

  g_array_set_size (array, n / 8 + 1);
  bits = (guint8 *) array->data;
  for (guint i = 0; i < n; i++)
    if (chars[i] & mask)
      bits[i / 8] |= 1u << (i % 8);
  return array;
}

GArray *
hd_ticket_index_filter (Snapshot                 *snapshot,
                        const HdTicketIndexQuery *q,
                        const guint8             *bits)
{
  const Entry *entries = (const Entry *) (gpointer) snapshot->entries->data;
  const Order *order;
  guint32 numbers[4];
  GArray *ids;

  if (!filter_number (snapshot, q->handler, &numbers[0]) ||
      !filter_number (snapshot, q->group, &numbers[1]) ||
      !filter_number (snapshot, q->priority, &numbers[2]) ||
      !filter_number (snapshot, q->type_l1, &numbers[3]))
    return g_array_new (FALSE, FALSE, sizeof (gint64));

  order = get_order (snapshot, q);
  if (!has_field_filters (q))
    {
      /* Only the status (the order's) and the search: the order's ids are
       * read in sequence and the entries, in sort order scattered over
       * megabytes, not visited — a cache miss each at 100 000 tickets. */
      const guint32 *positions = (const guint32 *) (gpointer) order->positions->data;
      const gint64 *order_ids = (const gint64 *) (gpointer) order->ids->data;
      guint n = order->ids->len;

      if (bits == NULL)
        {
          ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);
          g_array_append_vals (ids, order_ids, n);
          return ids;
        }
      ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      for (guint i = 0; i < n; i++)
        if (bits[positions[i] / 8] & (1u << (positions[i] % 8)))
          g_array_append_val (ids, order_ids[i]);
      return ids;
    }
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

