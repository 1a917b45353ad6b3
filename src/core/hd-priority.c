/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-priority"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "hd-priority.h"

/**
 * hd_priority_compute:
 * @config: the configuration; its active priority scheme decides
 * @impact: the impact scope (影响范围)
 * @urgency: the urgency (紧急程度)
 * @reason_out: (out) (optional) (transfer full): why, for the user, e.g.
 *   "Core function for all customers × Cannot use the service or losing
 *   money → Urgent"
 *
 * Proposes a priority from the impact × urgency matrix (SPEC R2.2).
 *
 * Returns: (transfer none): the priority id, owned by @config
 */
const char *
hd_priority_compute (HdConfig   *config,
                     HdImpact    impact,
                     HdUrgency   urgency,
                     char      **reason_out)
{
  const char *priority;

  g_return_val_if_fail (HD_IS_CONFIG (config), NULL);
  g_return_val_if_fail (hd_impact_to_id (impact) != NULL, NULL);
  g_return_val_if_fail (hd_urgency_to_id (urgency) != NULL, NULL);

  priority = hd_config_lookup_priority (config, impact, urgency);
  if (reason_out != NULL)
    /* Translators: impact scope × urgency → proposed priority */
    *reason_out = g_strdup_printf (_("%s × %s → %s"),
                                   hd_impact_get_label (impact),
                                   hd_urgency_get_label (urgency),
                                   hd_config_get_priority_label (config, priority));
  return priority;
}
