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

/* The feed page is written as text: each change's data and conflicts are
 * JSON the server itself stored (json-glib output), copied as they are
 * rather than parsed into a tree and generated again, which was most of the
 * cost of a page. Anything else stored there (not an object or an array)
 * goes through the parser (null if it is not JSON). */

static void
append_string (GString    *out,
               const char *text)
{
  if (text == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char) c);
        }
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '"');
}

static void
append_stored_json (GString    *out,
                    const char *text)
{
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *generated = NULL;

  if (text != NULL && (text[0] == '{' || text[0] == '['))
    {
      g_string_append (out, text);
      return;
    }
  node = parse_or_string (text);
  generated = json_to_string (node, FALSE);
  g_string_append (out, generated);
}

static void
append_change (GString              *out,
               const HdServerChange *change)
{
  g_string_append_printf (out, "{\"revision\":%" G_GINT64_FORMAT ",\"entity\":", change->revision);
  append_string (out, change->entity);
  g_string_append (out, ",\"id\":");
  append_string (out, change->entity_uuid);
  g_string_append (out, ",\"op_uuid\":");
  append_string (out, change->op_uuid);
  g_string_append (out, ",\"author\":");
  append_string (out, change->author);
  g_string_append_printf (out, ",\"changed_at\":%" G_GINT64_FORMAT ",\"data\":", change->changed_at);
  append_stored_json (out, change->data);
  if (change->conflicts != NULL)
    {
      g_string_append (out, ",\"conflicts\":");
      append_stored_json (out, change->conflicts);
    }
  g_string_append_c (out, '}');
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
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GBytes) reply = NULL;
  GString *out;
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

  out = g_string_sized_new (4096);
  g_string_append (out, "{\"changes\":[");
  for (guint i = 0; i < changes->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      append_change (out, g_ptr_array_index (changes, i));
    }
  g_string_append_printf (out, "],\"next_cursor\":%" G_GINT64_FORMAT ",\"has_more\":%s,"
                          "\"head\":%" G_GINT64_FORMAT "}",
                          next, has_more ? "true" : "false", MAX (head, next));
  reply = g_string_free_to_bytes (g_steal_pointer (&out));
  hd_request_reply_bytes (req, "application/json; charset=utf-8", reply);
}
