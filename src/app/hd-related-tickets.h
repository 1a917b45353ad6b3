/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "hd-store.h"

G_BEGIN_DECLS

#define HD_TYPE_RELATED_TICKETS (hd_related_tickets_get_type ())
G_DECLARE_FINAL_TYPE (HdRelatedTickets, hd_related_tickets, HD, RELATED_TICKETS, GtkWidget)

/*
 * The "Related Tickets" section of the ticket view: the ticket's explicit
 * links (hd-ticket-links.h) with the other ticket's number, status and the
 * relation; activating a row opens that ticket ("board.open-ticket", else
 * "app.open-ticket"), its button removes the link. "Link a Ticket…" opens a
 * popover: a search (a ticket number, or words through the store's search),
 * the relation, and the results — activating one links it. Follows the
 * store. Messages go to the enclosing HdTicketView's "toast".
 *
 * Actions: "related.link" ((ss) other uuid, relation id),
 * "related.remove" (s other uuid), "related.open" (s uuid).
 */
GtkWidget   *hd_related_tickets_new            (void);
/* Follows @ticket_uuid in @store; @author is who links. */
void         hd_related_tickets_set_ticket     (HdRelatedTickets *self,
                                                HdStore          *store,
                                                const char       *ticket_uuid,
                                                const char       *author);
/* The links shown (HdTicketLink, not owned), for tests. */
GPtrArray   *hd_related_tickets_get_links      (HdRelatedTickets *self);
/* The popover's parts, for tests. */
GtkEditable *hd_related_tickets_get_search     (HdRelatedTickets *self);
GtkDropDown *hd_related_tickets_get_relation   (HdRelatedTickets *self);
GtkListBox  *hd_related_tickets_get_results    (HdRelatedTickets *self);
GtkListBox  *hd_related_tickets_get_list       (HdRelatedTickets *self);

G_END_DECLS
