/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define HD_TYPE_CREDENTIALS (hd_credentials_get_type ())
G_DECLARE_FINAL_TYPE (HdCredentials, hd_credentials, HD, CREDENTIALS, GObject)

/*
 * The sign-in token of an account on a server. On the desktop it lives in
 * the keyring (libsecret, schema "org.helpdesk.HelpDesk.Account", attributes
 * server-url and username; the token is the secret); tests use the memory
 * backend. Passwords are never stored: only the token the server gave.
 */
HdCredentials *hd_credentials_new_keyring   (void);
HdCredentials *hd_credentials_new_memory    (void);
gboolean       hd_credentials_is_keyring    (HdCredentials       *self);

void           hd_credentials_save_async    (HdCredentials       *self,
                                             const char          *server_url,
                                             const char          *username,
                                             const char          *token,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean       hd_credentials_save_finish   (HdCredentials       *self,
                                             GAsyncResult        *result,
                                             GError             **error);
/* The token, or NULL with no error when none is stored. */
void           hd_credentials_lookup_async  (HdCredentials       *self,
                                             const char          *server_url,
                                             const char          *username,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
char          *hd_credentials_lookup_finish (HdCredentials       *self,
                                             GAsyncResult        *result,
                                             GError             **error);
/* Sign-out: forgets the token. */
void           hd_credentials_clear_async   (HdCredentials       *self,
                                             const char          *server_url,
                                             const char          *username,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean       hd_credentials_clear_finish  (HdCredentials       *self,
                                             GAsyncResult        *result,
                                             GError             **error);

G_END_DECLS
