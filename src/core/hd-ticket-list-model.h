/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "hd-store.h"
#include "hd-ticket-list-group.h"
#include "hd-ticket-query.h"

G_BEGIN_DECLS

#define HD_TYPE_TICKET_LIST_MODEL (hd_ticket_list_model_get_type ())
G_DECLARE_FINAL_TYPE (HdTicketListModel, hd_ticket_list_model, HD, TICKET_LIST_MODEL, GObject)

/*
 * A GListModel of HdTicket for boards and lists of any size. A reload
 * answers the query in a worker thread from the store's HdTicketIndex (keys
 * of every ticket in memory, shared by all models of the store; only the
 * search text goes to SQLite, once per text), then swaps the ids in with one
 * items-changed over the range between the common head and tail. Tickets
 * are read from the store in pages of 64 when asked for and kept by id in a
 * small LRU cache, across reloads of the query, so a view keeps the rows of
 * tickets still shown; memory follows what is on screen (plus 8 bytes of id
 * per row here and the index's 64 bytes per ticket).
 *
 * The model reloads by itself when the store commits changes to tickets
 * (then every ticket is read again, one items-changed over everything) or a
 * property of its query changes; a reload still running is cancelled by a
 * newer one. "loading" is TRUE while a reload is under way.
 */
HdTicketListModel *hd_ticket_list_model_new          (HdStore           *store,
                                                      HdTicketQuery     *query);
HdStore           *hd_ticket_list_model_get_store    (HdTicketListModel *self);
HdTicketQuery     *hd_ticket_list_model_get_query    (HdTicketListModel *self);
void               hd_ticket_list_model_set_query    (HdTicketListModel *self,
                                                      HdTicketQuery     *query);
gboolean           hd_ticket_list_model_get_loading  (HdTicketListModel *self);
void               hd_ticket_list_model_reload       (HdTicketListModel *self);

/* Shows this model's answers together with its group's (hd-ticket-list-group.h). */
void               hd_ticket_list_model_set_group    (HdTicketListModel *self,
                                                      HdTicketListGroup *group);

/* How many tickets from the top the worker reads with the ids, so that
 * the first screen needs no read on the main thread: a page (64) by
 * default; a board column shows fewer, and each one read is time before a
 * keystroke's answer. Further tickets are read a page at a time when asked
 * for. */
void               hd_ticket_list_model_set_first_read (HdTicketListModel *self,
                                                        guint              n_tickets);

/* Diagnostics: tickets currently held in the page cache. */
guint              hd_ticket_list_model_get_n_cached (HdTicketListModel *self);

G_END_DECLS
