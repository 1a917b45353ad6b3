/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-server"

#include "config.h"

#include <string.h>

#include "hd-server-json.h"

G_DEFINE_QUARK (hd-api-error-quark, hd_api_error)

static const struct {
  guint status;
  const char *code;
  const char *limit;
} error_table[] = {
  [HD_API_ERROR_BAD_JSON]         = { 400, "bad_json", NULL },
  [HD_API_ERROR_INVALID]          = { 400, "invalid_request", NULL },
  [HD_API_ERROR_UNAUTHORIZED]     = { 401, "unauthorized", NULL },
  [HD_API_ERROR_BAD_CREDENTIALS]  = { 401, "invalid_credentials", NULL },
  [HD_API_ERROR_FORBIDDEN]        = { 403, "forbidden", NULL },
  [HD_API_ERROR_NOT_FOUND]        = { 404, "not_found", NULL },
  [HD_API_ERROR_METHOD]           = { 405, "method_not_allowed", NULL },
  [HD_API_ERROR_LENGTH_REQUIRED]  = { 411, "length_required", NULL },
  [HD_API_ERROR_CONFLICT]         = { 409, "conflict", NULL },
  [HD_API_ERROR_HASH_MISMATCH]    = { 422, "hash_mismatch", NULL },
  [HD_API_ERROR_LIMIT_BODY]       = { 413, "limit_exceeded", "max-body-size" },
  [HD_API_ERROR_LIMIT_BATCH]      = { 413, "limit_exceeded", "max-batch-ops" },
  [HD_API_ERROR_LIMIT_PAGE]       = { 400, "limit_exceeded", "max-page-size" },
  [HD_API_ERROR_LIMIT_STRING]     = { 413, "limit_exceeded", "max-string-length" },
  [HD_API_ERROR_LIMIT_ATTACHMENT] = { 413, "limit_exceeded", "max-attachment-size" },
  [HD_API_ERROR_LIMIT_DEPTH]      = { 413, "limit_exceeded", "max-json-depth" },
  [HD_API_ERROR_LIMIT_ARRAY]      = { 413, "limit_exceeded", "max-array-length" },
  [HD_API_ERROR_STORAGE]          = { 503, "storage_unavailable", NULL },
  [HD_API_ERROR_INTERNAL]         = { 500, "internal_error", NULL },
};

static gboolean
is_api_error (const GError *error)
{
  return error != NULL && error->domain == HD_API_ERROR &&
         error->code >= 0 && (gsize) error->code < G_N_ELEMENTS (error_table);
}

guint
hd_api_error_status (const GError *error)
{
  return is_api_error (error) ? error_table[error->code].status : 500;
}

const char *
hd_api_error_code_string (const GError *error)
{
  return is_api_error (error) ? error_table[error->code].code : "internal_error";
}

const char *
hd_api_error_limit_name (const GError *error)
{
  return is_api_error (error) ? error_table[error->code].limit : NULL;
}

void
hd_server_limits_init_default (HdServerLimits *limits)
{
  limits->max_body_size = 1024 * 1024;
  limits->max_batch_ops = 200;
  limits->max_page_size = 2000;
  limits->default_page_size = 100;
  limits->max_string_length = 10000;
  limits->max_attachment_size = 20 * 1024 * 1024;
  limits->max_json_depth = 16;
  limits->max_array_length = 100;
}

gint64
hd_server_limits_get (const HdServerLimits *limits,
                      const GError         *error)
{
  if (!is_api_error (error))
    return -1;
  switch ((HdApiErrorCode) error->code)
    {
    case HD_API_ERROR_LIMIT_BODY:       return limits->max_body_size;
    case HD_API_ERROR_LIMIT_BATCH:      return limits->max_batch_ops;
    case HD_API_ERROR_LIMIT_PAGE:       return limits->max_page_size;
    case HD_API_ERROR_LIMIT_STRING:     return limits->max_string_length;
    case HD_API_ERROR_LIMIT_ATTACHMENT: return limits->max_attachment_size;
    case HD_API_ERROR_LIMIT_DEPTH:      return limits->max_json_depth;
    case HD_API_ERROR_LIMIT_ARRAY:      return limits->max_array_length;
    default:                            return -1;
    }
}

/* json-glib's parser recurses once per nesting level: bound the depth before
 * it sees the text, so a body of "[[[[…" cannot exhaust the stack. */
static gboolean
check_depth (const char *data,
             gsize       length,
             guint       max_depth)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > max_depth)
            return FALSE;
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }
  return TRUE;
}

/* json-glib decodes a lone surrogate escape ("\ud800") into bytes that are
 * not UTF-8; such text must not reach storage, replies or logs. Recursion
 * is bounded by the depth check that ran before parsing. */
static gboolean
tree_is_utf8 (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        json_object_iter_init (&iter, json_node_get_object (node));
        while (json_object_iter_next (&iter, &name, &member))
          if (!g_utf8_validate (name, -1, NULL) || !tree_is_utf8 (member))
            return FALSE;
        return TRUE;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (array); i++)
          if (!tree_is_utf8 (json_array_get_element (array, i)))
            return FALSE;
        return TRUE;
      }
    case JSON_NODE_VALUE:
      return json_node_get_value_type (node) != G_TYPE_STRING ||
             g_utf8_validate (json_node_get_string (node), -1, NULL);
    case JSON_NODE_NULL:
    default:
      return TRUE;
    }
}

JsonObject *
hd_json_parse_object (const char           *data,
                      gsize                 length,
                      const HdServerLimits *limits,
                      GError              **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (length > limits->max_body_size)
    {
      g_set_error (error, HD_API_ERROR, HD_API_ERROR_LIMIT_BODY,
                   "The request body has %" G_GSIZE_FORMAT " bytes; the limit is %" G_GSIZE_FORMAT,
                   length, limits->max_body_size);
      return NULL;
    }
  if (length == 0 || data == NULL)
    {
      g_set_error_literal (error, HD_API_ERROR, HD_API_ERROR_BAD_JSON,
                           "The request body is empty; a JSON object is expected");
      return NULL;
    }
  if (!g_utf8_validate_len (data, length, NULL))
    {
      g_set_error_literal (error, HD_API_ERROR, HD_API_ERROR_BAD_JSON,
                           "The request body is not valid UTF-8 (or contains a NUL byte)");
      return NULL;
    }
  if (!check_depth (data, length, limits->max_json_depth))
    {
      g_set_error (error, HD_API_ERROR, HD_API_ERROR_LIMIT_DEPTH,
                   "The request nests objects and arrays deeper than %u levels",
                   limits->max_json_depth);
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      /* The parser's message may quote the bad input: keep it UTF-8. */
      g_autofree char *message = g_utf8_make_valid (local_error->message, -1);

      g_set_error (error, HD_API_ERROR, HD_API_ERROR_BAD_JSON,
                   "The request body is not valid JSON: %s", message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root != NULL && !tree_is_utf8 (root))
    {
      g_set_error_literal (error, HD_API_ERROR, HD_API_ERROR_BAD_JSON,
                           "The request body has a string that is not valid Unicode (a lone surrogate escape?)");
      return NULL;
    }
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, HD_API_ERROR, HD_API_ERROR_INVALID,
                           "The request body must be a JSON object");
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

static JsonNode *
get_member (JsonObject  *object,
            const char  *path,
            const char  *member,
            gboolean     required,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        g_set_error (error, HD_API_ERROR, HD_API_ERROR_INVALID,
                     "Missing required member %s.%s", path, member);
      return NULL;
    }
  return node;
}

static gboolean
wrong_type (const char  *path,
            const char  *member,
            const char  *expected,
            GError     **error)
{
  g_set_error (error, HD_API_ERROR, HD_API_ERROR_INVALID,
               "Member %s.%s must be %s", path, member, expected);
  return FALSE;
}

gboolean
hd_json_check_string (const char           *value,
                      const char           *path,
                      const HdServerLimits *limits,
                      GError              **error)
{
  /* json-glib checked UTF-8 already; count characters, not bytes. */
  if (g_utf8_strlen (value, -1) > (glong) limits->max_string_length)
    {
      g_set_error (error, HD_API_ERROR, HD_API_ERROR_LIMIT_STRING,
                   "%s is longer than %u characters", path, limits->max_string_length);
      return FALSE;
    }
  return TRUE;
}

gboolean
hd_json_get_string (JsonObject           *object,
                    const char           *path,
                    const char           *member,
                    gboolean              required,
                    const HdServerLimits *limits,
                    const char          **out,
                    GError              **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *node = get_member (object, path, member, required, &local_error);
  const char *value;

  if (node == NULL)
    {
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return wrong_type (path, member, "a string", error);

  value = json_node_get_string (node);
  if (limits != NULL)
    {
      g_autofree char *full = g_strconcat (path, ".", member, NULL);
      if (!hd_json_check_string (value, full, limits, error))
        return FALSE;
    }
  *out = value;
  return TRUE;
}

gboolean
hd_json_get_int (JsonObject  *object,
                 const char  *path,
                 const char  *member,
                 gboolean     required,
                 gint64       min,
                 gint64       max,
                 gint64      *out,
                 GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *node = get_member (object, path, member, required, &local_error);
  gint64 value;

  if (node == NULL)
    {
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return wrong_type (path, member, "an integer", error);

  value = json_node_get_int (node);
  if (value < min || value > max)
    {
      g_set_error (error, HD_API_ERROR, HD_API_ERROR_INVALID,
                   "Member %s.%s is out of range (%" G_GINT64_FORMAT " … %" G_GINT64_FORMAT ")",
                   path, member, min, max);
      return FALSE;
    }
  *out = value;
  return TRUE;
}

gboolean
hd_json_get_bool (JsonObject  *object,
                  const char  *path,
                  const char  *member,
                  gboolean     required,
                  gboolean    *out,
                  GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *node = get_member (object, path, member, required, &local_error);

  if (node == NULL)
    {
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return wrong_type (path, member, "true or false", error);
  *out = json_node_get_boolean (node);
  return TRUE;
}

gboolean
hd_json_get_object (JsonObject  *object,
                    const char  *path,
                    const char  *member,
                    gboolean     required,
                    JsonObject **out,
                    GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *node = get_member (object, path, member, required, &local_error);

  if (node == NULL)
    {
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return wrong_type (path, member, "an object", error);
  *out = json_node_get_object (node);
  return TRUE;
}

gboolean
hd_json_get_array (JsonObject  *object,
                   const char  *path,
                   const char  *member,
                   gboolean     required,
                   JsonArray  **out,
                   GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *node = get_member (object, path, member, required, &local_error);

  if (node == NULL)
    {
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return wrong_type (path, member, "an array", error);
  *out = json_node_get_array (node);
  return TRUE;
}

gboolean
hd_json_check_members (JsonObject         *object,
                       const char         *path,
                       const char * const *allowed,
                       GError            **error)
{
  JsonObjectIter iter;
  const char *name;

  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &name, NULL))
    {
      if (!g_strv_contains (allowed, name))
        {
          g_set_error (error, HD_API_ERROR, HD_API_ERROR_INVALID,
                       "Unknown member %s.%s", path, name);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
hd_is_uuid (const char *text)
{
  /* 8-4-4-4-12 hex digits, any version: clients make them with
   * g_uuid_string_random(), but the server only needs them unique. */
  static const int dashes[] = { 8, 13, 18, 23 };
  guint d = 0;

  if (text == NULL || strlen (text) != 36)
    return FALSE;
  for (int i = 0; i < 36; i++)
    {
      if (d < G_N_ELEMENTS (dashes) && i == dashes[d])
        {
          if (text[i] != '-')
            return FALSE;
          d++;
        }
      else if (!g_ascii_isxdigit (text[i]))
        return FALSE;
    }
  return TRUE;
}

gboolean
hd_is_sha256_hex (const char *text)
{
  if (text == NULL || strlen (text) != 64)
    return FALSE;
  for (int i = 0; i < 64; i++)
    if (!g_ascii_isdigit (text[i]) && !(text[i] >= 'a' && text[i] <= 'f'))
      return FALSE;
  return TRUE;
}

char *
hd_json_to_string (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

char *
hd_json_object_to_string (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  return hd_json_to_string (node);
}

JsonNode *
hd_json_error_node (const GError         *error,
                    const HdServerLimits *limits)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *limit = hd_api_error_limit_name (error);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, hd_api_error_code_string (error));
  json_builder_set_member_name (builder, "message");
  if (is_api_error (error))
    {
      g_autofree char *message = g_utf8_make_valid (error->message, -1);
      json_builder_add_string_value (builder, message);
    }
  else
    json_builder_add_string_value (builder, "Internal server error");
  if (limit != NULL)
    {
      json_builder_set_member_name (builder, "limit");
      json_builder_add_string_value (builder, limit);
      if (limits != NULL)
        {
          json_builder_set_member_name (builder, "max");
          json_builder_add_int_value (builder, hd_server_limits_get (limits, error));
        }
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
