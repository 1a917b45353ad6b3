/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-sync"

#include "config.h"

#include "hd-store-sync.h"
#include "hd-sync-engine-private.h"

/* After the push, before the pull: every ticket with an operation the server
 * refused is rolled back to the server's copy (GET /api/v1/tickets/UUID), so
 * both sides hold the same ticket and timeline (docs/sync-protocol.md
 * §12.3); then the attached files earlier runs failed to download are asked
 * for again (hd-sync-engine-blobs.c). One ticket at a time; a network or server error ends the run and
 * the next run asks again (the refusals stay marked until rolled back). */

#define REFETCH_BATCH 50

typedef struct {
  HdSyncEngine *self;
  GPtrArray *uuids;
  guint next;
} Refetch;

static void
refetch_free (Refetch *run)
{
  g_ptr_array_unref (run->uuids);
  g_free (run);
}

static void refetch_step (Refetch *run);

/* Then the files still owed by earlier runs, then the pull. */
static void
on_missing_blobs_done (HdSyncEngine *self,
                       GError       *error,
                       gpointer      user_data)
{
  if (error != NULL)
    hd_sync_engine_run_complete (self, error);
  else
    hd_sync_engine_pull_next (self);
}

static void
on_ticket_reply (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Refetch *run = user_data;
  HdSyncEngine *self = run->self;
  const char *uuid = g_ptr_array_index (run->uuids, run->next - 1);
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GError) error = NULL;
  guint status = 0;
  gboolean ok;

  reply = hd_sync_engine_request_finish (self, result, &status, &error);
  if (reply == NULL && g_error_matches (error, HD_SYNC_ERROR, HD_SYNC_ERROR_REFUSED) && status == 404)
    {
      /* A refused create: the server never had it. */
      g_clear_error (&error);
      ok = hd_store_sync_keep_refused (self->store, uuid, &error);
    }
  else if (reply == NULL)
    {
      refetch_free (run);
      hd_sync_engine_run_complete (self, g_steal_pointer (&error));
      return;
    }
  else
    ok = hd_store_sync_roll_back (self->store, uuid, json_node_get_object (reply), &error);

  if (!ok)
    {
      refetch_free (run);
      hd_sync_engine_run_complete (self, g_error_matches (error, HD_STORE_ERROR, HD_STORE_ERROR_INVALID)
                                         ? hd_sync_protocol_error (error->message)
                                         : hd_sync_store_error (g_steal_pointer (&error)));
      return;
    }
  refetch_step (run);
}

static void
refetch_step (Refetch *run)
{
  HdSyncEngine *self = run->self;
  g_autofree char *path = NULL;

  if (run->next >= run->uuids->len)
    {
      gboolean full = run->uuids->len == REFETCH_BATCH;

      refetch_free (run);
      /* A full batch: there may be more. */
      if (full)
        hd_sync_engine_refetch_next (self);
      else
        hd_sync_engine_download_missing_blobs (self, on_missing_blobs_done, NULL);
      return;
    }
  path = g_strconcat ("/tickets/", (const char *) g_ptr_array_index (run->uuids, run->next++), NULL);
  hd_sync_engine_request_async (self, "GET", path, NULL, self->run_cancellable, on_ticket_reply, run);
}

void
hd_sync_engine_refetch_next (HdSyncEngine *self)
{
  g_autoptr(GError) error = NULL;
  Refetch *run;
  GPtrArray *uuids;

  uuids = hd_store_sync_list_refused (self->store, REFETCH_BATCH, &error);
  if (uuids == NULL)
    {
      hd_sync_engine_run_complete (self, hd_sync_store_error (g_steal_pointer (&error)));
      return;
    }
  run = g_new0 (Refetch, 1);
  run->self = self;
  run->uuids = uuids;
  refetch_step (run);
}
