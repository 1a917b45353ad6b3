/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "hd-attachment.h"

G_BEGIN_DECLS

/*
 * The attachment widgets shared by the intake form and the ticket view's
 * editor: a row per attachment, the native file chooser, dropped files and
 * the copy into the content-addressed folder (hd-attachment-store.c).
 */

typedef void (*HdAttachmentRemovedFunc) (gpointer     user_data);
typedef void (*HdAttachmentFileFunc)   (GObject      *owner,
                                        GFile        *file);
/* @attachment when copied, else @problem (translated) names why not; both
 * NULL when cancelled. */
typedef void (*HdAttachmentCopiedFunc) (GObject      *owner,
                                        HdAttachment *attachment,
                                        const char   *problem);

/* Title (the name, or the text of an order number or error code), the size
 * or kind under it, a thumbnail for an image kept in @dir. */
GtkWidget     *hd_attachment_row_new          (HdAttachment           *attachment,
                                               const char             *dir);
/* A flat button with @icon at the end of @row: @tooltip on hover,
 * @label (translated, naming the attachment) for screen readers. */
GtkWidget     *hd_attachment_row_add_button   (AdwActionRow           *row,
                                               const char             *icon,
                                               const char             *tooltip,
                                               const char             *label);
/* @list emptied and given a row per item of @attachments, each with a
 * Remove button that takes it out of @attachments, then calls @removed
 * (which usually fills the list again); hidden when there are none. */
void           hd_attachment_rows_fill        (GtkListBox             *list,
                                               GListStore             *attachments,
                                               const char             *dir,
                                               HdAttachmentRemovedFunc removed,
                                               gpointer                user_data);
/* The order number or error code typed in @row as an attachment of @kind
 * (trimmed, at most HD_ATTACHMENT_MAX_TEXT characters), @row emptied;
 * NULL when @row holds nothing. */
HdAttachment  *hd_attachment_take_text        (AdwEntryRow            *row,
                                               HdAttachmentKind        kind);
/* Why @attachments can take no more (translated), or NULL. */
char          *hd_attachment_rows_room_problem (GListModel            *attachments);
/* The native chooser (portal-aware) for several files, modal to @parent's
 * window; @func gets each file picked. @owner is kept until it closes. */
void           hd_attachment_chooser_show     (GtkWidget              *parent,
                                               GObject                *owner,
                                               HdAttachmentFileFunc    func);
/* Files dropped on the widget the target is added to go to @func. */
GtkDropTarget *hd_attachment_drop_target_new  (GObject                *owner,
                                               HdAttachmentFileFunc    func);
/* Copies @file into @dir off the main thread, under the 20 MiB limit. */
void           hd_attachment_copy_file        (GObject                *owner,
                                               const char             *dir,
                                               GFile                  *file,
                                               GCancellable           *cancellable,
                                               HdAttachmentCopiedFunc  func);

G_END_DECLS
