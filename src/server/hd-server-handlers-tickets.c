/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-server"

#include "config.h"

#include "hd-server-private.h"

/* GET /api/v1/tickets/UUID: the server's copy of one ticket with its whole
 * timeline, for a client rolling back a change the server refused
 * (docs/sync-protocol.md §6). Readable by every signed-in user, as the
 * change feed is. */

static JsonNode *
parse_object_text (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (text != NULL && json_parser_load_from_data (parser, text, -1, NULL) &&
      json_parser_get_root (parser) != NULL && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return json_node_copy (json_parser_get_root (parser));
  return NULL;
}

void
hd_handle_ticket_get (HdRequest *req)
{
  HdServerStorage *storage = req->server->storage;
  g_autoptr(HdServerTicket) ticket = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL;
  JsonNode *data;

  if (!g_uuid_string_is_valid (req->tail))
    {
      g_set_error_literal (&error, HD_API_ERROR, HD_API_ERROR_INVALID,
                           "A ticket is named by its uuid (8-4-4-4-12 hex digits)");
      hd_request_reply_error (req, error);
      return;
    }
  uuid = g_ascii_strdown (req->tail, -1);

  /* The ticket first, its events after (no write lock for a read): the
   * events are at least those of the ticket's revision; a newer one that
   * commits in between comes again through the feed, where it merges. */
  ticket = storage->vtable->ticket_get (storage, uuid, &error);
  if (ticket != NULL)
    events = storage->vtable->event_list (storage, uuid, &error);
  if (error != NULL)
    {
      hd_request_reply_storage_error (req, error);
      return;
    }
  if (ticket == NULL)
    {
      g_set_error (&error, HD_API_ERROR, HD_API_ERROR_NOT_FOUND, "No ticket %s", uuid);
      hd_request_reply_error (req, error);
      return;
    }
  data = parse_object_text (ticket->data);
  if (data == NULL)
    {
      g_set_error (&error, HD_API_ERROR, HD_API_ERROR_INTERNAL, "Ticket %s is damaged", uuid);
      hd_request_reply_error (req, error);
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ticket");
  json_builder_add_value (builder, data);
  json_builder_set_member_name (builder, "events");
  json_builder_begin_array (builder);
  for (guint i = 0; i < events->len; i++)
    {
      JsonNode *event = parse_object_text (g_ptr_array_index (events, i));

      if (event != NULL)
        json_builder_add_value (builder, event);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "revision");
  json_builder_add_int_value (builder, ticket->revision);
  json_builder_end_object (builder);
  hd_request_reply_object (req, 200, builder);
}
