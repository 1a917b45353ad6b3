/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "hd-sync-engine.h"

G_BEGIN_DECLS

#define HD_TYPE_SYNC_STATUS (hd_sync_status_get_type ())
G_DECLARE_FINAL_TYPE (HdSyncStatus, hd_sync_status, HD, SYNC_STATUS, GtkWidget)

/*
 * The header-bar sync indicator: an icon and a short label (local only,
 * offline, syncing, N changes waiting, synced, sync failed); its popover
 * tells when the last sync was, the error in words, a progress bar during a
 * long first sync, and offers Sync Now and Sign In… / Sign Out. Follows the
 * app's HdSyncController by itself.
 */
GtkWidget   *hd_sync_status_new        (void);
/* The label shown (for tests). */
const char  *hd_sync_status_get_text   (HdSyncStatus *self);

G_END_DECLS
