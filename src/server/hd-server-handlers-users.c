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

static gboolean
check_group (HdRequest   *req,
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
      !check_group (req, group, &error))
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
      !check_group (req, group, &error) ||
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

/* Documents: agent states and the duty roster ---------------------------------- */

/* Replies {member: [doc, doc, …]} for the stored documents under @prefix. */
static void
reply_docs (HdRequest  *req,
            const char *prefix,
            const char *member,
            const char *from_key,
            const char *to_key)
{
  HdServerStorage *storage = req->server->storage;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) pairs = NULL;
  g_autoptr(GError) error = NULL;

  pairs = storage->vtable->doc_list (storage, prefix, &error);
  if (pairs == NULL)
    {
      hd_request_reply_storage_error (req, error);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i + 1 < pairs->len; i += 2)
    {
      const char *key = g_ptr_array_index (pairs, i);
      g_autoptr(JsonParser) parser = json_parser_new ();

      if ((from_key != NULL && strcmp (key, from_key) < 0) ||
          (to_key != NULL && strcmp (key, to_key) > 0))
        continue;
      if (json_parser_load_from_data (parser, g_ptr_array_index (pairs, i + 1), -1, NULL))
        json_builder_add_value (builder, json_node_copy (json_parser_get_root (parser)));
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  hd_request_reply_object (req, 200, builder);
}

/* Stores a document and its change record, inside the caller's transaction. */
static gboolean
put_doc (HdRequest   *req,
         const char  *entity,
         const char  *key,
         const char  *entity_id,
         JsonBuilder *doc,
         GError     **error)
{
  HdServerStorage *storage = req->server->storage;
  g_autoptr(JsonNode) node = json_builder_get_root (doc);
  g_autofree char *text = hd_json_to_string (node);
  HdServerChange change = {
    .entity = (char *) entity,
    .entity_uuid = (char *) entity_id,
    .author = req->user->name,
    .changed_at = hd_server_now (),
    .data = text,
  };

  return storage->vtable->doc_put (storage, key, text, error) &&
         storage->vtable->change_append (storage, &change, error) > 0;
}

void
hd_handle_states_list (HdRequest *req)
{
  reply_docs (req, "agent_state:", "agent_states", NULL, NULL);
}

void
hd_handle_states_put (HdRequest *req)
{
  static const char * const allowed[] = { "state", NULL };
  static const char * const states[] = { "idle", "busy", "away", NULL };
  HdServer *server = req->server;
  HdServerStorage *storage = server->storage;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(HdServerUser) target = NULL;
  g_autoptr(JsonBuilder) doc = json_builder_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  const char *state = NULL;
  gint64 now = hd_server_now ();

  if ((body = hd_request_parse_body (req)) == NULL)
    return;
  if (!hd_json_check_members (body, "body", allowed, &error) ||
      !hd_json_get_string (body, "body", "state", TRUE, &server->limits, &state, &error))
    {
      hd_request_reply_error (req, error);
      return;
    }
  if (!g_strv_contains (states, state))
    {
      g_set_error_literal (&error, HD_API_ERROR, HD_API_ERROR_INVALID,
                           "body.state must be one of idle, busy, away");
      hd_request_reply_error (req, error);
      return;
    }

  target = storage->vtable->user_get (storage, req->tail, &error);
  if (target == NULL)
    {
      if (error == NULL)
        g_set_error (&error, HD_API_ERROR, HD_API_ERROR_NOT_FOUND, "No user %s", req->tail);
      hd_request_reply_storage_error (req, error);
      return;
    }

  /* Oneself; a team lead for the own team; a supervisor or admin for anyone. */
  if (strcmp (target->name, req->user->name) != 0 &&
      req->role < HD_ROLE_SUPERVISOR &&
      !(req->role == HD_ROLE_TEAM_LEAD && req->user->group != NULL &&
        g_strcmp0 (req->user->group, target->group) == 0))
    {
      g_set_error (&error, HD_API_ERROR, HD_API_ERROR_FORBIDDEN,
                   "The role %s may not set the state of %s", req->user->role, target->name);
      hd_request_reply_error (req, error);
      return;
    }

  json_builder_begin_object (doc);
  json_builder_set_member_name (doc, "user");
  json_builder_add_string_value (doc, target->name);
  json_builder_set_member_name (doc, "state");
  json_builder_add_string_value (doc, state);
  json_builder_set_member_name (doc, "changed_at");
  json_builder_add_int_value (doc, now);
  json_builder_set_member_name (doc, "changed_by");
  json_builder_add_string_value (doc, req->user->name);
  json_builder_end_object (doc);

  key = g_strconcat ("agent_state:", target->name, NULL);
  if (!hd_server_storage_begin (storage, &error) ||
      !put_doc (req, "agent_state", key, target->name, doc, &error) ||
      !hd_server_storage_commit (storage, &error))
    {
      hd_server_storage_rollback (storage);
      hd_request_reply_storage_error (req, error);
      return;
    }
  {
    g_autoptr(GError) doc_error = NULL;
    g_autofree char *text = storage->vtable->doc_get (storage, key, &doc_error);
    g_autoptr(JsonParser) parser = json_parser_new ();

    if (text != NULL && json_parser_load_from_data (parser, text, -1, NULL))
      hd_request_reply_json (req, 200, json_parser_get_root (parser));
    else
      hd_request_reply_storage_error (req, doc_error);
  }
}

void
hd_handle_roster_list (HdRequest *req)
{
  const char *from = req->query != NULL ? g_hash_table_lookup (req->query, "from") : NULL;
  const char *to = req->query != NULL ? g_hash_table_lookup (req->query, "to") : NULL;
  g_autofree char *from_key = NULL;
  g_autofree char *to_key = NULL;
  GDate date;

  if ((from != NULL && !hd_calendar_parse_date (from, &date)) ||
      (to != NULL && !hd_calendar_parse_date (to, &date)))
    {
      g_autoptr(GError) error = g_error_new_literal (HD_API_ERROR, HD_API_ERROR_INVALID,
                                                     "from and to are dates, YYYY-MM-DD");
      hd_request_reply_error (req, error);
      return;
    }
  if (from != NULL)
    from_key = g_strconcat ("roster:", from, NULL);
  if (to != NULL)
    to_key = g_strconcat ("roster:", to, ":\xf4\x8f\xbf\xbf", NULL);
  reply_docs (req, "roster:", "entries", from_key, to_key);
}

void
hd_handle_roster_put (HdRequest *req)
{
  static const char * const allowed[] = { "entries", NULL };
  static const char * const entry_allowed[] = { "date", "group", "lead", "agents", NULL };
  HdServer *server = req->server;
  HdServerStorage *storage = server->storage;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *entries = NULL;
  guint n;

  if ((body = hd_request_parse_body (req)) == NULL)
    return;
  if (!hd_json_check_members (body, "body", allowed, &error) ||
      !hd_json_get_array (body, "body", "entries", TRUE, &entries, &error))
    goto refused;
  n = json_array_get_length (entries);
  if (n > server->limits.max_array_length)
    {
      g_set_error (&error, HD_API_ERROR, HD_API_ERROR_LIMIT_ARRAY,
                   "body.entries has %u items; the limit is %u", n,
                   server->limits.max_array_length);
      goto refused;
    }

  if (!hd_server_storage_begin (storage, &error))
    {
      hd_request_reply_storage_error (req, error);
      return;
    }

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (entries, i);
      g_autofree char *path = g_strdup_printf ("body.entries[%u]", i);
      g_autoptr(JsonBuilder) doc = json_builder_new ();
      g_autoptr(HdServerUser) lead_user = NULL;
      g_autofree char *key = NULL;
      g_autofree char *entity_id = NULL;
      const char *date = NULL, *group = NULL, *lead = NULL;
      JsonArray *agents = NULL;
      JsonObject *entry;
      GDate parsed;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (&error, HD_API_ERROR, HD_API_ERROR_INVALID, "%s must be an object", path);
          goto rollback;
        }
      entry = json_node_get_object (node);
      if (!hd_json_check_members (entry, path, entry_allowed, &error) ||
          !hd_json_get_string (entry, path, "date", TRUE, &server->limits, &date, &error) ||
          !hd_json_get_string (entry, path, "group", TRUE, &server->limits, &group, &error) ||
          !hd_json_get_string (entry, path, "lead", FALSE, &server->limits, &lead, &error) ||
          !hd_json_get_array (entry, path, "agents", FALSE, &agents, &error) ||
          !check_group (req, group, &error))
        goto rollback;
      if (!hd_calendar_parse_date (date, &parsed))
        {
          g_set_error (&error, HD_API_ERROR, HD_API_ERROR_INVALID,
                       "%s.date must be a date, YYYY-MM-DD", path);
          goto rollback;
        }
      if (req->role == HD_ROLE_TEAM_LEAD && g_strcmp0 (req->user->group, group) != 0)
        {
          g_set_error (&error, HD_API_ERROR, HD_API_ERROR_FORBIDDEN,
                       "A team lead may only set the roster of the own group (%s)", path);
          goto rollback;
        }
      if (lead != NULL)
        {
          lead_user = storage->vtable->user_get (storage, lead, &error);
          if (error != NULL)
            goto rollback;
          if (lead_user == NULL)
            {
              g_set_error (&error, HD_API_ERROR, HD_API_ERROR_INVALID,
                           "%s.lead: no user %s", path, lead);
              goto rollback;
            }
        }
      if (agents != NULL && json_array_get_length (agents) > server->limits.max_array_length)
        {
          g_set_error (&error, HD_API_ERROR, HD_API_ERROR_LIMIT_ARRAY,
                       "%s.agents has more than %u items", path, server->limits.max_array_length);
          goto rollback;
        }

      json_builder_begin_object (doc);
      json_builder_set_member_name (doc, "date");
      json_builder_add_string_value (doc, date);
      json_builder_set_member_name (doc, "group");
      json_builder_add_string_value (doc, group);
      json_builder_set_member_name (doc, "lead");
      if (lead != NULL)
        json_builder_add_string_value (doc, lead);
      else
        json_builder_add_null_value (doc);
      json_builder_set_member_name (doc, "agents");
      json_builder_begin_array (doc);
      for (guint j = 0; agents != NULL && j < json_array_get_length (agents); j++)
        {
          JsonNode *agent = json_array_get_element (agents, j);

          if (!JSON_NODE_HOLDS_VALUE (agent) || json_node_get_value_type (agent) != G_TYPE_STRING ||
              !hd_server_auth_check_name (json_node_get_string (agent), NULL))
            {
              g_set_error (&error, HD_API_ERROR, HD_API_ERROR_INVALID,
                           "%s.agents[%u] must be a user name", path, j);
              goto rollback;
            }
          json_builder_add_string_value (doc, json_node_get_string (agent));
        }
      json_builder_end_array (doc);
      json_builder_set_member_name (doc, "changed_by");
      json_builder_add_string_value (doc, req->user->name);
      json_builder_end_object (doc);

      entity_id = g_strconcat (date, ":", group, NULL);
      key = g_strconcat ("roster:", entity_id, NULL);
      if (!put_doc (req, "roster", key, entity_id, doc, &error))
        goto rollback;
    }

  if (!hd_server_storage_commit (storage, &error))
    {
      hd_request_reply_storage_error (req, error);
      return;
    }
  reply_docs (req, "roster:", "entries", NULL, NULL);
  return;

rollback:
  hd_server_storage_rollback (storage);
  if (error->domain != HD_API_ERROR)
    {
      hd_request_reply_storage_error (req, error);
      return;
    }
refused:
  hd_request_reply_error (req, error);
}
