/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-server"

#include "config.h"

#include <string.h>

#include "hd-config-item.h"
#include "hd-server-private.h"

gboolean
hd_server_set_default_config (HdServer    *self,
                              const char  *json,
                              GError     **error)
{
  g_autoptr(HdConfig) config = NULL;

  g_return_val_if_fail (HD_IS_SERVER (self), FALSE);
  g_return_val_if_fail (json != NULL, FALSE);

  /* The same loader and checks as the client: what is served always loads. */
  config = hd_config_load_data (json, -1, "server default", error);
  if (config == NULL)
    return FALSE;

  g_free (self->default_config);
  self->default_config = g_strdup (json);
  return hd_server_reload_config (self, error);
}

gboolean
hd_server_reload_config (HdServer  *self,
                         GError   **error)
{
  g_autofree char *json = NULL;
  HdConfig *config;

  json = hd_server_dup_config_json (self, error);
  if (json == NULL)
    return FALSE;
  config = hd_config_load_data (json, -1, "server", error);
  if (config == NULL)
    return FALSE;
  g_set_object (&self->config, config);
  g_object_unref (config);
  return TRUE;
}

gboolean
hd_server_refresh_config (HdServer  *self,
                          GError   **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *revision = NULL;

  revision = self->storage->vtable->doc_get (self->storage, "config_revision", &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (self->config != NULL && g_strcmp0 (revision, self->config_revision) == 0)
    return TRUE;
  if (!hd_server_reload_config (self, error))
    return FALSE;
  g_free (self->config_revision);
  self->config_revision = g_steal_pointer (&revision);
  return TRUE;
}

gboolean
hd_server_group_exists (HdServer   *self,
                        const char *group)
{
  return self->config != NULL && group != NULL &&
         hd_config_get_group_label (self->config, group) != NULL;
}

void
hd_handle_health (HdRequest *req)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, "ok");
  json_builder_set_member_name (builder, "api");
  json_builder_add_string_value (builder, "v1");
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, PACKAGE_VERSION);
  json_builder_end_object (builder);
  hd_request_reply_object (req, 200, builder);
}

void
hd_handle_config_get (HdRequest *req)
{
  HdServerStorage *storage = req->server->storage;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *revision = NULL;
  const char *json;

  stored = storage->vtable->doc_get (storage, "config", &error);
  if (error == NULL)
    revision = storage->vtable->doc_get (storage, "config_revision", &error);
  if (error != NULL)
    {
      hd_request_reply_storage_error (req, error);
      return;
    }
  json = stored != NULL ? stored : req->server->default_config;
  if (!json_parser_load_from_data (parser, json, -1, &error))
    {
      hd_request_reply_storage_error (req, error);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "source");
  json_builder_add_string_value (builder, stored != NULL ? "stored" : "default");
  json_builder_set_member_name (builder, "revision");
  json_builder_add_int_value (builder, revision != NULL ? g_ascii_strtoll (revision, NULL, 10) : 0);
  json_builder_set_member_name (builder, "config");
  json_builder_add_value (builder, json_node_copy (json_parser_get_root (parser)));
  json_builder_end_object (builder);
  hd_request_reply_object (req, 200, builder);
}

void
hd_handle_config_put (HdRequest *req)
{
  static const char * const allowed[] = { "config", NULL };
  HdServer *server = req->server;
  HdServerStorage *storage = server->storage;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(HdConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *text = NULL;
  g_autofree char *revision_text = NULL;
  JsonObject *document = NULL;
  HdServerChange change = { 0 };
  gint64 revision;

  if ((body = hd_request_parse_body (req)) == NULL)
    return;
  if (!hd_json_check_members (body, "body", allowed, &error) ||
      !hd_json_get_object (body, "body", "config", TRUE, &document, &error))
    {
      hd_request_reply_error (req, error);
      return;
    }

  text = hd_json_object_to_string (document);
  config = hd_config_load_data (text, -1, "body.config", &error);
  if (config == NULL)
    {
      g_autoptr(GError) api_error = g_error_new (HD_API_ERROR, HD_API_ERROR_INVALID,
                                                 "body.config is not a valid configuration: %s",
                                                 error->message);
      hd_request_reply_error (req, api_error);
      return;
    }

  change.entity = (char *) "config";
  change.entity_uuid = (char *) "config";
  change.author = req->user->name;
  change.changed_at = hd_server_now ();
  change.data = text;

  if (!hd_server_storage_begin (storage, &error) ||
      !storage->vtable->doc_put (storage, "config", text, &error) ||
      (revision = storage->vtable->change_append (storage, &change, &error)) < 0 ||
      !storage->vtable->doc_put (storage, "config_revision",
                                 (revision_text = g_strdup_printf ("%" G_GINT64_FORMAT, revision)),
                                 &error) ||
      !hd_server_storage_commit (storage, &error))
    {
      hd_server_storage_rollback (storage);
      hd_request_reply_storage_error (req, error);
      return;
    }
  g_set_object (&server->config, config);
  g_free (server->config_revision);
  server->config_revision = g_steal_pointer (&revision_text);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "revision");
  json_builder_add_int_value (builder, revision);
  json_builder_end_object (builder);
  hd_request_reply_object (req, 200, builder);
}
