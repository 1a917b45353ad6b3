/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "hd-store.h"

G_BEGIN_DECLS

#define HD_SYNC_ERROR (hd_sync_error_quark ())

typedef enum {
  HD_SYNC_ERROR_UNREACHABLE,   /* no connection to the server */
  HD_SYNC_ERROR_TIMEOUT,       /* the server did not answer in time */
  HD_SYNC_ERROR_TLS,           /* the server's certificate is not trusted */
  HD_SYNC_ERROR_UNAUTHORIZED,  /* not signed in, or the sign-in expired */
  HD_SYNC_ERROR_SERVER,        /* 5xx: the server failed; try later */
  HD_SYNC_ERROR_PROTOCOL,      /* a reply that is not what the protocol says */
  HD_SYNC_ERROR_REFUSED,       /* another 4xx */
  HD_SYNC_ERROR_STORE,         /* the local cache failed */
} HdSyncError;

GQuark hd_sync_error_quark (void);

typedef enum {
  HD_SYNC_ENGINE_STATE_OFFLINE,
  HD_SYNC_ENGINE_STATE_IDLE,
  HD_SYNC_ENGINE_STATE_SYNCING,
  HD_SYNC_ENGINE_STATE_ERROR,
} HdSyncEngineState;

GType hd_sync_engine_state_get_type (void) G_GNUC_CONST;
#define HD_TYPE_SYNC_ENGINE_STATE (hd_sync_engine_state_get_type ())

#define HD_TYPE_SYNC_ENGINE (hd_sync_engine_get_type ())
G_DECLARE_FINAL_TYPE (HdSyncEngine, hd_sync_engine, HD, SYNC_ENGINE, GObject)

/*
 * Pushes the store's outbox to helpdesk-server in batches, then pulls the
 * change feed from the saved cursor (docs/sync-protocol.md). Never blocks:
 * all network work is libsoup's async API. One run at a time; a sync asked
 * for during a run is done by one more run right after it.
 */
HdSyncEngine      *hd_sync_engine_new               (HdStore      *store,
                                                     const char   *base_url);
const char        *hd_sync_engine_get_base_url      (HdSyncEngine *self);
HdStore           *hd_sync_engine_get_store         (HdSyncEngine *self);
/* @username is the account the token belongs to (it tells which replaced
 * values were ours). The token is never logged. */
void               hd_sync_engine_set_credentials   (HdSyncEngine *self,
                                                     const char   *username,
                                                     const char   *token);
const char        *hd_sync_engine_get_username      (HdSyncEngine *self);
gboolean           hd_sync_engine_has_token         (HdSyncEngine *self);

/* The attachment store's folder (hd-attachment-store.h). When set, a push
 * first uploads (PUT /attachments/SHA256) the content of the files its
 * operations refer to, and a pulled page's files missing there are
 * downloaded and kept only if their SHA-256 matches. A file that cannot be
 * read or is refused is skipped with a warning. NULL (the default): only
 * the metadata syncs. */
void               hd_sync_engine_set_attachment_dir (HdSyncEngine *self,
                                                      const char   *dir);
const char        *hd_sync_engine_get_attachment_dir (HdSyncEngine *self);
/* Milliseconds a request may take (default 30 000). */
void               hd_sync_engine_set_timeout       (HdSyncEngine *self,
                                                     guint         timeout_ms);
/* Largest reply read (default 32 MiB); a larger one is an error. */
void               hd_sync_engine_set_max_reply_size (HdSyncEngine *self,
                                                     gsize         max_bytes);
/* Operations per pushed batch (default 100) and changes per pulled page (default 500). */
void               hd_sync_engine_set_batch_sizes   (HdSyncEngine *self,
                                                     guint         batch_ops,
                                                     guint         page_changes);

void               hd_sync_engine_sync_async        (HdSyncEngine        *self,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean           hd_sync_engine_sync_finish       (HdSyncEngine        *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

HdSyncEngineState  hd_sync_engine_get_state         (HdSyncEngine *self);
guint              hd_sync_engine_get_pending_count (HdSyncEngine *self);
/* Unix seconds of the last complete sync, 0 if none. */
gint64             hd_sync_engine_get_last_synced   (HdSyncEngine *self);
/* The last error in words for the user, NULL after a good sync. */
const char        *hd_sync_engine_get_last_error    (HdSyncEngine *self);
/* 0 … 1 while pulling many changes; 1 when done. */
double             hd_sync_engine_get_progress      (HdSyncEngine *self);
/* Whether @error is worth retrying later by itself (network, 5xx, timeout). */
gboolean           hd_sync_error_is_transient       (const GError *error);

G_END_DECLS
