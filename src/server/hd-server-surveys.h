/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hd-server-ops.h"
#include "hd-server-storage.h"
#include "hd-survey.h"

G_BEGIN_DECLS

/*
 * Satisfaction surveys on the server (SPEC R6, docs/surveys.md): the rules of
 * src/core/hd-survey.h applied to the stored tickets, inside the caller's
 * storage transaction. Every change adds its change-feed records.
 */

/* Before @op is applied: an agent-recorded answer (a survey_answer event) to
 * a survey that is answered already sets @rejection (conflict). */
gboolean hd_server_surveys_check_op  (HdServerStorage *storage,
                                      HdOp            *op,
                                      GError         **rejection,
                                      GError         **error);

/* After @op was applied, in its transaction: marks the surveys its
 * survey_answer events answer (via agent), and creates a survey when the op
 * moved its ticket into awaiting feedback and the ticket has no unanswered
 * survey. A malformed answer sets @rejection. */
gboolean hd_server_surveys_after_op  (HdServerStorage *storage,
                                      HdOp            *op,
                                      const char      *author,
                                      gint64           now,
                                      GError         **rejection,
                                      GError         **error);

typedef enum {
  HD_SERVER_SURVEY_ANSWERED,    /* the answer is stored */
  HD_SERVER_SURVEY_UNKNOWN,     /* no survey has this token */
  HD_SERVER_SURVEY_ALREADY,     /* the survey was answered before */
  HD_SERVER_SURVEY_CLOSED,      /* the ticket no longer awaits feedback */
  HD_SERVER_SURVEY_INVALID,     /* rating or comment refused */
} HdServerSurveyOutcome;

/* The customer's answer from the survey page, in one transaction of its own:
 * hd_survey_apply_answer() on the stored ticket (via web, author
 * HD_SURVEY_CUSTOMER_AUTHOR), its events and the survey, with feed records.
 * FALSE only for a storage failure (@error set, nothing kept). */
gboolean hd_server_survey_answer_web (HdServerStorage       *storage,
                                      const char            *token,
                                      HdSatisfaction         rating,
                                      const char            *comment,
                                      gint64                 now,
                                      HdServerSurveyOutcome *outcome,
                                      GError               **error);

G_END_DECLS
