/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-attachments"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "hd-attachment-open.h"
#include "hd-attachment-store.h"

#define SAFE_NAME_MAX   128  /* bytes of a cache copy's name */
#define SAFE_EXT_MAX    16   /* bytes of an extension kept when the name is cut */
#define COPY_DIR_PREFIX 16   /* hex digits of the SHA-256 naming a cache copy's folder */

G_DEFINE_QUARK (hd-attachment-open-error-quark, hd_attachment_open_error)

static gboolean
show_uri_finish (GtkWindow     *parent,
                 GAsyncResult  *result,
                 GError       **error)
{
  return gtk_show_uri_full_finish (parent, result, error);
}

static void
show_uri (GFile               *file,
          GtkWindow           *parent,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  g_autofree char *uri = g_file_get_uri (file);

  /* GTK 4.8: the portal in a sandbox, else the default application. */
  gtk_show_uri_full (parent, uri, GDK_CURRENT_TIME, cancellable, callback, user_data);
}

static HdAttachmentLauncher launcher = show_uri;
static HdAttachmentLauncherFinish launcher_finish = show_uri_finish;

void
hd_attachment_open_set_launcher (HdAttachmentLauncher       func,
                                 HdAttachmentLauncherFinish finish)
{
  g_return_if_fail ((func == NULL) == (finish == NULL));

  launcher = func != NULL ? func : show_uri;
  launcher_finish = finish != NULL ? finish : show_uri_finish;
}

char *
hd_attachment_open_safe_name (const char *name)
{
  g_autofree char *valid = g_utf8_make_valid (name != NULL ? name : "", -1);
  GString *safe = g_string_new (NULL);
  const char *p = valid;

  /* No hidden file, no "..": a name can only name a file in its folder. */
  while (*p == '.' || g_unichar_isspace (g_utf8_get_char (p)))
    p = g_utf8_next_char (p);
  for (; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '/' || c == '\\' || g_unichar_iscntrl (c))
        g_string_append_c (safe, '_');
      else
        g_string_append_unichar (safe, c);
    }
  if (safe->len > SAFE_NAME_MAX)
    {
      const char *dot = strrchr (safe->str, '.');
      g_autofree char *ext = dot != NULL && strlen (dot) <= SAFE_EXT_MAX ? g_strdup (dot) : g_strdup ("");
      gsize keep = SAFE_NAME_MAX - strlen (ext);

      /* Cut on a character's first byte. */
      while (keep > 0 && (safe->str[keep] & 0xC0) == 0x80)
        keep--;
      g_string_truncate (safe, keep);
      g_string_append (safe, ext);
    }
  if (safe->len == 0)
    g_string_assign (safe, "attachment");
  return g_string_free (safe, FALSE);
}

/* Where Open keeps its copies: @cache_root, or the user's cache. */
static char *
copies_root (const char *cache_root)
{
  return cache_root != NULL ? g_strdup (cache_root)
                            : g_build_filename (g_get_user_cache_dir (), "helpdesk", "open", NULL);
}

GFile *
hd_attachment_open_get_copy (const char   *cache_root,
                             HdAttachment *attachment)
{
  g_autofree char *root = NULL;
  g_autofree char *name = NULL;
  g_autofree char *folder = NULL;
  const char *sha256;

  g_return_val_if_fail (HD_IS_ATTACHMENT (attachment), NULL);

  root = copies_root (cache_root);
  sha256 = hd_attachment_get_sha256 (attachment);
  folder = sha256 != NULL && strlen (sha256) >= COPY_DIR_PREFIX ? g_strndup (sha256, COPY_DIR_PREFIX)
                                                                : g_strdup ("unknown");
  /* A hash from outside is not trusted with a path either. */
  for (char *c = folder; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c))
      *c = '_';
  name = hd_attachment_open_safe_name (hd_attachment_get_name (attachment));
  return g_file_new_build_filename (root, folder, name, NULL);
}

/* Whether @file holds @attachment's content: its size, then its SHA-256.
 * A missing @file is NOT_DOWNLOADED, a different one DAMAGED. */
static gboolean
check_content (GFile         *file,
               HdAttachment  *attachment,
               GCancellable  *cancellable,
               GError       **error)
{
  const char *name = hd_attachment_get_name (attachment);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GChecksum) checksum = NULL;
  guint8 buf[64 * 1024];
  gssize n;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, cancellable, &local_error);
  if (info == NULL)
    {
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_set_error (error, HD_ATTACHMENT_OPEN_ERROR, HD_ATTACHMENT_OPEN_ERROR_NOT_DOWNLOADED,
                   /* Translators: %s is an attachment's file name */
                   _("“%s” is not downloaded yet: it arrives with the next sync"), name);
      return FALSE;
    }
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR ||
      g_file_info_get_size (info) != hd_attachment_get_size (attachment))
    goto damaged;

  in = g_file_read (file, cancellable, error);
  if (in == NULL)
    return FALSE;
  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  while ((n = g_input_stream_read (G_INPUT_STREAM (in), buf, sizeof buf, cancellable, error)) > 0)
    g_checksum_update (checksum, buf, n);
  if (n < 0)
    return FALSE;
  if (g_strcmp0 (g_checksum_get_string (checksum), hd_attachment_get_sha256 (attachment)) == 0)
    return TRUE;

damaged:
  g_set_error (error, HD_ATTACHMENT_OPEN_ERROR, HD_ATTACHMENT_OPEN_ERROR_DAMAGED,
               /* Translators: %s is an attachment's file name */
               _("The copy of “%s” on this computer is damaged: it does not match the ticket"), name);
  return FALSE;
}

/* An export's or an open's task data. */
typedef struct {
  char *dir;
  HdAttachment *attachment;
  GFile *blob;                  /* export: the checked file in @dir */
  GFile *target;                /* the copy: the chosen file, or in the cache */
  GtkWindow *parent;            /* open: for the launcher */
} Job;

static Job *
job_new (const char   *dir,
         HdAttachment *attachment,
         GFile        *target)
{
  Job *job = g_new0 (Job, 1);

  job->dir = g_strdup (dir);
  job->attachment = g_object_ref (attachment);
  job->target = g_object_ref (target);
  return job;
}

static void
job_free (Job *job)
{
  g_free (job->dir);
  g_clear_object (&job->attachment);
  g_clear_object (&job->blob);
  g_clear_object (&job->target);
  g_clear_object (&job->parent);
  g_free (job);
}

static void
check_blob_thread (GTask        *task,
                   gpointer      source,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  Job *data = task_data;
  GError *error = NULL;

  if (check_content (data->blob, data->attachment, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
copy_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (g_file_copy_finish (G_FILE (source), result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
blob_checked (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Job *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }
  /* The chooser asked before replacing; a cache copy is ours to replace. */
  g_file_copy_async (data->blob, data->target,
                     G_FILE_COPY_OVERWRITE | G_FILE_COPY_TARGET_DEFAULT_PERMS,
                     G_PRIORITY_DEFAULT, g_task_get_cancellable (task), NULL, NULL,
                     copy_done, g_object_ref (task));
}

void
hd_attachment_export_async (const char          *dir,
                            HdAttachment        *attachment,
                            GFile               *destination,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) check = NULL;
  g_autofree char *path = NULL;
  Job *data;

  g_return_if_fail (dir != NULL);
  g_return_if_fail (HD_IS_ATTACHMENT (attachment));
  g_return_if_fail (G_IS_FILE (destination));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, hd_attachment_export_async);
  if (hd_attachment_get_kind (attachment) != HD_ATTACHMENT_FILE)
    {
      g_task_return_new_error (task, HD_ATTACHMENT_OPEN_ERROR, HD_ATTACHMENT_OPEN_ERROR_NOT_A_FILE,
                               _("Only attached files can be opened or saved"));
      return;
    }
  path = hd_attachment_store_get_path (dir, hd_attachment_get_sha256 (attachment));
  data = job_new (dir, attachment, destination);
  /* A malformed hash names no blob: as damaged as a wrong one. */
  data->blob = g_file_new_for_path (path != NULL ? path : "/");
  g_task_set_task_data (task, data, (GDestroyNotify) job_free);

  check = g_task_new (NULL, cancellable, blob_checked, g_steal_pointer (&task));
  g_task_set_task_data (check, data, NULL);
  g_task_run_in_thread (check, check_blob_thread);
}

gboolean
hd_attachment_export_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == hd_attachment_export_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
launched (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Job *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (launcher_finish (data->parent, result, &error))
    g_task_return_pointer (task, g_object_ref (data->target), g_object_unref);
  else
    g_task_return_error (task, error);
}

static void
launch (GTask *task)
{
  Job *data = g_task_get_task_data (task);

  if (g_task_return_error_if_cancelled (task))
    return;
  launcher (data->target, data->parent, g_task_get_cancellable (task), launched, g_object_ref (task));
}

static void
exported (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (hd_attachment_export_finish (result, &error))
    launch (task);
  else
    g_task_return_error (task, error);
}

/* TRUE when the cache copy is already right; makes its folder otherwise. */
static void
check_copy_thread (GTask        *task,
                   gpointer      source,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  Job *data = task_data;
  g_autoptr(GFile) folder = g_file_get_parent (data->target);
  GError *error = NULL;

  if (check_content (data->target, data->attachment, cancellable, NULL))
    {
      /* Opened again: kept as long as a new copy (see prune). */
      g_file_set_attribute_uint64 (data->target, G_FILE_ATTRIBUTE_TIME_MODIFIED,
                                   (guint64) (g_get_real_time () / G_USEC_PER_SEC),
                                   G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, cancellable, NULL);
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (g_mkdir_with_parents (g_file_peek_path (folder), 0700) != 0)
    {
      int saved = errno;

      g_set_error (&error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create a folder for the copy: %s"), g_strerror (saved));
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, FALSE);
}

static void
copy_checked (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Job *data = g_task_get_task_data (task);
  GError *error = NULL;
  gboolean current = g_task_propagate_boolean (G_TASK (result), &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else if (current)
    launch (task);
  else
    hd_attachment_export_async (data->dir, data->attachment, data->target, g_task_get_cancellable (task),
                                exported, g_object_ref (task));
}

void
hd_attachment_open_async (const char          *dir,
                          HdAttachment        *attachment,
                          GtkWindow           *parent,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) check = NULL;
  g_autoptr(GFile) copy = NULL;
  Job *data;

  g_return_if_fail (dir != NULL);
  g_return_if_fail (HD_IS_ATTACHMENT (attachment));
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, hd_attachment_open_async);
  copy = hd_attachment_open_get_copy (NULL, attachment);
  data = job_new (dir, attachment, copy);
  data->parent = parent != NULL ? g_object_ref (parent) : NULL;
  g_task_set_task_data (task, data, (GDestroyNotify) job_free);
  if (hd_attachment_get_kind (attachment) != HD_ATTACHMENT_FILE)
    {
      /* The export says why. */
      hd_attachment_export_async (dir, attachment, data->target, cancellable, exported, g_steal_pointer (&task));
      return;
    }

  check = g_task_new (NULL, cancellable, copy_checked, g_steal_pointer (&task));
  g_task_set_task_data (check, data, NULL);
  g_task_run_in_thread (check, check_copy_thread);
}

GFile *
hd_attachment_open_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == hd_attachment_open_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

char *
hd_attachment_open_describe_error (HdAttachment *attachment,
                                   gboolean      saving,
                                   const GError *error)
{
  const char *name;

  g_return_val_if_fail (HD_IS_ATTACHMENT (attachment), NULL);
  g_return_val_if_fail (error != NULL, NULL);

  /* Ours are whole sentences already. */
  if (error->domain == HD_ATTACHMENT_OPEN_ERROR)
    return g_strdup (error->message);
  name = hd_attachment_get_name (attachment);
  if (saving)
    /* Translators: an attachment's file name, then why (e.g. "No space left on device") */
    return g_strdup_printf (_("“%s” was not saved: %s"), name, error->message);
  /* Translators: an attachment's file name, then why */
  return g_strdup_printf (_("“%s” could not be opened: %s"), name, error->message);
}

/* Copies --------------------------------------------------------------------- */

guint
hd_attachment_open_prune_copies (const char *cache_root,
                                 gint64      older_than)
{
  g_autofree char *root = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *folder_name;
  guint removed = 0;

  root = copies_root (cache_root);
  if ((dir = g_dir_open (root, 0, NULL)) == NULL)
    return 0;
  while ((folder_name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *folder = g_build_filename (root, folder_name, NULL);
      g_autoptr(GDir) copies = NULL;
      const char *name;

      /* Only the folders Open makes: a SHA-256 prefix each. */
      if (strlen (folder_name) != COPY_DIR_PREFIX || !g_file_test (folder, G_FILE_TEST_IS_DIR) ||
          g_file_test (folder, G_FILE_TEST_IS_SYMLINK) || (copies = g_dir_open (folder, 0, NULL)) == NULL)
        continue;
      while ((name = g_dir_read_name (copies)) != NULL)
        {
          g_autofree char *path = g_build_filename (folder, name, NULL);
          GStatBuf st;

          if (!g_file_test (path, G_FILE_TEST_IS_SYMLINK) && g_stat (path, &st) == 0 &&
              S_ISREG (st.st_mode) && st.st_mtime < older_than && g_unlink (path) == 0)
            removed++;
        }
      /* Fails while a copy is left in it. */
      g_rmdir (folder);
    }
  return removed;
}

static void
prune_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  guint removed = hd_attachment_open_prune_copies (NULL, g_get_real_time () / G_USEC_PER_SEC -
                                                         HD_ATTACHMENT_OPEN_KEEP_DAYS * 24 * 3600);

  if (removed > 0)
    g_debug ("Removed %u copies of opened attachments", removed);
}

void
hd_attachment_open_prune_in_background (void)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, NULL, NULL);

  g_task_set_source_tag (task, hd_attachment_open_prune_in_background);
  g_task_run_in_thread (task, prune_thread);
}
