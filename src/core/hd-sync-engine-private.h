/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "hd-sync-engine.h"
#include "hd-sync-feed-reader.h"

G_BEGIN_DECLS

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
  guint initial_page_changes;  /* a first sync's pages (cursor 0) */

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
  /* The pull in flight: pages fetched and parsed ahead by a worker thread. */
  HdSyncFeedReader *feed;
  guint pull_limit;            /* the page size asked for */
  gboolean pull_waiting;       /* the next page is wanted as soon as it comes */
  gulong store_handlers[2];

  /* Attached files (hd-attachment-store.h); NULL: their content is not moved. */
  char *attachment_dir;
  GHashTable *blobs_known;     /* sha256s the server and this cache both hold */
  GHashTable *blobs_warned;    /* sha256s whose failed download was logged once */
};

/* hd-sync-engine.c: the run */
void      hd_sync_engine_set_progress         (HdSyncEngine        *self,
                                               double               progress);
void      hd_sync_engine_update_pending_count (HdSyncEngine        *self);
void      hd_sync_engine_run_complete         (HdSyncEngine        *self,
                                               GError              *error);   /* taken, may be NULL */
GError   *hd_sync_store_error                 (GError              *error);   /* taken */

/* hd-sync-engine-request.c */
void      hd_sync_engine_request_async        (HdSyncEngine        *self,
                                               const char          *method,
                                               const char          *path,
                                               char                *body,     /* taken */
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
JsonNode *hd_sync_engine_request_finish       (HdSyncEngine        *self,
                                               GAsyncResult        *result,
                                               guint               *http_status,
                                               GError             **error);
/* The errors of a request, shared with hd-sync-feed-reader.c. */
GError   *hd_sync_transfer_error              (const GError        *error,
                                               gboolean             timed_out,
                                               guint                timeout_ms);
GError   *hd_sync_status_error                (guint                status,
                                               GByteArray          *body);
GError   *hd_sync_reply_too_large_error       (gsize                max_reply);
JsonNode *hd_sync_parse_reply                 (GByteArray          *body,
                                               GError             **error);

void      hd_sync_engine_request_raw_async    (HdSyncEngine        *self,
                                               const char          *method,
                                               const char          *path,
                                               GBytes              *body,     /* nullable */
                                               gsize                max_reply,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
GBytes   *hd_sync_engine_request_raw_finish   (HdSyncEngine        *self,
                                               GAsyncResult        *result,
                                               guint               *http_status,
                                               GError             **error);

/* hd-sync-engine-blobs.c: the content of attached files. Both call @done
 * with NULL when every blob was moved or skipped (with a warning), or with
 * an error that should end the run (network, server, cancelled). */
typedef void (*HdSyncBlobsDone) (HdSyncEngine *self,
                                 GError       *error,   /* taken, may be NULL */
                                 gpointer      user_data);
void      hd_sync_engine_upload_blobs         (HdSyncEngine        *self,
                                               GPtrArray           *ops,      /* of HdOutboxOp */
                                               HdSyncBlobsDone      done,
                                               gpointer             user_data);
void      hd_sync_engine_download_blobs       (HdSyncEngine        *self,
                                               JsonArray           *changes,
                                               HdSyncBlobsDone      done,
                                               gpointer             user_data);
/* Every attached file of the cache still missing from the folder (a failed,
 * damaged or interrupted download of an earlier run), at most 100 a run. */
void      hd_sync_engine_download_missing_blobs (HdSyncEngine      *self,
                                                 HdSyncBlobsDone    done,
                                                 gpointer           user_data);

/* hd-sync-engine-push.c */
void      hd_sync_engine_push_next            (HdSyncEngine        *self);
gboolean  hd_sync_member_int                  (JsonObject          *object,
                                               const char          *name,
                                               gint64              *out);
GError   *hd_sync_protocol_error              (const char          *what);

/* hd-sync-engine-refetch.c: between the push and the pull, the server's
 * copy of each ticket with a refused operation replaces ours. */
void      hd_sync_engine_refetch_next         (HdSyncEngine        *self);

/* hd-sync-engine-pull.c */
void      hd_sync_engine_pull_next            (HdSyncEngine        *self);
void      hd_sync_engine_pull_stop            (HdSyncEngine        *self);

G_END_DECLS
