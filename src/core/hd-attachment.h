/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum {
  HD_ATTACHMENT_FILE,         /* screenshot, video, log: content stored by SHA-256 */
  HD_ATTACHMENT_ORDER_NUMBER, /* structured text */
  HD_ATTACHMENT_ERROR_CODE,   /* structured text, e.g. E1002 */
} HdAttachmentKind;

/* The intake form's bounds, also checked by hd_ticket_validate(). */
#define HD_ATTACHMENT_MAX_PER_TICKET 50
#define HD_ATTACHMENT_MAX_TEXT       128  /* characters of an order number or error code */
#define HD_ATTACHMENT_MAX_NAME       255  /* characters of a file name */

#define HD_TYPE_ATTACHMENT (hd_attachment_get_type ())
G_DECLARE_FINAL_TYPE (HdAttachment, hd_attachment, HD, ATTACHMENT, GObject)

/* Metadata of one attachment (SPEC R1.3, 附件信息). Immutable once made. */
HdAttachment     *hd_attachment_new_file  (const char *name,
                                           const char *mime_type,
                                           gint64      size,
                                           const char *sha256);
HdAttachment     *hd_attachment_new_text  (HdAttachmentKind kind,
                                           const char      *text);

HdAttachmentKind  hd_attachment_get_kind      (HdAttachment *self);
const char       *hd_attachment_get_name      (HdAttachment *self);
const char       *hd_attachment_get_mime_type (HdAttachment *self);
gint64            hd_attachment_get_size      (HdAttachment *self);
const char       *hd_attachment_get_sha256    (HdAttachment *self);
const char       *hd_attachment_get_text      (HdAttachment *self);

const char       *hd_attachment_kind_to_id    (HdAttachmentKind kind);
gboolean          hd_attachment_kind_from_id  (const char *id, HdAttachmentKind *out);

/* Same kind, name, type, size, hash and text. */
gboolean          hd_attachment_equal         (HdAttachment *a,
                                               HdAttachment *b);
/* Same attachments in the same order. */
gboolean          hd_attachment_lists_equal   (GListModel   *a,
                                               GListModel   *b);
/* The position of an attachment equal to @attachment in @list. */
gboolean          hd_attachment_list_find     (GListModel   *list,
                                               HdAttachment *attachment,
                                               guint        *position);

G_END_DECLS
