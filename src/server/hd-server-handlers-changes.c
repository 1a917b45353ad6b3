/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-server"

#include "config.h"

#include <string.h>

#include "hd-server-private.h"

static JsonNode *
parse_or_string (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (text != NULL && json_parser_load_from_data (parser, text, -1, NULL) &&
      json_parser_get_root (parser) != NULL)
    return json_node_copy (json_parser_get_root (parser));
  return json_node_init_null (json_node_alloc ());
}

JsonNode *
hd_change_to_json (const HdServerChange *change)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "revision");
  json_builder_add_int_value (builder, change->revision);
  json_builder_set_member_name (builder, "entity");
  json_builder_add_string_value (builder, change->entity);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, change->entity_uuid);
  json_builder_set_member_name (builder, "op_uuid");
  if (change->op_uuid != NULL)
    json_builder_add_string_value (builder, change->op_uuid);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "author");
  if (change->author != NULL)
    json_builder_add_string_value (builder, change->author);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "changed_at");
  json_builder_add_int_value (builder, change->changed_at);
  json_builder_set_member_name (builder, "data");
  json_builder_add_value (builder, parse_or_string (change->data));
  if (change->conflicts != NULL)
    {
      json_builder_set_member_name (builder, "conflicts");
      json_builder_add_value (builder, parse_or_string (change->conflicts));
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* A query parameter as a non-negative integer; decimal digits only. */
static gboolean
query_uint (HdRequest   *req,
            const char  *name,
            gint64       fallback,
            gint64      *out,
            GError     **error)
{
  const char *text = req->query != NULL ? g_hash_table_lookup (req->query, name) : NULL;
  guint64 value;

  if (text == NULL)
    {
      *out = fallback;
      return TRUE;
    }
  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &value, NULL))
    {
      g_set_error (error, HD_API_ERROR, HD_API_ERROR_INVALID,
                   "Query parameter %s must be a non-negative integer", name);
      return FALSE;
    }
  *out = (gint64) value;
  return TRUE;
}

void
hd_handle_changes (HdRequest *req)
{
  HdServer *server = req->server;
  HdServerStorage *storage = server->storage;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GError) error = NULL;
  gint64 since, limit, head, next;
  gboolean has_more;

  if (!query_uint (req, "since", 0, &since, &error) ||
      !query_uint (req, "limit", server->limits.default_page_size, &limit, &error))
    {
      hd_request_reply_error (req, error);
      return;
    }
  if (limit < 1 || limit > server->limits.max_page_size)
    {
      g_set_error (&error, HD_API_ERROR, HD_API_ERROR_LIMIT_PAGE,
                   "limit must be 1 … %u", server->limits.max_page_size);
      hd_request_reply_error (req, error);
      return;
    }

  /* One more than asked tells whether another page follows. */
  changes = storage->vtable->change_list (storage, since, (guint) limit + 1, &error);
  if (changes == NULL || (head = storage->vtable->change_head (storage, &error)) < 0)
    {
      hd_request_reply_storage_error (req, error);
      return;
    }
  has_more = changes->len > (guint) limit;
  if (has_more)
    g_ptr_array_set_size (changes, (guint) limit);
  next = changes->len > 0
       ? ((HdServerChange *) g_ptr_array_index (changes, changes->len - 1))->revision
       : since;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "changes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < changes->len; i++)
    json_builder_add_value (builder, hd_change_to_json (g_ptr_array_index (changes, i)));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "next_cursor");
  json_builder_add_int_value (builder, next);
  json_builder_set_member_name (builder, "has_more");
  json_builder_add_boolean_value (builder, has_more);
  json_builder_set_member_name (builder, "head");
  json_builder_add_int_value (builder, MAX (head, next));
  json_builder_end_object (builder);
  hd_request_reply_object (req, 200, builder);
}
