/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-transitions"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "hd-transitions.h"

G_DEFINE_QUARK (hd-transition-error-quark, hd_transition_error)

/*
 * The status graph (SPEC R5, R6; docs/configuration.md "Status transitions"):
 *
 *   pending           → in progress (a handler is assigned)
 *                     → awaiting feedback (solved on the spot, SPEC R3.3: result)
 *   in progress       → pending (back to the queue)
 *                     → awaiting feedback (result sent to the customer)
 *                     → pending close (customer confirmed directly: result)
 *   awaiting feedback → pending close (survey answered, or left unanswered)
 *                     → in progress (dissatisfied or more work: reopen)
 *   pending close     → closed (result in place, customer not dissatisfied)
 *                     → in progress (reopen)
 *   closed            → in progress (reopen)
 */
static const HdStatus from_pending[] = { HD_STATUS_IN_PROGRESS, HD_STATUS_AWAITING_FEEDBACK };
static const HdStatus from_in_progress[] = { HD_STATUS_PENDING, HD_STATUS_AWAITING_FEEDBACK,
                                             HD_STATUS_PENDING_CLOSE };
static const HdStatus from_awaiting[] = { HD_STATUS_PENDING_CLOSE, HD_STATUS_IN_PROGRESS };
static const HdStatus from_pending_close[] = { HD_STATUS_CLOSED, HD_STATUS_IN_PROGRESS };
static const HdStatus from_closed[] = { HD_STATUS_IN_PROGRESS };

static const struct {
  const HdStatus *targets;
  guint n_targets;
} graph[HD_N_STATUSES] = {
  [HD_STATUS_PENDING] = { from_pending, G_N_ELEMENTS (from_pending) },
  [HD_STATUS_IN_PROGRESS] = { from_in_progress, G_N_ELEMENTS (from_in_progress) },
  [HD_STATUS_AWAITING_FEEDBACK] = { from_awaiting, G_N_ELEMENTS (from_awaiting) },
  [HD_STATUS_PENDING_CLOSE] = { from_pending_close, G_N_ELEMENTS (from_pending_close) },
  [HD_STATUS_CLOSED] = { from_closed, G_N_ELEMENTS (from_closed) },
};

/**
 * hd_transitions_get_targets:
 * @n_targets: (out): the number of statuses
 *
 * Returns: (array length=n_targets) (transfer none): the statuses the graph
 *   leads to from @from, before the checks on the ticket's fields
 */
const HdStatus *
hd_transitions_get_targets (HdStatus  from,
                            guint    *n_targets)
{
  g_return_val_if_fail ((guint) from < HD_N_STATUSES, NULL);
  g_return_val_if_fail (n_targets != NULL, NULL);

  *n_targets = graph[from].n_targets;
  return graph[from].targets;
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (; *text != '\0'; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;
  return TRUE;
}

/**
 * hd_transitions_check:
 * @ticket: the ticket as it is now
 * @to: the status it should move to
 * @error: a translated reason for the user when refused (HD_TRANSITION_ERROR)
 *
 * Returns: whether @ticket may move to @to
 */
gboolean
hd_transitions_check (HdTicket  *ticket,
                      HdStatus   to,
                      GError   **error)
{
  HdStatus from;
  HdSatisfaction satisfaction;
  guint n_targets = 0;
  const HdStatus *targets;
  gboolean edge = FALSE;

  g_return_val_if_fail (HD_IS_TICKET (ticket), FALSE);
  g_return_val_if_fail ((guint) to < HD_N_STATUSES, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  from = hd_ticket_get_status (ticket);
  if (from == to)
    {
      g_set_error (error, HD_TRANSITION_ERROR, HD_TRANSITION_ERROR_UNCHANGED,
                   _("The ticket is already in “%s”"), hd_status_get_label (to));
      return FALSE;
    }

  targets = hd_transitions_get_targets (from, &n_targets);
  for (guint i = 0; i < n_targets; i++)
    edge |= targets[i] == to;
  if (!edge)
    {
      g_set_error (error, HD_TRANSITION_ERROR, HD_TRANSITION_ERROR_NOT_ALLOWED,
                   _("A ticket cannot move from “%s” to “%s”"),
                   hd_status_get_label (from), hd_status_get_label (to));
      return FALSE;
    }

  satisfaction = hd_ticket_get_satisfaction (ticket);
  switch (to)
    {
    case HD_STATUS_IN_PROGRESS:
      if (from == HD_STATUS_PENDING && is_blank (hd_ticket_get_handler (ticket)))
        {
          g_set_error (error, HD_TRANSITION_ERROR, HD_TRANSITION_ERROR_NO_HANDLER,
                       _("Assign a handler before moving the ticket to “%s”"),
                       hd_status_get_label (to));
          return FALSE;
        }
      return TRUE;

    case HD_STATUS_AWAITING_FEEDBACK:
      if (is_blank (hd_ticket_get_result (ticket)))
        {
          g_set_error (error, HD_TRANSITION_ERROR, HD_TRANSITION_ERROR_NO_RESULT,
                       _("Add a result before moving the ticket to “%s”"),
                       hd_status_get_label (to));
          return FALSE;
        }
      return TRUE;

    case HD_STATUS_PENDING_CLOSE:
    case HD_STATUS_CLOSED:
      if (is_blank (hd_ticket_get_result (ticket)))
        {
          g_set_error (error, HD_TRANSITION_ERROR, HD_TRANSITION_ERROR_NO_RESULT,
                       _("Add a result before moving the ticket to “%s”"),
                       hd_status_get_label (to));
          return FALSE;
        }
      if (satisfaction == HD_SATISFACTION_DISSATISFIED)
        {
          g_set_error (error, HD_TRANSITION_ERROR, HD_TRANSITION_ERROR_DISSATISFIED,
                       _("The customer is not satisfied: a ticket closes only when the customer "
                         "is satisfied or the survey went unanswered. Record the feedback and "
                         "move the ticket back to “%s”"),
                       hd_status_get_label (HD_STATUS_IN_PROGRESS));
          return FALSE;
        }
      return TRUE;

    case HD_STATUS_PENDING:
    default:
      return TRUE;
    }
}

/**
 * hd_transitions_list_allowed:
 *
 * Returns: (transfer full) (element-type HdStatus): the statuses @ticket
 *   may move to now, in graph order
 */
GArray *
hd_transitions_list_allowed (HdTicket *ticket)
{
  GArray *allowed;
  const HdStatus *targets;
  guint n_targets = 0;

  g_return_val_if_fail (HD_IS_TICKET (ticket), NULL);

  allowed = g_array_new (FALSE, FALSE, sizeof (HdStatus));
  targets = hd_transitions_get_targets (hd_ticket_get_status (ticket), &n_targets);
  for (guint i = 0; i < n_targets; i++)
    if (hd_transitions_check (ticket, targets[i], NULL))
      g_array_append_val (allowed, targets[i]);
  return allowed;
}
