/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-sync"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "hd-store-sync.h"
#include "hd-sync-engine-private.h"

/*
 * One run: push the outbox in batches (POST /api/v1/batch) until it is
 * empty, then pull the change feed (GET /api/v1/changes) page by page until
 * has_more is false. Every reply is read into a bounded buffer and parsed
 * with json-glib; every member is checked before it is used.
 */

#define DEFAULT_TIMEOUT_MS 30000
#define DEFAULT_MAX_REPLY (32 * 1024 * 1024)
#define DEFAULT_BATCH 100
#define DEFAULT_PAGE 500
/* A first sync's pages: the server's max-page-size (2000) by default. */
#define DEFAULT_INITIAL_PAGE 2000

G_DEFINE_QUARK (hd-sync-error-quark, hd_sync_error)
G_DEFINE_ENUM_TYPE (HdSyncEngineState, hd_sync_engine_state,
  G_DEFINE_ENUM_VALUE (HD_SYNC_ENGINE_STATE_OFFLINE, "offline"),
  G_DEFINE_ENUM_VALUE (HD_SYNC_ENGINE_STATE_IDLE, "idle"),
  G_DEFINE_ENUM_VALUE (HD_SYNC_ENGINE_STATE_SYNCING, "syncing"),
  G_DEFINE_ENUM_VALUE (HD_SYNC_ENGINE_STATE_ERROR, "error"))

G_DEFINE_FINAL_TYPE (HdSyncEngine, hd_sync_engine, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_BASE_URL,
  PROP_STATE,
  PROP_PENDING_COUNT,
  PROP_LAST_SYNCED,
  PROP_LAST_ERROR,
  PROP_PROGRESS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void run_start (HdSyncEngine *self);

/* Properties ------------------------------------------------------------------ */

static void
set_state (HdSyncEngine      *self,
           HdSyncEngineState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

void
hd_sync_engine_set_progress (HdSyncEngine *self,
                             double        progress)
{
  progress = CLAMP (progress, 0.0, 1.0);
  if (self->progress == progress)
    return;
  self->progress = progress;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

static void
set_last_error (HdSyncEngine *self,
                const char   *message)
{
  if (g_strcmp0 (self->last_error, message) == 0)
    return;
  g_free (self->last_error);
  self->last_error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

void
hd_sync_engine_update_pending_count (HdSyncEngine *self)
{
  guint count = self->store != NULL ? hd_store_outbox_count (self->store) : 0;

  if (self->pending_count == count)
    return;
  self->pending_count = count;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING_COUNT]);
}

static void
on_store_changed (HdSyncEngine *self)
{
  hd_sync_engine_update_pending_count (self);
}

/* Runs ------------------------------------------------------------------------ */

void
hd_sync_engine_run_complete (HdSyncEngine *self,
                             GError       *error)   /* taken, may be NULL */
{
  g_autoptr(GPtrArray) tasks = g_steal_pointer (&self->run_tasks);

  hd_sync_engine_pull_stop (self);
  g_clear_object (&self->run_cancellable);
  hd_sync_engine_update_pending_count (self);

  if (error == NULL)
    {
      self->last_synced = g_get_real_time () / G_USEC_PER_SEC;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SYNCED]);
      set_last_error (self, NULL);
      hd_sync_engine_set_progress (self, 1.0);
      set_state (self, HD_SYNC_ENGINE_STATE_IDLE);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    set_state (self, HD_SYNC_ENGINE_STATE_IDLE);
  else
    {
      /* Never the token: messages are built from status codes and the
       * server's error text only. */
      g_debug ("Sync failed: %s", error->message);
      set_last_error (self, error->message);
      set_state (self, g_error_matches (error, HD_SYNC_ERROR, HD_SYNC_ERROR_UNREACHABLE)
                       ? HD_SYNC_ENGINE_STATE_OFFLINE : HD_SYNC_ENGINE_STATE_ERROR);
    }

  for (guint i = 0; i < tasks->len; i++)
    {
      GTask *task = g_ptr_array_index (tasks, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);
    }
  g_clear_error (&error);

  /* Syncs asked for during this run: one more run serves them all. */
  if (self->next_tasks != NULL && self->next_tasks->len > 0)
    {
      self->run_tasks = g_steal_pointer (&self->next_tasks);
      run_start (self);
    }
}

GError *
hd_sync_store_error (GError *error)
{
  GError *wrapped = g_error_new (HD_SYNC_ERROR, HD_SYNC_ERROR_STORE,
                                 _("The local ticket cache could not be updated: %s"), error->message);
  g_error_free (error);
  return wrapped;
}

static void
run_start (HdSyncEngine *self)
{
  if (self->token == NULL)
    {
      hd_sync_engine_run_complete (self,
                                   g_error_new_literal (HD_SYNC_ERROR, HD_SYNC_ERROR_UNAUTHORIZED,
                                                        _("Not signed in to the server")));
      return;
    }
  self->run_cancellable = g_cancellable_new ();
  self->run_batch_limit = self->batch_ops;
  self->pull_start = -1;
  hd_sync_engine_set_progress (self, 0.0);
  set_state (self, HD_SYNC_ENGINE_STATE_SYNCING);
  hd_sync_engine_push_next (self);
}

/* Public ---------------------------------------------------------------------- */

void
hd_sync_engine_sync_async (HdSyncEngine        *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (HD_IS_SYNC_ENGINE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hd_sync_engine_sync_async);

  if (self->run_tasks != NULL)
    {
      /* A run is in flight: what it pushes may predate this request. */
      if (self->next_tasks == NULL)
        self->next_tasks = g_ptr_array_new_with_free_func (g_object_unref);
      g_ptr_array_add (self->next_tasks, g_steal_pointer (&task));
      return;
    }

  self->run_tasks = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (self->run_tasks, g_steal_pointer (&task));
  run_start (self);
}

gboolean
hd_sync_engine_sync_finish (HdSyncEngine  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (HD_IS_SYNC_ENGINE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == hd_sync_engine_sync_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
hd_sync_error_is_transient (const GError *error)
{
  if (error == NULL || error->domain != HD_SYNC_ERROR)
    return FALSE;
  switch (error->code)
    {
    case HD_SYNC_ERROR_UNREACHABLE:
    case HD_SYNC_ERROR_TIMEOUT:
    case HD_SYNC_ERROR_SERVER:
    case HD_SYNC_ERROR_PROTOCOL:
      return TRUE;
    default:
      return FALSE;
    }
}

HdSyncEngine *
hd_sync_engine_new (HdStore    *store,
                    const char *base_url)
{
  g_return_val_if_fail (HD_IS_STORE (store), NULL);
  g_return_val_if_fail (base_url != NULL, NULL);

  return g_object_new (HD_TYPE_SYNC_ENGINE, "store", store, "base-url", base_url, NULL);
}

const char *
hd_sync_engine_get_base_url (HdSyncEngine *self)
{
  g_return_val_if_fail (HD_IS_SYNC_ENGINE (self), NULL);
  return self->base_url;
}

HdStore *
hd_sync_engine_get_store (HdSyncEngine *self)
{
  g_return_val_if_fail (HD_IS_SYNC_ENGINE (self), NULL);
  return self->store;
}

void
hd_sync_engine_set_credentials (HdSyncEngine *self,
                                const char   *username,
                                const char   *token)
{
  g_return_if_fail (HD_IS_SYNC_ENGINE (self));

  g_free (self->username);
  self->username = g_strdup (username);
  if (self->token != NULL)
    memset (self->token, 0, strlen (self->token));
  g_free (self->token);
  self->token = g_strdup (token);
}

const char *
hd_sync_engine_get_username (HdSyncEngine *self)
{
  g_return_val_if_fail (HD_IS_SYNC_ENGINE (self), NULL);
  return self->username;
}

gboolean
hd_sync_engine_has_token (HdSyncEngine *self)
{
  g_return_val_if_fail (HD_IS_SYNC_ENGINE (self), FALSE);
  return self->token != NULL;
}

void
hd_sync_engine_set_attachment_dir (HdSyncEngine *self,
                                   const char   *dir)
{
  g_return_if_fail (HD_IS_SYNC_ENGINE (self));

  g_free (self->attachment_dir);
  self->attachment_dir = g_strdup (dir);
  g_hash_table_remove_all (self->blobs_known);
  g_hash_table_remove_all (self->blobs_warned);
}

const char *
hd_sync_engine_get_attachment_dir (HdSyncEngine *self)
{
  g_return_val_if_fail (HD_IS_SYNC_ENGINE (self), NULL);
  return self->attachment_dir;
}

void
hd_sync_engine_set_timeout (HdSyncEngine *self,
                            guint         timeout_ms)
{
  g_return_if_fail (HD_IS_SYNC_ENGINE (self));
  g_return_if_fail (timeout_ms > 0);

  self->timeout_ms = timeout_ms;
  g_object_set (self->session, "timeout", (timeout_ms + 999) / 1000, NULL);
}

void
hd_sync_engine_set_max_reply_size (HdSyncEngine *self,
                                   gsize         max_bytes)
{
  g_return_if_fail (HD_IS_SYNC_ENGINE (self));
  g_return_if_fail (max_bytes > 0);
  self->max_reply = max_bytes;
}

void
hd_sync_engine_set_batch_sizes (HdSyncEngine *self,
                                guint         batch_ops,
                                guint         page_changes)
{
  g_return_if_fail (HD_IS_SYNC_ENGINE (self));
  g_return_if_fail (batch_ops > 0 && page_changes > 0);
  self->batch_ops = batch_ops;
  self->page_changes = page_changes;
  self->initial_page_changes = page_changes;
}

HdSyncEngineState
hd_sync_engine_get_state (HdSyncEngine *self)
{
  g_return_val_if_fail (HD_IS_SYNC_ENGINE (self), HD_SYNC_ENGINE_STATE_OFFLINE);
  return self->state;
}

guint
hd_sync_engine_get_pending_count (HdSyncEngine *self)
{
  g_return_val_if_fail (HD_IS_SYNC_ENGINE (self), 0);
  return self->pending_count;
}

gint64
hd_sync_engine_get_last_synced (HdSyncEngine *self)
{
  g_return_val_if_fail (HD_IS_SYNC_ENGINE (self), 0);
  return self->last_synced;
}

const char *
hd_sync_engine_get_last_error (HdSyncEngine *self)
{
  g_return_val_if_fail (HD_IS_SYNC_ENGINE (self), NULL);
  return self->last_error;
}

double
hd_sync_engine_get_progress (HdSyncEngine *self)
{
  g_return_val_if_fail (HD_IS_SYNC_ENGINE (self), 0.0);
  return self->progress;
}

/* GObject --------------------------------------------------------------------- */

static void
hd_sync_engine_constructed (GObject *object)
{
  HdSyncEngine *self = HD_SYNC_ENGINE (object);
  g_autofree char *trimmed = NULL;

  G_OBJECT_CLASS (hd_sync_engine_parent_class)->constructed (object);

  /* "https://host/" and "https://host" name the same server. */
  trimmed = g_strdup (self->base_url);
  while (g_str_has_suffix (trimmed, "/"))
    trimmed[strlen (trimmed) - 1] = '\0';
  g_free (self->base_url);
  self->base_url = g_steal_pointer (&trimmed);

  self->store_handlers[0] = g_signal_connect_swapped (self->store, "tickets-changed",
                                                      G_CALLBACK (on_store_changed), self);
  self->store_handlers[1] = g_signal_connect_swapped (self->store, "events-changed",
                                                      G_CALLBACK (on_store_changed), self);
  hd_sync_engine_update_pending_count (self);
}

static void
hd_sync_engine_dispose (GObject *object)
{
  HdSyncEngine *self = HD_SYNC_ENGINE (object);

  if (self->run_cancellable != NULL)
    g_cancellable_cancel (self->run_cancellable);
  if (self->store != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (self->store_handlers); i++)
        g_clear_signal_handler (&self->store_handlers[i], self->store);
    }
  g_clear_object (&self->session);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (hd_sync_engine_parent_class)->dispose (object);
}

static void
hd_sync_engine_finalize (GObject *object)
{
  HdSyncEngine *self = HD_SYNC_ENGINE (object);

  hd_sync_engine_set_credentials (self, NULL, NULL);
  g_free (self->base_url);
  g_free (self->last_error);
  g_free (self->attachment_dir);
  g_clear_pointer (&self->blobs_known, g_hash_table_unref);
  g_clear_pointer (&self->blobs_warned, g_hash_table_unref);
  g_clear_pointer (&self->run_tasks, g_ptr_array_unref);
  g_clear_pointer (&self->next_tasks, g_ptr_array_unref);

  G_OBJECT_CLASS (hd_sync_engine_parent_class)->finalize (object);
}

static void
hd_sync_engine_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  HdSyncEngine *self = HD_SYNC_ENGINE (object);

  switch (prop_id)
    {
    case PROP_STORE:         g_value_set_object (value, self->store); break;
    case PROP_BASE_URL:      g_value_set_string (value, self->base_url); break;
    case PROP_STATE:         g_value_set_enum (value, self->state); break;
    case PROP_PENDING_COUNT: g_value_set_uint (value, self->pending_count); break;
    case PROP_LAST_SYNCED:   g_value_set_int64 (value, self->last_synced); break;
    case PROP_LAST_ERROR:    g_value_set_string (value, self->last_error); break;
    case PROP_PROGRESS:      g_value_set_double (value, self->progress); break;
    default:                 G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hd_sync_engine_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  HdSyncEngine *self = HD_SYNC_ENGINE (object);

  switch (prop_id)
    {
    case PROP_STORE:    self->store = g_value_dup_object (value); break;
    case PROP_BASE_URL: self->base_url = g_value_dup_string (value); break;
    default:            G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hd_sync_engine_class_init (HdSyncEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = hd_sync_engine_constructed;
  object_class->dispose = hd_sync_engine_dispose;
  object_class->finalize = hd_sync_engine_finalize;
  object_class->get_property = hd_sync_engine_get_property;
  object_class->set_property = hd_sync_engine_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, HD_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, HD_TYPE_SYNC_ENGINE_STATE, HD_SYNC_ENGINE_STATE_IDLE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PENDING_COUNT] =
    g_param_spec_uint ("pending-count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_SYNCED] =
    g_param_spec_int64 ("last-synced", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hd_sync_engine_init (HdSyncEngine *self)
{
  self->timeout_ms = DEFAULT_TIMEOUT_MS;
  self->max_reply = DEFAULT_MAX_REPLY;
  self->batch_ops = DEFAULT_BATCH;
  self->page_changes = DEFAULT_PAGE;
  self->initial_page_changes = DEFAULT_INITIAL_PAGE;
  self->state = HD_SYNC_ENGINE_STATE_IDLE;
  self->blobs_known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->blobs_warned = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->session = soup_session_new_with_options ("timeout", (DEFAULT_TIMEOUT_MS + 999) / 1000,
                                                 "user-agent", "helpdesk/" PACKAGE_VERSION " ",
                                                 NULL);
}
