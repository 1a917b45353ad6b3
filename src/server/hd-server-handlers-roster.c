/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-server"

#include "config.h"

#include <string.h>

#include "hd-server-private.h"

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
          !hd_request_check_group (req, group, &error))
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
