/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "hd-enums.h"
#include "hd-ticket.h"

G_BEGIN_DECLS

/*
 * Satisfaction surveys (SPEC R6) — the rules shared by the client and the
 * server, so an answer recorded by an agent (client, offline) and an answer
 * given on the server's survey page have exactly the same effect.
 *
 * Life of a survey:
 *  - Entering "awaiting feedback" resets the ticket's satisfaction to NONE
 *    (a new round: an earlier "dissatisfied" must not block closing).
 *  - The SERVER creates a survey (uuid, 43-character token) when it applies
 *    an op that moves a ticket into "awaiting feedback" and the ticket has no
 *    unanswered survey; it reaches clients in the change feed as entity
 *    "survey" (id = survey uuid, data = hd_survey_to_json()).
 *  - The customer answers once: on the page /survey/TOKEN (via "web", author
 *    HD_SURVEY_CUSTOMER_AUTHOR), or an agent records an answer given by phone
 *    (via "agent", works offline as a ticket.update carrying a
 *    HD_EVENT_SURVEY_ANSWER event; the server then marks the open survey
 *    answered). A second answer to the same survey is refused.
 *  - The answer's effect is hd_survey_apply_answer(): satisfaction set,
 *    status → pending close; dissatisfied → in progress, escalated, the
 *    team lead notified by the clients that pull it.
 */

/* The author recorded for answers given on the survey page. */
#define HD_SURVEY_CUSTOMER_AUTHOR "customer"

/* Bytes of randomness in a token; encoded as unpadded base64url. */
#define HD_SURVEY_TOKEN_BYTES 32
#define HD_SURVEY_TOKEN_LENGTH 43

/* Bound on an answer's comment, in bytes (also enforced by the server). */
#define HD_SURVEY_MAX_COMMENT 4000

typedef enum {
  HD_SURVEY_VIA_NONE,  /* not answered */
  HD_SURVEY_VIA_AGENT, /* "agent": recorded by an agent from a call */
  HD_SURVEY_VIA_WEB,   /* "web": the customer used the one-time link */
} HdSurveyVia;

typedef struct {
  char *uuid;
  char *ticket_uuid;
  char *token;           /* NULL on a client until the server sent it */
  gint64 created_at;
  gint64 answered_at;    /* 0 = waiting */
  HdSatisfaction rating; /* NONE while waiting */
  char *comment;         /* may be NULL */
  HdSurveyVia via;
} HdSurvey;

void         hd_survey_free          (HdSurvey *survey);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HdSurvey, hd_survey_free)

const char  *hd_survey_via_to_id     (HdSurveyVia  via);   /* NULL for NONE */
gboolean     hd_survey_via_from_id   (const char  *id,
                                      HdSurveyVia *via);

/* A fresh random token (libsodium), HD_SURVEY_TOKEN_LENGTH characters of
 * [A-Za-z0-9_-]. */
char        *hd_survey_new_token     (void);
/* Whether @token has the shape of a token (length and alphabet). */
gboolean     hd_survey_token_is_valid (const char *token);

/* JSON members: uuid, ticket_uuid, token, created_at, answered_at, rating
 * (HdSatisfaction id), comment, via ("agent" | "web" | null). from_json
 * validates types, ids and bounds (G_IO_ERROR_INVALID_DATA). */
JsonNode    *hd_survey_to_json       (const HdSurvey *survey);
HdSurvey    *hd_survey_from_json     (JsonNode       *node,
                                      GError        **error);

/* Where an answer sends the ticket. */
HdStatus     hd_survey_outcome_status (HdSatisfaction rating);
gboolean     hd_survey_outcome_escalates (HdSatisfaction rating);

/*
 * Applies an answer to @ticket in memory (the caller stores it): sets the
 * satisfaction, moves the status by hd_survey_outcome_status() (first
 * response kept), and for dissatisfied sets escalated. Appends to @events
 * (element-type HdEvent) with @author and @now:
 *   - HD_EVENT_SURVEY_ANSWER, text = @comment, data {"survey_uuid" (or
 *     null), "rating", "via"};
 *   - HD_EVENT_STATUS_CHANGE {"from", "to", "survey": true};
 *   - for dissatisfied, HD_EVENT_ESCALATED {"condition": "dissatisfied"}.
 * Refused (G_IO_ERROR_INVALID_ARGUMENT, translated message) when @rating is
 * NONE, the comment is longer than HD_SURVEY_MAX_COMMENT, or the ticket is
 * not awaiting feedback ("This ticket is not waiting for a survey answer").
 */
gboolean     hd_survey_apply_answer  (HdTicket       *ticket,
                                      const char     *survey_uuid,
                                      HdSatisfaction  rating,
                                      const char     *comment,
                                      HdSurveyVia     via,
                                      const char     *author,
                                      gint64          now,
                                      GPtrArray      *events,
                                      GError        **error);

G_END_DECLS
