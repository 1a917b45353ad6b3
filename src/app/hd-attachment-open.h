/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "hd-attachment.h"

G_BEGIN_DECLS

/*
 * Handing a stored attachment out of the content-addressed folder
 * (hd-attachment-store.c): to a file the agent picks (Save As…) or to a
 * copy in the user's cache opened with the default application (Open).
 * The blob's size and SHA-256 are checked first, off the main thread.
 */

#define HD_ATTACHMENT_OPEN_ERROR (hd_attachment_open_error_quark ())

typedef enum {
  HD_ATTACHMENT_OPEN_ERROR_NOT_DOWNLOADED, /* no blob yet: the sync brings it */
  HD_ATTACHMENT_OPEN_ERROR_DAMAGED,        /* size or SHA-256 differ from the ticket's */
  HD_ATTACHMENT_OPEN_ERROR_NOT_A_FILE,     /* an order number or error code */
} HdAttachmentOpenError;

/* Hands @file to an application; the default shows it with gtk_show_uri_full(). */
typedef void     (*HdAttachmentLauncher)     (GFile               *file,
                                              GtkWindow           *parent,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
typedef gboolean (*HdAttachmentLauncherFinish) (GtkWindow         *parent,
                                                GAsyncResult      *result,
                                                GError           **error);

GQuark    hd_attachment_open_error_quark  (void);

/* @name as a single file name: no '/', no leading '.', at most 128 bytes
 * (the extension kept), "attachment" when nothing is left. */
char     *hd_attachment_open_safe_name    (const char          *name);
/* Where Open copies @attachment under @cache_root (NULL: the user's cache,
 * ~/.cache/helpdesk/open): cache_root/SHA256-PREFIX/SAFE-NAME. */
GFile    *hd_attachment_open_get_copy     (const char          *cache_root,
                                           HdAttachment        *attachment);

/* Copies made by Open stay this long after they were last opened. */
#define HD_ATTACHMENT_OPEN_KEEP_DAYS 7

/* Removes the copies under @cache_root (NULL: the user's cache) last
 * opened before @older_than (Unix seconds), and their emptied folders;
 * returns how many. Only folders named as Open names them are looked at. */
guint     hd_attachment_open_prune_copies (const char          *cache_root,
                                           gint64               older_than);
/* The same for the user's cache with HD_ATTACHMENT_OPEN_KEEP_DAYS, in a
 * worker thread (the app starts it at startup). */
void      hd_attachment_open_prune_in_background (void);

/* Checks @attachment's blob in @dir, then copies it to @destination
 * (replaced if it exists) with g_file_copy_async(). */
void      hd_attachment_export_async      (const char          *dir,
                                           HdAttachment        *attachment,
                                           GFile               *destination,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean  hd_attachment_export_finish     (GAsyncResult        *result,
                                           GError             **error);

/* Exports to the cache copy unless it is there with the right content,
 * then opens it with the launcher. */
void      hd_attachment_open_async        (const char          *dir,
                                           HdAttachment        *attachment,
                                           GtkWindow           *parent,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
/* The cache copy that was opened, or NULL with @error. */
GFile    *hd_attachment_open_finish       (GAsyncResult        *result,
                                           GError             **error);

/* For tests: another launcher than gtk_show_uri_full() (NULL: back to it). */
void      hd_attachment_open_set_launcher (HdAttachmentLauncher       launcher,
                                           HdAttachmentLauncherFinish finish);

/* Why @error stopped Open or Save As of @attachment, in words (translated). */
char     *hd_attachment_open_describe_error (HdAttachment      *attachment,
                                             gboolean           saving,
                                             const GError      *error);

G_END_DECLS
