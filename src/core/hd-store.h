/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "hd-event.h"
#include "hd-ticket.h"

G_BEGIN_DECLS

#define HD_STORE_ERROR (hd_store_error_quark ())
#define HD_TYPE_OUTBOX_OP (hd_outbox_op_get_type ())

typedef enum {
  HD_STORE_ERROR_CORRUPT,      /* not an SQLite file, or its pages are damaged */
  HD_STORE_ERROR_NEWER_SCHEMA, /* written by a newer Help Desk: opened for nothing */
  HD_STORE_ERROR_DISK_FULL,
  HD_STORE_ERROR_READ_ONLY,
  HD_STORE_ERROR_IO,
  HD_STORE_ERROR_BUSY,
  HD_STORE_ERROR_NOT_FOUND,
  HD_STORE_ERROR_INVALID,      /* a value outside its bounds, or a missing required field */
} HdStoreError;

GQuark hd_store_error_quark (void);

#define HD_TYPE_STORE (hd_store_get_type ())
G_DECLARE_FINAL_TYPE (HdStore, hd_store, HD, STORE, GObject)

/*
 * The local ticket cache: one SQLite file (WAL, foreign keys, versioned schema).
 * Every mutating call writes its rows and its outbox operation in one
 * transaction, and returns only once that transaction is durable.
 * An HdStore is used from the thread that opened it; worker threads open
 * their own read connection with hd_store_open_reader().
 */
HdStore     *hd_store_open                  (const char  *path,
                                             GError     **error);
const char  *hd_store_get_path              (HdStore     *self);
int          hd_store_get_schema_version    (HdStore     *self);

/* With no server configured the local store is the numbering authority and
 * gives final numbers (CS20231001-0001); otherwise new tickets get a
 * provisional one (CS20231001-T0001) until the server assigns the final. */
void         hd_store_set_assigns_final_numbers (HdStore *self,
                                                 gboolean assigns);
gboolean     hd_store_get_assigns_final_numbers (HdStore *self);
/* Sync: replace a provisional number with the server's final one. */
gboolean     hd_store_assign_final_number   (HdStore     *self,
                                             const char  *uuid,
                                             const char  *final_number,
                                             GError     **error);

/* A full PRAGMA quick_check (or integrity_check when @thorough). Reads
 * every page: ~0.7 s at 100 000 tickets, so hd_store_open() runs it only on
 * small files (docs/data-model.md). */
gboolean     hd_store_check_integrity       (HdStore     *self,
                                             gboolean     thorough,
                                             GError     **error);

/* Commands. create fills uuid, number, created-at (when 0), updated-at and
 * sync-state, and appends the "created" event. */
gboolean     hd_store_create_ticket         (HdStore     *self,
                                             HdTicket    *ticket,
                                             const char  *author,
                                             GError     **error);
/* Many tickets in one transaction (sample data, imports). */
gboolean     hd_store_create_tickets        (HdStore     *self,
                                             GPtrArray   *tickets,
                                             const char  *author,
                                             GError     **error);
gboolean     hd_store_update_ticket         (HdStore     *self,
                                             HdTicket    *ticket,
                                             const char  *author,
                                             GError     **error);
gboolean     hd_store_add_event             (HdStore     *self,
                                             HdEvent     *event,
                                             GError     **error);

/* Queries */
HdTicket    *hd_store_get_ticket            (HdStore     *self,
                                             const char  *uuid,
                                             GError     **error);
HdTicket    *hd_store_get_ticket_by_number  (HdStore     *self,
                                             const char  *number,
                                             GError     **error);
GPtrArray   *hd_store_list_events           (HdStore     *self,
                                             const char  *ticket_uuid,
                                             GError     **error);
guint        hd_store_count_tickets         (HdStore     *self);
gboolean     hd_store_count_by_status       (HdStore     *self,
                                             guint        counts[HD_N_STATUSES],
                                             GError     **error);
/* Full-text search (FTS5, trigram: Chinese and English) over number,
 * customer and description; newest first. Returns HdTicket items. */
GPtrArray   *hd_store_search                (HdStore     *self,
                                             const char  *text,
                                             guint        limit,
                                             GError     **error);

/* Outbox, drained by sync. One operation per command, in commit order;
 * op_uuid lets the server apply a replayed operation once. */
typedef struct {
  gint64  id;
  char   *op_uuid;
  char   *kind;        /* "ticket.create", "ticket.update", "event.add" */
  char   *entity_uuid;
  char   *payload;     /* JSON object */
  gint64  created_at;
} HdOutboxOp;

GType        hd_outbox_op_get_type          (void) G_GNUC_CONST;
HdOutboxOp  *hd_outbox_op_copy              (const HdOutboxOp *op);
void         hd_outbox_op_free              (HdOutboxOp  *op);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HdOutboxOp, hd_outbox_op_free)

guint        hd_store_outbox_count          (HdStore     *self);
/* Up to @max_ops of the oldest operations (HdOutboxOp items). */
GPtrArray   *hd_store_outbox_peek           (HdStore     *self,
                                             guint        max_ops,
                                             GError     **error);
/* Drop operations the server acknowledged; unknown ids are ignored. */
gboolean     hd_store_outbox_remove         (HdStore     *self,
                                             const gint64 *ids,
                                             guint        n_ids,
                                             GError     **error);

/* Signals: "tickets-changed" () after a commit that changed tickets, and
 * "events-changed" (const char *ticket_uuid) after a timeline append. */

G_END_DECLS
