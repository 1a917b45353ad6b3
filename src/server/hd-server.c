/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-server"

#include "config.h"

#include <string.h>

#include "hd-server-private.h"
#include "hd-server-survey-page.h"

G_DEFINE_FINAL_TYPE (HdServer, hd_server, G_TYPE_OBJECT)

#define DEFAULT_TOKEN_LIFETIME (12 * 60 * 60)

typedef enum {
  ACCESS_PUBLIC,  /* no token */
  ACCESS_AGENT,   /* any signed-in user; the handler may check more */
  ACCESS_LEAD,
  ACCESS_ADMIN,
} Access;

typedef struct {
  const char *method;
  const char *path;     /* exact, or a prefix when it ends in '/' */
  Access access;
  HdHandlerFunc func;
} Route;

/* Every endpoint and the least role it needs; handlers check finer rules
 * (own team, own state) themselves. docs/sync-protocol.md has the matrix. */
static const Route routes[] = {
  { "GET",   "/health",        ACCESS_PUBLIC, hd_handle_health },
  { "POST",  "/login",         ACCESS_PUBLIC, hd_handle_login },
  { "POST",  "/logout",        ACCESS_AGENT,  hd_handle_logout },
  { "GET",   "/me",            ACCESS_AGENT,  hd_handle_me },
  { "GET",   "/config",        ACCESS_AGENT,  hd_handle_config_get },
  { "PUT",   "/config",        ACCESS_ADMIN,  hd_handle_config_put },
  { "GET",   "/users",         ACCESS_AGENT,  hd_handle_users_list },
  { "POST",  "/users",         ACCESS_ADMIN,  hd_handle_users_create },
  { "PATCH", "/users/",        ACCESS_LEAD,   hd_handle_users_update },
  { "GET",   "/agent-states",  ACCESS_AGENT,  hd_handle_states_list },
  { "PUT",   "/agent-states/", ACCESS_AGENT,  hd_handle_states_put },
  { "GET",   "/roster",        ACCESS_AGENT,  hd_handle_roster_list },
  { "PUT",   "/roster",        ACCESS_LEAD,   hd_handle_roster_put },
  { "GET",   "/changes",       ACCESS_AGENT,  hd_handle_changes },
  { "POST",  "/batch",         ACCESS_AGENT,  hd_handle_batch },
  { "PUT",   "/attachments/",  ACCESS_AGENT,  hd_handle_attachment_put },
  { "GET",   "/attachments/",  ACCESS_AGENT,  hd_handle_attachment_get },
  { "HEAD",  "/attachments/",  ACCESS_AGENT,  hd_handle_attachment_head },
  { "GET",   "/tickets/",      ACCESS_AGENT,  hd_handle_ticket_get },
};

static void
hd_server_finalize (GObject *object)
{
  HdServer *self = (HdServer *)object;

  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
  if (self->pwhash_pool != NULL)
    g_thread_pool_free (self->pwhash_pool, FALSE, TRUE);
  g_clear_pointer (&self->storage, hd_server_storage_free);
  g_free (self->default_config);
  g_clear_object (&self->config);
  g_free (self->config_revision);

  G_OBJECT_CLASS (hd_server_parent_class)->finalize (object);
}

static void
hd_server_class_init (HdServerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hd_server_finalize;
}

static void
hd_server_init (HdServer *self)
{
  hd_server_limits_init_default (&self->limits);
  self->token_lifetime = DEFAULT_TOKEN_LIFETIME;
  self->password_cost = HD_PWHASH_INTERACTIVE;
  self->default_config = g_strdup ("{}");
  /* Each argon2id verification takes ~64 MiB and a few hundred ms: a small
   * pool keeps logins from stalling other requests and bounds the memory. */
  self->pwhash_pool = g_thread_pool_new (hd_login_job_run, NULL, 2, FALSE, NULL);
}

gint64
hd_server_now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* Replies ------------------------------------------------------------------- */

static void
set_common_headers (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
}

void
hd_request_reply_json (HdRequest *req,
                       guint      status,
                       JsonNode  *node)
{
  g_autofree char *text = hd_json_to_string (node);
  gsize len = strlen (text);

  g_return_if_fail (!req->replied);
  req->replied = TRUE;
  set_common_headers (req->msg);
  soup_server_message_set_status (req->msg, status, NULL);
  soup_server_message_set_response (req->msg, "application/json; charset=utf-8",
                                    SOUP_MEMORY_TAKE, g_steal_pointer (&text), len);
}

void
hd_request_reply_object (HdRequest   *req,
                         guint        status,
                         JsonBuilder *builder)
{
  g_autoptr(JsonNode) node = json_builder_get_root (builder);

  hd_request_reply_json (req, status, node);
}

void
hd_request_reply_error (HdRequest    *req,
                        const GError *error)
{
  g_autoptr(JsonNode) node = hd_json_error_node (error, &req->server->limits);
  guint status = hd_api_error_status (error);

  if (status >= 500)
    g_warning ("%s %s failed: %s", req->method, req->path, error->message);
  else
    g_debug ("%s %s refused: %s", req->method, req->path, hd_api_error_code_string (error));
  hd_request_reply_json (req, status, node);
}

void
hd_request_reply_storage_error (HdRequest *req,
                                GError    *error)
{
  g_autoptr(GError) api_error = NULL;

  if (error != NULL && error->domain == HD_API_ERROR)
    {
      hd_request_reply_error (req, error);
      return;
    }
  /* The storage message may name files: log it, send a generic one. */
  g_warning ("Storage error on %s %s: %s", req->method, req->path,
             error != NULL ? error->message : "unknown");
  if (error != NULL && error->domain == HD_SERVER_STORAGE_ERROR &&
      error->code == HD_SERVER_STORAGE_ERROR_BUSY)
    api_error = g_error_new_literal (HD_API_ERROR, HD_API_ERROR_STORAGE,
                                     "The storage is busy; retry later");
  else
    api_error = g_error_new_literal (HD_API_ERROR, HD_API_ERROR_STORAGE,
                                     "The storage failed; retry later");
  hd_request_reply_error (req, api_error);
}

void
hd_request_reply_bytes (HdRequest  *req,
                        const char *content_type,
                        GBytes     *bytes)
{
  gsize len;
  gconstpointer data = g_bytes_get_data (bytes, &len);

  g_return_if_fail (!req->replied);
  req->replied = TRUE;
  set_common_headers (req->msg);
  soup_server_message_set_status (req->msg, 200, NULL);
  soup_server_message_set_response (req->msg, content_type, SOUP_MEMORY_COPY, data, len);
}

GBytes *
hd_request_get_body (HdRequest *req)
{
  SoupMessageBody *body = soup_server_message_get_request_body (req->msg);

  return soup_message_body_flatten (body);
}

JsonObject *
hd_request_parse_body (HdRequest *req)
{
  g_autoptr(GBytes) bytes = hd_request_get_body (req);
  g_autoptr(GError) error = NULL;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  JsonObject *object;

  object = hd_json_parse_object (data, len, &req->server->limits, &error);
  if (object == NULL)
    hd_request_reply_error (req, error);
  return object;
}

/* Configuration --------------------------------------------------------------- */

char *
hd_server_dup_config_json (HdServer  *self,
                           GError   **error)
{
  g_autoptr(GError) local_error = NULL;
  char *stored = self->storage->vtable->doc_get (self->storage, "config", &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return stored != NULL ? stored : g_strdup (self->default_config);
}

/* Authentication -------------------------------------------------------------- */

static gboolean
authenticate (HdRequest  *req,
              GError    **error)
{
  HdServerStorage *storage = req->server->storage;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  const char *authorization = soup_message_headers_get_one (headers, "Authorization");
  g_autofree char *user_name = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 expires_at = 0;
  const char *token;

  if (authorization == NULL || g_ascii_strncasecmp (authorization, "Bearer ", 7) != 0)
    {
      g_set_error_literal (error, HD_API_ERROR, HD_API_ERROR_UNAUTHORIZED,
                           "A bearer token is required (Authorization: Bearer TOKEN)");
      return FALSE;
    }
  token = authorization + 7;
  while (*token == ' ')
    token++;

  req->token_hash = hd_server_auth_hash_token (token);
  user_name = storage->vtable->token_lookup (storage, req->token_hash, &expires_at, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (user_name == NULL || expires_at <= hd_server_now ())
    {
      /* One message for unknown, revoked and expired: the client logs in again. */
      g_set_error_literal (error, HD_API_ERROR, HD_API_ERROR_UNAUTHORIZED,
                           "The token is unknown, expired or revoked; log in again");
      return FALSE;
    }

  req->user = storage->vtable->user_get (storage, user_name, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (req->user == NULL || req->user->disabled || !hd_role_from_id (req->user->role, &req->role))
    {
      g_set_error_literal (error, HD_API_ERROR, HD_API_ERROR_UNAUTHORIZED,
                           "The token's user is disabled or unknown");
      return FALSE;
    }
  return TRUE;
}

/* Routing --------------------------------------------------------------------- */

static gboolean
route_matches (const Route *route,
               const char  *path,
               const char **tail)
{
  gsize len = strlen (route->path);

  if (route->path[len - 1] == '/')
    {
      if (strncmp (path, route->path, len) != 0 || path[len] == '\0' ||
          strchr (path + len, '/') != NULL)
        return FALSE;
      *tail = path + len;
      return TRUE;
    }
  *tail = NULL;
  return strcmp (path, route->path) == 0;
}

static void
handle_api (SoupServer        *soup,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  HdServer *self = user_data;
  HdRequest req = { 0 };
  g_autoptr(GError) error = NULL;
  const Route *route = NULL;
  gboolean path_known = FALSE;
  const char *tail = NULL;
  const char *api_path;

  req.server = self;
  req.msg = msg;
  req.method = soup_server_message_get_method (msg);
  req.path = path;
  req.query = query;

  /* A 413/411 set by the early handler stands. */
  if (soup_server_message_get_status (msg) != 0)
    return;

  api_path = path + strlen (HD_SERVER_API_PREFIX);
  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      const char *t;

      if (!route_matches (&routes[i], api_path, &t))
        continue;
      path_known = TRUE;
      if (strcmp (routes[i].method, req.method) == 0)
        {
          route = &routes[i];
          tail = t;
          break;
        }
    }

  if (route == NULL)
    {
      if (path_known)
        g_set_error (&error, HD_API_ERROR, HD_API_ERROR_METHOD,
                     "%s is not allowed on %s", req.method, path);
      else
        g_set_error (&error, HD_API_ERROR, HD_API_ERROR_NOT_FOUND,
                     "No endpoint %s", path);
      hd_request_reply_error (&req, error);
      goto out;
    }
  req.tail = tail;

  if (route->access != ACCESS_PUBLIC)
    {
      if (!authenticate (&req, &error))
        {
          if (error->domain == HD_API_ERROR)
            hd_request_reply_error (&req, error);
          else
            hd_request_reply_storage_error (&req, error);
          goto out;
        }
      if ((route->access == ACCESS_LEAD && req.role < HD_ROLE_TEAM_LEAD) ||
          (route->access == ACCESS_ADMIN && req.role < HD_ROLE_ADMIN))
        {
          g_set_error (&error, HD_API_ERROR, HD_API_ERROR_FORBIDDEN,
                       "The role %s may not %s %s", req.user->role, req.method, path);
          hd_request_reply_error (&req, error);
          goto out;
        }
    }

  route->func (&req);
  if (req.deferred)
    return;
  if (!req.replied)
    {
      g_set_error_literal (&error, HD_API_ERROR, HD_API_ERROR_INTERNAL, "No reply");
      hd_request_reply_error (&req, error);
    }

out:
  hd_request_log (&req);
  g_clear_pointer (&req.user, hd_server_user_free);
  g_free (req.token_hash);
}

void
hd_request_log (HdRequest *req)
{
  /* Paths hold uuids, names and hashes, never customer data or tokens. */
  g_info ("%s %s %u %s", req->method, req->path, soup_server_message_get_status (req->msg),
          req->user != NULL ? req->user->name : "-");
}

/* Bodies are refused from their headers, before libsoup reads them into
 * memory: on every path and method, not only the API's. */
static void
handle_early (SoupServer        *soup,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  HdServer *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *method = soup_server_message_get_method (msg);
  g_autoptr(GError) error = NULL;
  HdRequest req = { self, msg, method, path };
  SoupEncoding encoding = soup_message_headers_get_encoding (headers);
  gboolean is_attachment;
  goffset length;
  gsize max;

  is_attachment = strcmp (method, "PUT") == 0 &&
                  g_str_has_prefix (path, HD_SERVER_API_PREFIX "/attachments/");
  max = is_attachment ? self->limits.max_attachment_size : self->limits.max_body_size;

  if (encoding == SOUP_ENCODING_CHUNKED || encoding == SOUP_ENCODING_EOF ||
      encoding == SOUP_ENCODING_BYTERANGES)
    {
      g_set_error_literal (&error, HD_API_ERROR, HD_API_ERROR_LENGTH_REQUIRED,
                           "A request body needs a Content-Length (no chunked encoding)");
    }
  else if (encoding == SOUP_ENCODING_CONTENT_LENGTH &&
           (length = soup_message_headers_get_content_length (headers)) > (goffset) max)
    {
      g_set_error (&error, HD_API_ERROR,
                   is_attachment ? HD_API_ERROR_LIMIT_ATTACHMENT : HD_API_ERROR_LIMIT_BODY,
                   "The request body has %" G_GOFFSET_FORMAT " bytes; the limit is %" G_GSIZE_FORMAT,
                   length, max);
    }

  if (error != NULL)
    {
      /* libsoup still reads the body to stay in step with the connection:
       * let it discard the chunks instead of collecting them. */
      soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
      hd_request_reply_error (&req, error);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Connection", "close");
    }
}

static void
handle_other (SoupServer        *soup,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  HdServer *self = user_data;
  HdRequest req = { self, msg, soup_server_message_get_method (msg), path };
  g_autoptr(GError) error = NULL;

  if (soup_server_message_get_status (msg) != 0)
    return;
  g_set_error (&error, HD_API_ERROR, HD_API_ERROR_NOT_FOUND,
               "No endpoint %s; the API lives under %s", path, HD_SERVER_API_PREFIX);
  hd_request_reply_error (&req, error);
}

/* Public API ------------------------------------------------------------------ */

HdServer *
hd_server_new (HdServerStorage *storage)
{
  HdServer *self;

  g_return_val_if_fail (storage != NULL, NULL);

  self = g_object_new (HD_TYPE_SERVER, NULL);
  self->storage = storage;
  hd_server_auth_init ();
  return self;
}

void
hd_server_set_limits (HdServer             *self,
                      const HdServerLimits *limits)
{
  g_return_if_fail (HD_IS_SERVER (self));
  self->limits = *limits;
}

const HdServerLimits *
hd_server_get_limits (HdServer *self)
{
  g_return_val_if_fail (HD_IS_SERVER (self), NULL);
  return &self->limits;
}

void
hd_server_set_token_lifetime (HdServer *self,
                              gint64    seconds)
{
  g_return_if_fail (HD_IS_SERVER (self));
  g_return_if_fail (seconds > 0);
  self->token_lifetime = seconds;
}

void
hd_server_set_password_cost (HdServer     *self,
                             HdPwhashCost  cost)
{
  g_return_if_fail (HD_IS_SERVER (self));
  self->password_cost = cost;
}

gboolean
hd_server_listen (HdServer        *self,
                  const char      *address,
                  guint            port,
                  GTlsCertificate *certificate,
                  GError         **error)
{
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GSocketAddress) sockaddr = NULL;

  g_return_val_if_fail (HD_IS_SERVER (self), FALSE);
  g_return_val_if_fail (self->soup == NULL, FALSE);

  inet = g_inet_address_new_from_string (address);
  if (inet == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "“%s” is not a numeric IP address", address);
      return FALSE;
    }
  sockaddr = g_inet_socket_address_new (inet, port);

  self->soup = soup_server_new ("server-header", "helpdesk-server/" PACKAGE_VERSION,
                                "tls-certificate", certificate,
                                NULL);
  soup_server_add_early_handler (self->soup, HD_SERVER_API_PREFIX, handle_early, self, NULL);
  soup_server_add_handler (self->soup, HD_SERVER_API_PREFIX, handle_api, self, NULL);
  hd_server_survey_page_register (self, self->soup);
  soup_server_add_early_handler (self->soup, NULL, handle_early, self, NULL);
  soup_server_add_handler (self->soup, NULL, handle_other, self, NULL);

  return soup_server_listen (self->soup, sockaddr,
                             certificate != NULL ? SOUP_SERVER_LISTEN_HTTPS : 0,
                             error);
}

char *
hd_server_get_uri (HdServer *self)
{
  GSList *uris;
  char *text = NULL;

  g_return_val_if_fail (HD_IS_SERVER (self), NULL);
  if (self->soup == NULL)
    return NULL;

  uris = soup_server_get_uris (self->soup);
  if (uris != NULL)
    text = g_uri_to_string_partial (uris->data, G_URI_HIDE_PASSWORD);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  if (text != NULL && g_str_has_suffix (text, "/"))
    text[strlen (text) - 1] = '\0';
  return text;
}

void
hd_server_disconnect (HdServer *self)
{
  g_return_if_fail (HD_IS_SERVER (self));
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
}
