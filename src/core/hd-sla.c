/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-sla"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "hd-sla.h"

/**
 * hd_sla_compute_deadlines:
 * @priority_id: a priority of @config (any scheme; the active one first)
 * @created_at: when the ticket was created; targets count from creation
 * @response_due: (out) (optional): the first-response deadline
 * @resolution_due: (out) (optional): the resolution deadline
 *
 * Applies the priority's targets (SPEC R4.1): clock durations are added as
 * they are, working-time ones through the configuration's calendar.
 *
 * Returns: %FALSE, leaving both deadlines 0, for an unknown priority
 */
gboolean
hd_sla_compute_deadlines (HdConfig   *config,
                          const char *priority_id,
                          gint64      created_at,
                          gint64     *response_due,
                          gint64     *resolution_due)
{
  HdCalendar *calendar;
  HdDuration response, resolution;

  g_return_val_if_fail (HD_IS_CONFIG (config), FALSE);

  if (response_due != NULL)
    *response_due = 0;
  if (resolution_due != NULL)
    *resolution_due = 0;
  if (!hd_config_get_priority_targets (config, priority_id, &response, &resolution))
    return FALSE;

  calendar = hd_config_get_calendar (config);
  if (response_due != NULL)
    *response_due = hd_calendar_add_duration (calendar, created_at, &response);
  if (resolution_due != NULL)
    *resolution_due = hd_calendar_add_duration (calendar, created_at, &resolution);
  return TRUE;
}

/**
 * hd_sla_evaluate_escalation:
 * @priority_id: the ticket's priority
 * @created_at: when the ticket was created
 * @last_progress_at: the last progress update, 0 if none yet (counts from
 *   creation then)
 * @has_initial_solution: whether an initial solution was given
 * @now: the current time
 * @triggered_at: (out) (optional): when the returned condition began to
 *   hold, 0 when none holds
 * @next_trigger_at: (out) (optional): the earliest time after @now at which
 *   a condition that does not hold yet will hold if nothing changes, 0 if
 *   none will: a watcher schedules one timeout for it and evaluates again
 *   whenever the ticket changes
 *
 * Checks the priority's escalation rules (SPEC R4.1 "escalate when").
 *
 * Returns: the condition that holds, the one that has held longest when
 *   several do, or %HD_ESCALATION_NONE
 */
HdEscalationCondition
hd_sla_evaluate_escalation (HdConfig   *config,
                            const char *priority_id,
                            gint64      created_at,
                            gint64      last_progress_at,
                            gboolean    has_initial_solution,
                            gint64      now,
                            gint64     *triggered_at,
                            gint64     *next_trigger_at)
{
  HdEscalationCondition holding = HD_ESCALATION_NONE;
  gint64 holding_since = G_MAXINT64;
  gint64 next = G_MAXINT64;
  const HdEscalationRule *rules;
  HdCalendar *calendar;
  guint n_rules;

  g_return_val_if_fail (HD_IS_CONFIG (config), HD_ESCALATION_NONE);

  calendar = hd_config_get_calendar (config);
  rules = hd_config_get_escalation_rules (config, priority_id, &n_rules);
  for (guint i = 0; i < n_rules; i++)
    {
      gint64 start, when;

      switch (rules[i].condition)
        {
        case HD_ESCALATION_NO_INITIAL_SOLUTION:
          if (has_initial_solution)
            continue;
          start = created_at;
          break;
        case HD_ESCALATION_NO_PROGRESS_UPDATE:
          start = MAX (created_at, last_progress_at);
          break;
        case HD_ESCALATION_NONE:
        default:
          continue;
        }

      when = hd_calendar_add_duration (calendar, start, &rules[i].after);
      if (when <= now)
        {
          if (when < holding_since)
            {
              holding = rules[i].condition;
              holding_since = when;
            }
        }
      else
        next = MIN (next, when);
    }

  if (triggered_at != NULL)
    *triggered_at = holding != HD_ESCALATION_NONE ? holding_since : 0;
  if (next_trigger_at != NULL)
    *next_trigger_at = next != G_MAXINT64 ? next : 0;
  return holding;
}

const char *
hd_escalation_condition_get_label (HdEscalationCondition condition)
{
  switch (condition)
    {
    case HD_ESCALATION_NO_INITIAL_SOLUTION:
      return _("No initial solution in time");
    case HD_ESCALATION_NO_PROGRESS_UPDATE:
      return _("No progress update in time");
    case HD_ESCALATION_NONE:
      return _("Not escalated");
    default:
      g_return_val_if_reached (NULL);
    }
}
