/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-ticket-list-model"

#include "config.h"

#include <stdlib.h>

#include "hd-store-private.h"
#include "hd-ticket-index.h"
#include "hd-ticket-list-model.h"

/* Tickets kept materialised: 16 pages of 64, a few screens' worth. */
#define MAX_CACHED_TICKETS (16 * HD_STORE_PAGE_SIZE)
/* Items added by one items-changed that also removes some (see reload_done). */
#define MAX_ADDED_AT_ONCE HD_STORE_PAGE_SIZE

typedef struct {
  gint64    id;
  HdTicket *ticket;
  GList     link;      /* in lru; data points back to the entry */
} Cached;

struct _HdTicketListModel
{
  GObject parent_instance;

  HdStore *store;
  HdTicketIndex *index;
  HdTicketQuery *query;

  GArray *ids;              /* gint64 row ids, in display order */
  GHashTable *cache;        /* id → Cached, kept across reloads of the query */
  GQueue lru;               /* most recently used first */
  gboolean stale;           /* the store changed: cached tickets are old */

  GCancellable *cancellable;/* of the reload in flight */
  guint idle_reload;
  gboolean loading;
  HdTicketListGroup *group;
  guint first_read;         /* tickets the worker reads with the ids */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HdTicketListModel, hd_ticket_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_STORE,
  PROP_QUERY,
  PROP_LOADING,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct {
  HdStore *store;
  HdTicketIndex *index;
  HdTicketIndexQuery *query;
  GArray *cached_ids;       /* gint64 of tickets the model holds up to date */
  HdTicketListGroup *group;
  guint first_read;
} ReloadData;

static void
reload_data_free (ReloadData *data)
{
  g_clear_object (&data->store);
  g_clear_object (&data->index);
  hd_ticket_index_query_free (data->query);
  g_clear_pointer (&data->cached_ids, g_array_unref);
  g_clear_pointer (&data->group, hd_ticket_list_group_unref);
  g_free (data);
}

/* What a reload found: the ids and the tickets of the first page, read in
 * the worker so that the main thread does not when the view asks for the
 * top of the list. */
typedef struct {
  GArray *ids;
  HdTicket *first[HD_STORE_PAGE_SIZE];
} Reloaded;

static void
reloaded_free (Reloaded *reloaded)
{
  g_clear_pointer (&reloaded->ids, g_array_unref);
  for (guint i = 0; i < HD_STORE_PAGE_SIZE; i++)
    g_clear_object (&reloaded->first[i]);
  g_free (reloaded);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reloaded, reloaded_free)

static const char *page_sql (void);
static void        trim_cache (HdTicketListModel *self);

/* Reads the tickets of @ids (at most a page) with @stmt (page_sql()) into
 * @tickets, at the same positions; a ticket gone stays NULL. */
static int
read_tickets (sqlite3_stmt  *stmt,
              const gint64  *ids,
              guint          n,
              HdTicket     **tickets)
{
  int rc;

  for (guint i = 0; i < HD_STORE_PAGE_SIZE; i++)
    {
      if (i < n)
        sqlite3_bind_int64 (stmt, i + 1, ids[i]);
      else
        sqlite3_bind_null (stmt, i + 1);
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      for (guint i = 0; i < n; i++)
        if (ids[i] == id && tickets[i] == NULL)
          {
            tickets[i] = hd_store_ticket_from_row (stmt, 0);
            break;
          }
    }
  return rc;
}

/* Reads the tickets of the first page that the model does not hold. */
static void
read_first_page (ReloadData *data,
                 Reloaded   *reloaded)
{
  sqlite3_stmt *stmt = NULL;
  sqlite3 *reader;
  gint64 missing[HD_STORE_PAGE_SIZE];
  guint where[HD_STORE_PAGE_SIZE];
  HdTicket *read[HD_STORE_PAGE_SIZE] = { NULL };
  guint n_missing = 0;

  if (data->cached_ids != NULL)
    g_array_sort (data->cached_ids, hd_compare_int64);
  for (guint i = 0; i < MIN (reloaded->ids->len, data->first_read); i++)
    {
      gint64 id = g_array_index (reloaded->ids, gint64, i);

      if (data->cached_ids != NULL &&
          bsearch (&id, data->cached_ids->data, data->cached_ids->len, sizeof (gint64), hd_compare_int64) != NULL)
        continue;
      where[n_missing] = i;
      missing[n_missing++] = id;
    }
  if (n_missing == 0)
    return;
  reader = hd_store_acquire_reader (data->store, NULL);
  if (reader == NULL)
    return;
  /* On failure the main thread reads the page when asked. */
  if ((stmt = hd_store_reader_prepare (reader, page_sql ())) != NULL &&
      read_tickets (stmt, missing, n_missing, read) == SQLITE_DONE)
    for (guint i = 0; i < n_missing; i++)
      reloaded->first[where[i]] = g_steal_pointer (&read[i]);
  for (guint i = 0; i < n_missing; i++)
    g_clear_object (&read[i]);
  hd_store_reader_finish (stmt);
  hd_store_release_reader (data->store, reader);
}

static void
cached_free (Cached *cached)
{
  g_object_unref (cached->ticket);
  g_free (cached);
}

static void
clear_cache (HdTicketListModel *self)
{
  /* The queue only links entries owned by the table. */
  self->lru = (GQueue) G_QUEUE_INIT;
  g_hash_table_remove_all (self->cache);
}

static void
set_loading (HdTicketListModel *self,
             gboolean           loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* Reload --------------------------------------------------------------------- */

static void
reload_worker (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ReloadData *data = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(Reloaded) reloaded = g_new0 (Reloaded, 1);

  /* Filtered and sorted in memory; only the search text goes to SQLite. */
  reloaded->ids = hd_ticket_index_run (data->index, data->query, cancellable, &error);
  if (reloaded->ids != NULL && !g_cancellable_is_cancelled (cancellable))
    read_first_page (data, reloaded);

  if (g_task_return_error_if_cancelled (task))
    return;
  if (reloaded->ids == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_steal_pointer (&reloaded), (GDestroyNotify) reloaded_free);
}

static void
apply_reload (HdTicketListModel *self,
              GAsyncResult      *result)
{
  g_autoptr(Reloaded) reloaded = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  guint position, removed, added;
  guint n_before = self->ids->len;
  gboolean changed;

  /* The worker is done with them: let go of the store and the index on the
   * main thread, not wherever the task happens to be freed. */
  g_clear_object (&((ReloadData *) g_task_get_task_data (G_TASK (result)))->index);
  g_clear_object (&((ReloadData *) g_task_get_task_data (G_TASK (result)))->store);

  reloaded = g_task_propagate_pointer (G_TASK (result), &error);
  if (reloaded != NULL)
    ids = g_steal_pointer (&reloaded->ids);

  /* Superseded: a newer reload owns the model and its "loading". */
  if (g_task_get_cancellable (G_TASK (result)) != self->cancellable)
    return;
  g_clear_object (&self->cancellable);

  if (ids == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not load the ticket list: %s", error->message);
      set_loading (self, FALSE);
      return;
    }

  if (self->stale)
    {
      /* Every ticket may have changed: all new objects. */
      position = 0;
      removed = self->ids->len;
      added = ids->len;
      changed = TRUE;
      clear_cache (self);
      self->stale = FALSE;
    }
  else
    {
      /* Same store, other query: the tickets still shown keep their objects
       * (the cache is by id), so the views keep their rows; one range. */
      changed = hd_ticket_ids_diff ((const gint64 *) (gpointer) self->ids->data, self->ids->len,
                                    (const gint64 *) (gpointer) ids->data, ids->len,
                                    &position, &removed, &added);
    }

  /* Tickets still cached keep their objects (and the views their rows). */
  for (guint i = 0; i < MIN (ids->len, HD_STORE_PAGE_SIZE); i++)
    if (reloaded->first[i] != NULL && !g_hash_table_contains (self->cache, &g_array_index (ids, gint64, i)))
      {
        Cached *cached = g_new0 (Cached, 1);

        cached->id = g_array_index (ids, gint64, i);
        cached->ticket = g_steal_pointer (&reloaded->first[i]);
        cached->link.data = cached;
        g_hash_table_insert (self->cache, &cached->id, cached);
        g_queue_push_head_link (&self->lru, &cached->link);
      }
  trim_cache (self);

  if (changed && removed > 0 && added > MAX_ADDED_AT_ONCE)
    {
      /* When the item at the top of a GTK 4.8 list view is removed, the view
       * looks for it among all the added items (100 000 get_item() calls
       * for an emptied search field). Announced as the first page of the
       * new range replacing the old one, then the rest inserted after it,
       * the view looks through one page. */
      guint tail = ids->len - position - added;
      GArray *step = g_array_sized_new (FALSE, FALSE, sizeof (gint64), position + MAX_ADDED_AT_ONCE + tail);

      g_array_append_vals (step, ids->data, position + MAX_ADDED_AT_ONCE);
      g_array_append_vals (step, &g_array_index (ids, gint64, position + added), tail);
      g_array_unref (self->ids);
      self->ids = step;
      g_list_model_items_changed (G_LIST_MODEL (self), position, removed, MAX_ADDED_AT_ONCE);
      position += MAX_ADDED_AT_ONCE;
      removed = 0;
      added -= MAX_ADDED_AT_ONCE;
    }
  g_array_unref (self->ids);
  self->ids = g_steal_pointer (&ids);
  if (changed)
    g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
  if (self->ids->len != n_before)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  set_loading (self, FALSE);
}

static void
reload_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  HdTicketListGroup *group = ((ReloadData *) g_task_get_task_data (G_TASK (result)))->group;
  g_autoptr(GPtrArray) done = NULL;

  if (group == NULL)
    {
      apply_reload (HD_TICKET_LIST_MODEL (object), result);
      return;
    }

  /* The group's models show their answers together, when the last is in. */
  if ((done = hd_ticket_list_group_finish (group, G_TASK (result))) == NULL)
    return;
  for (guint i = 0; i < done->len; i++)
    {
      GTask *task = g_ptr_array_index (done, i);
      apply_reload (HD_TICKET_LIST_MODEL (g_task_get_source_object (task)), G_ASYNC_RESULT (task));
    }
}

/**
 * hd_ticket_list_model_reload:
 *
 * Runs the query again in a worker thread; returns at once. A reload still
 * running is cancelled (its SQLite query interrupted), so typing in a search
 * field does not pile up queries.
 */
void
hd_ticket_list_model_reload (HdTicketListModel *self)
{
  g_autoptr(GTask) task = NULL;
  ReloadData *data;

  g_return_if_fail (HD_IS_TICKET_LIST_MODEL (self));

  g_clear_handle_id (&self->idle_reload, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  data = g_new0 (ReloadData, 1);
  data->store = g_object_ref (self->store);
  data->index = g_object_ref (self->index);
  data->query = hd_ticket_index_query_new (self->query, g_get_real_time () / G_USEC_PER_SEC);
  data->first_read = self->first_read;
  if (!self->stale && g_hash_table_size (self->cache) > 0)
    {
      /* The worker need not read again what the model holds up to date. */
      GHashTableIter iter;
      gpointer key;

      data->cached_ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), g_hash_table_size (self->cache));
      g_hash_table_iter_init (&iter, self->cache);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_array_append_val (data->cached_ids, *(gint64 *) key);
    }
  if (self->group != NULL)
    {
      data->group = hd_ticket_list_group_ref (self->group);
      hd_ticket_list_group_begin (self->group);
    }

  task = g_task_new (self, self->cancellable, reload_done, NULL);
  g_task_set_source_tag (task, hd_ticket_list_model_reload);
  g_task_set_task_data (task, data, (GDestroyNotify) reload_data_free);
  set_loading (self, TRUE);
  g_task_run_in_thread (task, reload_worker);
}

static gboolean
idle_reload_cb (gpointer user_data)
{
  HdTicketListModel *self = user_data;

  self->idle_reload = 0;
  hd_ticket_list_model_reload (self);
  return G_SOURCE_REMOVE;
}

/* Changes that arrive together (a commit, then a query edit) cost one
 * reload. It starts before the next frame is drawn (GTK redraws at
 * G_PRIORITY_HIGH_IDLE + 20): the search a keystroke asks for runs in the
 * workers while the main thread paints the search field. */
static void
queue_reload (HdTicketListModel *self)
{
  if (self->idle_reload == 0)
    self->idle_reload = g_idle_add_full (G_PRIORITY_HIGH_IDLE, idle_reload_cb, self, NULL);
  set_loading (self, TRUE);
}

/* Groups ------------------------------------------------------------------- */

void
hd_ticket_list_model_set_group (HdTicketListModel *self,
                                HdTicketListGroup *group)
{
  g_return_if_fail (HD_IS_TICKET_LIST_MODEL (self));

  if (group != NULL)
    hd_ticket_list_group_ref (group);
  g_clear_pointer (&self->group, hd_ticket_list_group_unref);
  self->group = group;
}

/* Pages -------------------------------------------------------------------- */

static const char *
page_sql (void)
{
  static char *sql;
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      GString *s = g_string_new (NULL);

      g_string_printf (s, "SELECT %s FROM tickets WHERE id IN (", hd_store_ticket_columns ());
      for (guint i = 1; i <= HD_STORE_PAGE_SIZE; i++)
        g_string_append_printf (s, "%s?%u", i > 1 ? ", " : "", i);
      g_string_append_c (s, ')');
      sql = g_string_free (s, FALSE);
      g_once_init_leave (&initialized, 1);
    }
  return sql;
}

static void
trim_cache (HdTicketListModel *self)
{
  while (g_hash_table_size (self->cache) > MAX_CACHED_TICKETS)
    {
      Cached *victim = g_queue_pop_tail_link (&self->lru)->data;
      g_hash_table_remove (self->cache, &victim->id);
    }
}

/* Reads the tickets of the page holding @position that are not cached. */
static void
load_page (HdTicketListModel *self,
           guint              position)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdCachedStmt) stmt = NULL;
  g_autoptr(GPtrArray) loaded = g_ptr_array_new ();
  guint first = position / HD_STORE_PAGE_SIZE * HD_STORE_PAGE_SIZE;
  guint n = MIN (HD_STORE_PAGE_SIZE, self->ids->len - first);
  const gint64 *ids = &g_array_index (self->ids, gint64, first);
  gint64 missing[HD_STORE_PAGE_SIZE];
  HdTicket *read[HD_STORE_PAGE_SIZE] = { NULL };
  guint n_missing = 0;
  int rc;

  stmt = hd_store_prepare (self->store, page_sql (), &error);
  if (stmt == NULL)
    g_warning ("Could not read tickets: %s", error->message);

  for (guint i = 0; i < n; i++)
    {
      Cached *cached;

      if (g_hash_table_contains (self->cache, &ids[i]))
        continue;
      cached = g_new0 (Cached, 1);
      cached->id = ids[i];
      cached->link.data = cached;
      g_hash_table_insert (self->cache, &cached->id, cached);
      g_queue_push_head_link (&self->lru, &cached->link);
      g_ptr_array_add (loaded, cached);
      missing[n_missing++] = ids[i];
    }

  if (stmt != NULL && n_missing > 0)
    {
      rc = read_tickets (stmt, missing, n_missing, read);
      if (rc != SQLITE_DONE)
        g_warning ("Could not read tickets: %s", sqlite3_errmsg (hd_store_get_db (self->store)));
    }

  /* A row gone since the reload (the next reload drops it) shows empty. */
  for (guint i = 0; i < loaded->len; i++)
    {
      Cached *cached = g_ptr_array_index (loaded, i);

      cached->ticket = read[i] != NULL ? read[i] : hd_ticket_new ();
    }
}

static GType
hd_ticket_list_model_get_item_type (GListModel *model)
{
  return HD_TYPE_TICKET;
}

static guint
hd_ticket_list_model_get_n_items (GListModel *model)
{
  return HD_TICKET_LIST_MODEL (model)->ids->len;
}

static gpointer
hd_ticket_list_model_get_item (GListModel *model,
                               guint       position)
{
  HdTicketListModel *self = HD_TICKET_LIST_MODEL (model);
  const gint64 *id;
  Cached *cached;

  if (position >= self->ids->len)
    return NULL;

  id = &g_array_index (self->ids, gint64, position);
  cached = g_hash_table_lookup (self->cache, id);
  if (cached == NULL)
    {
      load_page (self, position);
      cached = g_hash_table_lookup (self->cache, id);
    }
  g_queue_unlink (&self->lru, &cached->link);
  g_queue_push_head_link (&self->lru, &cached->link);
  trim_cache (self);

  return g_object_ref (cached->ticket);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = hd_ticket_list_model_get_item_type;
  iface->get_n_items = hd_ticket_list_model_get_n_items;
  iface->get_item = hd_ticket_list_model_get_item;
}

/* GObject -------------------------------------------------------------------- */

static void
hd_ticket_list_model_dispose (GObject *object)
{
  HdTicketListModel *self = (HdTicketListModel *)object;

  g_clear_handle_id (&self->idle_reload, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->index != NULL)
    g_signal_handlers_disconnect_by_data (self->index, self);
  if (self->query != NULL)
    g_signal_handlers_disconnect_by_data (self->query, self);
  g_clear_object (&self->index);
  g_clear_object (&self->store);
  g_clear_object (&self->query);
  g_clear_pointer (&self->group, hd_ticket_list_group_unref);
  clear_cache (self);

  G_OBJECT_CLASS (hd_ticket_list_model_parent_class)->dispose (object);
}

static void
hd_ticket_list_model_finalize (GObject *object)
{
  HdTicketListModel *self = (HdTicketListModel *)object;

  g_hash_table_unref (self->cache);
  g_array_unref (self->ids);

  G_OBJECT_CLASS (hd_ticket_list_model_parent_class)->finalize (object);
}

static void
hd_ticket_list_model_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  HdTicketListModel *self = HD_TICKET_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_STORE: g_value_set_object (value, self->store); break;
    case PROP_QUERY: g_value_set_object (value, self->query); break;
    case PROP_LOADING: g_value_set_boolean (value, self->loading); break;
    case PROP_N_ITEMS: g_value_set_uint (value, self->ids->len); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
on_store_changed (HdTicketListModel *self)
{
  /* A run started before the change would bring old results. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->stale = TRUE;
  queue_reload (self);
}

static void
hd_ticket_list_model_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  HdTicketListModel *self = HD_TICKET_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      /* The index drops its keys first, then tells its models. */
      self->index = hd_ticket_index_get_for_store (self->store);
      g_signal_connect_swapped (self->index, "changed", G_CALLBACK (on_store_changed), self);
      break;
    case PROP_QUERY:
      hd_ticket_list_model_set_query (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hd_ticket_list_model_class_init (HdTicketListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hd_ticket_list_model_dispose;
  object_class->finalize = hd_ticket_list_model_finalize;
  object_class->get_property = hd_ticket_list_model_get_property;
  object_class->set_property = hd_ticket_list_model_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, HD_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_QUERY] =
    g_param_spec_object ("query", NULL, NULL, HD_TYPE_TICKET_QUERY,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hd_ticket_list_model_init (HdTicketListModel *self)
{
  self->first_read = HD_STORE_PAGE_SIZE;
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->cache = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) cached_free);
  g_queue_init (&self->lru);
}

/**
 * hd_ticket_list_model_new:
 * @query: (nullable): what to show; every ticket by due time when %NULL
 *
 * The model starts empty and loads at once in the background.
 */
HdTicketListModel *
hd_ticket_list_model_new (HdStore       *store,
                          HdTicketQuery *query)
{
  g_autoptr(HdTicketQuery) fallback = NULL;
  HdTicketListModel *self;

  g_return_val_if_fail (HD_IS_STORE (store), NULL);
  g_return_val_if_fail (query == NULL || HD_IS_TICKET_QUERY (query), NULL);

  if (query == NULL)
    query = fallback = hd_ticket_query_new ();

  self = g_object_new (HD_TYPE_TICKET_LIST_MODEL, "store", store, "query", query, NULL);
  hd_ticket_list_model_reload (self);
  return self;
}

HdStore *
hd_ticket_list_model_get_store (HdTicketListModel *self)
{
  g_return_val_if_fail (HD_IS_TICKET_LIST_MODEL (self), NULL);
  return self->store;
}

HdTicketQuery *
hd_ticket_list_model_get_query (HdTicketListModel *self)
{
  g_return_val_if_fail (HD_IS_TICKET_LIST_MODEL (self), NULL);
  return self->query;
}

static void
on_query_changed (HdTicketListModel *self)
{
  queue_reload (self);
}

void
hd_ticket_list_model_set_query (HdTicketListModel *self,
                                HdTicketQuery     *query)
{
  g_return_if_fail (HD_IS_TICKET_LIST_MODEL (self));
  g_return_if_fail (query == NULL || HD_IS_TICKET_QUERY (query));

  if (self->query == query)
    return;

  if (self->query != NULL)
    g_signal_handlers_disconnect_by_data (self->query, self);
  g_set_object (&self->query, query);
  if (self->query == NULL)
    self->query = hd_ticket_query_new ();
  g_signal_connect_swapped (self->query, "notify", G_CALLBACK (on_query_changed), self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUERY]);

  queue_reload (self);
}

gboolean
hd_ticket_list_model_get_loading (HdTicketListModel *self)
{
  g_return_val_if_fail (HD_IS_TICKET_LIST_MODEL (self), FALSE);
  return self->loading;
}

void
hd_ticket_list_model_set_first_read (HdTicketListModel *self,
                                     guint              n_tickets)
{
  g_return_if_fail (HD_IS_TICKET_LIST_MODEL (self));

  self->first_read = CLAMP (n_tickets, 1, HD_STORE_PAGE_SIZE);
}

guint
hd_ticket_list_model_get_n_cached (HdTicketListModel *self)
{
  g_return_val_if_fail (HD_IS_TICKET_LIST_MODEL (self), 0);
  return g_hash_table_size (self->cache);
}
