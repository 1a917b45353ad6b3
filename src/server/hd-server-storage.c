/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-server-storage"

#include "config.h"

#include <string.h>

#include "hd-server-storage.h"
#include "hd-server-storage-sqlite.h"

G_DEFINE_QUARK (hd-server-storage-error-quark, hd_server_storage_error)

HdServerUser *
hd_server_user_copy (const HdServerUser *user)
{
  HdServerUser *copy = g_new0 (HdServerUser, 1);

  copy->name = g_strdup (user->name);
  copy->role = g_strdup (user->role);
  copy->group = g_strdup (user->group);
  copy->password_hash = g_strdup (user->password_hash);
  copy->disabled = user->disabled;
  copy->created_at = user->created_at;
  return copy;
}

void
hd_server_user_free (HdServerUser *user)
{
  if (user == NULL)
    return;
  g_free (user->name);
  g_free (user->role);
  g_free (user->group);
  if (user->password_hash != NULL)
    {
      /* Not a secret, but no reason to leave it lying around either. */
      memset (user->password_hash, 0, strlen (user->password_hash));
      g_free (user->password_hash);
    }
  g_free (user);
}

void
hd_server_ticket_free (HdServerTicket *ticket)
{
  if (ticket == NULL)
    return;
  g_free (ticket->uuid);
  g_free (ticket->number);
  g_free (ticket->data);
  g_free (ticket->field_revisions);
  g_free (ticket);
}

void
hd_server_change_free (HdServerChange *change)
{
  if (change == NULL)
    return;
  g_free (change->entity);
  g_free (change->entity_uuid);
  g_free (change->op_uuid);
  g_free (change->author);
  g_free (change->data);
  g_free (change->conflicts);
  g_free (change);
}

HdServerStorage *
hd_server_storage_open (const char  *uri,
                        GError     **error)
{
  g_return_val_if_fail (uri != NULL, NULL);

  if (g_str_has_prefix (uri, "sqlite:"))
    return hd_server_storage_sqlite_open (uri + strlen ("sqlite:"), error);

  if (g_str_has_prefix (uri, "postgresql:") || g_str_has_prefix (uri, "postgres:"))
    {
      g_set_error (error, HD_SERVER_STORAGE_ERROR, HD_SERVER_STORAGE_ERROR_FAILED,
                   "PostgreSQL storage is not available in this build");
      return NULL;
    }

  return hd_server_storage_sqlite_open (uri, error);
}

void
hd_server_storage_free (HdServerStorage *self)
{
  if (self != NULL)
    self->vtable->free (self);
}
