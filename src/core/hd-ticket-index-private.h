/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hd-ticket-index.h"

G_BEGIN_DECLS

#define UNKNOWN_STATUS (-2)

/* Every ticket's keys, read when the index opens and after every commit:
 * from the covering index tickets_board_keys (schema v11), a tenth of the
 * table's pages (docs/data-model.md). */
#define HD_TICKET_INDEX_KEYS_SQL \
  "SELECT id, status, handler, handling_group, priority, type_l1, escalated," \
  " created_at, updated_at, first_response_at, response_due, resolution_due," \
  " search_chars FROM tickets ORDER BY id"

typedef struct {
  gint64  id;
  gint64  created_at;
  gint64  updated_at;
  gint64  resolution_due;
  gint64  deadline;        /* the one the card counts down; 0 for none */
  guint32 handler;         /* string numbers; 0 is NULL */
  guint32 group;
  guint32 priority;
  guint32 type_l1;
  gint8   status;          /* HdStatus, or UNKNOWN_STATUS */
  guint8  escalated;
} Entry;

/* The entries of one status (or of all), in the order of one sort: sorted
 * once a snapshot, so that a query only walks it and keeps its matches. */
typedef struct {
  int           status;    /* HdStatus, or -1 for all */
  HdTicketSort  sort;
  char         *priority_order; /* joined by newlines; for the priority sort */
  GArray       *positions; /* guint32 into the snapshot's entries */
  GArray       *ids;       /* gint64, the same entries' ids: read in order
                            * without visiting the entries */
} Order;

typedef struct {
  guint64     generation;
  GArray     *entries;     /* Entry, by id */
  GArray     *search_chars; /* guint64, the entries' tickets.search_chars: apart,
                             * a search of one letter reads 8 bytes a ticket */
  GPtrArray  *strings;     /* number → string, [0] = NULL */
  GHashTable *numbers;     /* string → number */
  GMutex      orders_lock;
  GPtrArray  *orders;      /* Order *, made when first asked for */
} Snapshot;

struct _HdTicketIndexQuery
{
  int status;
  char *handler;
  char *group;
  char *priority;
  char *type_l1;
  char *search_text;
  gboolean escalated_only;
  gboolean overdue_only;
  gint64 now;
  HdTicketSort sort;
  GStrv priority_order;
};

/* hd-ticket-index-filter.c: the ids of @snapshot's tickets that match @q
 * (and have their bit set in @bits, unless it is NULL), in @q's order. */
GArray *hd_ticket_index_filter     (Snapshot                 *snapshot,
                                    const HdTicketIndexQuery *q,
                                    const guint8             *bits);
/* A bit for each entry of @snapshot (guint8 array): whether its id is in
 * @found (ascending). */
GArray *hd_ticket_index_found_bits (const Snapshot           *snapshot,
                                    GArray                   *found);
/* A bit for each entry of @snapshot: whether its search_chars has @bit. */
GArray *hd_ticket_index_char_bits  (const Snapshot           *snapshot,
                                    int                       bit);

G_END_DECLS
