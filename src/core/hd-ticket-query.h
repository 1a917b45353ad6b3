/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "hd-enums.h"

G_BEGIN_DECLS

typedef enum {
  HD_TICKET_SORT_DUE,      /* resolution due, soonest first; no due time last */
  HD_TICKET_SORT_CREATED,  /* newest first */
  HD_TICKET_SORT_UPDATED,  /* most recently changed first */
  HD_TICKET_SORT_PRIORITY, /* by priority rank, then due time */
} HdTicketSort;

#define HD_TYPE_TICKET_SORT (hd_ticket_sort_get_type ())
GType hd_ticket_sort_get_type (void) G_GNUC_CONST;

#define HD_TYPE_TICKET_QUERY (hd_ticket_query_get_type ())
G_DECLARE_FINAL_TYPE (HdTicketQuery, hd_ticket_query, HD, TICKET_QUERY, GObject)

/*
 * What an HdTicketListModel shows: filters (all optional, combined with AND)
 * and an order. Changing a property notifies, and a model showing the query
 * reloads; a newer reload supersedes one still running.
 */
HdTicketQuery *hd_ticket_query_new              (void);

/* -1 for every status */
int            hd_ticket_query_get_status       (HdTicketQuery *self);
void           hd_ticket_query_set_status       (HdTicketQuery *self,
                                                 int            status);
/* Words, each found anywhere in number, customer, contact or description. */
const char    *hd_ticket_query_get_search_text  (HdTicketQuery *self);
void           hd_ticket_query_set_search_text  (HdTicketQuery *self,
                                                 const char    *text);
const char    *hd_ticket_query_get_handler      (HdTicketQuery *self);
void           hd_ticket_query_set_handler      (HdTicketQuery *self,
                                                 const char    *handler);
const char    *hd_ticket_query_get_group        (HdTicketQuery *self);
void           hd_ticket_query_set_group        (HdTicketQuery *self,
                                                 const char    *group);
const char    *hd_ticket_query_get_priority     (HdTicketQuery *self);
void           hd_ticket_query_set_priority     (HdTicketQuery *self,
                                                 const char    *priority);
/* A level-1 type id; NULL for every type. */
const char    *hd_ticket_query_get_type_l1      (HdTicketQuery *self);
void           hd_ticket_query_set_type_l1      (HdTicketQuery *self,
                                                 const char    *type_l1);
/* Only tickets whose running deadline (as the board card counts it down:
 * first response while a pending ticket has none, else resolution while
 * pending or in progress) has passed, at the time the query is run. */
gboolean       hd_ticket_query_get_overdue_only (HdTicketQuery *self);
void           hd_ticket_query_set_overdue_only (HdTicketQuery *self,
                                                 gboolean       overdue_only);
gboolean       hd_ticket_query_get_escalated_only (HdTicketQuery *self);
void           hd_ticket_query_set_escalated_only (HdTicketQuery *self,
                                                   gboolean       escalated_only);
HdTicketSort   hd_ticket_query_get_sort         (HdTicketQuery *self);
void           hd_ticket_query_set_sort         (HdTicketQuery *self,
                                                 HdTicketSort   sort);
/* Priority ids most urgent first (from HdConfig), for HD_TICKET_SORT_PRIORITY;
 * without it priorities sort by id. */
const char * const *hd_ticket_query_get_priority_order (HdTicketQuery *self);
void           hd_ticket_query_set_priority_order (HdTicketQuery      *self,
                                                   const char * const *ids);

G_END_DECLS
