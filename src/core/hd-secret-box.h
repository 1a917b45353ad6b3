/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define HD_SECRET_BOX_ERROR (hd_secret_box_error_quark ())

typedef enum {
  HD_SECRET_BOX_ERROR_KEY,     /* the key could not be read, made or trusted */
  HD_SECRET_BOX_ERROR_INVALID, /* not a sealed value, or sealed with another key */
  HD_SECRET_BOX_ERROR_TOO_LARGE,
} HdSecretBoxError;

typedef enum {
  HD_SECRET_BOX_KEY_MEMORY,  /* given by the caller (tests) */
  HD_SECRET_BOX_KEY_KEYRING, /* desktop keyring through libsecret */
  HD_SECRET_BOX_KEY_FILE,    /* a file only the user can read */
} HdSecretBoxKeySource;

/* The longest plaintext accepted: an ID number or an account detail. */
#define HD_SECRET_BOX_MAX_PLAINTEXT 1024

GQuark hd_secret_box_error_quark (void);

#define HD_TYPE_SECRET_BOX (hd_secret_box_get_type ())
G_DECLARE_FINAL_TYPE (HdSecretBox, hd_secret_box, HD, SECRET_BOX, GObject)

/*
 * Encryption of sensitive ticket fields at rest (SPEC R1.6: ID numbers,
 * account details). libsodium's secretbox (XSalsa20-Poly1305) with a random
 * nonce per value; the key lives in the desktop keyring, or where there is
 * none in @key_file (created 0600), and then get_warning() says so.
 * The key is kept in guarded memory and never logged.
 */
HdSecretBox          *hd_secret_box_new_for_key     (const guint8  *key,
                                                     gsize          key_len,
                                                     GError       **error);
HdSecretBox          *hd_secret_box_open_default    (const char    *key_file,
                                                     gboolean       try_keyring,
                                                     GError       **error);
/* The same in a worker thread: the keyring is a D-Bus round trip. */
void                  hd_secret_box_open_default_async  (const char          *key_file,
                                                         gboolean             try_keyring,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
HdSecretBox          *hd_secret_box_open_default_finish (GAsyncResult        *result,
                                                         GError             **error);
HdSecretBoxKeySource  hd_secret_box_get_key_source  (HdSecretBox   *self);
const char           *hd_secret_box_get_warning     (HdSecretBox   *self);

/* "hdsb1:" + base64 (nonce ‖ ciphertext). */
char                 *hd_secret_box_seal            (HdSecretBox   *self,
                                                     const char    *plaintext,
                                                     GError       **error);
/* Free the result with hd_secret_free(). */
char                 *hd_secret_box_unseal          (HdSecretBox   *self,
                                                     const char    *sealed,
                                                     GError       **error);

/* Wipes then frees a plaintext returned by unseal. */
void                  hd_secret_free                (char          *plaintext);
/* "•••• •••• 1234": every character hidden but the last four when the value
 * is long enough for those to say nothing on their own (≥ 8). */
char                 *hd_secret_mask                (const char    *plaintext);

G_END_DECLS
