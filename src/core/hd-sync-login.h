/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "hd-sync-engine.h"

G_BEGIN_DECLS

/*
 * POST /api/v1/login and /api/v1/logout. Errors are HD_SYNC_ERROR:
 * UNREACHABLE, TLS, TIMEOUT, UNAUTHORIZED (wrong user name or password),
 * SERVER, PROTOCOL. The password is sent once and never kept.
 */
void      hd_sync_login_async   (const char          *base_url,
                                 const char          *username,
                                 const char          *password,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data);
/* The token. */
char     *hd_sync_login_finish  (GAsyncResult        *result,
                                 GError             **error);
/* Revokes @token on the server; best effort (sign-out works offline too). */
void      hd_sync_logout        (const char          *base_url,
                                 const char          *token);

G_END_DECLS
