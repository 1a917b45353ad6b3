/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-credentials"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "hd-credentials.h"

struct _HdCredentials
{
  GObject parent_instance;

  GHashTable *memory;   /* NULL: the keyring. "url\nuser" → token */
};

G_DEFINE_FINAL_TYPE (HdCredentials, hd_credentials, G_TYPE_OBJECT)

static const SecretSchema *
account_schema (void)
{
  static const SecretSchema schema = {
    "org.helpdesk.HelpDesk.Account", SECRET_SCHEMA_NONE,
    {
      { "server-url", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "username", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };
  return &schema;
}

static char *
memory_key (const char *server_url,
            const char *username)
{
  return g_strconcat (server_url, "\n", username, NULL);
}

static void
wipe_free (gpointer data)
{
  char *secret = data;

  if (secret != NULL)
    memset (secret, 0, strlen (secret));
  g_free (secret);
}

HdCredentials *
hd_credentials_new_keyring (void)
{
  return g_object_new (HD_TYPE_CREDENTIALS, NULL);
}

HdCredentials *
hd_credentials_new_memory (void)
{
  HdCredentials *self = g_object_new (HD_TYPE_CREDENTIALS, NULL);

  self->memory = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, wipe_free);
  return self;
}

gboolean
hd_credentials_is_keyring (HdCredentials *self)
{
  g_return_val_if_fail (HD_IS_CREDENTIALS (self), FALSE);
  return self->memory == NULL;
}

/* Save ------------------------------------------------------------------------ */

static void
on_stored (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                             _("The sign-in could not be saved in the keyring: %s"), error->message);
  else
    g_task_return_boolean (task, TRUE);
}

void
hd_credentials_save_async (HdCredentials       *self,
                           const char          *server_url,
                           const char          *username,
                           const char          *token,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (HD_IS_CREDENTIALS (self));
  g_return_if_fail (server_url != NULL && username != NULL && token != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hd_credentials_save_async);

  if (self->memory != NULL)
    {
      g_hash_table_replace (self->memory, memory_key (server_url, username), g_strdup (token));
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* TRANSLATORS: the keyring item's name; %s are the user and the server. */
  label = g_strdup_printf (_("Help Desk sign-in for %s on %s"), username, server_url);
  secret_password_store (account_schema (), SECRET_COLLECTION_DEFAULT, label, token, cancellable,
                         on_stored, g_steal_pointer (&task),
                         "server-url", server_url, "username", username, NULL);
}

gboolean
hd_credentials_save_finish (HdCredentials  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Lookup ---------------------------------------------------------------------- */

static void
on_looked_up (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *secret = secret_password_lookup_finish (result, &error);

  if (error != NULL)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                             _("The keyring could not be read: %s"), error->message);
  else
    {
      char *copy = g_strdup (secret);
      secret_password_free (secret);
      g_task_return_pointer (task, copy, wipe_free);
    }
}

void
hd_credentials_lookup_async (HdCredentials       *self,
                             const char          *server_url,
                             const char          *username,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (HD_IS_CREDENTIALS (self));
  g_return_if_fail (server_url != NULL && username != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hd_credentials_lookup_async);

  if (self->memory != NULL)
    {
      g_autofree char *key = memory_key (server_url, username);
      g_task_return_pointer (task, g_strdup (g_hash_table_lookup (self->memory, key)), wipe_free);
      return;
    }

  secret_password_lookup (account_schema (), cancellable, on_looked_up, g_steal_pointer (&task),
                          "server-url", server_url, "username", username, NULL);
}

char *
hd_credentials_lookup_finish (HdCredentials  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Clear ----------------------------------------------------------------------- */

static void
on_cleared (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* FALSE with no error: there was nothing to remove. */
  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                             _("The sign-in could not be removed from the keyring: %s"), error->message);
  else
    g_task_return_boolean (task, TRUE);
}

void
hd_credentials_clear_async (HdCredentials       *self,
                            const char          *server_url,
                            const char          *username,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (HD_IS_CREDENTIALS (self));
  g_return_if_fail (server_url != NULL && username != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hd_credentials_clear_async);

  if (self->memory != NULL)
    {
      g_autofree char *key = memory_key (server_url, username);
      g_hash_table_remove (self->memory, key);
      g_task_return_boolean (task, TRUE);
      return;
    }

  secret_password_clear (account_schema (), cancellable, on_cleared, g_steal_pointer (&task),
                         "server-url", server_url, "username", username, NULL);
}

gboolean
hd_credentials_clear_finish (HdCredentials  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
hd_credentials_finalize (GObject *object)
{
  HdCredentials *self = HD_CREDENTIALS (object);

  g_clear_pointer (&self->memory, g_hash_table_unref);

  G_OBJECT_CLASS (hd_credentials_parent_class)->finalize (object);
}

static void
hd_credentials_class_init (HdCredentialsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hd_credentials_finalize;
}

static void
hd_credentials_init (HdCredentials *self)
{
}
