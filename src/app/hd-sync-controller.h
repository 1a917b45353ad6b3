/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "hd-store.h"
#include "hd-sync-engine.h"

G_BEGIN_DECLS

#define HD_TYPE_SYNC_CONTROLLER (hd_sync_controller_get_type ())
G_DECLARE_FINAL_TYPE (HdSyncController, hd_sync_controller, HD, SYNC_CONTROLLER, GObject)

/*
 * The app's side of sync: with GSettings server-url empty, the app is local
 * only and numbers tickets itself; with a server, it finds the token in the
 * keyring, and a scheduler keeps the cache in step. Installs the actions
 * app.sync-now, app.sign-in and app.sign-out.
 */
HdSyncController *hd_sync_controller_setup        (GtkApplication   *app,
                                                   HdStore          *store);
/* The controller of the running app, or NULL (no store could be opened). */
HdSyncController *hd_sync_controller_get_default  (void);
/* NULL when no server is configured. */
HdSyncEngine     *hd_sync_controller_get_engine   (HdSyncController *self);
HdStore          *hd_sync_controller_get_store    (HdSyncController *self);
gboolean          hd_sync_controller_get_signed_in (HdSyncController *self);
const char       *hd_sync_controller_get_server_url (HdSyncController *self);
const char       *hd_sync_controller_get_username (HdSyncController *self);
/* After the sign-in dialog got @token: saves it and starts syncing. */
void              hd_sync_controller_signed_in    (HdSyncController *self,
                                                   const char       *server_url,
                                                   const char       *username,
                                                   const char       *token);

G_END_DECLS
