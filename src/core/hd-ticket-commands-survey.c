/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-ticket-commands"

#include "config.h"

#include "hd-store-commands.h"
#include "hd-store-surveys.h"
#include "hd-survey.h"
#include "hd-ticket-commands.h"

/* An answer the customer gave on the phone, recorded by an agent (SPEC R6;
 * docs/surveys.md "In the app"). It works offline: the outbox op is a
 * ticket.update whose changes carry satisfaction, status and escalated and
 * whose events carry the survey_answer; the server marks its open survey
 * answered when the op arrives. */

gboolean
hd_ticket_commands_record_survey_answer (HdStore        *store,
                                         const char     *uuid,
                                         HdSatisfaction  rating,
                                         const char     *comment,
                                         const char     *author,
                                         gint64          now,
                                         GError        **error)
{
  g_autoptr(HdTicket) ticket = NULL;
  g_autoptr(HdSurvey) survey = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) mark_error = NULL;
  g_autoptr(GError) survey_error = NULL;
  const char *survey_uuid = NULL;

  g_return_val_if_fail (HD_IS_STORE (store), FALSE);
  g_return_val_if_fail (uuid != NULL, FALSE);

  ticket = hd_store_get_ticket (store, uuid, error);
  if (ticket == NULL)
    return FALSE;

  /* The open survey, when one reached this client; offline there may be none. */
  survey = hd_store_get_latest_survey (store, uuid, &survey_error);
  if (survey_error != NULL)
    g_warning ("Could not read the surveys of %s: %s", uuid, survey_error->message);
  if (survey != NULL && survey->answered_at == 0)
    survey_uuid = survey->uuid;

  if (!hd_survey_apply_answer (ticket, survey_uuid, rating, comment, HD_SURVEY_VIA_AGENT,
                               author, now, events, error))
    return FALSE;
  if (!hd_store_apply_ticket_change (store, ticket, events, now, error))
    return FALSE;

  /* A second transaction: should it fail, the server marks the survey
   * answered when the op arrives, and the next pull brings that. */
  if (survey_uuid != NULL &&
      !hd_store_mark_survey_answered (store, survey_uuid, rating, comment, HD_SURVEY_VIA_AGENT, now,
                                      &mark_error))
    g_warning ("Could not mark survey %s answered: %s", survey_uuid, mark_error->message);
  return TRUE;
}
