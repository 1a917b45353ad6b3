/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-attachments"

#include "config.h"

#include <glib/gi18n.h>

#include "hd-attachment-rows.h"
#include "hd-attachment-store.h"

static GtkWidget *
make_prefix (HdAttachment *attachment,
             const char   *dir)
{
  const char *mime = hd_attachment_get_mime_type (attachment);
  const char *icon;

  switch (hd_attachment_get_kind (attachment))
    {
    case HD_ATTACHMENT_ORDER_NUMBER:
      icon = "view-list-symbolic";
      break;
    case HD_ATTACHMENT_ERROR_CODE:
      icon = "dialog-warning-symbolic";
      break;
    case HD_ATTACHMENT_FILE:
    default:
      if (mime != NULL && g_str_has_prefix (mime, "image/"))
        {
          g_autofree char *path = hd_attachment_store_get_path (dir, hd_attachment_get_sha256 (attachment));

          if (path != NULL && g_file_test (path, G_FILE_TEST_IS_REGULAR))
            {
              GtkWidget *picture = gtk_picture_new_for_filename (path);

              gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_COVER);
              gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
              gtk_widget_set_size_request (picture, 48, 48);
              gtk_widget_set_valign (picture, GTK_ALIGN_CENTER);
              gtk_widget_set_margin_top (picture, 6);
              gtk_widget_set_margin_bottom (picture, 6);
              gtk_widget_add_css_class (picture, "card");
              gtk_accessible_update_property (GTK_ACCESSIBLE (picture),
                                              GTK_ACCESSIBLE_PROPERTY_LABEL, _("Thumbnail"), -1);
              return picture;
            }
          icon = "image-x-generic-symbolic";
          break;
        }
      icon = mime && g_str_has_prefix (mime, "video/") ? "video-x-generic-symbolic"
                                                        : "text-x-generic-symbolic";
      break;
    }
  return gtk_image_new_from_icon_name (icon);
}

GtkWidget *
hd_attachment_row_new (HdAttachment *attachment,
                       const char   *dir)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *subtitle = NULL;
  const char *title;

  g_return_val_if_fail (HD_IS_ATTACHMENT (attachment), NULL);
  g_return_val_if_fail (dir != NULL, NULL);

  switch (hd_attachment_get_kind (attachment))
    {
    case HD_ATTACHMENT_ORDER_NUMBER:
      title = hd_attachment_get_text (attachment);
      subtitle = g_strdup (_("Order number"));
      break;
    case HD_ATTACHMENT_ERROR_CODE:
      title = hd_attachment_get_text (attachment);
      subtitle = g_strdup (_("Error code"));
      break;
    case HD_ATTACHMENT_FILE:
    default:
      title = hd_attachment_get_name (attachment);
      subtitle = g_format_size (hd_attachment_get_size (attachment));
      break;
    }
  /* Names come from outside: never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title != NULL ? title : "");
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), make_prefix (attachment, dir));
  return row;
}

GtkWidget *
hd_attachment_row_add_button (AdwActionRow *row,
                              const char   *icon,
                              const char   *tooltip,
                              const char   *label)
{
  GtkWidget *button;

  g_return_val_if_fail (ADW_IS_ACTION_ROW (row), NULL);
  g_return_val_if_fail (icon != NULL && tooltip != NULL && label != NULL, NULL);

  button = gtk_button_new_from_icon_name (icon);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  adw_action_row_add_suffix (row, button);
  return button;
}

static void
on_remove_clicked (GtkButton *button,
                   gpointer   user_data)
{
  HdAttachmentRemovedFunc removed = (HdAttachmentRemovedFunc) g_object_get_data (G_OBJECT (button), "removed-func");
  GListStore *attachments = g_object_get_data (G_OBJECT (button), "attachments");
  HdAttachment *attachment = g_object_get_data (G_OBJECT (button), "attachment");
  guint position;

  if (g_list_store_find (attachments, attachment, &position))
    g_list_store_remove (attachments, position);
  /* Usually rebuilds the list, this button included: nothing after it. */
  removed (user_data);
}

void
hd_attachment_rows_fill (GtkListBox              *list,
                         GListStore              *attachments,
                         const char              *dir,
                         HdAttachmentRemovedFunc  removed,
                         gpointer                 user_data)
{
  GListModel *model = G_LIST_MODEL (attachments);
  GtkWidget *child;
  guint n;

  g_return_if_fail (GTK_IS_LIST_BOX (list));
  g_return_if_fail (G_IS_LIST_STORE (attachments));
  g_return_if_fail (removed != NULL);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);

  n = g_list_model_get_n_items (model);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HdAttachment) attachment = g_list_model_get_item (model, i);
      GtkWidget *row = hd_attachment_row_new (attachment, dir);
      g_autofree char *label = NULL;
      GtkWidget *remove;

      /* Translators: a button's accessible name; %s is the attachment's name */
      label = g_strdup_printf (_("Remove “%s”"), adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
      remove = hd_attachment_row_add_button (ADW_ACTION_ROW (row), "user-trash-symbolic",
                                             _("Remove Attachment"), label);
      g_object_set_data_full (G_OBJECT (remove), "attachment", g_object_ref (attachment), g_object_unref);
      g_object_set_data_full (G_OBJECT (remove), "attachments", g_object_ref (attachments), g_object_unref);
      g_object_set_data (G_OBJECT (remove), "removed-func", removed);
      g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_clicked), user_data);
      gtk_list_box_append (list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (list), n > 0);
}

HdAttachment *
hd_attachment_take_text (AdwEntryRow      *row,
                         HdAttachmentKind  kind)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  g_autofree char *bounded = NULL;

  if (*text == '\0')
    return NULL;
  bounded = g_utf8_substring (text, 0, MIN (g_utf8_strlen (text, -1), HD_ATTACHMENT_MAX_TEXT));
  gtk_editable_set_text (GTK_EDITABLE (row), "");
  return hd_attachment_new_text (kind, bounded);
}

char *
hd_attachment_rows_room_problem (GListModel *attachments)
{
  g_return_val_if_fail (G_IS_LIST_MODEL (attachments), NULL);

  if (g_list_model_get_n_items (attachments) < HD_ATTACHMENT_MAX_PER_TICKET)
    return NULL;
  return g_strdup_printf (_("A ticket holds at most %d attachments"), HD_ATTACHMENT_MAX_PER_TICKET);
}

static void
on_chooser_response (GtkNativeDialog *chooser,
                     int              response,
                     gpointer         user_data)
{
  HdAttachmentFileFunc func = user_data;
  GObject *owner = g_object_get_data (G_OBJECT (chooser), "owner");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          func (owner, file);
        }
    }
  g_object_unref (chooser);
}

void
hd_attachment_chooser_show (GtkWidget            *parent,
                            GObject              *owner,
                            HdAttachmentFileFunc  func)
{
  GtkRoot *root;
  GtkFileChooserNative *chooser;

  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (G_IS_OBJECT (owner));
  g_return_if_fail (func != NULL);

  root = gtk_widget_get_root (parent);
  chooser = gtk_file_chooser_native_new (_("Attach Files"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Attach"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  g_object_set_data_full (G_OBJECT (chooser), "owner", g_object_ref (owner), g_object_unref);
  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response), func);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         gpointer       user_data)
{
  HdAttachmentFileFunc func = user_data;
  GObject *owner = g_object_get_data (G_OBJECT (target), "owner");

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  for (GSList *l = g_value_get_boxed (value); l != NULL; l = l->next)
    func (owner, l->data);
  return TRUE;
}

GtkDropTarget *
hd_attachment_drop_target_new (GObject              *owner,
                               HdAttachmentFileFunc  func)
{
  GtkDropTarget *target;

  g_return_val_if_fail (G_IS_OBJECT (owner), NULL);
  g_return_val_if_fail (func != NULL, NULL);

  target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  /* The owner is the widget the target is added to: not a reference. */
  g_object_set_data (G_OBJECT (target), "owner", owner);
  g_signal_connect (target, "drop", G_CALLBACK (on_drop), func);
  return target;
}

typedef struct {
  GObject *owner;
  GFile *file;
  HdAttachmentCopiedFunc func;
} CopyContext;

static void
copy_context_free (CopyContext *ctx)
{
  g_object_unref (ctx->owner);
  g_object_unref (ctx->file);
  g_free (ctx);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CopyContext, copy_context_free)

static void
copy_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CopyContext) ctx = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(HdAttachment) attachment = hd_attachment_store_add_file_finish (result, &error);
  g_autofree char *name = NULL;
  g_autofree char *problem = NULL;

  if (attachment == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      name = g_file_get_basename (ctx->file);
      /* Translators: a file name, then why it was not attached */
      problem = g_strdup_printf (_("“%s” was not attached: %s"), name, error->message);
    }
  ctx->func (ctx->owner, attachment, problem);
}

void
hd_attachment_copy_file (GObject                *owner,
                         const char             *dir,
                         GFile                  *file,
                         GCancellable           *cancellable,
                         HdAttachmentCopiedFunc  func)
{
  CopyContext *ctx;

  g_return_if_fail (G_IS_OBJECT (owner));
  g_return_if_fail (dir != NULL);
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (func != NULL);

  ctx = g_new0 (CopyContext, 1);
  ctx->owner = g_object_ref (owner);
  ctx->file = g_object_ref (file);
  ctx->func = func;
  hd_attachment_store_add_file_async (dir, file, HD_ATTACHMENT_DEFAULT_MAX_BYTES, cancellable, copy_done, ctx);
}
