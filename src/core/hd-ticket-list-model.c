/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-ticket-list-model"

#include "config.h"

#include "hd-store-private.h"
#include "hd-ticket-list-model.h"

/* Pages kept materialised: 16 × 64 = 1 024 tickets, a few screens' worth. */
#define MAX_CACHED_PAGES 16

typedef struct {
  guint      index;
  GPtrArray *tickets;
  GList      link;     /* in lru; data points back to the page */
} Page;

struct _HdTicketListModel
{
  GObject parent_instance;

  HdStore *store;
  HdTicketQuery *query;

  GArray *ids;              /* gint64 row ids, in display order */
  GHashTable *pages;        /* page index → Page */
  GQueue lru;               /* most recently used first */

  GCancellable *cancellable;/* of the reload in flight */
  guint idle_reload;
  gboolean loading;
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
  char *sql;
  GPtrArray *binds;
} ReloadData;

static void
reload_data_free (ReloadData *data)
{
  g_clear_object (&data->store);
  g_free (data->sql);
  g_ptr_array_unref (data->binds);
  g_free (data);
}

static void
page_free (Page *page)
{
  g_ptr_array_unref (page->tickets);
  g_free (page);
}

static void
clear_pages (HdTicketListModel *self)
{
  /* The queue only links pages owned by the table. */
  self->lru = (GQueue) G_QUEUE_INIT;
  g_hash_table_remove_all (self->pages);
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
interrupt_reader (GCancellable *cancellable,
                  sqlite3      *reader)
{
  /* Thread-safe in SQLite: the worker's step returns SQLITE_INTERRUPT. */
  sqlite3_interrupt (reader);
}

static void
reload_worker (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ReloadData *data = task_data;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = NULL;
  sqlite3 *reader;
  gulong handler;
  int rc;

  reader = hd_store_acquire_reader (data->store, &error);
  if (reader == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  handler = g_cancellable_connect (cancellable, G_CALLBACK (interrupt_reader), reader, NULL);

  rc = sqlite3_prepare_v2 (reader, data->sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      hd_store_bind_strings (stmt, data->binds);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);
          g_array_append_val (ids, id);
          /* An interrupt before the first step is forgotten by SQLite. */
          if ((ids->len & 4095) == 0 && g_cancellable_is_cancelled (cancellable))
            {
              rc = SQLITE_INTERRUPT;
              break;
            }
        }
    }
  if (rc != SQLITE_DONE)
    hd_store_set_error (data->store, &error, rc, sqlite3_errmsg (reader));

  sqlite3_finalize (stmt);
  g_cancellable_disconnect (cancellable, handler);
  hd_store_release_reader (data->store, reader);

  if (g_task_return_error_if_cancelled (task))
    return;
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_steal_pointer (&ids), (GDestroyNotify) g_array_unref);
}

static void
reload_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  HdTicketListModel *self = HD_TICKET_LIST_MODEL (object);
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  guint removed, added;

  ids = g_task_propagate_pointer (G_TASK (result), &error);

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

  removed = self->ids->len;
  added = ids->len;
  g_array_unref (self->ids);
  self->ids = g_steal_pointer (&ids);
  clear_pages (self);

  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, added);
  if (removed != added)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  set_loading (self, FALSE);
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
  data->binds = g_ptr_array_new_with_free_func (g_free);
  data->sql = hd_ticket_query_build_id_sql (self->query, data->binds);

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

/* Changes that arrive together (a commit, then a query edit) cost one reload. */
static void
queue_reload (HdTicketListModel *self)
{
  if (self->idle_reload == 0)
    self->idle_reload = g_idle_add (idle_reload_cb, self);
  set_loading (self, TRUE);
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

static Page *
load_page (HdTicketListModel *self,
           guint              index)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdCachedStmt) stmt = NULL;
  guint first = index * HD_STORE_PAGE_SIZE;
  guint n = MIN (HD_STORE_PAGE_SIZE, self->ids->len - first);
  const gint64 *ids = &g_array_index (self->ids, gint64, first);
  Page *page;
  int rc = SQLITE_OK;

  page = g_new0 (Page, 1);
  page->index = index;
  page->tickets = g_ptr_array_new_full (n, g_object_unref);
  g_ptr_array_set_size (page->tickets, n);
  page->link.data = page;

  stmt = hd_store_prepare (self->store, page_sql (), &error);
  if (stmt != NULL)
    {
      for (guint i = 0; i < n; i++)
        sqlite3_bind_int64 (stmt, i + 1, ids[i]);

      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);

          for (guint i = 0; i < n; i++)
            if (ids[i] == id && g_ptr_array_index (page->tickets, i) == NULL)
              {
                g_ptr_array_index (page->tickets, i) = hd_store_ticket_from_row (stmt, 0);
                break;
              }
        }
      if (rc != SQLITE_DONE)
        g_warning ("Could not read tickets: %s", sqlite3_errmsg (hd_store_get_db (self->store)));
    }
  else
    g_warning ("Could not read tickets: %s", error->message);

  /* A row gone since the reload (the next reload drops it) shows empty. */
  for (guint i = 0; i < n; i++)
    if (g_ptr_array_index (page->tickets, i) == NULL)
      g_ptr_array_index (page->tickets, i) = hd_ticket_new ();

  return page;
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
  guint index = position / HD_STORE_PAGE_SIZE;
  Page *page;

  if (position >= self->ids->len)
    return NULL;

  page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (index));
  if (page != NULL)
    {
      g_queue_unlink (&self->lru, &page->link);
    }
  else
    {
      page = load_page (self, index);
      g_hash_table_insert (self->pages, GUINT_TO_POINTER (index), page);

      while (g_hash_table_size (self->pages) > MAX_CACHED_PAGES)
        {
          GList *oldest = g_queue_pop_tail_link (&self->lru);
          Page *victim = oldest->data;
          g_hash_table_remove (self->pages, GUINT_TO_POINTER (victim->index));
        }
    }
  g_queue_push_head_link (&self->lru, &page->link);

  return g_object_ref (g_ptr_array_index (page->tickets, position % HD_STORE_PAGE_SIZE));
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
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  if (self->query != NULL)
    g_signal_handlers_disconnect_by_data (self->query, self);
  g_clear_object (&self->store);
  g_clear_object (&self->query);
  clear_pages (self);

  G_OBJECT_CLASS (hd_ticket_list_model_parent_class)->dispose (object);
}

static void
hd_ticket_list_model_finalize (GObject *object)
{
  HdTicketListModel *self = (HdTicketListModel *)object;

  g_hash_table_unref (self->pages);
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
      g_signal_connect_swapped (self->store, "tickets-changed", G_CALLBACK (on_store_changed), self);
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
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) page_free);
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

guint
hd_ticket_list_model_get_n_cached (HdTicketListModel *self)
{
  GHashTableIter iter;
  gpointer value;
  guint n = 0;

  g_return_val_if_fail (HD_IS_TICKET_LIST_MODEL (self), 0);

  g_hash_table_iter_init (&iter, self->pages);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    n += ((Page *) value)->tickets->len;
  return n;
}
