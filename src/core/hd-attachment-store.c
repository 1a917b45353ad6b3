/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-attachment"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <unistd.h>
#include <string.h>

#include "hd-attachment-store.h"

G_DEFINE_QUARK (hd-attachment-store-error-quark, hd_attachment_store_error)

char *
hd_attachment_store_default_dir (void)
{
  return g_build_filename (g_get_user_cache_dir (), "helpdesk", "attachments", NULL);
}

char *
hd_attachment_store_get_path (const char *cache_dir,
                              const char *sha256)
{
  char prefix[3];

  g_return_val_if_fail (cache_dir != NULL, NULL);

  if (sha256 == NULL || strlen (sha256) != 64)
    return NULL;
  for (const char *p = sha256; *p; p++)
    if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
      return NULL;
  prefix[0] = sha256[0];
  prefix[1] = sha256[1];
  prefix[2] = '\0';
  return g_build_filename (cache_dir, prefix, sha256, NULL);
}

static gboolean
too_large (GError **error,
           gint64   max_bytes)
{
  g_autofree char *limit = g_format_size (max_bytes);

  g_set_error (error, HD_ATTACHMENT_STORE_ERROR, HD_ATTACHMENT_STORE_ERROR_TOO_LARGE,
               _("The file is larger than the limit of %s for attachments"), limit);
  return FALSE;
}

HdAttachment *
hd_attachment_store_add_file (const char    *cache_dir,
                              GFile         *file,
                              gint64         max_bytes,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GFileIOStream) tmp_io = NULL;
  g_autoptr(GFile) tmp = NULL;
  g_autoptr(GChecksum) checksum = NULL;
  g_autoptr(GFile) dest = NULL;
  g_autoptr(GFile) dest_dir = NULL;
  g_autofree char *dest_path = NULL;
  g_autofree char *name = NULL;
  g_autofree char *sha256 = NULL;
  GOutputStream *out;
  const char *content_type;
  g_autofree char *mime = NULL;
  gint64 total = 0;
  guint8 buf[64 * 1024];

  g_return_val_if_fail (cache_dir != NULL, NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (max_bytes > 0, NULL);

  info = g_file_query_info (file,
                            G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                            G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                            G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME ","
                            G_FILE_ATTRIBUTE_STANDARD_CONTENT_TYPE,
                            G_FILE_QUERY_INFO_NONE, cancellable, error);
  if (info == NULL)
    return NULL;
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error_literal (error, HD_ATTACHMENT_STORE_ERROR, HD_ATTACHMENT_STORE_ERROR_NOT_A_FILE,
                           _("Only files can be attached, not folders or devices"));
      return NULL;
    }
  if (g_file_info_get_size (info) > max_bytes)
    {
      too_large (error, max_bytes);
      return NULL;
    }

  if (g_mkdir_with_parents (cache_dir, 0700) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   _("Could not create the attachment folder: %s"), g_strerror (errno));
      return NULL;
    }

  in = g_file_read (file, cancellable, error);
  if (in == NULL)
    return NULL;
  {
    g_autofree char *tmpl = g_build_filename (cache_dir, ".incoming-XXXXXX", NULL);
    int fd = g_mkstemp_full (tmpl, O_RDWR, 0600);

    if (fd < 0)
      {
        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                     _("Could not copy the attachment: %s"), g_strerror (errno));
        return NULL;
      }
    close (fd);
    tmp = g_file_new_for_path (tmpl);
  }
  tmp_io = g_file_open_readwrite (tmp, cancellable, error);
  if (tmp_io == NULL)
    goto fail;
  out = g_io_stream_get_output_stream (G_IO_STREAM (tmp_io));

  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  for (;;)
    {
      gssize n = g_input_stream_read (G_INPUT_STREAM (in), buf, sizeof buf, cancellable, error);

      if (n < 0)
        goto fail;
      if (n == 0)
        break;
      total += n;
      /* The size may grow while we copy: the limit holds for what is read. */
      if (total > max_bytes)
        {
          too_large (error, max_bytes);
          goto fail;
        }
      g_checksum_update (checksum, buf, n);
      if (!g_output_stream_write_all (out, buf, n, NULL, cancellable, error))
        goto fail;
    }
  if (!g_io_stream_close (G_IO_STREAM (tmp_io), cancellable, error))
    goto fail;

  sha256 = g_strdup (g_checksum_get_string (checksum));
  dest_path = hd_attachment_store_get_path (cache_dir, sha256);
  dest = g_file_new_for_path (dest_path);
  dest_dir = g_file_get_parent (dest);
  g_mkdir_with_parents (g_file_peek_path (dest_dir), 0700);
  if (g_file_query_exists (dest, cancellable))
    g_file_delete (tmp, NULL, NULL);   /* already kept: content-addressed */
  else if (!g_file_move (tmp, dest, G_FILE_COPY_NONE, cancellable, NULL, NULL, error))
    goto fail;

  name = g_strdup (g_file_info_get_display_name (info));
  content_type = g_file_info_get_content_type (info);
  mime = content_type ? g_content_type_get_mime_type (content_type) : NULL;
  return hd_attachment_new_file (name, mime ? mime : "application/octet-stream", total, sha256);

fail:
  g_file_delete (tmp, NULL, NULL);
  return NULL;
}

typedef struct {
  char *cache_dir;
  GFile *file;
  gint64 max_bytes;
} AddData;

static void
add_data_free (AddData *data)
{
  g_free (data->cache_dir);
  g_object_unref (data->file);
  g_free (data);
}

static void
add_file_thread (GTask        *task,
                 gpointer      source,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  AddData *data = task_data;
  GError *error = NULL;
  HdAttachment *attachment;

  attachment = hd_attachment_store_add_file (data->cache_dir, data->file, data->max_bytes,
                                             cancellable, &error);
  if (attachment == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, attachment, g_object_unref);
}

void
hd_attachment_store_add_file_async (const char          *cache_dir,
                                    GFile               *file,
                                    gint64               max_bytes,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  AddData *data;

  g_return_if_fail (cache_dir != NULL);
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, hd_attachment_store_add_file_async);
  data = g_new0 (AddData, 1);
  data->cache_dir = g_strdup (cache_dir);
  data->file = g_object_ref (file);
  data->max_bytes = max_bytes;
  g_task_set_task_data (task, data, (GDestroyNotify) add_data_free);
  g_task_run_in_thread (task, add_file_thread);
}

HdAttachment *
hd_attachment_store_add_file_finish (GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
