/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hd-store.h"
#include "hd-sync-engine.h"

G_BEGIN_DECLS

#define HD_TYPE_SURVEY_ALERTS (hd_survey_alerts_get_type ())
G_DECLARE_FINAL_TYPE (HdSurveyAlerts, hd_survey_alerts, HD, SURVEY_ALERTS, GObject)

/*
 * SPEC R6: a customer's "not satisfied" answer that a pull brought (given
 * on the survey page, or recorded by an agent on another client) is
 * announced once per ticket by "complaint" (const char *ticket_uuid,
 * const char *number, const char *message) — to the ticket's handler and
 * to team leads, supervisors and admins. Answers recorded on this client
 * are not announced (the agent recorded them), nor those already in the
 * store when the object was made.
 */
HdSurveyAlerts *hd_survey_alerts_new      (HdStore        *store);
/* Who is signed in: @username and @role (a server role id: "agent",
 * "team_lead", "supervisor", "admin"); NULL when nobody is. */
void            hd_survey_alerts_set_user (HdSurveyAlerts *self,
                                           const char     *username,
                                           const char     *role);
/* Whether the signed-in user hears of complaints about tickets handled by
 * @handler. */
gboolean        hd_survey_alerts_is_recipient (HdSurveyAlerts *self,
                                               const char     *handler);
/* Looks for new answers now (also done on every "events-changed"). */
void            hd_survey_alerts_check    (HdSurveyAlerts *self);

/* GET /api/v1/me: the signed-in user's role id, checked against the known
 * roles (HD_SYNC_ERROR_PROTOCOL otherwise). */
void            hd_sync_fetch_role_async  (HdSyncEngine        *engine,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
char           *hd_sync_fetch_role_finish (HdSyncEngine        *engine,
                                           GAsyncResult        *result,
                                           GError             **error);

G_END_DECLS
