/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-sync"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "hd-sync-login.h"

#define MAX_LOGIN_REPLY (64 * 1024)
#define LOGIN_TIMEOUT_S 20

static char *
trimmed_url (const char *base_url)
{
  char *url = g_strstrip (g_strdup (base_url));

  while (g_str_has_suffix (url, "/"))
    url[strlen (url) - 1] = '\0';
  return url;
}

static void
on_login_reply (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SoupMessage *msg = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  guint status;
  JsonNode *root, *token;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (body == NULL)
    {
      if (error->domain == G_TLS_ERROR)
        g_task_return_new_error (task, HD_SYNC_ERROR, HD_SYNC_ERROR_TLS,
                                 _("The server’s security certificate is not trusted (%s)"), error->message);
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
        g_task_return_new_error (task, HD_SYNC_ERROR, HD_SYNC_ERROR_TIMEOUT,
                                 _("The server did not answer in time"));
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, HD_SYNC_ERROR, HD_SYNC_ERROR_UNREACHABLE,
                                 _("The server cannot be reached (%s)"), error->message);
      return;
    }

  status = soup_message_get_status (msg);
  if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    {
      g_task_return_new_error (task, HD_SYNC_ERROR, HD_SYNC_ERROR_UNAUTHORIZED,
                               _("The user name or password is wrong"));
      return;
    }
  if (status >= 500)
    {
      g_task_return_new_error (task, HD_SYNC_ERROR, HD_SYNC_ERROR_SERVER,
                               _("The server had a problem (HTTP %u); try again later"), status);
      return;
    }
  if (status < 200 || status >= 300 || g_bytes_get_size (body) > MAX_LOGIN_REPLY ||
      !json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      (token = json_object_get_member (json_node_get_object (root), "token")) == NULL ||
      !JSON_NODE_HOLDS_VALUE (token) || json_node_get_value_type (token) != G_TYPE_STRING ||
      strlen (json_node_get_string (token)) == 0 || strlen (json_node_get_string (token)) > 512)
    {
      g_task_return_new_error (task, HD_SYNC_ERROR, HD_SYNC_ERROR_PROTOCOL,
                               _("This does not look like a Help Desk server (HTTP %u)"), status);
      return;
    }
  g_task_return_pointer (task, g_strdup (json_node_get_string (token)), g_free);
}

void
hd_sync_login_async (const char          *base_url,
                     const char          *username,
                     const char          *password,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", LOGIN_TIMEOUT_S, NULL);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *url = trimmed_url (base_url);
  g_autofree char *uri = g_strconcat (url, "/api/v1/login", NULL);
  g_autoptr(GUri) parsed = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  SoupMessage *msg;
  char *text;
  gsize len;

  g_task_set_source_tag (task, hd_sync_login_async);
  if (parsed == NULL || (g_strcmp0 (g_uri_get_scheme (parsed), "http") != 0 &&
                         g_strcmp0 (g_uri_get_scheme (parsed), "https") != 0) ||
      g_uri_get_host (parsed) == NULL || (msg = soup_message_new ("POST", uri)) == NULL)
    {
      g_task_return_new_error (task, HD_SYNC_ERROR, HD_SYNC_ERROR_UNREACHABLE,
                               _("“%s” is not a server address; it looks like https://helpdesk.example.org"),
                               base_url);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "username");
  json_builder_add_string_value (builder, username);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (gen, root);
  text = json_generator_to_data (gen, &len);
  bytes = g_bytes_new_with_free_func (text, len, (GDestroyNotify) g_free, text);
  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);

  g_task_set_task_data (task, msg, g_object_unref);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, cancellable,
                                    on_login_reply, g_steal_pointer (&task));
}

char *
hd_sync_login_finish (GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_logout_reply (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);
  g_object_unref (user_data);
}

void
hd_sync_logout (const char *base_url,
                const char *token)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", LOGIN_TIMEOUT_S, NULL);
  g_autofree char *url = trimmed_url (base_url);
  g_autofree char *uri = g_strconcat (url, "/api/v1/logout", NULL);
  g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
  SoupMessage *msg = soup_message_new ("POST", uri);

  if (msg == NULL)
    return;
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, on_logout_reply, msg);
}
