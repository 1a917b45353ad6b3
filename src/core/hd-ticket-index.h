/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "hd-store.h"
#include "hd-ticket-query.h"

G_BEGIN_DECLS

#define HD_TYPE_TICKET_INDEX (hd_ticket_index_get_type ())
G_DECLARE_FINAL_TYPE (HdTicketIndex, hd_ticket_index, HD, TICKET_INDEX, GObject)

/*
 * The sort and filter keys of every ticket of a store (id, status, handler,
 * group, priority, level-1 type, escalated flag, created/updated times, the
 * resolution deadline and the deadline a card counts down: 64 bytes a
 * ticket, strings interned), so that an HdTicketQuery is answered in C
 * instead of one SQL query per board column. The tickets of a status are
 * sorted once per sort (4 bytes a ticket, kept until the store changes); a
 * query walks that order and keeps its matches. The search text is the only
 * part that goes to SQLite (FTS5, or the one-character index for shorter
 * terms), once per text for all the models sharing the index.
 *
 * One index per store (hd_ticket_index_get_for_store); it is read lazily by
 * the first hd_ticket_index_run() and dropped when the store commits changes
 * to tickets ("changed" is emitted then, on the main thread). Every function
 * but _get_for_store() and the signal is thread-safe: runs happen in the
 * list models' worker threads.
 */
HdTicketIndex *hd_ticket_index_get_for_store (HdStore *store);

/* A thread-safe copy of an HdTicketQuery, with "now" for overdue-only. */
typedef struct _HdTicketIndexQuery HdTicketIndexQuery;

HdTicketIndexQuery *hd_ticket_index_query_new  (HdTicketQuery      *query,
                                                gint64              now);
void                hd_ticket_index_query_free (HdTicketIndexQuery *query);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HdTicketIndexQuery, hd_ticket_index_query_free)

/* The ids matching @query in its order: exactly what the SQL of
 * hd_ticket_query_build_id_sql() returns. Blocks (reads the keys if needed,
 * runs the search): call it from a worker thread. */
GArray   *hd_ticket_index_run           (HdTicketIndex            *self,
                                         const HdTicketIndexQuery *query,
                                         GCancellable             *cancellable,
                                         GError                  **error);
/* Diagnostics: tickets in the loaded keys (0 before the first run or after
 * a change) and their bytes (with the sorted orders queries asked for). */
guint     hd_ticket_index_get_n_tickets (HdTicketIndex            *self);
gsize     hd_ticket_index_get_size      (HdTicketIndex            *self);
/* Diagnostics: searches that went to SQLite (the others were answered by
 * the results kept of the last eight texts). */
guint     hd_ticket_index_get_n_searches_read (HdTicketIndex      *self);

/* The one range that turns @old_ids into @new_ids: common head and tail
 * kept. Returns FALSE when the arrays are equal. */
gboolean  hd_ticket_ids_diff            (const gint64             *old_ids,
                                         guint                     n_old,
                                         const gint64             *new_ids,
                                         guint                     n_new,
                                         guint                    *position,
                                         guint                    *removed,
                                         guint                    *added);

G_END_DECLS
