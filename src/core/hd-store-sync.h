/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "hd-store.h"

G_BEGIN_DECLS

/*
 * Store primitives of the sync engine (docs/sync-protocol.md, "Client").
 * A pulled page of the change feed is applied in one transaction together
 * with the new cursor, so a client killed half-way redoes the whole page,
 * and applying a page twice changes nothing.
 */

#define HD_TYPE_SYNC_CONFLICT (hd_sync_conflict_get_type ())

typedef struct {
  gint64  id;
  char   *ticket_uuid;
  char   *kind;           /* "replaced": our value lost; "rejected": the server refused our change */
  char   *field;          /* JSON field name ("priority"), NULL for a rejected operation */
  char   *lost_value;     /* JSON text of our value */
  char   *winning_value;  /* JSON text of the value in force */
  char   *winner;         /* who made the winning change */
  gint64  revision;
  char   *message;        /* the server's words for a rejection */
  gint64  created_at;
} HdSyncConflict;

GType           hd_sync_conflict_get_type      (void) G_GNUC_CONST;
HdSyncConflict *hd_sync_conflict_copy          (const HdSyncConflict *conflict);
void            hd_sync_conflict_free          (HdSyncConflict *conflict);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HdSyncConflict, hd_sync_conflict_free)

/* The feed cursor saved for @server (0 when none, or saved for another server). */
gint64      hd_store_sync_get_cursor           (HdStore      *self,
                                                const char   *server);

/* Applies one page of change objects ({"revision", "entity", "id", "author",
 * "data", "conflicts"}) and saves @next_cursor, all in one transaction.
 * Changes with a revision at or below the saved cursor are skipped. A
 * conflict whose replaced value was @username's is recorded for the user.
 * Invalid changes fail the page with HD_STORE_ERROR_INVALID. */
gboolean    hd_store_sync_apply_page           (HdStore      *self,
                                                const char   *server,
                                                JsonArray    *changes,
                                                gint64        next_cursor,
                                                const char   *username,
                                                GError      **error);

/* After a pushed batch: drops the acknowledged operations, gives the tickets
 * the server's final numbers (@numbers: ticket uuid → number) and records the
 * refused operations (@rejected: HdOutboxOp items, @messages: the server's
 * words), in one transaction. */
gboolean    hd_store_sync_acknowledge          (HdStore      *self,
                                                const gint64 *op_ids,
                                                guint         n_op_ids,
                                                GHashTable   *numbers,
                                                GPtrArray    *rejected,
                                                GPtrArray    *messages,
                                                GError      **error);

/* Rolling back refused operations (hd-store-sync-refetch.c). The tickets
 * (uuid strings, at most @limit) with a refused operation whose server copy
 * has not been fetched yet. */
GPtrArray  *hd_store_sync_list_refused         (HdStore      *self,
                                                guint         limit,
                                                GError      **error);
/* Replaces ticket @uuid and its timeline by the server's copy (@reply, as
 * GET /tickets/UUID gives it: {"ticket", "events", "revision"}), then lays
 * the operations still in the outbox over it again (their changes and their
 * events stay); the refused operation's events go. One transaction. */
gboolean    hd_store_sync_roll_back            (HdStore      *self,
                                                const char   *uuid,
                                                JsonObject   *reply,
                                                GError      **error);
/* The server does not know @uuid (its create was refused): it stays as it
 * is, marked refused, and is not asked for again. */
gboolean    hd_store_sync_keep_refused         (HdStore      *self,
                                                const char   *uuid,
                                                GError      **error);

/* The sha256 of attached files (at most @limit) whose content is not in the
 * attachment folder @dir (hd-attachment-store.h). Safe to call from a worker
 * thread (it reads through a reader connection). */
GPtrArray  *hd_store_sync_list_missing_blobs   (HdStore      *self,
                                                const char   *dir,
                                                guint         limit,
                                                GError      **error);

/* Unresolved conflicts (HdSyncConflict items), oldest first; every ticket's
 * when @ticket_uuid is NULL. */
GPtrArray  *hd_store_list_conflicts            (HdStore      *self,
                                                const char   *ticket_uuid,
                                                GError      **error);
guint       hd_store_count_conflicts           (HdStore      *self);
/* Dismisses a conflict; with @reapply, first sets the field back to our lost
 * value as a new edit by @author (which syncs like any other edit). */
gboolean    hd_store_resolve_conflict          (HdStore      *self,
                                                gint64        conflict_id,
                                                gboolean      reapply,
                                                const char   *author,
                                                GError      **error);

/* Tests only: called after each change of a page is applied, inside the
 * page's transaction (the crash test kills the process from it). */
typedef void (*HdStoreSyncHook) (guint    index,
                                 gpointer user_data);
void        hd_store_sync_set_test_hook        (HdStoreSyncHook hook,
                                                gpointer        user_data);

G_END_DECLS
