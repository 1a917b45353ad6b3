/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-intake"

#include "config.h"

#include <glib/gi18n.h>

#include "hd-attachment-rows.h"
#include "hd-intake-dialog-private.h"

/*
 * Attachments on the intake form (SPEC R1.3, 附件信息): files picked with the
 * portal-friendly native chooser or dropped on the form, copied into the
 * cache by content (hd-attachment-store.c) off the main thread; order numbers
 * and error codes as structured text.
 */

static void rebuild_list (HdIntakeDialog *self);

static void
on_removed (gpointer user_data)
{
  HdIntakeDialog *self = user_data;

  rebuild_list (self);
  hd_intake_dialog_changed (self);
}

static void
rebuild_list (HdIntakeDialog *self)
{
  hd_attachment_rows_fill (self->attachment_list, self->attachments, self->attachment_dir, on_removed, self);
}

static gboolean
has_room (HdIntakeDialog *self)
{
  g_autofree char *problem = hd_attachment_rows_room_problem (G_LIST_MODEL (self->attachments));

  if (problem != NULL)
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (problem));
  return problem == NULL;
}

void
hd_intake_attachments_add_text (HdIntakeDialog   *self,
                                AdwEntryRow      *row,
                                HdAttachmentKind  kind)
{
  g_autoptr(HdAttachment) attachment = NULL;

  if (*gtk_editable_get_text (GTK_EDITABLE (row)) == '\0' || !has_room (self))
    return;
  if ((attachment = hd_attachment_take_text (row, kind)) == NULL)
    return;
  g_list_store_append (self->attachments, attachment);
  rebuild_list (self);
  hd_intake_dialog_changed (self);
}

static void
add_file_done (GObject      *owner,
               HdAttachment *attachment,
               const char   *problem)
{
  HdIntakeDialog *self = HD_INTAKE_DIALOG (owner);

  self->pending_files--;
  if (problem != NULL)
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (problem));
  if (attachment == NULL || !has_room (self))
    return;
  g_list_store_append (self->attachments, attachment);
  rebuild_list (self);
  hd_intake_dialog_changed (self);
}

void
hd_intake_dialog_add_file (HdIntakeDialog *self,
                           GFile          *file)
{
  g_return_if_fail (HD_IS_INTAKE_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  if (!has_room (self))
    return;
  self->pending_files++;
  hd_attachment_copy_file (G_OBJECT (self), self->attachment_dir, file, self->cancellable, add_file_done);
}

static void
add_file (GObject *owner,
          GFile   *file)
{
  hd_intake_dialog_add_file (HD_INTAKE_DIALOG (owner), file);
}

void
hd_intake_attachments_choose (HdIntakeDialog *self)
{
  hd_attachment_chooser_show (GTK_WIDGET (self), G_OBJECT (self), add_file);
}

void
hd_intake_attachments_reload (HdIntakeDialog *self)
{
  rebuild_list (self);
}

void
hd_intake_attachments_setup (HdIntakeDialog *self)
{
  GtkDropTarget *target = hd_attachment_drop_target_new (G_OBJECT (self), add_file);

  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
}
