/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The intake tests' fixture and form helpers (test-intake-common.h). */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "test-intake-common.h"

static const char roster_json[] =
  "{ \"format\": 1, \"timezone\": \"Asia/Shanghai\","
  "  \"agents\": ["
  "    { \"id\": \"sup\", \"name\": \"周敏\", \"role\": \"supervisor\" },"
  "    { \"id\": \"tech\", \"name\": \"孙涛\", \"role\": \"technical_lead\" },"
  "    { \"id\": \"after\", \"name\": \"何静\", \"role\": \"after_sales_lead\" },"
  "    { \"id\": \"lead\", \"name\": \"李娜\", \"role\": \"team_lead\", \"group\": \"complaints\" },"
  "    { \"id\": \"chen\", \"name\": \"陈宇\", \"group\": \"technical\", \"skills\": [\"login\"] },"
  "    { \"id\": \"zhao\", \"name\": \"赵丽\", \"group\": \"technical\", \"skills\": [\"payment\"] },"
  "    { \"id\": \"wu\", \"name\": \"吴芳\", \"group\": \"billing\", \"skills\": [\"refund\"] }"
  "  ],"
  "  \"shifts\": [ { \"days\": [\"mon\",\"tue\",\"wed\",\"thu\",\"fri\",\"sat\",\"sun\"],"
  "                \"start\": \"00:00\", \"end\": \"24:00\", \"lead\": \"lead\" } ] }";

void
intake_fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = hd_test_make_dir ("hd-test-intake-XXXXXX");
  f->store = hd_test_open_store (f->dir, &f->path);
  f->config = hd_config_load_default (&error);
  g_assert_no_error (error);
  f->roster = hd_roster_load_data (roster_json, -1, &error);
  g_assert_no_error (error);
  f->app = adw_application_new ("org.helpdesk.HelpDesk.TestIntake", G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (f->app), NULL, &error);
  g_assert_no_error (error);
}

void
intake_fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->store);
  g_clear_object (&f->config);
  g_clear_object (&f->roster);
  g_clear_object (&f->app);
  hd_test_remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
  g_free (f->saved_uuid);
}

static void
on_saved (HdIntakeDialog *dialog, HdTicket *ticket, Fixture *f)
{
  g_free (f->saved_uuid);
  f->saved_uuid = g_strdup (hd_ticket_get_uuid (ticket));
}

HdIntakeDialog *
open_dialog_sized (Fixture *f, int height)
{
  HdIntakeDialog *dialog = hd_intake_dialog_new (NULL, f->store, f->config, f->roster, "测试坐席");
  g_autofree char *attachments = g_build_filename (f->dir, "attachments", NULL);

  if (height > 0)
    gtk_window_set_default_size (GTK_WINDOW (dialog), 720, height);
  hd_intake_dialog_set_attachment_dir (dialog, attachments);
  g_signal_connect (dialog, "ticket-saved", G_CALLBACK (on_saved), f);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

HdIntakeDialog *
open_dialog (Fixture *f)
{
  return open_dialog_sized (f, 0);
}

GtkWidget *
field (HdIntakeDialog *dialog, const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (dialog), HD_TYPE_INTAKE_DIALOG, name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

void
type_text (HdIntakeDialog *dialog, const char *name, const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (field (dialog, name)), text);
}

void
type_description (HdIntakeDialog *dialog, const char *text)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (field (dialog, "description_view")));
  gtk_text_buffer_set_text (buffer, text, -1);
}

const char *
selected_id (HdIntakeDialog *dialog, const char *name)
{
  GObject *item = adw_combo_row_get_selected_item (ADW_COMBO_ROW (field (dialog, name)));
  return HD_IS_CONFIG_ITEM (item) ? hd_config_item_get_id (HD_CONFIG_ITEM (item)) : NULL;
}

void
select_id (HdIntakeDialog *dialog, const char *name, const char *id)
{
  hd_test_select_config_item (ADW_COMBO_ROW (field (dialog, name)), id);
}

void
destroy (HdIntakeDialog *dialog)
{
  if (GTK_IS_WINDOW (dialog))
    gtk_window_destroy (GTK_WINDOW (dialog));
  hd_test_drain_main_loop ();
}
void
maybe_screenshot (HdIntakeDialog *dialog, const char *name)
{
  const char *dir = g_getenv ("HD_INTAKE_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  guint frames = 0;
  int width, height;

  if (dir == NULL)
    return;
  /* Let a few frames pass so the layout settles. */
  {
    GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (dialog));
    gint64 start = gdk_frame_clock_get_frame_counter (clock);
    HD_TEST_WAIT_FOR (gdk_frame_clock_get_frame_counter (clock) > start + 2 || (++frames > 100000));
  }
  width = gtk_widget_get_width (GTK_WIDGET (dialog));
  height = gtk_widget_get_height (GTK_WIDGET (dialog));
  paintable = gtk_widget_paintable_new (GTK_WIDGET (dialog));
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (dialog)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("wrote %s", path);
}

void
intake_test_init (int *argc, char ***argv)
{
  g_setenv ("HELPDESK_NO_KEYRING", "1", TRUE);
  gtk_test_init (argc, argv, NULL);
  adw_init ();
  /* Screenshots in another language: LANGUAGE=zh_CN HELPDESK_LOCALEDIR=<builddir>/po.
   * The assertions expect English, so only /intake/screenshot runs that way. */
  if (g_getenv ("HELPDESK_LOCALEDIR") != NULL)
    {
      setlocale (LC_ALL, "C.UTF-8");
      bindtextdomain (GETTEXT_PACKAGE, g_getenv ("HELPDESK_LOCALEDIR"));
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }
}
