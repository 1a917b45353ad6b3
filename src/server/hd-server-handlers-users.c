/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-server"

#include "config.h"

#include <string.h>

#include <sodium.h>

#include "hd-server-private.h"

/* Login and tokens -------------------------------------------------------- */

typedef struct {
  HdServer *server;
  SoupServerMessage *msg;
  GMainContext *context;
  char *username;
  char *password;
  char *password_hash;     /* NULL: no such user */
  HdPwhashCost cost;
  gboolean ok;
} LoginJob;

static void
login_job_free (LoginJob *job)
{
  if (job->password != NULL)
    sodium_memzero (job->password, strlen (job->password));
  g_free (job->password);
  g_free (job->password_hash);
  g_free (job->username);
  g_main_context_unref (job->context);
  g_object_unref (job->msg);
  g_object_unref (job->server);
  g_free (job);
}

/* Back on the server's thread: issue the token and reply. */
static gboolean
login_job_finish (gpointer data)
{
  LoginJob *job = data;
  HdServer *server = job->server;
  HdServerStorage *storage = server->storage;
  HdRequest req = {
    .server = server,
    .msg = job->msg,
    .method = soup_server_message_get_method (job->msg),
    .path = g_uri_get_path (soup_server_message_get_uri (job->msg)),
  };
  g_autoptr(HdServerUser) user = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *token_hash = NULL;
  gint64 expires_at;

  /* Read again: the account may have changed while the hash was checked. */
  if (job->ok)
    user = storage->vtable->user_get (storage, job->username, &error);
  if (error != NULL)
    {
      hd_request_reply_storage_error (&req, error);
      goto out;
    }
  if (user == NULL || user->disabled || g_strcmp0 (user->password_hash, job->password_hash) != 0)
    {
      g_set_error_literal (&error, HD_API_ERROR, HD_API_ERROR_BAD_CREDENTIALS,
                           "Unknown user name or wrong password");
      hd_request_reply_error (&req, error);
      goto out;
    }

  token = hd_server_auth_new_token (&token_hash);
  expires_at = hd_server_now () + server->token_lifetime;
  if (!hd_server_storage_begin (storage, &error) ||
      !storage->vtable->token_put (storage, token_hash, user->name, expires_at, &error) ||
      !hd_server_storage_commit (storage, &error))
    {
      hd_server_storage_rollback (storage);
      hd_request_reply_storage_error (&req, error);
      goto out;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "token");
  json_builder_add_string_value (builder, token);
  json_builder_set_member_name (builder, "token_type");
  json_builder_add_string_value (builder, "Bearer");
  json_builder_set_member_name (builder, "expires_at");
  json_builder_add_int_value (builder, expires_at);
  json_builder_set_member_name (builder, "user");
  json_builder_add_value (builder, hd_server_user_to_json (user));
  json_builder_end_object (builder);
  hd_request_reply_object (&req, 200, builder);
  sodium_memzero (token, strlen (token));

out:
  soup_server_message_unpause (job->msg);
  hd_request_log (&req);
  login_job_free (job);
  return G_SOURCE_REMOVE;
}

/* In the password pool's thread: only the hash, no storage. */
void
hd_login_job_run (gpointer data,
                  gpointer user_data)
{
  LoginJob *job = data;

  job->ok = hd_server_auth_verify_password (job->password_hash, job->password, job->cost);
  g_main_context_invoke (job->context, login_job_finish, job);
}

void
hd_handle_login (HdRequest *req)
{
  static const char * const allowed[] = { "username", "password", NULL };
  HdServer *server = req->server;
  HdServerStorage *storage = server->storage;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(HdServerUser) user = NULL;
  g_autoptr(GError) error = NULL;
  const char *username = NULL;
  const char *password = NULL;
  LoginJob *job;

  if ((body = hd_request_parse_body (req)) == NULL)
    return;
  if (!hd_json_check_members (body, "body", allowed, &error) ||
      !hd_json_get_string (body, "body", "username", TRUE, &server->limits, &username, &error) ||
      !hd_json_get_string (body, "body", "password", TRUE, &server->limits, &password, &error))
    {
      hd_request_reply_error (req, error);
      return;
    }

  user = storage->vtable->user_get (storage, username, &error);
  if (error != NULL)
    {
      hd_request_reply_storage_error (req, error);
      return;
    }

  /* The same work and the same answer for an unknown name, a disabled
   * account and a wrong password: an unknown name is checked against a
   * dummy hash, and disabled is looked at after the hash. */
  job = g_new0 (LoginJob, 1);
  job->server = g_object_ref (server);
  job->msg = g_object_ref (req->msg);
  job->context = g_main_context_ref_thread_default ();
  job->username = g_strdup (username);
  job->password = g_strdup (password);
  job->password_hash = user != NULL ? g_strdup (user->password_hash) : NULL;
  job->cost = server->password_cost;

  soup_server_message_pause (req->msg);
  req->deferred = TRUE;
  g_thread_pool_push (server->pwhash_pool, job, NULL);
}

void
hd_handle_logout (HdRequest *req)
{
  static const char * const allowed[] = { "all", NULL };
  HdServerStorage *storage = req->server->storage;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GError) error = NULL;
  gboolean all = FALSE;
  GBytes *raw = NULL;

  /* The body is optional: {"all": true} revokes every token of the user. */
  raw = hd_request_get_body (req);
  if (g_bytes_get_size (raw) > 0)
    {
      g_autoptr(JsonObject) body = hd_request_parse_body (req);

      if (body == NULL)
        {
          g_bytes_unref (raw);
          return;
        }
      if (!hd_json_check_members (body, "body", allowed, &error) ||
          !hd_json_get_bool (body, "body", "all", FALSE, &all, &error))
        {
          g_bytes_unref (raw);
          hd_request_reply_error (req, error);
          return;
        }
    }
  g_bytes_unref (raw);

  if (!hd_server_storage_begin (storage, &error) ||
      !storage->vtable->token_delete (storage, all ? NULL : req->token_hash,
                                      req->user->name, &error) ||
      !hd_server_storage_commit (storage, &error))
    {
      hd_server_storage_rollback (storage);
      hd_request_reply_storage_error (req, error);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "revoked");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_end_object (builder);
  hd_request_reply_object (req, 200, builder);
}

void
hd_handle_me (HdRequest *req)
{
  g_autoptr(JsonNode) node = hd_server_user_to_json (req->user);

  hd_request_reply_json (req, 200, node);
}

/* Users ------------------------------------------------------------------------ */

void
hd_handle_users_list (HdRequest *req)
{
  HdServerStorage *storage = req->server->storage;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GError) error = NULL;

  users = storage->vtable->user_list (storage, &error);
  if (users == NULL)
    {
      hd_request_reply_storage_error (req, error);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "users");
  json_builder_begin_array (builder);
  for (guint i = 0; i < users->len; i++)
    json_builder_add_value (builder, hd_server_user_to_json (g_ptr_array_index (users, i)));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  hd_request_reply_object (req, 200, builder);
}

gboolean
hd_request_check_group (HdRequest   *req,
                        const char  *group,
                        GError     **error)
{
  if (group != NULL && !hd_server_group_exists (req->server, group))
    {
      g_set_error (error, HD_API_ERROR, HD_API_ERROR_INVALID,
                   "“%s” is not a group of the configuration", group);
      return FALSE;
    }
  return TRUE;
}

void
hd_handle_users_create (HdRequest *req)
{
  static const char * const allowed[] = { "name", "password", "role", "group", NULL };
  HdServer *server = req->server;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(HdServerUser) user = NULL;
  g_autoptr(GError) error = NULL;
  const char *name = NULL, *password = NULL, *role_id = NULL, *group = NULL;
  HdRole role;

  if ((body = hd_request_parse_body (req)) == NULL)
    return;
  if (!hd_json_check_members (body, "body", allowed, &error) ||
      !hd_json_get_string (body, "body", "name", TRUE, &server->limits, &name, &error) ||
      !hd_json_get_string (body, "body", "password", TRUE, &server->limits, &password, &error) ||
      !hd_json_get_string (body, "body", "role", TRUE, &server->limits, &role_id, &error) ||
      !hd_json_get_string (body, "body", "group", FALSE, &server->limits, &group, &error) ||
      !hd_request_check_group (req, group, &error))
    {
      hd_request_reply_error (req, error);
      return;
    }
  if (!hd_role_from_id (role_id, &role))
    {
      g_set_error_literal (&error, HD_API_ERROR, HD_API_ERROR_INVALID,
                           "body.role must be one of agent, team_lead, supervisor, admin");
      hd_request_reply_error (req, error);
      return;
    }

  if (!hd_server_auth_create_user (server->storage, name, role, group, password,
                                   server->password_cost, req->user->name, &error))
    {
      if (error->domain == HD_API_ERROR)
        hd_request_reply_error (req, error);
      else
        hd_request_reply_storage_error (req, error);
      return;
    }

  user = server->storage->vtable->user_get (server->storage, name, &error);
  if (user == NULL)
    {
      hd_request_reply_storage_error (req, error);
      return;
    }
  {
    g_autoptr(JsonNode) node = hd_server_user_to_json (user);
    hd_request_reply_json (req, 201, node);
  }
}

/* Below admin, only team membership changes: a supervisor moves any user
 * who is not an admin; a team lead moves agents into and out of the own
 * team (from or to no team). */
static gboolean
may_change_membership (HdRequest     *req,
                       HdServerUser  *target,
                       JsonObject    *body,
                       const char    *new_group,
                       GError       **error)
{
  static const char * const group_only[] = { "group", NULL };
  HdRole target_role = HD_ROLE_ADMIN;
  const char *own = req->user->group;

  hd_role_from_id (target->role, &target_role);
  if (req->role >= HD_ROLE_TEAM_LEAD &&
      hd_json_check_members (body, "body", group_only, NULL) &&
      json_object_has_member (body, "group"))
    {
      if (req->role == HD_ROLE_SUPERVISOR && target_role < HD_ROLE_ADMIN)
        return TRUE;
      if (req->role == HD_ROLE_TEAM_LEAD && target_role == HD_ROLE_AGENT && own != NULL &&
          (target->group == NULL || g_strcmp0 (target->group, own) == 0) &&
          (new_group == NULL || g_strcmp0 (new_group, own) == 0))
        return TRUE;
    }

  g_set_error (error, HD_API_ERROR, HD_API_ERROR_FORBIDDEN,
               "The role %s may not make this change to %s", req->user->role, target->name);
  return FALSE;
}

void
hd_handle_users_update (HdRequest *req)
{
  static const char * const allowed[] = { "password", "role", "group", "disabled", NULL };
  HdServer *server = req->server;
  HdServerStorage *storage = server->storage;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(HdServerUser) user = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *new_hash = NULL;
  const char *password = NULL, *role_id = NULL, *group = NULL;
  gboolean disabled;
  gboolean revoke = FALSE;
  HdRole role;

  if ((body = hd_request_parse_body (req)) == NULL)
    return;
  if (!hd_json_check_members (body, "body", allowed, &error) ||
      !hd_json_get_string (body, "body", "password", FALSE, &server->limits, &password, &error) ||
      !hd_json_get_string (body, "body", "role", FALSE, &server->limits, &role_id, &error) ||
      !hd_json_get_string (body, "body", "group", FALSE, &server->limits, &group, &error) ||
      !hd_request_check_group (req, group, &error) ||
      (password != NULL && !hd_server_auth_check_password (password, &error)))
    {
      hd_request_reply_error (req, error);
      return;
    }
  if (role_id != NULL && !hd_role_from_id (role_id, &role))
    {
      g_set_error_literal (&error, HD_API_ERROR, HD_API_ERROR_INVALID,
                           "body.role must be one of agent, team_lead, supervisor, admin");
      hd_request_reply_error (req, error);
      return;
    }
  if (password != NULL)
    {
      new_hash = hd_server_auth_hash_password (password, server->password_cost, &error);
      if (new_hash == NULL)
        {
          hd_request_reply_error (req, error);
          return;
        }
    }

  if (!hd_server_storage_begin (storage, &error))
    {
      hd_request_reply_storage_error (req, error);
      return;
    }
  user = storage->vtable->user_get (storage, req->tail, &error);
  if (user == NULL)
    {
      hd_server_storage_rollback (storage);
      if (error == NULL)
        g_set_error (&error, HD_API_ERROR, HD_API_ERROR_NOT_FOUND, "No user %s", req->tail);
      hd_request_reply_storage_error (req, error);
      return;
    }

  if (req->role < HD_ROLE_ADMIN &&
      !may_change_membership (req, user, body, group, &error))
    {
      hd_server_storage_rollback (storage);
      hd_request_reply_error (req, error);
      return;
    }

  if (role_id != NULL)
    {
      g_free (user->role);
      user->role = g_strdup (role_id);
    }
  if (json_object_has_member (body, "group"))
    {
      g_free (user->group);
      user->group = g_strdup (group);
    }
  if (json_object_has_member (body, "disabled"))
    {
      if (!hd_json_get_bool (body, "body", "disabled", TRUE, &disabled, &error))
        {
          hd_server_storage_rollback (storage);
          hd_request_reply_error (req, error);
          return;
        }
      revoke |= disabled && !user->disabled;
      user->disabled = disabled;
    }
  if (new_hash != NULL)
    {
      g_free (user->password_hash);
      user->password_hash = g_steal_pointer (&new_hash);
      revoke = TRUE;
    }

  if (!storage->vtable->user_put (storage, user, FALSE, &error) ||
      (revoke && !storage->vtable->token_delete (storage, NULL, user->name, &error)) ||
      !hd_server_auth_record_user (storage, user, req->user->name, &error) ||
      !hd_server_storage_commit (storage, &error))
    {
      hd_server_storage_rollback (storage);
      hd_request_reply_storage_error (req, error);
      return;
    }

  {
    g_autoptr(JsonNode) node = hd_server_user_to_json (user);
    hd_request_reply_json (req, 200, node);
  }
}
