/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-sync"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "hd-sync-engine-private.h"
#include "hd-sync-feed-reader.h"

/* The change feed read ahead in a worker thread (see the header). Requests
 * use libsoup's blocking API on a session owned by the thread; the bounds
 * are those of hd-sync-engine-request.c: a deadline per request, a reply of
 * at most max_reply bytes, the same errors in the same words. */

#define READ_CHUNK (64 * 1024)
#define MAX_DEPTH 4

typedef struct {
  JsonNode *reply;
  GError *error;
  gint64 since;
} Page;

struct _HdSyncFeedReader
{
  gatomicrefcount ref_count;

  GMutex lock;
  GCond cond;
  GQueue pages;                /* of Page, oldest first; at most depth */
  GQueue garbage;              /* of JsonNode: replies applied, freed here */
  gboolean stopped;

  GMainContext *context;       /* where ready() runs */
  HdSyncFeedReady ready;
  gpointer user_data;
  GDestroyNotify user_data_free;

  GCancellable *cancellable;   /* ours: stop() or the caller's */
  GCancellable *outer;
  gulong outer_handler;

  char *base_url;
  char *token;
  char *user_agent;
  guint timeout_ms;
  gsize max_reply;
  guint limit;
  guint depth;
  gint64 since;
};

static void
page_free (Page *page)
{
  g_clear_pointer (&page->reply, json_node_unref);
  g_clear_error (&page->error);
  g_free (page);
}

static HdSyncFeedReader *
reader_ref (HdSyncFeedReader *self)
{
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

static void
reader_unref (HdSyncFeedReader *self)
{
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_queue_clear_full (&self->pages, (GDestroyNotify) page_free);
  g_queue_clear_full (&self->garbage, (GDestroyNotify) json_node_unref);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_main_context_unref (self->context);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->outer);
  g_free (self->base_url);
  if (self->token != NULL)
    memset (self->token, 0, strlen (self->token));
  g_free (self->token);
  g_free (self->user_agent);
  g_free (self);
}

/* One page: the parsed reply object, or NULL with an HD_SYNC_ERROR (or
 * G_IO_ERROR_CANCELLED). */
static JsonNode *
fetch_page (HdSyncFeedReader  *self,
            SoupSession       *session,
            gint64             since,
            GError           **error)
{
  g_autofree char *uri = g_strdup_printf ("%s/api/v1/changes?since=%" G_GINT64_FORMAT "&limit=%u",
                                          self->base_url, since, self->limit);
  g_autofree char *auth = g_strconcat ("Bearer ", self->token, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GByteArray) body = NULL;
  g_autoptr(GError) io_error = NULL;
  gint64 deadline = g_get_monotonic_time () + (gint64) self->timeout_ms * 1000;
  goffset length;

  if (msg == NULL)
    {
      g_set_error (error, HD_SYNC_ERROR, HD_SYNC_ERROR_UNREACHABLE,
                   _("“%s” is not a valid server address"), self->base_url);
      return NULL;
    }
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept", "application/json");
  memset (auth, 0, strlen (auth));

  stream = soup_session_send (session, msg, self->cancellable, &io_error);
  if (stream == NULL)
    {
      g_propagate_error (error, hd_sync_transfer_error (io_error, g_get_monotonic_time () > deadline,
                                                         self->timeout_ms));
      return NULL;
    }
  length = soup_message_headers_get_content_length (soup_message_get_response_headers (msg));
  if (length > 0 && (guint64) length > self->max_reply)
    {
      g_propagate_error (error, hd_sync_reply_too_large_error (self->max_reply));
      return NULL;
    }

  /* The socket's own timeout (the session's) ends a stalled read; the
   * deadline ends a reply that trickles in. */
  body = g_byte_array_sized_new (length > 0 ? (guint) length : READ_CHUNK);
  for (;;)
    {
      g_autoptr(GBytes) bytes = g_input_stream_read_bytes (stream, READ_CHUNK, self->cancellable, &io_error);

      if (bytes == NULL || g_get_monotonic_time () > deadline)
        {
          if (io_error == NULL)
            g_set_error_literal (&io_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "deadline");
          g_propagate_error (error, hd_sync_transfer_error (io_error, g_get_monotonic_time () > deadline,
                                                             self->timeout_ms));
          return NULL;
        }
      if (g_bytes_get_size (bytes) == 0)
        break;
      if (body->len + g_bytes_get_size (bytes) > self->max_reply)
        {
          g_propagate_error (error, hd_sync_reply_too_large_error (self->max_reply));
          return NULL;
        }
      g_byte_array_append (body, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
    }
  g_input_stream_close (stream, NULL, NULL);

  io_error = hd_sync_status_error (soup_message_get_status (msg), body);
  if (io_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&io_error));
      return NULL;
    }
  return hd_sync_parse_reply (body, error);
}

static gboolean
notify_ready (gpointer data)
{
  HdSyncFeedReader *self = data;
  HdSyncFeedReady ready;
  gpointer user_data;

  g_mutex_lock (&self->lock);
  ready = self->stopped ? NULL : self->ready;
  user_data = self->user_data;
  g_mutex_unlock (&self->lock);
  if (ready != NULL)
    ready (user_data);
  return G_SOURCE_REMOVE;
}

/* Where the page says the feed goes on from; FALSE when it ends here (or
 * the page is malformed: the engine will say so when it checks it). */
static gboolean
page_continues (Page   *page,
                gint64 *next)
{
  JsonObject *root;
  JsonNode *has_more, *cursor;

  if (page->reply == NULL)
    return FALSE;
  root = json_node_get_object (page->reply);
  has_more = json_object_get_member (root, "has_more");
  cursor = json_object_get_member (root, "next_cursor");
  if (has_more == NULL || !JSON_NODE_HOLDS_VALUE (has_more) ||
      json_node_get_value_type (has_more) != G_TYPE_BOOLEAN || !json_node_get_boolean (has_more) ||
      cursor == NULL || !JSON_NODE_HOLDS_VALUE (cursor) ||
      json_node_get_value_type (cursor) != G_TYPE_INT64)
    return FALSE;
  *next = json_node_get_int (cursor);
  return *next > page->since;
}

static gpointer
reader_thread (gpointer data)
{
  HdSyncFeedReader *self = data;   /* the thread's reference */
  GMainContext *context = g_main_context_new ();
  SoupSession *session;
  gint64 since = self->since;

  g_main_context_push_thread_default (context);
  session = soup_session_new_with_options ("timeout", (self->timeout_ms + 999) / 1000,
                                           "user-agent", self->user_agent,
                                           NULL);
  for (;;)
    {
      Page *page;
      gboolean stopped, full, more;
      gint64 next = since;

      GQueue garbage = G_QUEUE_INIT;

      g_mutex_lock (&self->lock);
      while (!self->stopped && self->pages.length >= self->depth && self->garbage.length == 0)
        g_cond_wait (&self->cond, &self->lock);
      stopped = self->stopped;
      full = self->pages.length >= self->depth;
      garbage = self->garbage;
      g_queue_init (&self->garbage);
      g_mutex_unlock (&self->lock);
      /* A page's tree is a few hundred thousand nodes: freed here, not on
       * the engine's thread. */
      g_queue_clear_full (&garbage, (GDestroyNotify) json_node_unref);
      if (stopped)
        break;
      if (full)
        continue;

      page = g_new0 (Page, 1);
      page->since = since;
      page->reply = fetch_page (self, session, since, &page->error);
      more = page_continues (page, &next);

      g_mutex_lock (&self->lock);
      stopped = self->stopped;
      if (!stopped)
        g_queue_push_tail (&self->pages, page);
      g_mutex_unlock (&self->lock);
      if (stopped)
        {
          page_free (page);
          break;
        }
      g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, notify_ready,
                                  reader_ref (self), (GDestroyNotify) reader_unref);
      if (!more)
        break;
      since = next;
    }

  g_object_unref (session);
  g_main_context_pop_thread_default (context);
  g_main_context_unref (context);
  reader_unref (self);
  return NULL;
}

static void
on_outer_cancelled (GCancellable *outer,
                    GCancellable *inner)
{
  g_cancellable_cancel (inner);
}

HdSyncFeedReader *
hd_sync_feed_reader_start (const HdSyncFeedOptions *options,
                           gint64                   since,
                           GCancellable            *cancellable,
                           HdSyncFeedReady          ready,
                           gpointer                 user_data,
                           GDestroyNotify           user_data_free)
{
  HdSyncFeedReader *self;

  g_return_val_if_fail (options != NULL && options->base_url != NULL && options->token != NULL, NULL);
  g_return_val_if_fail (options->limit > 0 && options->max_reply > 0, NULL);
  g_return_val_if_fail (ready != NULL, NULL);

  self = g_new0 (HdSyncFeedReader, 1);
  g_atomic_ref_count_init (&self->ref_count);
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  g_queue_init (&self->pages);
  self->context = g_main_context_ref_thread_default ();
  self->ready = ready;
  self->user_data = user_data;
  self->user_data_free = user_data_free;
  self->base_url = g_strdup (options->base_url);
  self->token = g_strdup (options->token);
  self->user_agent = g_strdup (options->user_agent);
  self->timeout_ms = MAX (options->timeout_ms, 1);
  self->max_reply = options->max_reply;
  self->limit = options->limit;
  self->depth = CLAMP (options->depth, 1, MAX_DEPTH);
  self->since = since;
  self->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      self->outer = g_object_ref (cancellable);
      self->outer_handler = g_cancellable_connect (cancellable, G_CALLBACK (on_outer_cancelled),
                                                   self->cancellable, NULL);
    }

  g_thread_unref (g_thread_new ("hd-sync-feed", reader_thread, reader_ref (self)));
  return self;
}

gboolean
hd_sync_feed_reader_pop (HdSyncFeedReader  *self,
                         JsonNode         **reply,
                         gint64            *since,
                         GError           **error)
{
  Page *page;

  g_return_val_if_fail (self != NULL, FALSE);

  g_mutex_lock (&self->lock);
  page = g_queue_pop_head (&self->pages);
  if (page != NULL)
    g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);
  if (page == NULL)
    return FALSE;

  *reply = g_steal_pointer (&page->reply);
  *since = page->since;
  if (page->error != NULL)
    g_propagate_error (error, g_steal_pointer (&page->error));
  page_free (page);
  return TRUE;
}

void
hd_sync_feed_reader_discard (HdSyncFeedReader *self,
                             JsonNode         *reply)
{
  g_return_if_fail (self != NULL);

  if (reply == NULL)
    return;
  g_mutex_lock (&self->lock);
  g_queue_push_tail (&self->garbage, reply);
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);
}

void
hd_sync_feed_reader_stop (HdSyncFeedReader *self)
{
  gpointer user_data;
  GDestroyNotify user_data_free;

  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->lock);
  self->stopped = TRUE;
  g_queue_clear_full (&self->pages, (GDestroyNotify) page_free);
  g_queue_init (&self->pages);
  user_data = g_steal_pointer (&self->user_data);
  user_data_free = self->user_data_free;
  self->ready = NULL;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);

  g_cancellable_cancel (self->cancellable);
  if (self->outer != NULL && self->outer_handler != 0)
    g_cancellable_disconnect (self->outer, self->outer_handler);
  self->outer_handler = 0;
  if (user_data_free != NULL && user_data != NULL)
    user_data_free (user_data);
  reader_unref (self);
}
