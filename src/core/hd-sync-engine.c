/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-sync"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "hd-store-sync.h"
#include "hd-sync-engine.h"

/*
 * One run: push the outbox in batches (POST /api/v1/batch) until it is
 * empty, then pull the change feed (GET /api/v1/changes) page by page until
 * has_more is false. Every reply is read into a bounded buffer and parsed
 * with json-glib; every member is checked before it is used.
 */

#define API "/api/v1"
#define DEFAULT_TIMEOUT_MS 30000
#define DEFAULT_MAX_REPLY (32 * 1024 * 1024)
#define DEFAULT_BATCH 100
#define DEFAULT_PAGE 500
#define MAX_NUMBER_LENGTH 64
#define READ_CHUNK (64 * 1024)

G_DEFINE_QUARK (hd-sync-error-quark, hd_sync_error)
G_DEFINE_ENUM_TYPE (HdSyncEngineState, hd_sync_engine_state,
  G_DEFINE_ENUM_VALUE (HD_SYNC_ENGINE_STATE_OFFLINE, "offline"),
  G_DEFINE_ENUM_VALUE (HD_SYNC_ENGINE_STATE_IDLE, "idle"),
  G_DEFINE_ENUM_VALUE (HD_SYNC_ENGINE_STATE_SYNCING, "syncing"),
  G_DEFINE_ENUM_VALUE (HD_SYNC_ENGINE_STATE_ERROR, "error"))

struct _HdSyncEngine
{
  GObject parent_instance;

  HdStore *store;
  char *base_url;
  SoupSession *session;
  char *username;
  char *token;

  guint timeout_ms;
  gsize max_reply;
  guint batch_ops;
  guint page_changes;

  HdSyncEngineState state;
  guint pending_count;
  gint64 last_synced;
  char *last_error;
  double progress;

  /* The run in flight: its tasks, and those asked for meanwhile. */
  GPtrArray *run_tasks;
  GPtrArray *next_tasks;
  GCancellable *run_cancellable;
  guint run_batch_limit;
  gint64 pull_start;
  gulong store_handlers[2];
};

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
static void push_next (HdSyncEngine *self);
static void pull_next (HdSyncEngine *self);

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

static void
set_progress (HdSyncEngine *self,
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

static void
update_pending_count (HdSyncEngine *self)
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
  update_pending_count (self);
}

/* Requests -------------------------------------------------------------------- */

typedef struct {
  SoupMessage *msg;
  GInputStream *stream;
  GByteArray *body;
  GCancellable *cancellable;   /* ours: cancelled by the deadline or the caller */
  GCancellable *outer;
  gulong outer_handler;
  guint deadline_id;
  gboolean timed_out;
  gsize max_reply;
} Request;

static void
request_free (Request *req)
{
  g_clear_handle_id (&req->deadline_id, g_source_remove);
  if (req->outer != NULL && req->outer_handler != 0)
    g_cancellable_disconnect (req->outer, req->outer_handler);
  g_clear_object (&req->outer);
  g_clear_object (&req->cancellable);
  g_clear_object (&req->msg);
  g_clear_object (&req->stream);
  g_clear_pointer (&req->body, g_byte_array_unref);
  g_free (req);
}

static gboolean
on_deadline (gpointer data)
{
  Request *req = data;

  req->deadline_id = 0;
  req->timed_out = TRUE;
  g_cancellable_cancel (req->cancellable);
  return G_SOURCE_REMOVE;
}

static void
on_outer_cancelled (GCancellable *outer,
                    GCancellable *inner)
{
  g_cancellable_cancel (inner);
}

/* The server's own words, when a refusal carries {"error":{"message":…}}. */
static char *
server_message (GByteArray *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root, *error, *message;

  if (body == NULL || body->len == 0 ||
      !json_parser_load_from_data (parser, (const char *) body->data, body->len, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  error = json_object_get_member (json_node_get_object (root), "error");
  if (error == NULL || !JSON_NODE_HOLDS_OBJECT (error))
    return NULL;
  message = json_object_get_member (json_node_get_object (error), "message");
  if (message == NULL || !JSON_NODE_HOLDS_VALUE (message) ||
      json_node_get_value_type (message) != G_TYPE_STRING)
    return NULL;
  return g_utf8_make_valid (json_node_get_string (message), MIN (strlen (json_node_get_string (message)), 500));
}

static void
request_fail_io (GTask   *task,
                 GError  *error)
{
  Request *req = g_task_get_task_data (task);

  if (req->timed_out)
    {
      guint seconds = (GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (task), "timeout-ms")) + 999) / 1000;
      g_task_return_new_error (task, HD_SYNC_ERROR, HD_SYNC_ERROR_TIMEOUT,
                               g_dngettext (GETTEXT_PACKAGE, "The server did not answer within %u second",
                                            "The server did not answer within %u seconds", seconds),
                               seconds);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, g_error_copy (error));
  else if (error->domain == G_TLS_ERROR)
    g_task_return_new_error (task, HD_SYNC_ERROR, HD_SYNC_ERROR_TLS,
                             _("The server’s security certificate is not trusted (%s)"), error->message);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    g_task_return_new_error (task, HD_SYNC_ERROR, HD_SYNC_ERROR_TIMEOUT,
                             _("The server did not answer in time"));
  else
    g_task_return_new_error (task, HD_SYNC_ERROR, HD_SYNC_ERROR_UNREACHABLE,
                             _("The server cannot be reached (%s)"), error->message);
}

static void
request_finish_body (GTask *task)
{
  Request *req = g_task_get_task_data (task);
  guint status = soup_message_get_status (req->msg);
  g_autoptr(JsonParser) parser = NULL;
  g_autofree char *words = NULL;
  g_autoptr(GError) parse_error = NULL;

  if (status == SOUP_STATUS_UNAUTHORIZED)
    {
      g_task_return_new_error (task, HD_SYNC_ERROR, HD_SYNC_ERROR_UNAUTHORIZED,
                               _("The sign-in has expired or was revoked; sign in again"));
      return;
    }
  if (status >= 500)
    {
      g_task_return_new_error (task, HD_SYNC_ERROR, HD_SYNC_ERROR_SERVER,
                               _("The server had a problem (HTTP %u); it will be tried again"), status);
      return;
    }
  if (status < 200 || status >= 300)
    {
      GError *error;

      words = server_message (req->body);
      error = g_error_new (HD_SYNC_ERROR, HD_SYNC_ERROR_REFUSED,
                           _("The server refused the request (HTTP %u: %s)"), status,
                           words != NULL ? words : soup_status_get_phrase (status));
      g_object_set_data (G_OBJECT (task), "http-status", GUINT_TO_POINTER (status));
      g_task_return_error (task, error);
      return;
    }

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, (const char *) req->body->data, req->body->len, &parse_error) ||
      json_parser_get_root (parser) == NULL || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_task_return_new_error (task, HD_SYNC_ERROR, HD_SYNC_ERROR_PROTOCOL,
                               _("The server’s reply is not valid JSON"));
      return;
    }
  g_task_return_pointer (task, json_node_copy (json_parser_get_root (parser)),
                         (GDestroyNotify) json_node_unref);
}

static void
on_read (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *req = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  if (bytes == NULL)
    {
      request_fail_io (task, error);
      return;
    }
  if (g_bytes_get_size (bytes) == 0)
    {
      g_input_stream_close (req->stream, NULL, NULL);
      request_finish_body (task);
      return;
    }
  if (req->body->len + g_bytes_get_size (bytes) > req->max_reply)
    {
      g_task_return_new_error (task, HD_SYNC_ERROR, HD_SYNC_ERROR_PROTOCOL,
                               _("The server’s reply is larger than %" G_GSIZE_FORMAT " bytes"),
                               req->max_reply);
      return;
    }
  g_byte_array_append (req->body, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_input_stream_read_bytes_async (req->stream, READ_CHUNK, G_PRIORITY_DEFAULT, req->cancellable,
                                   on_read, g_steal_pointer (&task));
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *req = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  goffset length;

  req->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (req->stream == NULL)
    {
      request_fail_io (task, error);
      return;
    }

  length = soup_message_headers_get_content_length (soup_message_get_response_headers (req->msg));
  if (length > 0 && (guint64) length > req->max_reply)
    {
      g_task_return_new_error (task, HD_SYNC_ERROR, HD_SYNC_ERROR_PROTOCOL,
                               _("The server’s reply is larger than %" G_GSIZE_FORMAT " bytes"),
                               req->max_reply);
      return;
    }
  req->body = g_byte_array_new ();
  g_input_stream_read_bytes_async (req->stream, READ_CHUNK, G_PRIORITY_DEFAULT, req->cancellable,
                                   on_read, g_steal_pointer (&task));
}

/* Sends @body (JSON text, or NULL for a GET) and gives back the parsed reply
 * object of a 2xx answer, or an HD_SYNC_ERROR. */
static void
request_async (HdSyncEngine        *self,
               const char          *method,
               const char          *path,
               char                *body,     /* taken */
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *uri = g_strconcat (self->base_url, API, path, NULL);
  Request *req = g_new0 (Request, 1);

  g_task_set_source_tag (task, request_async);
  g_task_set_task_data (task, req, (GDestroyNotify) request_free);
  g_object_set_data (G_OBJECT (task), "timeout-ms", GUINT_TO_POINTER (self->timeout_ms));
  req->max_reply = self->max_reply;
  req->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      req->outer = g_object_ref (cancellable);
      req->outer_handler = g_cancellable_connect (cancellable, G_CALLBACK (on_outer_cancelled),
                                                  req->cancellable, NULL);
    }

  req->msg = soup_message_new (method, uri);
  if (req->msg == NULL)
    {
      g_free (body);
      g_task_return_new_error (task, HD_SYNC_ERROR, HD_SYNC_ERROR_UNREACHABLE,
                               _("“%s” is not a valid server address"), self->base_url);
      return;
    }
  if (self->token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", self->token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (req->msg), "Authorization", auth);
    }
  soup_message_headers_replace (soup_message_get_request_headers (req->msg), "Accept", "application/json");
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_take (body, strlen (body));
      soup_message_set_request_body_from_bytes (req->msg, "application/json", bytes);
    }

  req->deadline_id = g_timeout_add (self->timeout_ms, on_deadline, req);
  soup_session_send_async (self->session, req->msg, G_PRIORITY_DEFAULT, req->cancellable,
                           on_sent, g_steal_pointer (&task));
}

static JsonNode *
request_finish (HdSyncEngine  *self,
                GAsyncResult  *result,
                guint         *http_status,
                GError       **error)
{
  if (http_status != NULL)
    *http_status = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (result), "http-status"));
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Runs ------------------------------------------------------------------------ */

static void
run_complete (HdSyncEngine *self,
              GError       *error)   /* taken, may be NULL */
{
  g_autoptr(GPtrArray) tasks = g_steal_pointer (&self->run_tasks);

  g_clear_object (&self->run_cancellable);
  update_pending_count (self);

  if (error == NULL)
    {
      self->last_synced = g_get_real_time () / G_USEC_PER_SEC;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SYNCED]);
      set_last_error (self, NULL);
      set_progress (self, 1.0);
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

static GError *
store_error (GError *error)
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
      run_complete (self, g_error_new_literal (HD_SYNC_ERROR, HD_SYNC_ERROR_UNAUTHORIZED,
                                               _("Not signed in to the server")));
      return;
    }
  self->run_cancellable = g_cancellable_new ();
  self->run_batch_limit = self->batch_ops;
  self->pull_start = -1;
  set_progress (self, 0.0);
  set_state (self, HD_SYNC_ENGINE_STATE_SYNCING);
  push_next (self);
}

/* Push ------------------------------------------------------------------------ */

typedef struct {
  HdSyncEngine *self;
  GPtrArray *ops;
} PushData;

static void
push_data_free (PushData *data)
{
  g_ptr_array_unref (data->ops);
  g_free (data);
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
member_int (JsonObject *object,
            const char *name,
            gint64     *out)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_int (node);
  return TRUE;
}

static gboolean
valid_number (const char *number)
{
  return number != NULL && g_str_has_prefix (number, "CS") && strlen (number) <= MAX_NUMBER_LENGTH &&
         g_utf8_validate (number, -1, NULL);
}

static GError *
protocol_error (const char *what)
{
  return g_error_new (HD_SYNC_ERROR, HD_SYNC_ERROR_PROTOCOL,
                      _("The server’s reply does not follow the sync protocol (%s)"), what);
}

/* Checks the batch reply against what was sent, then records it. */
static GError *
handle_batch_reply (HdSyncEngine *self,
                    GPtrArray    *ops,
                    JsonNode     *reply)
{
  JsonObject *root = json_node_get_object (reply);
  JsonNode *results_node = json_object_get_member (root, "results");
  JsonNode *numbers_node = json_object_get_member (root, "numbers");
  g_autoptr(GArray) done = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) numbers = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) rejected = g_ptr_array_new ();
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  JsonArray *results;

  if (results_node == NULL || !JSON_NODE_HOLDS_ARRAY (results_node))
    return protocol_error ("results");
  results = json_node_get_array (results_node);
  if (json_array_get_length (results) != ops->len)
    return protocol_error ("results");

  for (guint i = 0; i < ops->len; i++)
    {
      HdOutboxOp *op = g_ptr_array_index (ops, i);
      JsonNode *node = json_array_get_element (results, i);
      JsonObject *result;
      const char *status, *number;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return protocol_error ("results[]");
      result = json_node_get_object (node);
      status = member_string (result, "status");
      if (g_ascii_strcasecmp (member_string (result, "op_uuid") ?: "", op->op_uuid) != 0 || status == NULL)
        return protocol_error ("results[].op_uuid");

      if (g_str_equal (status, "applied"))
        {
          number = member_string (result, "number");
          if (number != NULL && g_str_equal (op->kind, "ticket.create"))
            {
              if (!valid_number (number))
                return protocol_error ("results[].number");
              g_hash_table_insert (numbers, op->entity_uuid, (gpointer) number);
            }
        }
      else if (g_str_equal (status, "rejected"))
        {
          JsonNode *err = json_object_get_member (result, "error");
          const char *message = err != NULL && JSON_NODE_HOLDS_OBJECT (err)
                              ? member_string (json_node_get_object (err), "message") : NULL;

          g_ptr_array_add (rejected, op);
          g_ptr_array_add (messages, message != NULL
                                     ? g_utf8_make_valid (message, MIN (strlen (message), 500))
                                     : g_strdup (_("The server refused this change")));
        }
      else
        return protocol_error ("results[].status");

      g_array_append_val (done, op->id);
    }

  /* "numbers" repeats results[].number; only the ones for our creates count. */
  if (numbers_node != NULL && !JSON_NODE_HOLDS_OBJECT (numbers_node))
    return protocol_error ("numbers");

  if (!hd_store_sync_acknowledge (self->store, (const gint64 *) (gpointer) done->data, done->len,
                                  numbers, rejected, messages, &error))
    return store_error (g_steal_pointer (&error));
  return NULL;
}

static void
on_push_reply (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  PushData *data = user_data;
  HdSyncEngine *self = data->self;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GError) error = NULL;
  guint http_status = 0;
  GError *failure;

  reply = request_finish (self, result, &http_status, &error);
  if (reply == NULL)
    {
      /* A refused envelope: halve the batch to find the operation the server
       * cannot take; alone, it is recorded as refused and dropped. */
      if (g_error_matches (error, HD_SYNC_ERROR, HD_SYNC_ERROR_REFUSED) &&
          (http_status == SOUP_STATUS_BAD_REQUEST || http_status == 413))
        {
          if (data->ops->len > 1)
            {
              self->run_batch_limit = MAX (1, data->ops->len / 2);
              push_data_free (data);
              push_next (self);
              return;
            }
          else
            {
              g_autoptr(GPtrArray) rejected = g_ptr_array_new ();
              g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);
              HdOutboxOp *op = g_ptr_array_index (data->ops, 0);
              g_autoptr(GError) store_err = NULL;

              g_ptr_array_add (rejected, op);
              g_ptr_array_add (messages, g_strdup (error->message));
              if (!hd_store_sync_acknowledge (self->store, &op->id, 1, NULL, rejected, messages,
                                              &store_err))
                {
                  push_data_free (data);
                  run_complete (self, store_error (g_steal_pointer (&store_err)));
                  return;
                }
              push_data_free (data);
              push_next (self);
              return;
            }
        }
      push_data_free (data);
      run_complete (self, g_steal_pointer (&error));
      return;
    }

  failure = handle_batch_reply (self, data->ops, reply);
  push_data_free (data);
  if (failure != NULL)
    {
      run_complete (self, failure);
      return;
    }
  update_pending_count (self);
  push_next (self);
}

static void
push_next (HdSyncEngine *self)
{
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonGenerator) gen = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  PushData *data;

  ops = hd_store_outbox_peek (self->store, self->run_batch_limit, &error);
  if (ops == NULL)
    {
      run_complete (self, store_error (g_steal_pointer (&error)));
      return;
    }
  if (ops->len == 0)
    {
      pull_next (self);
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ops");
  json_builder_begin_array (builder);
  for (guint i = 0; i < ops->len; i++)
    {
      HdOutboxOp *op = g_ptr_array_index (ops, i);
      g_autoptr(JsonParser) parser = json_parser_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "op_uuid");
      json_builder_add_string_value (builder, op->op_uuid);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, op->kind);
      json_builder_set_member_name (builder, "entity_uuid");
      json_builder_add_string_value (builder, op->entity_uuid);
      json_builder_set_member_name (builder, "created_at");
      json_builder_add_int_value (builder, op->created_at);
      json_builder_set_member_name (builder, "payload");
      if (json_parser_load_from_data (parser, op->payload, -1, NULL) && json_parser_get_root (parser) != NULL)
        json_builder_add_value (builder, json_node_copy (json_parser_get_root (parser)));
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  gen = json_generator_new ();
  json_generator_set_root (gen, root);

  data = g_new0 (PushData, 1);
  data->self = self;
  data->ops = g_steal_pointer (&ops);
  request_async (self, "POST", "/batch", json_generator_to_data (gen, NULL), self->run_cancellable,
                 on_push_reply, data);
}

/* Pull ------------------------------------------------------------------------ */

static void
on_pull_reply (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  HdSyncEngine *self = user_data;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GError) error = NULL;
  gint64 since, next_cursor, head;
  JsonObject *root;
  JsonNode *changes, *has_more;

  reply = request_finish (self, result, NULL, &error);
  if (reply == NULL)
    {
      run_complete (self, g_steal_pointer (&error));
      return;
    }
  since = hd_store_sync_get_cursor (self->store, self->base_url);

  root = json_node_get_object (reply);
  changes = json_object_get_member (root, "changes");
  has_more = json_object_get_member (root, "has_more");
  if (changes == NULL || !JSON_NODE_HOLDS_ARRAY (changes) ||
      json_array_get_length (json_node_get_array (changes)) > self->page_changes ||
      !member_int (root, "next_cursor", &next_cursor) || next_cursor < since ||
      !member_int (root, "head", &head) || head < next_cursor ||
      has_more == NULL || !JSON_NODE_HOLDS_VALUE (has_more) ||
      json_node_get_value_type (has_more) != G_TYPE_BOOLEAN)
    {
      run_complete (self, protocol_error ("changes"));
      return;
    }
  /* A page that does not move the cursor yet says there is more would loop. */
  if (json_node_get_boolean (has_more) && next_cursor == since)
    {
      run_complete (self, protocol_error ("next_cursor"));
      return;
    }

  if (!hd_store_sync_apply_page (self->store, self->base_url, json_node_get_array (changes),
                                 next_cursor, self->username, &error))
    {
      run_complete (self, g_error_matches (error, HD_STORE_ERROR, HD_STORE_ERROR_INVALID)
                          ? protocol_error (error->message)
                          : store_error (g_steal_pointer (&error)));
      return;
    }

  if (self->pull_start < 0)
    self->pull_start = since;
  if (head > self->pull_start)
    set_progress (self, (double) (next_cursor - self->pull_start) / (double) (head - self->pull_start));

  if (json_node_get_boolean (has_more))
    pull_next (self);
  else
    run_complete (self, NULL);
}

static void
pull_next (HdSyncEngine *self)
{
  gint64 cursor = hd_store_sync_get_cursor (self->store, self->base_url);
  g_autofree char *path = g_strdup_printf ("/changes?since=%" G_GINT64_FORMAT "&limit=%u",
                                           cursor, self->page_changes);

  request_async (self, "GET", path, NULL, self->run_cancellable, on_pull_reply, self);
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
  update_pending_count (self);
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
  self->state = HD_SYNC_ENGINE_STATE_IDLE;
  self->session = soup_session_new_with_options ("timeout", (DEFAULT_TIMEOUT_MS + 999) / 1000,
                                                 "user-agent", "helpdesk/" PACKAGE_VERSION " ",
                                                 NULL);
}
