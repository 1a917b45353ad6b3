/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define HD_TYPE_SIGN_IN_DIALOG (hd_sign_in_dialog_get_type ())
G_DECLARE_FINAL_TYPE (HdSignInDialog, hd_sign_in_dialog, HD, SIGN_IN_DIALOG, AdwWindow)

/* Asks for the server address, user name and password, signs in, and hands
 * the token to the app's HdSyncController. Errors are shown inline. */
HdSignInDialog *hd_sign_in_dialog_new       (GtkWindow      *parent,
                                             const char     *server_url,
                                             const char     *username);
/* The inline error (for tests), or NULL. */
const char     *hd_sign_in_dialog_get_error (HdSignInDialog *self);

G_END_DECLS
