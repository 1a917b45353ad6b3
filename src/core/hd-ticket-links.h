/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hd-store.h"

G_BEGIN_DECLS

/*
 * Explicit links between tickets ("related tickets", SPEC R4.2). A link is
 * not a table of its own but timeline events — HD_EVENT_LINK /
 * HD_EVENT_UNLINK on the ticket where it was made, naming the other ticket
 * in data.ticket_uuid — so links sync and merge like every other event, with
 * no new protocol. A ticket's links are the fold of the link events made on
 * it and on the other side, oldest first: the last event about a pair of
 * tickets wins (a link from A to B shows on B too).
 */
typedef enum {
  HD_LINK_RELATED,    /* "related" */
  HD_LINK_DUPLICATE,  /* "duplicate": the linking ticket duplicates the other */
  HD_LINK_CAUSED_BY,  /* "caused_by": the linking ticket was caused by the other */
} HdLinkRelation;
#define HD_N_LINK_RELATIONS (HD_LINK_CAUSED_BY + 1)

/* Links listed per ticket, and link events read to fold them (bounds). */
#define HD_TICKET_LINKS_MAX 200
#define HD_TICKET_LINKS_MAX_EVENTS 5000

const char *hd_link_relation_to_id   (HdLinkRelation relation);
gboolean    hd_link_relation_from_id (const char     *id,
                                      HdLinkRelation *out);
/* The translated relation as seen from the ticket showing it: @outgoing when
 * the link was made on that ticket ("Duplicate of"), else from the other
 * side ("Duplicated by"). */
const char *hd_link_relation_get_label (HdLinkRelation relation,
                                        gboolean       outgoing);

typedef struct {
  char          *ticket_uuid;  /* the other ticket */
  char          *number;       /* its number, NULL if it is not in the cache */
  HdStatus       status;
  HdLinkRelation relation;
  gboolean       outgoing;     /* made on this ticket (relation reads this → other) */
  char          *author;
  gint64         linked_at;
} HdTicketLink;

void hd_ticket_link_free (HdTicketLink *link);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HdTicketLink, hd_ticket_link_free)

/* Links @uuid to @other_uuid (a link event on @uuid, and its outbox
 * operation, in one transaction). Linking a pair again with the same
 * relation does nothing; with another relation it replaces the link.
 * Refused (HD_TICKET_COMMAND_ERROR_INVALID) for a ticket with itself or an
 * unknown ticket. */
gboolean   hd_ticket_links_add    (HdStore        *store,
                                   const char     *uuid,
                                   const char     *other_uuid,
                                   HdLinkRelation  relation,
                                   const char     *author,
                                   gint64          now,
                                   GError        **error);
/* Removes the link between the two tickets, whichever side made it (an
 * unlink event on @uuid). Does nothing when they are not linked. */
gboolean   hd_ticket_links_remove (HdStore        *store,
                                   const char     *uuid,
                                   const char     *other_uuid,
                                   const char     *author,
                                   gint64          now,
                                   GError        **error);
/* @uuid's current links (HdTicketLink), oldest first, at most
 * HD_TICKET_LINKS_MAX. */
GPtrArray *hd_ticket_links_list   (HdStore        *store,
                                   const char     *uuid,
                                   GError        **error);

G_END_DECLS
