/* SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE /* O_CLOEXEC, O_NOFOLLOW under -std=c11 */
#define G_LOG_DOMAIN "hd-secret-box"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libsecret/secret.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hd-secret-box.h"

#define SEAL_PREFIX "hdsb1:"

struct _HdSecretBox
{
  GObject parent_instance;

  guint8 *key; /* sodium_malloc'd, crypto_secretbox_KEYBYTES */
  HdSecretBoxKeySource source;
  char *warning;
};

G_DEFINE_FINAL_TYPE (HdSecretBox, hd_secret_box, G_TYPE_OBJECT)
G_DEFINE_QUARK (hd-secret-box-error-quark, hd_secret_box_error)

static const SecretSchema *
field_key_schema (void)
{
  static const SecretSchema schema = {
    "org.helpdesk.HelpDesk.FieldKey", SECRET_SCHEMA_NONE,
    {
      { "purpose", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };
  return &schema;
}

static void
hd_secret_box_finalize (GObject *object)
{
  HdSecretBox *self = (HdSecretBox *) object;

  g_clear_pointer (&self->key, sodium_free);
  g_free (self->warning);

  G_OBJECT_CLASS (hd_secret_box_parent_class)->finalize (object);
}

static void
hd_secret_box_class_init (HdSecretBoxClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hd_secret_box_finalize;
}

static void
hd_secret_box_init (HdSecretBox *self)
{
}

static HdSecretBox *
secret_box_new (HdSecretBoxKeySource source,
                GError             **error)
{
  HdSecretBox *self;

  if (sodium_init () < 0)
    {
      g_set_error_literal (error, HD_SECRET_BOX_ERROR, HD_SECRET_BOX_ERROR_KEY,
                           _("The encryption library could not start"));
      return NULL;
    }
  self = g_object_new (HD_TYPE_SECRET_BOX, NULL);
  self->source = source;
  self->key = sodium_malloc (crypto_secretbox_KEYBYTES);
  g_assert (self->key != NULL);
  return self;
}

HdSecretBox *
hd_secret_box_new_for_key (const guint8  *key,
                           gsize          key_len,
                           GError       **error)
{
  HdSecretBox *self;

  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (key_len == crypto_secretbox_KEYBYTES, NULL);

  self = secret_box_new (HD_SECRET_BOX_KEY_MEMORY, error);
  if (self != NULL)
    memcpy (self->key, key, key_len);
  return self;
}

/* The keyring holds the key base64-encoded. FALSE with no error: no keyring. */
static gboolean
key_from_keyring (HdSecretBox *self)
{
  g_autoptr(GError) error = NULL;
  char *stored;

  /* Without a session bus libsecret cannot reach any keyring; asking would
   * only fail after a D-Bus timeout in some setups. */
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    return FALSE;

  stored = secret_password_lookup_sync (field_key_schema (), NULL, &error,
                                        "purpose", "field-encryption", NULL);
  if (error != NULL)
    {
      g_debug ("No keyring: %s", error->message);
      return FALSE;
    }

  if (stored != NULL)
    {
      gsize len = 0;
      guchar *raw = g_base64_decode (stored, &len);
      gboolean ok = len == crypto_secretbox_KEYBYTES;

      if (ok)
        memcpy (self->key, raw, len);
      sodium_memzero (raw, len);
      g_free (raw);
      secret_password_free (stored);
      if (ok)
        return TRUE;
      g_warning ("The field key in the keyring has the wrong length; keeping it and using a key file");
      return FALSE;
    }

  /* First use: make a key and store it. */
  {
    g_autofree char *encoded = NULL;
    gboolean stored_ok;

    randombytes_buf (self->key, crypto_secretbox_KEYBYTES);
    encoded = g_base64_encode (self->key, crypto_secretbox_KEYBYTES);
    stored_ok = secret_password_store_sync (field_key_schema (), SECRET_COLLECTION_DEFAULT,
                                            _("Help Desk field encryption key"),
                                            encoded, NULL, &error,
                                            "purpose", "field-encryption", NULL);
    sodium_memzero (encoded, strlen (encoded));
    if (!stored_ok)
      g_debug ("Could not store the key in the keyring: %s", error ? error->message : "?");
    return stored_ok;
  }
}

static gboolean
key_from_file (HdSecretBox *self,
               const char  *path,
               GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  struct stat st;
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, HD_SECRET_BOX_ERROR, HD_SECRET_BOX_ERROR_KEY,
                   _("Could not create the folder for the encryption key: %s"), g_strerror (saved));
      return FALSE;
    }

  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW, 0);
  if (fd < 0 && errno == ENOENT)
    {
      fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
      if (fd >= 0)
        {
          gboolean ok;

          randombytes_buf (self->key, crypto_secretbox_KEYBYTES);
          ok = write (fd, self->key, crypto_secretbox_KEYBYTES) == crypto_secretbox_KEYBYTES
               && fsync (fd) == 0;
          close (fd);
          if (ok)
            return TRUE;
          g_unlink (path);
          g_set_error_literal (error, HD_SECRET_BOX_ERROR, HD_SECRET_BOX_ERROR_KEY,
                               _("Could not write the encryption key file"));
          return FALSE;
        }
      /* Lost a race with another instance: read what it wrote. */
      fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW, 0);
    }
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, HD_SECRET_BOX_ERROR, HD_SECRET_BOX_ERROR_KEY,
                   _("Could not open the encryption key file: %s"), g_strerror (saved));
      return FALSE;
    }

  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode) ||
      st.st_uid != getuid () || (st.st_mode & 077) != 0 ||
      st.st_size != crypto_secretbox_KEYBYTES ||
      read (fd, self->key, crypto_secretbox_KEYBYTES) != crypto_secretbox_KEYBYTES)
    {
      close (fd);
      g_set_error_literal (error, HD_SECRET_BOX_ERROR, HD_SECRET_BOX_ERROR_KEY,
                           _("The encryption key file is readable by others or damaged; sensitive fields stay locked"));
      return FALSE;
    }
  close (fd);
  return TRUE;
}

HdSecretBox *
hd_secret_box_open_default (const char *key_file,
                            gboolean    try_keyring,
                            GError    **error)
{
  g_autoptr(HdSecretBox) self = NULL;

  g_return_val_if_fail (key_file != NULL, NULL);

  self = secret_box_new (HD_SECRET_BOX_KEY_KEYRING, error);
  if (self == NULL)
    return NULL;

  if (try_keyring && key_from_keyring (self))
    return g_steal_pointer (&self);

  self->source = HD_SECRET_BOX_KEY_FILE;
  if (!key_from_file (self, key_file, error))
    return NULL;

  self->warning = g_strdup_printf (_("No keyring is available: the key for sensitive fields is kept in “%s”, readable only by you"),
                                   key_file);
  return g_steal_pointer (&self);
}

static void
open_default_thread (GTask        *task,
                     gpointer      source,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  const char *key_file = task_data;
  gboolean try_keyring = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (task), "try-keyring"));
  GError *error = NULL;
  HdSecretBox *box = hd_secret_box_open_default (key_file, try_keyring, &error);

  if (box == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, box, g_object_unref);
}

void
hd_secret_box_open_default_async (const char          *key_file,
                                  gboolean             try_keyring,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (key_file != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, hd_secret_box_open_default_async);
  g_task_set_task_data (task, g_strdup (key_file), g_free);
  g_object_set_data (G_OBJECT (task), "try-keyring", GINT_TO_POINTER (try_keyring));
  g_task_run_in_thread (task, open_default_thread);
}

HdSecretBox *
hd_secret_box_open_default_finish (GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

HdSecretBoxKeySource
hd_secret_box_get_key_source (HdSecretBox *self)
{
  g_return_val_if_fail (HD_IS_SECRET_BOX (self), HD_SECRET_BOX_KEY_MEMORY);

  return self->source;
}

const char *
hd_secret_box_get_warning (HdSecretBox *self)
{
  g_return_val_if_fail (HD_IS_SECRET_BOX (self), NULL);

  return self->warning;
}

char *
hd_secret_box_seal (HdSecretBox *self,
                    const char  *plaintext,
                    GError     **error)
{
  gsize len, total;
  guint8 *buf;
  char *encoded, *sealed;

  g_return_val_if_fail (HD_IS_SECRET_BOX (self), NULL);
  g_return_val_if_fail (plaintext != NULL, NULL);

  len = strlen (plaintext);
  if (len > HD_SECRET_BOX_MAX_PLAINTEXT)
    {
      g_set_error (error, HD_SECRET_BOX_ERROR, HD_SECRET_BOX_ERROR_TOO_LARGE,
                   _("A sensitive field holds at most %d bytes"), HD_SECRET_BOX_MAX_PLAINTEXT);
      return NULL;
    }

  total = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + len;
  buf = g_malloc (total);
  randombytes_buf (buf, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy (buf + crypto_secretbox_NONCEBYTES, (const guint8 *) plaintext, len,
                         buf, self->key);
  encoded = g_base64_encode (buf, total);
  g_free (buf);
  sealed = g_strconcat (SEAL_PREFIX, encoded, NULL);
  g_free (encoded);
  return sealed;
}

char *
hd_secret_box_unseal (HdSecretBox *self,
                      const char  *sealed,
                      GError     **error)
{
  g_autofree guint8 *raw = NULL;
  gsize raw_len = 0, len;
  char *plain;

  g_return_val_if_fail (HD_IS_SECRET_BOX (self), NULL);
  g_return_val_if_fail (sealed != NULL, NULL);

  if (!g_str_has_prefix (sealed, SEAL_PREFIX) ||
      strlen (sealed) > 2 * (HD_SECRET_BOX_MAX_PLAINTEXT + 64) + sizeof SEAL_PREFIX)
    goto invalid;

  raw = g_base64_decode (sealed + strlen (SEAL_PREFIX), &raw_len);
  if (raw_len < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
    goto invalid;

  len = raw_len - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES;
  plain = g_malloc (len + 1);
  if (crypto_secretbox_open_easy ((guint8 *) plain, raw + crypto_secretbox_NONCEBYTES,
                                  raw_len - crypto_secretbox_NONCEBYTES, raw, self->key) != 0)
    {
      g_free (plain);
      goto invalid;
    }
  plain[len] = '\0';
  if (!g_utf8_validate (plain, len, NULL))
    {
      hd_secret_free (plain);
      goto invalid;
    }
  return plain;

invalid:
  g_set_error_literal (error, HD_SECRET_BOX_ERROR, HD_SECRET_BOX_ERROR_INVALID,
                       _("The sensitive field could not be decrypted with this computer’s key"));
  return NULL;
}

void
hd_secret_free (char *plaintext)
{
  if (plaintext == NULL)
    return;
  sodium_memzero (plaintext, strlen (plaintext));
  g_free (plaintext);
}

char *
hd_secret_mask (const char *plaintext)
{
  GString *masked;
  glong n, keep;
  const char *p;

  g_return_val_if_fail (plaintext != NULL, NULL);

  n = g_utf8_strlen (plaintext, -1);
  keep = n >= 8 ? 4 : 0;
  masked = g_string_new (NULL);
  p = plaintext;
  for (glong i = 0; i < n; i++, p = g_utf8_next_char (p))
    {
      if (i >= n - keep)
        g_string_append_unichar (masked, g_utf8_get_char (p));
      else
        g_string_append (masked, "•");
    }
  return g_string_free (masked, FALSE);
}
