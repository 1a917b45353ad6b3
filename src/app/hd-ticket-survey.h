/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "hd-store.h"

G_BEGIN_DECLS

#define HD_TYPE_TICKET_SURVEY (hd_ticket_survey_get_type ())
G_DECLARE_FINAL_TYPE (HdTicketSurvey, hd_ticket_survey, HD, TICKET_SURVEY, GtkWidget)

/*
 * The satisfaction survey section of the ticket view (SPEC R6;
 * docs/surveys.md "In the app"): no survey yet, waiting since a time with
 * the customer's one-time link (SERVER_URL/survey/TOKEN) to copy, or the
 * answer (rating, comment, via agent or web, time). "Record Answer…",
 * enabled while the ticket awaits feedback, opens a dialog with the four
 * answers and an optional comment, recorded by
 * hd_ticket_commands_record_survey_answer(). Messages go to the enclosing
 * HdTicketView's "toast".
 */
GtkWidget  *hd_ticket_survey_new            (void);
/* Follows @ticket_uuid in @store; @author is who records answers. */
void        hd_ticket_survey_set_ticket     (HdTicketSurvey *self,
                                             HdStore        *store,
                                             const char     *ticket_uuid,
                                             const char     *author);
/* The sync server's address; NULL (default) asks the app's sync controller. */
void        hd_ticket_survey_set_server_url (HdTicketSurvey *self,
                                             const char     *server_url);
/* The one-time link shown, or NULL when none is. */
const char *hd_ticket_survey_get_link       (HdTicketSurvey *self);
/* Opens the record dialog (as the button does) and returns it (for tests). */
AdwMessageDialog *hd_ticket_survey_open_dialog (HdTicketSurvey *self);

G_END_DECLS
