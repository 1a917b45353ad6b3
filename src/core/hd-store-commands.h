/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "hd-store.h"

G_BEGIN_DECLS

/*
 * Store primitives for hd-ticket-commands.c. Kept apart from the generic
 * update so a command records its own timeline events (assignment, priority
 * change with its reason, escalation…) instead of one field_change.
 */

/* In one transaction: saves @ticket's user fields and attachment list (when
 * @ticket is not NULL), appends @events (HdEvent) and one outbox operation holding both. */
gboolean hd_store_apply_ticket_change (HdStore    *self,
                                       HdTicket   *ticket,
                                       GPtrArray  *events,
                                       gint64      now,
                                       GError    **error);

/* hd_store_apply_ticket_change() that also writes the ticket's sealed
 * sensitive field @sensitive_field (SPEC R1.6) in the same transaction:
 * @sealed ("hdsb1:…", from HdSecretBox) replaces it, NULL removes it. With
 * @sensitive_field NULL it is hd_store_apply_ticket_change(). The sealed
 * value goes into neither the outbox nor the events. */
gboolean hd_store_apply_ticket_edit   (HdStore    *self,
                                       HdTicket   *ticket,
                                       GPtrArray  *events,
                                       const char *sensitive_field,
                                       const char *sealed,
                                       gint64      now,
                                       GError    **error);

/* The user fields (but the status) that differ from @stored to @ticket,
 * found by the store's change detection (hd-store-fields.c), as the
 * field_change event records them: {"contact": {"from": …, "to": …}, …};
 * the attachment list as {"attachments": {"count": 2, "added": [names],
 * "removed": [names]}}. NULL when none differ. */
JsonNode *hd_store_diff_ticket_fields (HdTicket   *stored,
                                       HdTicket   *ticket);

/* The same for several tickets (@event_lists[i] are @tickets[i]'s events),
 * in one transaction with one "tickets-changed". */
gboolean hd_store_apply_ticket_changes (HdStore    *self,
                                       GPtrArray  *tickets,
                                       GPtrArray  *event_lists,
                                       gint64      now,
                                       GError    **error);

/* Facts for the escalation rules (SPEC R4.1), from the timeline: the last
 * progress update (a note, a status change, an escalation decision; 0 if
 * none) and whether an initial solution was given (a note marked as a
 * solution, or a result in place). */
gboolean hd_store_get_progress        (HdStore    *self,
                                       const char *ticket_uuid,
                                       gint64     *last_progress_at,
                                       gboolean   *has_initial_solution,
                                       GError    **error);

/* The SQL expressions behind hd_store_get_progress(), for scans over many
 * tickets (they refer to the outer "tickets" row). */
#define HD_STORE_LAST_PROGRESS_SQL \
  "(SELECT MAX(e.created_at) FROM events e WHERE e.ticket_uuid = tickets.uuid" \
  " AND e.kind IN ('note', 'status_change', 'escalation_decision'))"
#define HD_STORE_HAS_SOLUTION_SQL \
  "(COALESCE(TRIM(tickets.result), '') <> '' OR EXISTS (SELECT 1 FROM events e" \
  " WHERE e.ticket_uuid = tickets.uuid AND e.kind = 'note'" \
  " AND json_extract(e.data, '$.solution') = 1))"

G_END_DECLS

G_BEGIN_DECLS

/* Distinct non-empty handlers of all tickets, sorted; for filters. */
char      **hd_store_list_handlers   (HdStore     *self,
                                      GError     **error);

typedef struct {
  char  *key;        /* the group or handler id; NULL for the whole centre */
  guint  open;       /* not closed */
  guint  overdue;    /* pending or in progress past its response or resolution deadline */
  guint  escalated;  /* escalated and not closed */
} HdAttentionCount;

void        hd_attention_count_free  (HdAttentionCount *count);

/* Counts for the supervisor's view, grouped by "group", "handler" or, for
 * NULL, the whole centre. Thread-safe: reads on its own connection, so it
 * can run in a worker thread. Returns HdAttentionCount items. */
GPtrArray  *hd_store_count_attention (HdStore     *self,
                                      const char  *by,
                                      gint64       now,
                                      GError     **error);

G_END_DECLS
