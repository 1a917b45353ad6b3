/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-sync"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>

#include "hd-attachment-store.h"
#include "hd-store-sync.h"
#include "hd-sync-engine-private.h"

/* The content of attached files (docs/sync-protocol.md §9, §12.1): asked
 * for (HEAD) and uploaded only if the server lacks it, before the batch that
 * refers to it; downloaded after the page that brought it, and again by
 * every later run while it is missing from the folder. One blob at a time,
 * all async: reading, hashing and writing files run in a GTask worker
 * thread, never on the main loop. The log names a blob by the start of its
 * hash only, never by its file name. */

#define MISSING_PER_RUN 100

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

static const char *
current_hash (BlobRun *run)
{
  return g_ptr_array_index (run->hashes, run->next - 1);
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

/* A download that keeps failing is retried by every run; the warning is
 * given once per blob in the engine's life. */
#define warn_download(self, hash, ...)                                  \
  G_STMT_START {                                                        \
    if (g_hash_table_add ((self)->blobs_warned, g_strdup (hash)))       \
      g_warning (__VA_ARGS__);                                          \
    else                                                                \
      g_debug (__VA_ARGS__);                                            \
  } G_STMT_END

/* File work in a worker thread ------------------------------------------------- */

typedef enum {
  BLOB_OK,
  BLOB_MISSING,      /* not in the folder */
  BLOB_DAMAGED,      /* too large, or not matching its hash */
  BLOB_IO_FAILED,    /* could not be written */
} BlobOutcome;

typedef struct {
  char *hash;
  char *path;
  GBytes *bytes;     /* read (upload) or to write (download) */
  BlobOutcome outcome;
  char *message;
} BlobJob;

static void
blob_job_free (BlobJob *job)
{
  g_free (job->hash);
  g_free (job->path);
  g_clear_pointer (&job->bytes, g_bytes_unref);
  g_free (job->message);
  g_free (job);
}

static gboolean
matches (GBytes     *bytes,
         const char *hash)
{
  g_autofree char *actual = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);

  return g_strcmp0 (actual, hash) == 0;
}

/* Upload: read the kept copy, at most the limit, and check its hash. */
static void
load_in_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  BlobJob *job = task_data;
  g_autofree char *contents = NULL;
  gsize length = 0;
  GStatBuf st;

  if (g_stat (job->path, &st) != 0)
    job->outcome = BLOB_MISSING;
  else if (st.st_size > HD_ATTACHMENT_DEFAULT_MAX_BYTES)
    job->outcome = BLOB_DAMAGED;
  else if (!g_file_get_contents (job->path, &contents, &length, NULL))
    job->outcome = BLOB_MISSING;
  else
    {
      job->bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
      job->outcome = length <= HD_ATTACHMENT_DEFAULT_MAX_BYTES && matches (job->bytes, job->hash)
                   ? BLOB_OK : BLOB_DAMAGED;
    }
  g_task_return_boolean (task, TRUE);
}

/* Download: check the hash, then write a temporary file and rename it, so
 * the folder never holds a partial or wrong copy. */
static void
store_in_thread (GTask        *task,
                 gpointer      source,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  BlobJob *job = task_data;
  g_autofree char *folder = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  const char *data;

  if (!matches (job->bytes, job->hash))
    {
      job->outcome = BLOB_DAMAGED;
      g_task_return_boolean (task, TRUE);
      return;
    }
  folder = g_path_get_dirname (job->path);
  data = g_bytes_get_data (job->bytes, &length);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      job->outcome = BLOB_IO_FAILED;
      job->message = g_strdup (g_strerror (errno));
    }
  else if (!g_file_set_contents_full (job->path, data, length,
                                      G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    {
      job->outcome = BLOB_IO_FAILED;
      job->message = g_strdup (error->message);
    }
  else
    job->outcome = BLOB_OK;
  g_task_return_boolean (task, TRUE);
}

static void
run_job (BlobRun             *run,
         const char          *hash,
         GBytes              *bytes,    /* nullable */
         GTaskThreadFunc      func,
         GAsyncReadyCallback  callback)
{
  g_autoptr(GTask) task = g_task_new (run->self, run->self->run_cancellable, callback, run);
  BlobJob *job = g_new0 (BlobJob, 1);

  job->hash = g_strdup (hash);
  job->path = hd_attachment_store_get_path (run->self->attachment_dir, hash);
  job->bytes = bytes != NULL ? g_bytes_ref (bytes) : NULL;
  g_task_set_task_data (task, job, (GDestroyNotify) blob_job_free);
  g_task_run_in_thread (task, func);
}

/* The job, or NULL after ending the run (cancelled). */
static BlobJob *
finish_job (BlobRun      *run,
            GAsyncResult *result)
{
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      blob_run_finish (run, g_steal_pointer (&error));
      return NULL;
    }
  return g_task_get_task_data (G_TASK (result));
}

/* Upload ---------------------------------------------------------------------- */

static void upload_next (BlobRun *run);

static void
on_uploaded (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  BlobRun *run = user_data;
  const char *hash = current_hash (run);
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
  BlobJob *job = finish_job (run, result);
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;

  if (job == NULL)
    return;
  id = short_hash (job->hash);
  switch (job->outcome)
    {
    case BLOB_OK:
      path = g_strconcat ("/attachments/", job->hash, NULL);
      hd_sync_engine_request_raw_async (run->self, "PUT", path, job->bytes, run->self->max_reply,
                                        run->self->run_cancellable, on_uploaded, run);
      return;
    case BLOB_MISSING:
      g_warning ("The content of attachment %s is not in the attachment folder; "
                 "its ticket is sent without it", id);
      break;
    case BLOB_DAMAGED:
    case BLOB_IO_FAILED:
    default:
      g_warning ("The kept content of attachment %s is too large or damaged; "
                 "its ticket is sent without it", id);
      break;
    }
  upload_next (run);
}

/* HEAD first: content the server already holds (another client sent the
 * same file) is not sent again. */
static void
on_asked (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  BlobRun *run = user_data;
  const char *hash = current_hash (run);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  guint status = 0;

  reply = hd_sync_engine_request_raw_finish (run->self, result, &status, &error);
  if (reply != NULL)
    {
      g_hash_table_add (run->self->blobs_known, g_strdup (hash));
      upload_next (run);
      return;
    }
  if (ends_run (error))
    {
      blob_run_finish (run, g_steal_pointer (&error));
      return;
    }
  /* 404, or a server that does not answer HEAD: upload. */
  run_job (run, hash, NULL, load_in_thread, on_file_loaded);
}

static void
upload_next (BlobRun *run)
{
  while (run->next < run->hashes->len)
    {
      const char *hash = g_ptr_array_index (run->hashes, run->next++);
      g_autofree char *path = NULL;

      if (g_hash_table_contains (run->self->blobs_known, hash))
        continue;
      path = g_strconcat ("/attachments/", hash, NULL);
      hd_sync_engine_request_raw_async (run->self, "HEAD", path, NULL, 4096,
                                        run->self->run_cancellable, on_asked, run);
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
on_blob_stored (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  BlobRun *run = user_data;
  BlobJob *job = finish_job (run, result);
  g_autofree char *id = NULL;

  if (job == NULL)
    return;
  id = short_hash (job->hash);
  switch (job->outcome)
    {
    case BLOB_OK:
      g_hash_table_add (run->self->blobs_known, g_strdup (job->hash));
      g_hash_table_remove (run->self->blobs_warned, job->hash);
      break;
    case BLOB_DAMAGED:
      warn_download (run->self, job->hash,
                     "The downloaded content of attachment %s does not match its SHA-256; "
                     "it was not kept", id);
      break;
    case BLOB_MISSING:
    case BLOB_IO_FAILED:
    default:
      warn_download (run->self, job->hash, "Could not keep the content of attachment %s: %s", id,
                     job->message != NULL ? job->message : "");
      break;
    }
  download_next (run);
}

static void
on_downloaded (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  BlobRun *run = user_data;
  const char *hash = current_hash (run);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  guint status = 0;

  bytes = hd_sync_engine_request_raw_finish (run->self, result, &status, &error);
  if (bytes == NULL)
    {
      g_autofree char *id = short_hash (hash);

      if (ends_run (error))
        {
          blob_run_finish (run, g_steal_pointer (&error));
          return;
        }
      warn_download (run->self, hash, "Could not download the content of attachment %s (HTTP %u)",
                     id, status);
      download_next (run);
      return;
    }
  run_job (run, hash, bytes, store_in_thread, on_blob_stored);
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

/* Missing blobs ------------------------------------------------------------------ */

typedef struct {
  HdStore *store;
  char *dir;
} ScanJob;

static void
scan_job_free (ScanJob *job)
{
  g_object_unref (job->store);
  g_free (job->dir);
  g_free (job);
}

static void
scan_in_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ScanJob *job = task_data;
  GError *error = NULL;
  GPtrArray *missing = hd_store_sync_list_missing_blobs (job->store, job->dir, MISSING_PER_RUN, &error);

  if (missing == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, missing, (GDestroyNotify) g_ptr_array_unref);
}

static void
on_scanned (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  BlobRun *run = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) missing = g_task_propagate_pointer (G_TASK (result), &error);

  if (missing == NULL)
    {
      blob_run_finish (run, g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                            ? g_steal_pointer (&error) : hd_sync_store_error (g_steal_pointer (&error)));
      return;
    }
  g_ptr_array_extend_and_steal (run->hashes, g_steal_pointer (&missing));
  download_next (run);
}

void
hd_sync_engine_download_missing_blobs (HdSyncEngine    *self,
                                       HdSyncBlobsDone  done,
                                       gpointer         user_data)
{
  BlobRun *run = blob_run_new (self, done, user_data);
  g_autoptr(GTask) task = NULL;
  ScanJob *job;

  if (self->attachment_dir == NULL)
    {
      blob_run_finish (run, NULL);
      return;
    }
  job = g_new0 (ScanJob, 1);
  job->store = g_object_ref (self->store);
  job->dir = g_strdup (self->attachment_dir);
  task = g_task_new (self, self->run_cancellable, on_scanned, run);
  g_task_set_task_data (task, job, (GDestroyNotify) scan_job_free);
  g_task_run_in_thread (task, scan_in_thread);
}
