/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-sync"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "hd-sync-engine-private.h"

/* One HTTP request of a run: a deadline, a bounded reply, the errors in the
 * words the user sees. */

#define API "/api/v1"
#define READ_CHUNK (64 * 1024)

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
  gboolean raw;                /* the reply is bytes, not a JSON object */
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

/* The error for a failed transfer, in the words the user sees. Shared with
 * the change-feed reader (hd-sync-feed-reader.c). */
GError *
hd_sync_transfer_error (const GError *error,
                        gboolean      timed_out,
                        guint         timeout_ms)
{
  if (timed_out)
    {
      guint seconds = (timeout_ms + 999) / 1000;
      return g_error_new (HD_SYNC_ERROR, HD_SYNC_ERROR_TIMEOUT,
                          g_dngettext (GETTEXT_PACKAGE, "The server did not answer within %u second",
                                       "The server did not answer within %u seconds", seconds),
                          seconds);
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);
  if (error->domain == G_TLS_ERROR)
    return g_error_new (HD_SYNC_ERROR, HD_SYNC_ERROR_TLS,
                        _("The server’s security certificate is not trusted (%s)"), error->message);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (HD_SYNC_ERROR, HD_SYNC_ERROR_TIMEOUT,
                        _("The server did not answer in time"));
  return g_error_new (HD_SYNC_ERROR, HD_SYNC_ERROR_UNREACHABLE,
                      _("The server cannot be reached (%s)"), error->message);
}

static void
request_fail_io (GTask   *task,
                 GError  *error)
{
  Request *req = g_task_get_task_data (task);
  guint timeout_ms = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (task), "timeout-ms"));

  g_task_return_error (task, hd_sync_transfer_error (error, req->timed_out, timeout_ms));
}

/* A reply over the client's limit; the size in words ("64.0 MB"). */
GError *
hd_sync_reply_too_large_error (gsize max_reply)
{
  g_autofree char *size = g_format_size (max_reply);

  /* Translators: %s is a size such as “64.0 MB” */
  return g_error_new (HD_SYNC_ERROR, HD_SYNC_ERROR_PROTOCOL,
                      _("The server’s reply is larger than %s"), size);
}

/* NULL for a 2xx status; otherwise the error for it, with the server's own
 * words when the body carries them. */
GError *
hd_sync_status_error (guint       status,
                      GByteArray *body)
{
  g_autofree char *words = NULL;

  if (status >= 200 && status < 300)
    return NULL;
  if (status == SOUP_STATUS_UNAUTHORIZED)
    return g_error_new_literal (HD_SYNC_ERROR, HD_SYNC_ERROR_UNAUTHORIZED,
                                _("The sign-in has expired or was revoked; sign in again"));
  if (status >= 500)
    return g_error_new (HD_SYNC_ERROR, HD_SYNC_ERROR_SERVER,
                        _("The server had a problem (HTTP %u); it will be tried again"), status);
  words = server_message (body);
  return g_error_new (HD_SYNC_ERROR, HD_SYNC_ERROR_REFUSED,
                      _("The server refused the request (HTTP %u: %s)"), status,
                      words != NULL ? words : soup_status_get_phrase (status));
}

/* The reply body as a JSON object, or a PROTOCOL error. */
JsonNode *
hd_sync_parse_reply (GByteArray  *body,
                     GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (!json_parser_load_from_data (parser, (const char *) body->data, body->len, NULL) ||
      json_parser_get_root (parser) == NULL || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error_literal (error, HD_SYNC_ERROR, HD_SYNC_ERROR_PROTOCOL,
                           _("The server’s reply is not valid JSON"));
      return NULL;
    }
  return json_node_ref (json_parser_get_root (parser));
}

static void
request_finish_body (GTask *task)
{
  Request *req = g_task_get_task_data (task);
  guint status = soup_message_get_status (req->msg);
  GError *error = hd_sync_status_error (status, req->body);
  JsonNode *root;

  if (error != NULL)
    {
      if (error->code == HD_SYNC_ERROR_REFUSED)
        g_object_set_data (G_OBJECT (task), "http-status", GUINT_TO_POINTER (status));
      g_task_return_error (task, error);
      return;
    }
  root = hd_sync_parse_reply (req->body, &error);
  if (root == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, root, (GDestroyNotify) json_node_unref);
}

static void
request_finish_raw (GTask *task)
{
  Request *req = g_task_get_task_data (task);
  guint status = soup_message_get_status (req->msg);

  if (status >= 200 && status < 300)
    {
      g_object_set_data (G_OBJECT (task), "http-status", GUINT_TO_POINTER (status));
      g_task_return_pointer (task, g_byte_array_free_to_bytes (g_steal_pointer (&req->body)),
                             (GDestroyNotify) g_bytes_unref);
      return;
    }
  request_finish_body (task);
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
      if (req->raw)
        request_finish_raw (task);
      else
        request_finish_body (task);
      return;
    }
  if (req->body->len + g_bytes_get_size (bytes) > req->max_reply)
    {
      g_task_return_error (task, hd_sync_reply_too_large_error (req->max_reply));
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
      g_task_return_error (task, hd_sync_reply_too_large_error (req->max_reply));
      return;
    }
  req->body = g_byte_array_new ();
  g_input_stream_read_bytes_async (req->stream, READ_CHUNK, G_PRIORITY_DEFAULT, req->cancellable,
                                   on_read, g_steal_pointer (&task));
}

static void
request_start (HdSyncEngine        *self,
               const char          *method,
               const char          *path,
               GBytes              *body,          /* nullable */
               const char          *content_type,
               gsize                max_reply,
               gboolean             raw,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *uri = g_strconcat (self->base_url, API, path, NULL);
  Request *req = g_new0 (Request, 1);

  g_task_set_source_tag (task, hd_sync_engine_request_async);
  g_task_set_task_data (task, req, (GDestroyNotify) request_free);
  g_object_set_data (G_OBJECT (task), "timeout-ms", GUINT_TO_POINTER (self->timeout_ms));
  req->max_reply = max_reply;
  req->raw = raw;
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
      g_task_return_new_error (task, HD_SYNC_ERROR, HD_SYNC_ERROR_UNREACHABLE,
                               _("“%s” is not a valid server address"), self->base_url);
      return;
    }
  if (self->token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", self->token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (req->msg), "Authorization", auth);
    }
  soup_message_headers_replace (soup_message_get_request_headers (req->msg), "Accept",
                                raw ? "*/*" : "application/json");
  if (body != NULL)
    soup_message_set_request_body_from_bytes (req->msg, content_type, body);

  req->deadline_id = g_timeout_add (self->timeout_ms, on_deadline, req);
  soup_session_send_async (self->session, req->msg, G_PRIORITY_DEFAULT, req->cancellable,
                           on_sent, g_steal_pointer (&task));
}

/* Sends @body (JSON text, or NULL for a GET) and gives back the parsed reply
 * object of a 2xx answer, or an HD_SYNC_ERROR. */
void
hd_sync_engine_request_async (HdSyncEngine        *self,
                              const char          *method,
                              const char          *path,
                              char                *body,     /* taken */
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GBytes) bytes = body != NULL ? g_bytes_new_take (body, strlen (body)) : NULL;

  request_start (self, method, path, bytes, "application/json", self->max_reply, FALSE,
                 cancellable, callback, user_data);
}

/* Sends @body (raw bytes, or NULL) and gives back the raw reply of a 2xx
 * answer (at most @max_reply bytes), or an HD_SYNC_ERROR. Finish with
 * hd_sync_engine_request_raw_finish(). */
void
hd_sync_engine_request_raw_async (HdSyncEngine        *self,
                                  const char          *method,
                                  const char          *path,
                                  GBytes              *body,
                                  gsize                max_reply,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  request_start (self, method, path, body, "application/octet-stream", max_reply, TRUE,
                 cancellable, callback, user_data);
}

GBytes *
hd_sync_engine_request_raw_finish (HdSyncEngine  *self,
                                   GAsyncResult  *result,
                                   guint         *http_status,
                                   GError       **error)
{
  if (http_status != NULL)
    *http_status = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (result), "http-status"));
  return g_task_propagate_pointer (G_TASK (result), error);
}

JsonNode *
hd_sync_engine_request_finish (HdSyncEngine  *self,
                               GAsyncResult  *result,
                               guint         *http_status,
                               GError       **error)
{
  if (http_status != NULL)
    *http_status = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (result), "http-status"));
  return g_task_propagate_pointer (G_TASK (result), error);
}
