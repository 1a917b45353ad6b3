/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hd-config.h"

G_BEGIN_DECLS

gboolean              hd_sla_compute_deadlines   (HdConfig   *config,
                                                  const char *priority_id,
                                                  gint64      created_at,
                                                  gint64     *response_due,
                                                  gint64     *resolution_due);

HdEscalationCondition hd_sla_evaluate_escalation (HdConfig   *config,
                                                  const char *priority_id,
                                                  gint64      created_at,
                                                  gint64      last_progress_at,
                                                  gboolean    has_initial_solution,
                                                  gint64      now,
                                                  gint64     *triggered_at,
                                                  gint64     *next_trigger_at);

const char           *hd_escalation_condition_get_label (HdEscalationCondition condition);

G_END_DECLS
