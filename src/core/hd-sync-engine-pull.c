/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-sync"

#include "config.h"

#include "hd-store-sync.h"
#include "hd-sync-engine-private.h"

/* Pulling the change feed (GET /api/v1/changes) page by page until has_more
 * is false. A worker thread (hd-sync-feed-reader.c) fetches and parses the
 * next pages while this thread applies the current one; each page is still
 * applied, with its cursor, in one transaction and in feed order. */

/* Parsed pages kept ahead of the one being applied. */
#define FEED_DEPTH 2

static void pull_take_next (HdSyncEngine *self);

/* Pull ------------------------------------------------------------------------ */

static gboolean
take_next_idle (gpointer data)
{
  HdSyncEngine *self = data;

  if (self->feed != NULL)
    pull_take_next (self);
  return G_SOURCE_REMOVE;
}

static void
on_blobs_downloaded (HdSyncEngine *self,
                     GError       *error,
                     gpointer      user_data)
{
  gboolean has_more = GPOINTER_TO_INT (user_data);

  if (error != NULL)
    hd_sync_engine_run_complete (self, error);
  else if (has_more)
    /* From the main loop: the next page may be ready already, and the UI
     * gets a turn between pages. */
    g_idle_add_full (G_PRIORITY_DEFAULT, take_next_idle, g_object_ref (self), g_object_unref);
  else
    hd_sync_engine_run_complete (self, NULL);
}

static void
pull_apply (HdSyncEngine *self,
            JsonNode     *reply,
            gint64        since)
{
  g_autoptr(GError) error = NULL;
  gint64 next_cursor, head;
  JsonObject *root;
  JsonNode *changes, *has_more;

  root = json_node_get_object (reply);
  changes = json_object_get_member (root, "changes");
  has_more = json_object_get_member (root, "has_more");
  if (changes == NULL || !JSON_NODE_HOLDS_ARRAY (changes) ||
      json_array_get_length (json_node_get_array (changes)) > self->pull_limit ||
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

static void
on_feed_ready (gpointer user_data)
{
  HdSyncEngine *self = user_data;

  if (self->pull_waiting)
    {
      self->pull_waiting = FALSE;
      pull_take_next (self);
    }
}

static void
feed_start (HdSyncEngine *self,
            gint64        since,
            guint         limit)
{
  HdSyncFeedOptions options = {
    .base_url = self->base_url,
    .token = self->token,
    .user_agent = "helpdesk/" PACKAGE_VERSION " ",
    .timeout_ms = self->timeout_ms,
    .max_reply = self->max_reply,
    .limit = limit,
    .depth = FEED_DEPTH,
  };

  hd_sync_engine_pull_stop (self);
  self->pull_limit = limit;
  self->feed = hd_sync_feed_reader_start (&options, since, self->run_cancellable,
                                          on_feed_ready, g_object_ref (self), g_object_unref);
}

static void
pull_take_next (HdSyncEngine *self)
{
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GError) error = NULL;
  gint64 since = 0;

  g_return_if_fail (self->feed != NULL);

  /* Pages read before the run was cancelled (the engine disposed) are not
   * applied. */
  if (g_cancellable_set_error_if_cancelled (self->run_cancellable, &error))
    {
      hd_sync_engine_run_complete (self, g_steal_pointer (&error));
      return;
    }
  if (!hd_sync_feed_reader_pop (self->feed, &reply, &since, &error))
    {
      self->pull_waiting = TRUE;   /* on_feed_ready() goes on */
      return;
    }
  if (reply == NULL)
    {
      /* A server older than the bigger first pages refuses their limit
       * (400, max-page-size): ask again with the usual size. */
      if (g_error_matches (error, HD_SYNC_ERROR, HD_SYNC_ERROR_REFUSED) &&
          self->pull_limit > self->page_changes)
        {
          g_debug ("Pages of %u refused (%s); asking for %u", self->pull_limit, error->message,
                   self->page_changes);
          feed_start (self, since, self->page_changes);
          pull_take_next (self);
          return;
        }
      hd_sync_engine_run_complete (self, g_steal_pointer (&error));
      return;
    }
  pull_apply (self, reply, since);
  if (self->feed != NULL)
    hd_sync_feed_reader_discard (self->feed, g_steal_pointer (&reply));
}

/* Starts the pull from the saved cursor. A first sync (cursor 0) asks for
 * bigger pages: fewer round trips and commits for the same rows. */
void
hd_sync_engine_pull_next (HdSyncEngine *self)
{
  gint64 cursor = hd_store_sync_get_cursor (self->store, self->base_url);

  feed_start (self, cursor, cursor == 0 ? MAX (self->initial_page_changes, self->page_changes)
                                        : self->page_changes);
  pull_take_next (self);
}

/* The end of a run (hd_sync_engine_run_complete): the reader stops. */
void
hd_sync_engine_pull_stop (HdSyncEngine *self)
{
  self->pull_waiting = FALSE;
  if (self->feed != NULL)
    hd_sync_feed_reader_stop (g_steal_pointer (&self->feed));
}
