/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "hd-sync-engine.h"

G_BEGIN_DECLS

#define HD_TYPE_SYNC_SCHEDULER (hd_sync_scheduler_get_type ())
G_DECLARE_FINAL_TYPE (HdSyncScheduler, hd_sync_scheduler, HD, SYNC_SCHEDULER, GObject)

/*
 * When to sync: at start, every few minutes, a moment after local changes,
 * when the network comes back (GNetworkMonitor) and on demand. A failed
 * sync that may pass by itself (network, timeout, 5xx) is retried with
 * exponential backoff and jitter; one that needs the user (sign-in) is not.
 */
HdSyncScheduler *hd_sync_scheduler_new          (HdSyncEngine    *engine);
HdSyncEngine    *hd_sync_scheduler_get_engine   (HdSyncScheduler *self);
/* Defaults: every 300 000 ms; 2 000 ms after a local change; backoff from
 * 2 000 ms doubling up to 300 000 ms. */
void             hd_sync_scheduler_set_timing   (HdSyncScheduler *self,
                                                 guint            period_ms,
                                                 guint            change_delay_ms,
                                                 guint            backoff_base_ms,
                                                 guint            backoff_max_ms);
/* The jitter's random source (tests give a seed). */
void             hd_sync_scheduler_set_seed     (HdSyncScheduler *self,
                                                 guint32          seed);
void             hd_sync_scheduler_start        (HdSyncScheduler *self);
void             hd_sync_scheduler_stop         (HdSyncScheduler *self);
/* Now, whatever the backoff. */
void             hd_sync_scheduler_sync_now     (HdSyncScheduler *self);
/* Consecutive failed attempts since the last good sync. */
guint            hd_sync_scheduler_get_failures (HdSyncScheduler *self);
/* Milliseconds until the next planned attempt, or -1 if none. */
gint64           hd_sync_scheduler_get_next_delay (HdSyncScheduler *self);

/* The wait before retry @attempt (0 = first retry): base·2^attempt capped at
 * @max_ms, of which a random half ("equal jitter"), so clients that failed
 * together do not come back together. */
guint            hd_sync_backoff_delay          (guint            attempt,
                                                 guint            base_ms,
                                                 guint            max_ms,
                                                 GRand           *rand);

G_END_DECLS
