/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "hd-store.h"

G_BEGIN_DECLS

#define HD_TYPE_SYNC_CONFLICTS (hd_sync_conflicts_get_type ())
G_DECLARE_FINAL_TYPE (HdSyncConflicts, hd_sync_conflicts, HD, SYNC_CONFLICTS, GtkWidget)

/*
 * On a ticket: "Your change to priority was replaced by “low” (bob)" with
 * Re-apply and Dismiss, and the server's refusals of our changes
 * (docs/sync-protocol.md §12.3). Hidden when there is nothing to show.
 * Inside an HdTicketView it follows that view's ticket by itself.
 */
GtkWidget *hd_sync_conflicts_new        (void);
void       hd_sync_conflicts_set_ticket (HdSyncConflicts *self,
                                         HdStore         *store,
                                         const char      *ticket_uuid);
guint      hd_sync_conflicts_get_count  (HdSyncConflicts *self);

G_END_DECLS
