/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-ticket-index"

#include "config.h"

#include <string.h>

#include "hd-store-private.h"
#include "hd-ticket-index-private.h"

/* Search results kept: the texts the models of one keystroke share, and
 * the last few typed, so that erasing a character answers from memory;
 * a bit a ticket, at most this many bytes in all, the newest always kept. */
#define MAX_CACHED_SEARCHES 8
#define MAX_CACHED_BYTES (2 * 1024 * 1024)
/* Distinct handler, group, priority and type strings; beyond, runs fail
 * and the caller shows nothing rather than something wrong. */
#define MAX_STRINGS (1u << 20)

typedef struct {
  guint64  generation;
  char    *text;
  GArray  *bits;           /* guint8: a bit for each entry of the snapshot of generation */
} Search;


struct _HdTicketIndex
{
  GObject parent_instance;

  HdStore *store;

  GMutex lock;
  GCond cond;
  guint64 generation;      /* bumped by every change of the store */
  Snapshot *snapshot;      /* of generation, or NULL */
  gboolean loading;        /* a thread reads the keys */
  gboolean searching;      /* a thread answers a search; the others wait */
  GQueue searches;         /* Search *, most recent first */
  gsize cached_bytes;      /* held by searches */
  int n_searches_read;     /* diagnostics: searches that went to SQLite */
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
  g_array_unref (order->ids);
  g_free (order);
}

static void
snapshot_clear (Snapshot *snapshot)
{
  g_array_unref (snapshot->entries);
  g_array_unref (snapshot->search_chars);
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
  snapshot->search_chars = g_array_new (FALSE, FALSE, sizeof (guint64));
  snapshot->strings = g_ptr_array_new_with_free_func (g_free);
  snapshot->numbers = g_hash_table_new (g_str_hash, g_str_equal);
  snapshot->orders = g_ptr_array_new_with_free_func ((GDestroyNotify) order_free);
  g_mutex_init (&snapshot->orders_lock);
  g_ptr_array_add (snapshot->strings, NULL);

  reader = hd_store_acquire_reader (store, error);
  if (reader == NULL)
    return NULL;

  rc = sqlite3_prepare_v2 (reader, HD_TICKET_INDEX_KEYS_SQL, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        Entry e = { 0 };
        guint64 chars;
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
        chars = (guint64) sqlite3_column_int64 (stmt, 12);
        g_array_append_val (snapshot->search_chars, chars);
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
  g_clear_pointer (&search->bits, g_array_unref);
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
  GArray *ids;
  sqlite3 *reader;
  gulong handler = 0;

  reader = hd_store_acquire_reader (store, error);
  if (reader == NULL)
    return NULL;
  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (interrupt_reader), reader, NULL);
  ids = hd_store_read_matching_ids (store, reader, text, cancellable, error);
  g_cancellable_disconnect (cancellable, handler);
  hd_store_release_reader (store, reader);
  return ids;
}

/* The search_chars bit of @text's only term when that is one character
 * that has one, else -1. */
static int
single_char_bit (const char *text)
{
  gunichar c = 0;
  guint n = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar u = g_utf8_get_char (p);

      if (g_unichar_isspace (u))
        continue;
      if (n++ > 0)
        return -1;
      c = u;
    }
  return n == 1 ? hd_search_char_bit (c) : -1;
}

/* Gives the cached result of @text at @generation. */
static gboolean
lookup_search (HdTicketIndex  *self,
               const char     *text,
               guint64         generation,
               GArray        **bits)
{
  for (GList *l = self->searches.head; l != NULL; l = l->next)
    {
      Search *search = l->data;

      if (search->generation == generation && g_strcmp0 (search->text, text) == 0)
        {
          *bits = g_array_ref (search->bits);
          g_queue_unlink (&self->searches, l);
          g_queue_push_head_link (&self->searches, l);
          return TRUE;
        }
    }
  return FALSE;
}

/* One search at a time; the models of one keystroke ask for the same text:
 * the first answers it, the others wait and find it cached. *@bits
 * (guint8) has a bit set for each entry of @snapshot that matches; NULL
 * when @text holds nothing to search for. */
static gboolean
run_search (HdTicketIndex   *self,
            const char      *text,
            const Snapshot  *snapshot,
            GArray         **bits,
            GCancellable    *cancellable,
            GError         **error)
{
  g_autofree char *chars = NULL;
  g_autofree char *match = NULL;
  g_autoptr(GArray) found = NULL;
  GArray *found_bits = NULL;
  Search *search;
  int bit;

  *bits = NULL;
  if (!hd_search_split (text, &match, &chars))
    return TRUE;

  g_mutex_lock (&self->lock);
  for (;;)
    {
      if (lookup_search (self, text, snapshot->generation, bits))
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

  if ((bit = single_char_bit (text)) >= 0)
    {
      /* One letter or digit: from the snapshot, no read (hd-store-chars.c). */
      found_bits = hd_ticket_index_char_bits (snapshot, bit);
    }
  else if ((found = search_read (self->store, text, cancellable, error)) != NULL)
    {
      g_atomic_int_inc (&self->n_searches_read);
      found_bits = hd_ticket_index_found_bits (snapshot, found);
    }

  g_mutex_lock (&self->lock);
  self->searching = FALSE;
  if (found_bits != NULL && snapshot->generation == self->generation)
    {
      search = g_new0 (Search, 1);
      search->generation = snapshot->generation;
      search->text = g_strdup (text);
      search->bits = g_array_ref (found_bits);
      g_queue_push_head (&self->searches, search);
      self->cached_bytes += found_bits->len;
      while (self->searches.length > 1 &&
             (self->searches.length > MAX_CACHED_SEARCHES || self->cached_bytes > MAX_CACHED_BYTES))
        {
          Search *oldest = g_queue_pop_tail (&self->searches);
          self->cached_bytes -= oldest->bits->len;
          search_free (oldest);
        }
    }
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);

  *bits = found_bits;
  return found_bits != NULL;
}

GArray *
hd_ticket_index_run (HdTicketIndex             *self,
                     const HdTicketIndexQuery  *query,
                     GCancellable              *cancellable,
                     GError                   **error)
{
  g_autoptr(Snapshot) snapshot = NULL;
  g_autoptr(GArray) bits = NULL;

  g_return_val_if_fail (HD_IS_TICKET_INDEX (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  snapshot = acquire_snapshot (self, error);
  if (snapshot == NULL)
    return NULL;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (!run_search (self, query->search_text, snapshot, &bits, cancellable, error))
    return NULL;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  return hd_ticket_index_filter (snapshot, query, bits != NULL ? (const guint8 *) bits->data : NULL);
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
  self->cached_bytes = 0;
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

guint
hd_ticket_index_get_n_searches_read (HdTicketIndex *self)
{
  g_return_val_if_fail (HD_IS_TICKET_INDEX (self), 0);

  return (guint) g_atomic_int_get (&self->n_searches_read);
}

gsize
hd_ticket_index_get_size (HdTicketIndex *self)
{
  gsize size = 0;

  g_return_val_if_fail (HD_IS_TICKET_INDEX (self), 0);

  g_mutex_lock (&self->lock);
  if (self->snapshot != NULL)
    {
      size = self->snapshot->entries->len * (sizeof (Entry) + sizeof (guint64));
      for (guint i = 1; i < self->snapshot->strings->len; i++)
        size += strlen (g_ptr_array_index (self->snapshot->strings, i)) + 1 + 2 * sizeof (gpointer);
      g_mutex_lock (&self->snapshot->orders_lock);
      for (guint i = 0; i < self->snapshot->orders->len; i++)
        size += ((Order *) g_ptr_array_index (self->snapshot->orders, i))->positions->len *
                (sizeof (guint32) + sizeof (gint64));
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
