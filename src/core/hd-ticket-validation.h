/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hd-config.h"
#include "hd-ticket.h"

G_BEGIN_DECLS

/*
 * The rules a ticket's fields must meet, shared by the intake form and the
 * ticket view's editor (SPEC R1.3, R1.4, R2.2): required fields, bounds,
 * configured types and priorities, a reason for a priority other than the
 * matrix's, a department for a transfer.
 */

/* Bounds of the text fields, in characters (the editors stop there too). */
#define HD_TICKET_MAX_LABEL        64
#define HD_TICKET_MAX_NUMBER       64
#define HD_TICKET_MAX_NAME        128
#define HD_TICKET_MAX_TYPE         64
#define HD_TICKET_MAX_CONTACT     128
#define HD_TICKET_MAX_DEPARTMENT  128
#define HD_TICKET_MAX_NOTE       1000
#define HD_TICKET_MAX_CC_TEXT     500
#define HD_TICKET_MAX_CC           16
#define HD_TICKET_MAX_REASON      500
#define HD_TICKET_MAX_DESCRIPTION 10000
/* A description shorter than this is too vague to act on (a hint). */
#define HD_TICKET_VAGUE_MAX_CHARS  12
/* Occurrence times may run this far ahead of the clock (clock skew). */
#define HD_TICKET_FUTURE_SLACK    300

typedef struct {
  char *field;    /* the field's JSON name: "contact", "description", … */
  char *message;  /* for the user, translated */
} HdFieldProblem;

void        hd_field_problem_free          (HdFieldProblem *problem);

/*
 * Checks @ticket's user fields. @stored is the ticket before an edit (NULL
 * for a new ticket): a priority that differs from the impact × urgency
 * proposal needs @priority_reason only when the priority, the impact or the
 * urgency changes. @transfer_requested marks a transfer asked for even
 * with every transfer field empty (the intake form's switch). @now bounds
 * the occurrence time.
 *
 * Returns: (transfer full): HdFieldProblem items in form order; empty when
 * the fields are valid.
 */
GPtrArray  *hd_ticket_validate             (HdTicket   *ticket,
                                            HdConfig   *config,
                                            HdTicket   *stored,
                                            const char *priority_reason,
                                            gboolean    transfer_requested,
                                            gint64      now);
/* The problem for @field in @problems, or NULL. */
const HdFieldProblem *hd_field_problems_find (GPtrArray  *problems,
                                              const char *field);

/* A description that says nothing without context (SPEC R1.4): short, or
 * only a stock phrase such as 无法登录 / "can't log in". A hint, not an
 * error; empty text is not vague (it is missing). */
gboolean    hd_ticket_description_is_vague (const char *text);

/* "技术部, 账务组；物流" → { "技术部", "账务组", "物流" }: Chinese and Latin
 * commas, 、 and semicolons separate; blanks dropped; at most
 * HD_TICKET_MAX_CC names. Never NULL. */
GStrv       hd_ticket_split_departments    (const char *text);

/* "2026-05-01 14:30" (local time) ↔ Unix seconds. */
gboolean    hd_ticket_parse_local_time     (const char *text,
                                            gint64     *out);
char       *hd_ticket_format_local_time    (gint64      when);

G_END_DECLS
