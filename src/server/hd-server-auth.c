/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-server-auth"

#include "config.h"

#include <string.h>

#include <sodium.h>

#include "hd-server-auth.h"
#include "hd-server-json.h"

static const char * const role_ids[] = { "agent", "team_lead", "supervisor", "admin" };

const char *
hd_role_to_id (HdRole role)
{
  g_return_val_if_fail (role <= HD_ROLE_ADMIN, NULL);
  return role_ids[role];
}

gboolean
hd_role_from_id (const char *id,
                 HdRole     *out)
{
  for (guint i = 0; id != NULL && i < G_N_ELEMENTS (role_ids); i++)
    if (strcmp (id, role_ids[i]) == 0)
      {
        *out = (HdRole) i;
        return TRUE;
      }
  return FALSE;
}

gboolean
hd_pwhash_cost_from_id (const char   *id,
                        HdPwhashCost *out)
{
  if (g_strcmp0 (id, "interactive") == 0)
    *out = HD_PWHASH_INTERACTIVE;
  else if (g_strcmp0 (id, "moderate") == 0)
    *out = HD_PWHASH_MODERATE;
  else if (g_strcmp0 (id, "min") == 0)
    *out = HD_PWHASH_MIN;
  else
    return FALSE;
  return TRUE;
}

gboolean
hd_server_auth_init (void)
{
  static gsize initialised = 0;
  static gboolean ok = FALSE;

  if (g_once_init_enter (&initialised))
    {
      ok = sodium_init () >= 0;
      g_once_init_leave (&initialised, 1);
    }
  return ok;
}

static void
cost_params (HdPwhashCost        cost,
             unsigned long long *opslimit,
             size_t             *memlimit)
{
  switch (cost)
    {
    case HD_PWHASH_MODERATE:
      *opslimit = crypto_pwhash_OPSLIMIT_MODERATE;
      *memlimit = crypto_pwhash_MEMLIMIT_MODERATE;
      break;
    case HD_PWHASH_MIN:
      *opslimit = crypto_pwhash_OPSLIMIT_MIN;
      *memlimit = crypto_pwhash_MEMLIMIT_MIN;
      break;
    case HD_PWHASH_INTERACTIVE:
    default:
      *opslimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
      *memlimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
      break;
    }
}

char *
hd_server_auth_hash_password (const char   *password,
                              HdPwhashCost  cost,
                              GError      **error)
{
  char hash[crypto_pwhash_STRBYTES];
  unsigned long long opslimit;
  size_t memlimit;

  g_return_val_if_fail (password != NULL, NULL);
  hd_server_auth_init ();
  cost_params (cost, &opslimit, &memlimit);

  /* crypto_pwhash_str is argon2id in libsodium ≥ 1.0.15. */
  if (crypto_pwhash_str (hash, password, strlen (password), opslimit, memlimit) != 0)
    {
      g_set_error_literal (error, HD_API_ERROR, HD_API_ERROR_INTERNAL,
                           "Out of memory while hashing a password");
      return NULL;
    }
  return g_strdup (hash);
}

gboolean
hd_server_auth_verify_password (const char   *hash,
                                const char   *password,
                                HdPwhashCost  cost)
{
  static char *dummy[HD_PWHASH_MIN + 1];
  G_LOCK_DEFINE_STATIC (dummy);
  const char *against = hash;

  hd_server_auth_init ();
  if (against == NULL)
    {
      G_LOCK (dummy);
      if (dummy[cost] == NULL)
        {
          char random_password[33];
          randombytes_buf (random_password, 32);
          random_password[32] = '\0';
          for (int i = 0; i < 32; i++)
            random_password[i] = 'a' + ((guchar) random_password[i] % 26);
          dummy[cost] = hd_server_auth_hash_password (random_password, cost, NULL);
        }
      against = dummy[cost];
      G_UNLOCK (dummy);
      if (against == NULL)
        return FALSE;
      if (crypto_pwhash_str_verify (against, password, strlen (password)) == 0)
        g_debug ("The dummy password matched");
      return FALSE;
    }

  return crypto_pwhash_str_verify (against, password, strlen (password)) == 0;
}

char *
hd_server_auth_hash_token (const char *token)
{
  /* Tokens carry 256 random bits: a fast hash is enough, and it keeps a
   * leaked database from yielding usable tokens. */
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}

char *
hd_server_auth_new_token (char **token_hash)
{
  guint8 raw[32];
  char hex[sizeof raw * 2 + 1];

  hd_server_auth_init ();
  randombytes_buf (raw, sizeof raw);
  sodium_bin2hex (hex, sizeof hex, raw, sizeof raw);
  sodium_memzero (raw, sizeof raw);
  if (token_hash != NULL)
    *token_hash = hd_server_auth_hash_token (hex);
  return g_strdup (hex);
}

gboolean
hd_server_auth_check_name (const char  *name,
                           GError     **error)
{
  gsize len = name != NULL ? strlen (name) : 0;

  if (len == 0 || len > 64)
    goto invalid;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (name[i]) && strchr ("._@-", name[i]) == NULL)
      goto invalid;
  return TRUE;

invalid:
  g_set_error_literal (error, HD_API_ERROR, HD_API_ERROR_INVALID,
                       "A user name has 1 to 64 characters from A-Z a-z 0-9 . _ @ -");
  return FALSE;
}

gboolean
hd_server_auth_check_password (const char  *password,
                               GError     **error)
{
  gsize len = password != NULL ? strlen (password) : 0;

  if (len < 8 || len > 1024)
    {
      g_set_error_literal (error, HD_API_ERROR, HD_API_ERROR_INVALID,
                           "A password has 8 to 1024 bytes");
      return FALSE;
    }
  return TRUE;
}

JsonNode *
hd_server_user_to_json (const HdServerUser *user)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  /* Never the password hash. */
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, user->name);
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, user->role);
  json_builder_set_member_name (builder, "group");
  if (user->group != NULL)
    json_builder_add_string_value (builder, user->group);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "disabled");
  json_builder_add_boolean_value (builder, user->disabled);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

gboolean
hd_server_auth_record_user (HdServerStorage    *storage,
                            const HdServerUser *user,
                            const char         *author,
                            GError            **error)
{
  g_autoptr(JsonNode) node = hd_server_user_to_json (user);
  g_autofree char *data = hd_json_to_string (node);
  HdServerChange change = {
    .entity = (char *) "user",
    .entity_uuid = user->name,
    .author = (char *) author,
    .changed_at = g_get_real_time () / G_USEC_PER_SEC,
    .data = data,
  };

  return storage->vtable->change_append (storage, &change, error) > 0;
}

gboolean
hd_server_auth_create_user (HdServerStorage *storage,
                            const char      *name,
                            HdRole           role,
                            const char      *group,
                            const char      *password,
                            HdPwhashCost     cost,
                            const char      *author,
                            GError         **error)
{
  g_autoptr(HdServerUser) existing = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *hash = NULL;
  HdServerUser user = { 0 };

  if (!hd_server_auth_check_name (name, error) ||
      !hd_server_auth_check_password (password, error))
    return FALSE;

  hash = hd_server_auth_hash_password (password, cost, error);
  if (hash == NULL)
    return FALSE;

  if (!hd_server_storage_begin (storage, error))
    return FALSE;

  existing = storage->vtable->user_get (storage, name, &local_error);
  if (existing != NULL || local_error != NULL)
    {
      hd_server_storage_rollback (storage);
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, HD_API_ERROR, HD_API_ERROR_CONFLICT,
                     "A user named %s already exists", name);
      return FALSE;
    }

  user.name = (char *) name;
  user.role = (char *) hd_role_to_id (role);
  user.group = (char *) group;
  user.password_hash = hash;
  user.created_at = g_get_real_time () / G_USEC_PER_SEC;

  if (!storage->vtable->user_put (storage, &user, TRUE, error) ||
      !hd_server_auth_record_user (storage, &user, author, error))
    {
      hd_server_storage_rollback (storage);
      return FALSE;
    }
  return hd_server_storage_commit (storage, error);
}
