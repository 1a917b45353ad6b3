/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hd-config.h"
#include "hd-store.h"

G_BEGIN_DECLS

#define HD_TICKET_COMMAND_ERROR (hd_ticket_command_error_quark ())

typedef enum {
  HD_TICKET_COMMAND_ERROR_INVALID,    /* a required value is missing or unknown */
  HD_TICKET_COMMAND_ERROR_NO_REQUEST, /* no escalation request waits for a decision */
} HdTicketCommandError;

GQuark hd_ticket_command_error_quark (void);

/* Where a ticket's escalation request (SPEC R4.3) stands, from its timeline. */
typedef enum {
  HD_ESCALATION_STATE_NONE,
  HD_ESCALATION_STATE_REQUESTED,
  HD_ESCALATION_STATE_APPROVED,
  HD_ESCALATION_STATE_DECLINED,
} HdEscalationState;

/*
 * The commands the board and the ticket view run (ARCHITECTURE "How data
 * moves"). Each reads the ticket afresh from @store, validates by the shared
 * rules, and writes the ticket, its timeline events and one outbox
 * operation in one transaction. @now is the time recorded (Unix seconds), so
 * tests can use a fake clock. Errors are translated, for the user.
 */

/* Refused by hd_transitions_check() with its HD_TRANSITION_ERROR. The
 * first move out of "pending" records the first response. */
gboolean hd_ticket_commands_change_status     (HdStore     *store,
                                               const char  *uuid,
                                               HdStatus     to,
                                               const char  *author,
                                               gint64       now,
                                               HdStatus    *previous,
                                               GError     **error);
/* Undo of a status change: puts the ticket back to @to whether or not the
 * graph leads there, recorded on the timeline as an undo. */
gboolean hd_ticket_commands_revert_status     (HdStore     *store,
                                               const char  *uuid,
                                               HdStatus     to,
                                               const char  *author,
                                               gint64       now,
                                               GError     **error);
/* A progress note (SPEC R4.2); @is_solution marks an initial solution. */
gboolean hd_ticket_commands_add_note          (HdStore     *store,
                                               const char  *uuid,
                                               const char  *text,
                                               gboolean     is_solution,
                                               const char  *author,
                                               gint64       now,
                                               GError     **error);
gboolean hd_ticket_commands_set_result        (HdStore     *store,
                                               const char  *uuid,
                                               const char  *result,
                                               const char  *author,
                                               gint64       now,
                                               GError     **error);
/* @group NULL keeps the group; @note is optional. */
gboolean hd_ticket_commands_reassign          (HdStore     *store,
                                               const char  *uuid,
                                               const char  *group,
                                               const char  *handler,
                                               const char  *note,
                                               const char  *author,
                                               gint64       now,
                                               GError     **error);
/* Deadlines are recomputed from creation under the new priority; a reason
 * is required and recorded. */
gboolean hd_ticket_commands_change_priority   (HdStore     *store,
                                               HdConfig    *config,
                                               const char  *uuid,
                                               const char  *priority,
                                               const char  *reason,
                                               const char  *author,
                                               gint64       now,
                                               GError     **error);
/* SPEC R4.3: the departments and resources needed; the team lead decides. */
gboolean hd_ticket_commands_request_escalation (HdStore           *store,
                                                const char        *uuid,
                                                const char * const *departments,
                                                const char        *resources,
                                                const char        *author,
                                                gint64             now,
                                                GError           **error);
gboolean hd_ticket_commands_decide_escalation (HdStore     *store,
                                               const char  *uuid,
                                               gboolean     approve,
                                               const char  *note,
                                               const char  *author,
                                               gint64       now,
                                               GError     **error);
/* SPEC R4.4: marks the ticket escalated because @condition holds. Does
 * nothing (and returns TRUE) when it is already marked. */
gboolean hd_ticket_commands_flag_escalated    (HdStore              *store,
                                               const char           *uuid,
                                               HdEscalationCondition condition,
                                               const char           *author,
                                               gint64                now,
                                               GError              **error);
/* The same for many tickets in one transaction (the SLA watcher). */
gboolean hd_ticket_commands_flag_escalated_many (HdStore                     *store,
                                                 const char * const          *uuids,
                                                 const HdEscalationCondition *conditions,
                                                 const char                  *author,
                                                 gint64                       now,
                                                 GError                     **error);

/* The intake form's fields edited on an existing ticket (docs/board.md,
 * "Ticket view"): customer label, name, number and type, contact, channel,
 * emotion, occurrence time, description, level-1/level-2 type, impact,
 * urgency and priority, transfer department, contact and note, copied
 * departments, and the attachment list (files already copied by
 * hd-attachment-store.c, order numbers, error codes) — taken from @edited;
 * its other fields are ignored (status, handler and result have their own
 * commands). @base (optional) is the ticket the edit started from: a field
 * @edited leaves as it was there keeps its value as stored now, so a change
 * made meanwhile elsewhere (sync, another window) is not set back; of the
 * attachments, only those @edited added or removed since @base change.
 *
 * Checked by hd_ticket_validate() as at intake; when refused, @problems
 * (optional) receives the HdFieldProblem items, @error the first, and
 * nothing is written. A changed impact or urgency moves the priority to the
 * matrix's proposal unless @edited names another, which needs
 * @priority_reason; a new priority recomputes both deadlines from creation
 * and records the reason (the user's, else the matrix's explanation).
 * @sealed_sensitive: NULL keeps the sensitive field, "" removes it, a value
 * sealed by HdSecretBox replaces it (SPEC R1.6).
 *
 * One transaction writes the fields, one field_change event listing
 * {"from", "to"} per changed field (the sensitive field only as changed or
 * removed, never a value) and one outbox operation. Nothing changed:
 * returns TRUE and writes nothing. */
gboolean hd_ticket_commands_edit_fields       (HdStore     *store,
                                               HdConfig    *config,
                                               const char  *uuid,
                                               HdTicket    *base,
                                               HdTicket    *edited,
                                               const char  *priority_reason,
                                               const char  *sealed_sensitive,
                                               const char  *author,
                                               gint64       now,
                                               GPtrArray  **problems,
                                               GError     **error);

/* The one sensitive field a ticket holds (ID number or account detail). */
#define HD_TICKET_SENSITIVE_FIELD "id_or_account"

/* SPEC R6: the customer's answer to the satisfaction survey, given on the
 * phone (hd-ticket-commands-survey.c). Applies hd_survey_apply_answer()
 * (via agent, on the ticket's open survey if one reached this client) and
 * marks that survey answered. @comment may be NULL. */
gboolean hd_ticket_commands_record_survey_answer (HdStore        *store,
                                                  const char     *uuid,
                                                  HdSatisfaction  rating,
                                                  const char     *comment,
                                                  const char     *author,
                                                  gint64          now,
                                                  GError        **error);

HdEscalationState hd_ticket_commands_get_escalation_state (HdStore    *store,
                                                           const char *uuid);

G_END_DECLS
