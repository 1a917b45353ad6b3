/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hd-store.h"

G_BEGIN_DECLS

/*
 * The SLA alerts already shown (table sla_alerts, schema v6), so a restart
 * does not notify the same breach twice (SPEC R4.1). An alert is keyed by
 * its ticket, its kind ("response_breach", "resolution_breach",
 * "escalation:no_progress_update", …) and the deadline it was for: a
 * recomputed deadline (a priority change) is a new alert.
 */
typedef struct {
  const char *ticket_uuid;
  const char *kind;
  gint64      due;
} HdSlaAlertKey;

/* Records @n_keys alerts as notified at @now, in one transaction. Sets
 * @is_new[i] to whether keys[i] was not recorded before (it is then the
 * caller's to announce). @is_new may be NULL. */
gboolean hd_sla_alerts_record        (HdStore             *store,
                                      const HdSlaAlertKey *keys,
                                      guint                n_keys,
                                      gint64               now,
                                      gboolean            *is_new,
                                      GError             **error);
/* Drops the rows of closed (or no longer known) tickets; returns how many
 * rows went in @n_removed (may be NULL). */
gboolean hd_sla_alerts_prune         (HdStore             *store,
                                      guint               *n_removed,
                                      GError             **error);
guint    hd_sla_alerts_count         (HdStore             *store);

G_END_DECLS
