/* SPDX-License-Identifier: GPL-3.0-or-later */
/* HdBoardView: saved views, the filters and sort kept under a name in
 * ~/.config/helpdesk/board-views.ini (hd-board-view.c has the rest). */
#define G_LOG_DOMAIN "hd-board-view"

#include "config.h"

#include <glib/gi18n.h>

#include "hd-board-view-private.h"

static char *
views_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "helpdesk", "board-views.ini", NULL);
}

static GKeyFile *
load_views (void)
{
  g_autofree char *path = views_path ();
  GKeyFile *file = g_key_file_new ();

  g_key_file_load_from_file (file, path, G_KEY_FILE_KEEP_COMMENTS, NULL);
  return file;
}

void
hd_board_view_rebuild_views_menu (HdBoardView *self)
{
  g_autoptr(GKeyFile) file = load_views ();
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) saved = g_menu_new ();
  g_autoptr(GMenu) actions = g_menu_new ();
  g_auto(GStrv) groups = g_key_file_get_groups (file, NULL);

  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (groups[i], NULL);

      g_menu_item_set_action_and_target_value (item, "board.apply-view", g_variant_new_string (groups[i]));
      g_menu_append_item (saved, item);
    }
  g_menu_append_section (menu, _("Saved Views"), G_MENU_MODEL (saved));
  g_menu_append (actions, _("_Save Current View…"), "board.save-view");
  g_menu_append (actions, _("_Reset Filters"), "board.reset-filters");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (actions));
  gtk_menu_button_set_menu_model (self->views_button, G_MENU_MODEL (menu));
}

static void
apply_view_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  HdBoardView *self = HD_BOARD_VIEW (widget);
  g_autoptr(GKeyFile) file = load_views ();

  hd_board_filters_load (&self->filters, file, g_variant_get_string (parameter, NULL));
  hd_board_view_apply_filters (self);
}

static void
reset_filters_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  hd_board_filters_reset (&HD_BOARD_VIEW (widget)->filters);
}

static void
on_save_view_response (AdwMessageDialog *dialog,
                       const char       *response,
                       HdBoardView      *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  g_autoptr(GKeyFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;

  if (g_strcmp0 (response, "save") != 0 || name[0] == '\0')
    return;

  file = load_views ();
  hd_board_filters_save (&self->filters, file, name);

  path = views_path ();
  dir = g_path_get_dirname (path);
  g_mkdir_with_parents (dir, 0700);
  if (!g_key_file_save_to_file (file, path, &error))
    {
      hd_board_view_emit_toast (self, adw_toast_new (error->message));
      return;
    }
  hd_board_view_rebuild_views_menu (self);
}

static void
save_view_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  HdBoardView *self = HD_BOARD_VIEW (widget);
  GtkWidget *dialog, *entry;

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                   _("Save View"),
                                   _("The filters and sort order are saved under this name"));
  entry = gtk_entry_new ();
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("View name"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"), "save", _("_Save"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_save_view_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
hd_board_view_class_init_views (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "board.apply-view", "s", apply_view_activated);
  gtk_widget_class_install_action (widget_class, "board.save-view", NULL, save_view_activated);
  gtk_widget_class_install_action (widget_class, "board.reset-filters", NULL, reset_filters_activated);
}
