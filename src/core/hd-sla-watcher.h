/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hd-config.h"
#include "hd-store.h"

G_BEGIN_DECLS

typedef enum {
  HD_SLA_ALERT_RESPONSE_BREACH,   /* no first response by the response deadline */
  HD_SLA_ALERT_RESOLUTION_BREACH, /* not resolved by the resolution deadline */
  HD_SLA_ALERT_ESCALATION,        /* an escalation condition holds (SPEC R4.1) */
  HD_SLA_ALERT_SUMMARY,           /* more alerts than are worth one notification each */
} HdSlaAlertKind;

/* The current time in Unix seconds; tests pass a fake one. */
typedef gint64 (*HdSlaClockFunc) (gpointer user_data);

#define HD_TYPE_SLA_WATCHER (hd_sla_watcher_get_type ())
G_DECLARE_FINAL_TYPE (HdSlaWatcher, hd_sla_watcher, HD, SLA_WATCHER, GObject)

/*
 * Watches the deadlines and escalation conditions of every open ticket
 * (SPEC R4.1, R4.4) without polling: a scan (in a worker thread, on a read
 * connection) finds what holds now and the earliest time something will
 * change; the watcher sleeps until then, or until the store changes.
 *
 * Each breach or condition is announced once by "alert" — once across
 * restarts too: what was announced is kept in the store (hd-sla-alerts.h),
 * keyed by the deadline it was for, so only a recomputed deadline alerts again
 *   (HdSlaAlertKind kind, const char *ticket_uuid, const char *number,
 *    const char *message) — ticket_uuid and number are NULL for a summary;
 * tickets whose escalation condition holds are marked escalated through
 * hd_ticket_commands_flag_escalated_many(). "checked" is emitted after each
 * scan has been applied.
 */
HdSlaWatcher *hd_sla_watcher_new             (HdStore        *store,
                                              HdConfig       *config);
/* Replaces the real clock. With a fake clock no timeout is scheduled:
 * call hd_sla_watcher_check() after moving the clock. */
void          hd_sla_watcher_set_clock       (HdSlaWatcher   *self,
                                              HdSlaClockFunc  func,
                                              gpointer        user_data);
/* The name recorded on the timeline for automatic escalations. */
void          hd_sla_watcher_set_author      (HdSlaWatcher   *self,
                                              const char     *author);
/* Scans now (asynchronously; a scan under way is followed by another). */
void          hd_sla_watcher_check           (HdSlaWatcher   *self);
gboolean      hd_sla_watcher_get_busy        (HdSlaWatcher   *self);
/* When the next scan is due by the clock (0: nothing pending). */
gint64        hd_sla_watcher_get_next_check  (HdSlaWatcher   *self);
/* Alerts announced individually in one scan before they are summarised. */
#define HD_SLA_WATCHER_MAX_ALERTS 5

G_END_DECLS
