/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-sync"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>

#include "hd-attachment-store.h"
#include "hd-store-sync.h"
#include "hd-sync-engine-private.h"

/* The content of attached files (docs/sync-protocol.md §9): uploaded before
 * the batch that refers to it, downloaded after the page that brought it.
 * One blob at a time, all async. The log names a blob by the start of its
 * hash only, never by its file name. */

typedef struct {
  HdSyncEngine *self;
  GPtrArray *hashes;     /* of char*, each once */
  guint next;
  HdSyncBlobsDone done;
  gpointer user_data;
} BlobRun;

static void
blob_run_free (BlobRun *run)
{
  g_ptr_array_unref (run->hashes);
  g_free (run);
}

static void
blob_run_finish (BlobRun *run,
                 GError  *error)   /* taken */
{
  HdSyncEngine *self = run->self;
  HdSyncBlobsDone done = run->done;
  gpointer user_data = run->user_data;

  blob_run_free (run);
  done (self, error, user_data);
}

/* Collects the sha256 of every file attachment anywhere in @node. */
static void
collect_hashes (JsonNode   *node,
                GHashTable *seen,
                GPtrArray  *out)
{
  if (node == NULL)
    return;
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        collect_hashes (json_array_get_element (array, i), seen, out);
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      const char *kind = json_object_get_string_member_with_default (object, "kind", NULL);
      JsonNode *sha = json_object_get_member (object, "sha256");
      g_autoptr(GList) members = NULL;

      if (g_strcmp0 (kind, "file") == 0 && sha != NULL && JSON_NODE_HOLDS_VALUE (sha) &&
          json_node_get_value_type (sha) == G_TYPE_STRING)
        {
          const char *hash = json_node_get_string (sha);
          g_autofree char *probe = hd_attachment_store_get_path ("/", hash);

          if (probe != NULL && !g_hash_table_contains (seen, hash))
            {
              g_hash_table_add (seen, g_strdup (hash));
              g_ptr_array_add (out, g_strdup (hash));
            }
          return;
        }
      members = json_object_get_values (object);
      for (GList *l = members; l != NULL; l = l->next)
        collect_hashes (l->data, seen, out);
    }
}

static BlobRun *
blob_run_new (HdSyncEngine    *self,
              HdSyncBlobsDone  done,
              gpointer         user_data)
{
  BlobRun *run = g_new0 (BlobRun, 1);

  run->self = self;
  run->hashes = g_ptr_array_new_with_free_func (g_free);
  run->done = done;
  run->user_data = user_data;
  return run;
}

static char *
short_hash (const char *hash)
{
  return g_strndup (hash, 12);
}

/* An error that ends the run; others skip the one blob. */
static gboolean
ends_run (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
         (error->domain == HD_SYNC_ERROR && error->code != HD_SYNC_ERROR_REFUSED &&
          error->code != HD_SYNC_ERROR_PROTOCOL);
}

/* Upload ---------------------------------------------------------------------- */

static void upload_next (BlobRun *run);

static void
on_uploaded (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  BlobRun *run = user_data;
  const char *hash = g_ptr_array_index (run->hashes, run->next - 1);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  guint status = 0;

  reply = hd_sync_engine_request_raw_finish (run->self, result, &status, &error);
  if (reply == NULL)
    {
      g_autofree char *id = short_hash (hash);

      if (ends_run (error))
        {
          blob_run_finish (run, g_steal_pointer (&error));
          return;
        }
      g_warning ("The server refused the content of attachment %s (HTTP %u); "
                 "its ticket is sent without it", id, status);
    }
  else
    g_hash_table_add (run->self->blobs_known, g_strdup (hash));
  upload_next (run);
}

static void
on_file_loaded (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  BlobRun *run = user_data;
  const char *hash = g_ptr_array_index (run->hashes, run->next - 1);
  g_autofree char *id = short_hash (hash);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *path = NULL;
  g_autofree char *actual = NULL;

  bytes = g_file_load_bytes_finish (G_FILE (source), result, NULL, &error);
  if (bytes == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          blob_run_finish (run, g_steal_pointer (&error));
          return;
        }
      g_warning ("The content of attachment %s is not in the attachment folder; "
                 "its ticket is sent without it", id);
      upload_next (run);
      return;
    }
  actual = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  if (g_bytes_get_size (bytes) > HD_ATTACHMENT_DEFAULT_MAX_BYTES || g_strcmp0 (actual, hash) != 0)
    {
      g_warning ("The kept content of attachment %s is too large or damaged; "
                 "its ticket is sent without it", id);
      upload_next (run);
      return;
    }
  path = g_strconcat ("/attachments/", hash, NULL);
  hd_sync_engine_request_raw_async (run->self, "PUT", path, bytes, run->self->max_reply,
                                    run->self->run_cancellable, on_uploaded, run);
}

static void
upload_next (BlobRun *run)
{
  while (run->next < run->hashes->len)
    {
      const char *hash = g_ptr_array_index (run->hashes, run->next++);
      g_autofree char *path = NULL;
      g_autoptr(GFile) file = NULL;
      GStatBuf st;

      if (g_hash_table_contains (run->self->blobs_known, hash))
        continue;
      path = hd_attachment_store_get_path (run->self->attachment_dir, hash);
      /* Refused before reading: the server would refuse it too. */
      if (g_stat (path, &st) == 0 && st.st_size > HD_ATTACHMENT_DEFAULT_MAX_BYTES)
        {
          g_autofree char *id = short_hash (hash);

          g_warning ("Attachment %s is larger than the limit; its ticket is sent without it", id);
          continue;
        }
      file = g_file_new_for_path (path);
      g_file_load_bytes_async (file, run->self->run_cancellable, on_file_loaded, run);
      return;
    }
  blob_run_finish (run, NULL);
}

void
hd_sync_engine_upload_blobs (HdSyncEngine    *self,
                             GPtrArray       *ops,
                             HdSyncBlobsDone  done,
                             gpointer         user_data)
{
  BlobRun *run = blob_run_new (self, done, user_data);

  if (self->attachment_dir != NULL)
    {
      g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

      for (guint i = 0; i < ops->len; i++)
        {
          HdOutboxOp *op = g_ptr_array_index (ops, i);
          g_autoptr(JsonParser) parser = json_parser_new ();

          if (op->payload != NULL && json_parser_load_from_data (parser, op->payload, -1, NULL))
            collect_hashes (json_parser_get_root (parser), seen, run->hashes);
        }
    }
  upload_next (run);
}

/* Download -------------------------------------------------------------------- */

static void download_next (BlobRun *run);

static void
on_blob_written (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  BlobRun *run = user_data;
  const char *hash = g_ptr_array_index (run->hashes, run->next - 1);
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    {
      g_autofree char *id = short_hash (hash);

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          blob_run_finish (run, g_steal_pointer (&error));
          return;
        }
      g_warning ("Could not keep the content of attachment %s: %s", id, error->message);
    }
  else
    g_hash_table_add (run->self->blobs_known, g_strdup (hash));
  download_next (run);
}

static void
on_downloaded (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  BlobRun *run = user_data;
  const char *hash = g_ptr_array_index (run->hashes, run->next - 1);
  g_autofree char *id = short_hash (hash);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *actual = NULL;
  g_autofree char *path = NULL;
  g_autofree char *folder = NULL;
  g_autoptr(GFile) file = NULL;
  guint status = 0;

  bytes = hd_sync_engine_request_raw_finish (run->self, result, &status, &error);
  if (bytes == NULL)
    {
      if (ends_run (error))
        {
          blob_run_finish (run, g_steal_pointer (&error));
          return;
        }
      g_warning ("Could not download the content of attachment %s (HTTP %u)", id, status);
      download_next (run);
      return;
    }
  actual = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  if (g_strcmp0 (actual, hash) != 0)
    {
      g_warning ("The downloaded content of attachment %s does not match its SHA-256; "
                 "it was not kept", id);
      download_next (run);
      return;
    }

  path = hd_attachment_store_get_path (run->self->attachment_dir, hash);
  folder = g_path_get_dirname (path);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      g_warning ("Could not create the attachment folder: %s", g_strerror (errno));
      download_next (run);
      return;
    }
  file = g_file_new_for_path (path);
  /* Written to a temporary file and renamed: never a partial copy. */
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_PRIVATE,
                                       run->self->run_cancellable, on_blob_written, run);
}

static void
download_next (BlobRun *run)
{
  while (run->next < run->hashes->len)
    {
      const char *hash = g_ptr_array_index (run->hashes, run->next++);
      g_autofree char *path = NULL;
      g_autofree char *url_path = NULL;

      if (g_hash_table_contains (run->self->blobs_known, hash))
        continue;
      path = hd_attachment_store_get_path (run->self->attachment_dir, hash);
      if (g_file_test (path, G_FILE_TEST_EXISTS))
        continue;
      url_path = g_strconcat ("/attachments/", hash, NULL);
      hd_sync_engine_request_raw_async (run->self, "GET", url_path, NULL,
                                        HD_ATTACHMENT_DEFAULT_MAX_BYTES,
                                        run->self->run_cancellable, on_downloaded, run);
      return;
    }
  blob_run_finish (run, NULL);
}

void
hd_sync_engine_download_blobs (HdSyncEngine    *self,
                               JsonArray       *changes,
                               HdSyncBlobsDone  done,
                               gpointer         user_data)
{
  BlobRun *run = blob_run_new (self, done, user_data);

  if (self->attachment_dir != NULL)
    {
      g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);

      json_node_set_array (node, changes);
      collect_hashes (node, seen, run->hashes);
    }
  download_next (run);
}
