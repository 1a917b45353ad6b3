/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * Reads the change feed ahead of the sync engine (docs/sync-protocol.md
 * §12.1): a worker thread fetches `GET /changes?since=…&limit=…` with its own
 * SoupSession, parses each reply and keeps at most @depth parsed pages
 * waiting, following `next_cursor` while `has_more` is true. Meanwhile the
 * engine applies the page before on its own thread; nothing here touches the
 * store. The reader stops by itself after a page without more, or after an
 * error (which becomes the last page it hands out).
 */
typedef struct _HdSyncFeedReader HdSyncFeedReader;

/* Called in the main context of the thread that started the reader, each
 * time a page (or an error) is ready. */
typedef void (*HdSyncFeedReady) (gpointer user_data);

typedef struct {
  const char *base_url;     /* "https://host:port", without the API path */
  const char *token;        /* bearer token */
  const char *user_agent;
  guint timeout_ms;         /* each request's deadline */
  gsize max_reply;          /* bytes */
  guint limit;              /* changes per page */
  guint depth;              /* parsed pages kept ahead, 1 … 4 */
} HdSyncFeedOptions;

HdSyncFeedReader *hd_sync_feed_reader_start (const HdSyncFeedOptions *options,
                                             gint64                   since,
                                             GCancellable            *cancellable,
                                             HdSyncFeedReady          ready,
                                             gpointer                 user_data,
                                             GDestroyNotify           user_data_free);
/* The next page in feed order: TRUE with *reply (the parsed reply object)
 * and *since (the cursor it was asked for), or with *error; FALSE when
 * none is ready yet (ready() will say). */
gboolean          hd_sync_feed_reader_pop   (HdSyncFeedReader        *self,
                                             JsonNode               **reply,
                                             gint64                  *since,
                                             GError                 **error);
/* Gives back a reply taken with pop() once it is no longer used: the worker
 * frees it. */
void              hd_sync_feed_reader_discard (HdSyncFeedReader      *self,
                                               JsonNode              *reply);
/* Cancels what is in flight, drops what is waiting and frees the reader; the
 * thread ends on its own. ready() is not called after this. */
void              hd_sync_feed_reader_stop  (HdSyncFeedReader        *self);

G_END_DECLS
