/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "hd-config-item.h"
#include "hd-test-ui.h"

char *
hd_test_make_dir (const char *template)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp (template, &error);

  g_assert_no_error (error);
  return dir;
}

void
hd_test_remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        hd_test_remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (dir);
}

HdStore *
hd_test_open_store (const char  *dir,
                    char       **path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *file = g_build_filename (dir, "tickets.db", NULL);
  HdStore *store = hd_store_open (file, &error);

  g_assert_no_error (error);
  hd_store_set_assigns_final_numbers (store, TRUE);
  if (path != NULL)
    *path = g_steal_pointer (&file);
  return store;
}

void
hd_test_drain_main_loop (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

GtkWidget *
hd_test_find_type (GtkWidget *root,
                   GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = hd_test_find_type (child, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

void
hd_test_load_app_style (void)
{
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  gtk_css_provider_load_from_resource (css, "/org/helpdesk/HelpDesk/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
on_painted (GdkFrameClock *clock,
            gboolean      *painted)
{
  *painted = TRUE;
}

void
hd_test_save_png (GtkWidget  *widget,
                  const char *path)
{
  GtkNative *native = gtk_widget_get_native (widget);
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (native));
  gboolean painted = FALSE;
  gulong id;

  id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_painted), &painted);
  gtk_widget_queue_draw (GTK_WIDGET (native));
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_PAINT);
  HD_TEST_WAIT_FOR (painted);
  g_signal_handler_disconnect (clock, id);
  {
    g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
    GtkSnapshot *snapshot = gtk_snapshot_new ();
    int width = gtk_widget_get_width (widget);
    int height = gtk_widget_get_height (widget);
    g_autoptr(GskRenderNode) node = NULL;
    g_autoptr(GdkTexture) texture = NULL;

    gdk_paintable_snapshot (paintable, snapshot, width, height);
    node = gtk_snapshot_free_to_node (snapshot);
    g_assert_nonnull (node);
    texture = gsk_renderer_render_texture (gtk_native_get_renderer (native), node,
                                           &GRAPHENE_RECT_INIT (0, 0, width, height));
    g_assert_true (gdk_texture_save_to_png (texture, path));
  }
}

void
hd_test_select_config_item (AdwComboRow *row,
                            const char  *id)
{
  GListModel *model = adw_combo_row_get_model (row);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(HdConfigItem) item = g_list_model_get_item (model, i);
      if (g_strcmp0 (hd_config_item_get_id (item), id) == 0)
        {
          adw_combo_row_set_selected (row, i);
          return;
        }
    }
  g_assert_not_reached ();
}
