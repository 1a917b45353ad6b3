/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "hd-attachment.h"

G_BEGIN_DECLS

#define HD_ATTACHMENT_STORE_ERROR (hd_attachment_store_error_quark ())

typedef enum {
  HD_ATTACHMENT_STORE_ERROR_TOO_LARGE,
  HD_ATTACHMENT_STORE_ERROR_NOT_A_FILE,
} HdAttachmentStoreError;

/* The default limit per attached file. */
#define HD_ATTACHMENT_DEFAULT_MAX_BYTES (20 * 1024 * 1024)

GQuark        hd_attachment_store_error_quark (void);

/*
 * Attached files are copied into @cache_dir under their SHA-256
 * (cache_dir/ab/abcdef…), so the same screenshot attached twice is stored
 * once and a copy can be verified. Files above @max_bytes are refused with
 * HD_ATTACHMENT_STORE_ERROR_TOO_LARGE before anything is kept.
 */
HdAttachment *hd_attachment_store_add_file        (const char          *cache_dir,
                                                   GFile               *file,
                                                   gint64               max_bytes,
                                                   GCancellable        *cancellable,
                                                   GError             **error);
void          hd_attachment_store_add_file_async  (const char          *cache_dir,
                                                   GFile               *file,
                                                   gint64               max_bytes,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
HdAttachment *hd_attachment_store_add_file_finish (GAsyncResult        *result,
                                                   GError             **error);
/* The folder the app keeps attached files in: ~/.cache/helpdesk/attachments. */
char         *hd_attachment_store_default_dir     (void);
/* Where the content of @sha256 is kept; NULL for a malformed hash. */
char         *hd_attachment_store_get_path        (const char          *cache_dir,
                                                   const char          *sha256);

G_END_DECLS
