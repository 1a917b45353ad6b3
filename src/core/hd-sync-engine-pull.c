/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-sync"

#include "config.h"

#include "hd-store-sync.h"
#include "hd-sync-engine-private.h"

/* Pulling the change feed (GET /api/v1/changes) page by page until has_more
 * is false. */

/* Pull ------------------------------------------------------------------------ */

static void
on_blobs_downloaded (HdSyncEngine *self,
                     GError       *error,
                     gpointer      user_data)
{
  gboolean has_more = GPOINTER_TO_INT (user_data);

  if (error != NULL)
    hd_sync_engine_run_complete (self, error);
  else if (has_more)
    hd_sync_engine_pull_next (self);
  else
    hd_sync_engine_run_complete (self, NULL);
}

static void
on_pull_reply (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  HdSyncEngine *self = user_data;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GError) error = NULL;
  gint64 since, next_cursor, head;
  JsonObject *root;
  JsonNode *changes, *has_more;

  reply = hd_sync_engine_request_finish (self, result, NULL, &error);
  if (reply == NULL)
    {
      hd_sync_engine_run_complete (self, g_steal_pointer (&error));
      return;
    }
  since = hd_store_sync_get_cursor (self->store, self->base_url);

  root = json_node_get_object (reply);
  changes = json_object_get_member (root, "changes");
  has_more = json_object_get_member (root, "has_more");
  if (changes == NULL || !JSON_NODE_HOLDS_ARRAY (changes) ||
      json_array_get_length (json_node_get_array (changes)) > self->page_changes ||
      !hd_sync_member_int (root, "next_cursor", &next_cursor) || next_cursor < since ||
      !hd_sync_member_int (root, "head", &head) || head < next_cursor ||
      has_more == NULL || !JSON_NODE_HOLDS_VALUE (has_more) ||
      json_node_get_value_type (has_more) != G_TYPE_BOOLEAN)
    {
      hd_sync_engine_run_complete (self, hd_sync_protocol_error ("changes"));
      return;
    }
  /* A page that does not move the cursor yet says there is more would loop. */
  if (json_node_get_boolean (has_more) && next_cursor == since)
    {
      hd_sync_engine_run_complete (self, hd_sync_protocol_error ("next_cursor"));
      return;
    }

  if (!hd_store_sync_apply_page (self->store, self->base_url, json_node_get_array (changes),
                                 next_cursor, self->username, &error))
    {
      hd_sync_engine_run_complete (self, g_error_matches (error, HD_STORE_ERROR, HD_STORE_ERROR_INVALID)
                                         ? hd_sync_protocol_error (error->message)
                                         : hd_sync_store_error (g_steal_pointer (&error)));
      return;
    }

  if (self->pull_start < 0)
    self->pull_start = since;
  if (head > self->pull_start)
    hd_sync_engine_set_progress (self, (double) (next_cursor - self->pull_start) /
                                       (double) (head - self->pull_start));

  /* The files of the page's tickets, before the next page. */
  hd_sync_engine_download_blobs (self, json_node_get_array (changes), on_blobs_downloaded,
                                 GINT_TO_POINTER (json_node_get_boolean (has_more)));
}

void
hd_sync_engine_pull_next (HdSyncEngine *self)
{
  gint64 cursor = hd_store_sync_get_cursor (self->store, self->base_url);
  g_autofree char *path = g_strdup_printf ("/changes?since=%" G_GINT64_FORMAT "&limit=%u",
                                           cursor, self->page_changes);

  hd_sync_engine_request_async (self, "GET", path, NULL, self->run_cancellable, on_pull_reply, self);
}
