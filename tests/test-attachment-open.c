/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Opening, saving and copying a ticket's attachments from the ticket view
 * (hd-attachment-open.c) under Xvfb: the blob is checked (size, SHA-256)
 * before any copy leaves the attachment folder, a tampered or missing one
 * is refused in words, the cache copy stays inside its folder whatever
 * the name, and the view's buttons are named and focusable.
 *
 * Most tests inject a launcher (hd_attachment_open_set_launcher) and check
 * the GFile that would be handed to gtk_show_uri_full(); /open/launch runs
 * the real one against a stand-in application: XDG_DATA_HOME holds its
 * desktop file, XDG_CONFIG_HOME's mimeapps.list makes it the default for
 * text/plain, so no real viewer starts. */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "hd-attachment-open.h"
#include "hd-attachment-store.h"
#include "hd-config.h"
#include "hd-test-ui.h"
#include "hd-ticket-fields.h"
#include "hd-ticket-view.h"

#define TRACE "connect() timed out, E1002\nretrying in 5 s\n"

static char *xdg_root;          /* XDG_{CACHE,DATA,CONFIG}_HOME for the whole run */
static char *cache_home;
static GFile *launched;         /* what the fake launcher was given */
static guint n_launched;

static void
fake_launch (GFile               *file,
             GtkWindow           *parent,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (parent, cancellable, callback, user_data);

  g_set_object (&launched, file);
  n_launched++;
  g_task_return_boolean (task, TRUE);
}

static gboolean
fake_launch_finish (GtkWindow     *parent,
                    GAsyncResult  *result,
                    GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct {
  char *dir;
  char *blobs;
  HdStore *store;
  HdConfig *config;
  GtkWindow *window;
  HdTicketView *view;
  HdTicketFields *fields;
  HdAttachment *trace;          /* stored */
  HdAttachment *evil;           /* same content, a name that climbs out */
  HdAttachment *missing;        /* not downloaded yet */
  HdAttachment *order;          /* an order number */
  GPtrArray *toasts;
} Fixture;

static void
on_toast (HdTicketFields *fields, AdwToast *toast, GPtrArray *toasts)
{
  g_ptr_array_add (toasts, g_strdup (adw_toast_get_title (toast)));
}

static HdAttachment *
store_file (Fixture *f, const char *name, const char *contents)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  HdAttachment *attachment;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  attachment = hd_attachment_store_add_file (f->blobs, file, HD_ATTACHMENT_DEFAULT_MAX_BYTES, NULL, &error);
  g_assert_no_error (error);
  return attachment;
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdTicket) ticket = hd_ticket_new ();
  g_autofree char *absent = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "never synced", -1);
  GListStore *list = hd_ticket_get_attachments (ticket);

  f->dir = hd_test_make_dir ("hd-test-attachment-open-XXXXXX");
  f->blobs = g_build_filename (f->dir, "attachments", NULL);
  f->store = hd_test_open_store (f->dir, NULL);
  f->config = hd_config_load_default (&error);
  g_assert_no_error (error);
  f->toasts = g_ptr_array_new_with_free_func (g_free);

  f->trace = store_file (f, "trace.txt", TRACE);
  f->evil = hd_attachment_new_file ("../../etc/passwd", "text/plain", strlen (TRACE),
                                    hd_attachment_get_sha256 (f->trace));
  f->missing = hd_attachment_new_file ("screen.png", "image/png", 12, absent);
  f->order = hd_attachment_new_text (HD_ATTACHMENT_ORDER_NUMBER, "SO-2026-00417");

  hd_ticket_set_customer_label (ticket, "客户A-2026");
  hd_ticket_set_contact (ticket, "1234");
  hd_ticket_set_description (ticket, "导出订单时报错 E1002，附上日志和截图。");
  hd_ticket_set_type_l1 (ticket, "fault");
  hd_ticket_set_priority (ticket, "medium");
  hd_ticket_set_created_at (ticket, g_get_real_time () / G_USEC_PER_SEC);
  g_list_store_append (list, f->trace);
  /* (Left out of the screenshot, which shows what agents usually see.) */
  if (data == NULL)
    g_list_store_append (list, f->evil);
  g_list_store_append (list, f->missing);
  g_list_store_append (list, f->order);
  g_assert_true (hd_store_create_ticket (f->store, ticket, "张伟", &error));
  g_assert_no_error (error);

  if (g_getenv ("HD_SCREENSHOT_DIR") != NULL)
    hd_test_load_app_style ();

  f->view = hd_ticket_view_new (f->store, f->config, "王芳");
  f->fields = HD_TICKET_FIELDS (hd_test_find_type (GTK_WIDGET (f->view), HD_TYPE_TICKET_FIELDS));
  g_assert_nonnull (f->fields);
  hd_ticket_fields_set_attachment_dir (f->fields, f->blobs);
  g_signal_connect (f->fields, "toast", G_CALLBACK (on_toast), f->toasts);
  f->window = GTK_WINDOW (gtk_window_new ());
  /* Tall enough that the attachments, after the fields, are laid out. */
  gtk_window_set_default_size (f->window, 620, 1400);
  gtk_window_set_child (f->window, GTK_WIDGET (f->view));
  gtk_window_present (f->window);
  hd_ticket_view_set_uuid (f->view, hd_ticket_get_uuid (ticket));
  HD_TEST_WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (f->view)));

  g_clear_object (&launched);
  n_launched = 0;
  hd_attachment_open_set_launcher (fake_launch, fake_launch_finish);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autofree char *open_dir = g_build_filename (cache_home, "helpdesk", "open", NULL);

  if (f->window != NULL)
    gtk_window_destroy (f->window);
  hd_test_drain_main_loop ();
  g_clear_object (&f->store);
  g_clear_object (&f->config);
  g_clear_object (&f->trace);
  g_clear_object (&f->evil);
  g_clear_object (&f->missing);
  g_clear_object (&f->order);
  g_clear_pointer (&f->toasts, g_ptr_array_unref);
  hd_test_remove_tree (f->dir);
  hd_test_remove_tree (open_dir);
  g_free (f->dir);
  g_free (f->blobs);
  g_clear_object (&launched);
}

static void
on_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* hd_attachment_export_async() run to its end. */
static gboolean
export (Fixture *f, HdAttachment *attachment, GFile *destination, GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  hd_attachment_export_async (f->blobs, attachment, destination, NULL, on_done, &result);
  HD_TEST_WAIT_FOR (result != NULL);
  return hd_attachment_export_finish (result, error);
}

static char *
read_file (GFile *file)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_assert_true (g_file_load_contents (file, NULL, &contents, NULL, NULL, &error));
  g_assert_no_error (error);
  return contents;
}

static void
write_file (const char *path, const char *contents)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static char *
blob_path (Fixture *f, HdAttachment *attachment)
{
  return hd_attachment_store_get_path (f->blobs, hd_attachment_get_sha256 (attachment));
}

static void
test_export (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "saved.txt", NULL);
  g_autofree char *blob = blob_path (f, f->trace);
  g_autofree char *contents = NULL;
  g_autofree char *tampered = g_strdup (TRACE);
  g_autoptr(GFile) destination = g_file_new_for_path (path);

  /* The bytes, and again over the file now there. */
  g_assert_true (export (f, f->trace, destination, &error));
  g_assert_no_error (error);
  contents = read_file (destination);
  g_assert_cmpstr (contents, ==, TRACE);
  write_file (path, "something else");
  g_assert_true (export (f, f->trace, destination, &error));
  g_assert_no_error (error);
  g_clear_pointer (&contents, g_free);
  contents = read_file (destination);
  g_assert_cmpstr (contents, ==, TRACE);
  g_assert_cmpint (g_unlink (path), ==, 0);

  /* Tampered (same size) and truncated blobs: refused, nothing written. */
  tampered[0] = 'C';
  g_chmod (blob, 0600);
  write_file (blob, tampered);
  g_assert_false (export (f, f->trace, destination, &error));
  g_assert_error (error, HD_ATTACHMENT_OPEN_ERROR, HD_ATTACHMENT_OPEN_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "damaged"));
  g_assert_false (g_file_query_exists (destination, NULL));
  g_clear_error (&error);
  write_file (blob, "connect()");
  g_assert_false (export (f, f->trace, destination, &error));
  g_assert_error (error, HD_ATTACHMENT_OPEN_ERROR, HD_ATTACHMENT_OPEN_ERROR_DAMAGED);
  g_assert_false (g_file_query_exists (destination, NULL));
  g_clear_error (&error);

  /* Not downloaded yet. */
  g_assert_false (export (f, f->missing, destination, &error));
  g_assert_error (error, HD_ATTACHMENT_OPEN_ERROR, HD_ATTACHMENT_OPEN_ERROR_NOT_DOWNLOADED);
  g_assert_cmpstr (error->message, ==, "“screen.png” is not downloaded yet: it arrives with the next sync");
  g_clear_error (&error);

  /* An order number has no file. */
  g_assert_false (export (f, f->order, destination, &error));
  g_assert_error (error, HD_ATTACHMENT_OPEN_ERROR, HD_ATTACHMENT_OPEN_ERROR_NOT_A_FILE);
}

static void
test_safe_name (void)
{
  g_autofree char *root = g_build_filename (cache_home, "helpdesk", "open", NULL);
  g_autoptr(GFile) root_file = g_file_new_for_path (root);
  g_autoptr(HdAttachment) evil = hd_attachment_new_file ("../../etc/passwd", "text/plain", 1,
                                                         "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
  g_autoptr(GFile) copy = hd_attachment_open_get_copy (NULL, evil);
  g_autoptr(GFile) folder = g_file_get_parent (copy);
  g_autoptr(GString) long_name = g_string_new (NULL);
  g_autofree char *name = NULL;

  /* Inside cache/helpdesk/open/SHA-PREFIX/, named without a path. */
  g_assert_true (g_file_has_parent (folder, root_file));
  g_assert_cmpstr (g_file_peek_path (folder) + strlen (root) + 1, ==, "0123456789abcdef");
  name = g_file_get_basename (copy);
  g_assert_null (strchr (name, '/'));
  g_assert_cmpint (name[0], !=, '.');
  g_assert_cmpstr (name, ==, "_.._etc_passwd");
  g_clear_pointer (&name, g_free);

  name = hd_attachment_open_safe_name (".bashrc");
  g_assert_cmpstr (name, ==, "bashrc");
  g_clear_pointer (&name, g_free);
  name = hd_attachment_open_safe_name ("..");
  g_assert_cmpstr (name, ==, "attachment");
  g_clear_pointer (&name, g_free);
  name = hd_attachment_open_safe_name ("a\\b\nc.log");
  g_assert_cmpstr (name, ==, "a_b_c.log");
  g_clear_pointer (&name, g_free);

  /* Long names are cut on a character, the extension kept. */
  for (int i = 0; i < 100; i++)
    g_string_append (long_name, "日志");
  g_string_append (long_name, ".txt");
  name = hd_attachment_open_safe_name (long_name->str);
  g_assert_cmpuint (strlen (name), <=, 128);
  g_assert_true (g_utf8_validate (name, -1, NULL));
  g_assert_true (g_str_has_suffix (name, ".txt"));
  g_assert_true (g_str_has_prefix (name, "日志日志"));
}

/* The button of the view row titled @title whose tooltip is @tooltip. */
static GtkWidget *
row_button (Fixture *f, const char *title, const char *tooltip)
{
  GtkWidget *list = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (f->fields), HD_TYPE_TICKET_FIELDS,
                                                               "view_list"));

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *stack[64];
      int top = 0;

      if (!ADW_IS_ACTION_ROW (row) ||
          g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), title) != 0)
        continue;
      stack[top++] = row;
      while (top > 0)
        {
          GtkWidget *w = stack[--top];

          if (GTK_IS_BUTTON (w) && g_strcmp0 (gtk_widget_get_tooltip_text (w), tooltip) == 0)
            return w;
          for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL && top < 64; c = gtk_widget_get_next_sibling (c))
            stack[top++] = c;
        }
    }
  return NULL;
}

static void
click (GtkWidget *button)
{
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_focusable (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  gtk_widget_activate (button);
}

static const char *
last_toast (Fixture *f)
{
  return f->toasts->len > 0 ? g_ptr_array_index (f->toasts, f->toasts->len - 1) : NULL;
}

static void
test_open (Fixture *f, gconstpointer data)
{
  g_autofree char *root = g_build_filename (cache_home, "helpdesk", "open", NULL);
  g_autoptr(GFile) root_file = g_file_new_for_path (root);
  g_autoptr(GFile) expected = hd_attachment_open_get_copy (NULL, f->trace);
  g_autoptr(GFile) folder = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *blob = blob_path (f, f->trace);
  g_autofree char *tampered = g_strdup (TRACE);

  /* Open: copied to the cache and handed to the launcher. */
  click (row_button (f, "trace.txt", "Open"));
  HD_TEST_WAIT_FOR (n_launched == 1);
  g_assert_true (g_file_equal (launched, expected));
  contents = read_file (launched);
  g_assert_cmpstr (contents, ==, TRACE);

  /* A copy changed since (an editor saved over it) is copied again. */
  write_file (g_file_peek_path (expected), "edited in place, same-ish size......\n");
  click (row_button (f, "trace.txt", "Open"));
  HD_TEST_WAIT_FOR (n_launched == 2);
  g_clear_pointer (&contents, g_free);
  contents = read_file (launched);
  g_assert_cmpstr (contents, ==, TRACE);

  /* The climbing name stays in its folder under the cache. */
  click (row_button (f, "../../etc/passwd", "Open"));
  HD_TEST_WAIT_FOR (n_launched == 3);
  folder = g_file_get_parent (launched);
  g_assert_true (g_file_has_parent (folder, root_file));
  g_assert_true (g_str_has_prefix (g_file_peek_path (launched), root));

  /* Not downloaded: said so, nothing launched. */
  click (row_button (f, "screen.png", "Open"));
  HD_TEST_WAIT_FOR (f->toasts->len == 1);
  g_assert_cmpstr (last_toast (f), ==, "“screen.png” is not downloaded yet: it arrives with the next sync");
  g_assert_cmpuint (n_launched, ==, 3);

  /* A tampered blob (and a cache copy gone): refused, nothing launched. */
  g_assert_true (g_file_delete (expected, NULL, NULL));
  tampered[3] = 'X';
  write_file (blob, tampered);
  click (row_button (f, "trace.txt", "Open"));
  HD_TEST_WAIT_FOR (f->toasts->len == 2);
  g_assert_cmpstr (last_toast (f), ==,
                   "The copy of “trace.txt” on this computer is damaged: it does not match the ticket");
  g_assert_cmpuint (n_launched, ==, 3);
  g_assert_false (g_file_query_exists (expected, NULL));
}

static void
set_mtime (const char *path,
           gint64      when)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  g_assert_true (g_file_set_attribute_uint64 (file, G_FILE_ATTRIBUTE_TIME_MODIFIED, (guint64) when,
                                              G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL));
}

/* Copies made by Open go a week after they were last opened; what Open
 * did not make stays. */
static void
test_prune (Fixture *f, gconstpointer data)
{
  g_autofree char *root = g_build_filename (cache_home, "helpdesk", "open", NULL);
  g_autofree char *foreign_dir = g_build_filename (root, "not-a-copy", NULL);
  g_autofree char *foreign = g_build_filename (foreign_dir, "keep.txt", NULL);
  g_autoptr(GFile) copy = hd_attachment_open_get_copy (NULL, f->trace);
  g_autoptr(GFile) folder = g_file_get_parent (copy);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 week = HD_ATTACHMENT_OPEN_KEEP_DAYS * 24 * 3600;
  guint before = n_launched;

  click (row_button (f, "trace.txt", "Open"));
  HD_TEST_WAIT_FOR (n_launched == before + 1);
  g_assert_true (g_file_query_exists (copy, NULL));

  /* Copied eight days ago and opened again now: kept. */
  set_mtime (g_file_peek_path (copy), now - week - 24 * 3600);
  click (row_button (f, "trace.txt", "Open"));
  HD_TEST_WAIT_FOR (n_launched == before + 2);
  g_assert_cmpuint (hd_attachment_open_prune_copies (NULL, now - week), ==, 0);
  g_assert_true (g_file_query_exists (copy, NULL));

  /* Not opened for eight days: removed with its folder. */
  g_assert_cmpint (g_mkdir_with_parents (foreign_dir, 0700), ==, 0);
  write_file (foreign, "not ours");
  set_mtime (foreign, now - 30 * 24 * 3600);
  set_mtime (g_file_peek_path (copy), now - week - 24 * 3600);
  g_assert_cmpuint (hd_attachment_open_prune_copies (NULL, now - week), ==, 1);
  g_assert_false (g_file_query_exists (copy, NULL));
  g_assert_false (g_file_query_exists (folder, NULL));
  g_assert_true (g_file_test (foreign, G_FILE_TEST_IS_REGULAR));
}

/* The stand-in viewer writes the path it was given to xdg_root/launched. */
static void
install_viewer (void)
{
  g_autofree char *script = g_build_filename (xdg_root, "viewer.sh", NULL);
  g_autofree char *apps = g_build_filename (xdg_root, "data", "applications", NULL);
  g_autofree char *desktop = g_build_filename (apps, "hd-test-viewer.desktop", NULL);
  g_autofree char *config = g_build_filename (xdg_root, "config", NULL);
  g_autofree char *mimeapps = g_build_filename (config, "mimeapps.list", NULL);
  g_autofree char *script_text = NULL;
  g_autofree char *desktop_text = NULL;

  script_text = g_strdup_printf ("#!/bin/sh\nprintf '%%s' \"$1\" > %s/launched.part && mv %s/launched.part %s/launched\n",
                                 xdg_root, xdg_root, xdg_root);
  write_file (script, script_text);
  g_assert_cmpint (g_chmod (script, 0755), ==, 0);
  desktop_text = g_strdup_printf ("[Desktop Entry]\nType=Application\nName=Viewer\nExec=%s %%f\n"
                                  "MimeType=text/plain;\nNoDisplay=true\n", script);
  g_assert_cmpint (g_mkdir_with_parents (apps, 0700), ==, 0);
  write_file (desktop, desktop_text);
  g_assert_cmpint (g_mkdir_with_parents (config, 0700), ==, 0);
  write_file (mimeapps, "[Default Applications]\ntext/plain=hd-test-viewer.desktop\n");
}

static void
test_launch (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GFile) copy = NULL;
  g_autofree char *marker = g_build_filename (xdg_root, "launched", NULL);
  g_autofree char *given = NULL;

  hd_attachment_open_set_launcher (NULL, NULL);
  hd_attachment_open_async (f->blobs, f->trace, f->window, NULL, on_done, &result);
  HD_TEST_WAIT_FOR (result != NULL);
  copy = hd_attachment_open_finish (result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (copy);
  HD_TEST_WAIT_FOR (g_file_test (marker, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_get_contents (marker, &given, NULL, &error));
  g_assert_cmpstr (given, ==, g_file_peek_path (copy));
  g_unlink (marker);
}

static void
test_save_as (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "saved-trace.txt", NULL);
  g_autofree char *locked = g_build_filename (f->dir, "locked", NULL);
  g_autofree char *locked_path = g_build_filename (locked, "trace.txt", NULL);
  g_autoptr(GFile) destination = g_file_new_for_path (path);
  g_autoptr(GFile) locked_file = g_file_new_for_path (locked_path);
  g_autofree char *contents = NULL;

  /* The button is there and named; the chooser's answer goes here. */
  g_assert_nonnull (row_button (f, "trace.txt", "Save As…"));
  g_assert_true (gtk_widget_get_focusable (row_button (f, "trace.txt", "Save As…")));
  g_assert_null (row_button (f, "SO-2026-00417", "Save As…"));
  hd_ticket_fields_save_attachment_to (f->fields, f->trace, destination);
  HD_TEST_WAIT_FOR (f->toasts->len == 1);
  g_assert_cmpstr (last_toast (f), ==, "Saved “trace.txt”");
  contents = read_file (destination);
  g_assert_cmpstr (contents, ==, TRACE);

  /* A folder that cannot be written: why, in words. */
  g_assert_cmpint (g_mkdir (locked, 0500), ==, 0);
  hd_ticket_fields_save_attachment_to (f->fields, f->trace, locked_file);
  HD_TEST_WAIT_FOR (f->toasts->len == 2);
  if (getuid () != 0)  /* root writes anyway */
    {
      g_assert_true (g_str_has_prefix (last_toast (f), "“trace.txt” was not saved: "));
      g_assert_false (g_file_query_exists (locked_file, NULL));
    }
  g_chmod (locked, 0700);

  /* Not downloaded: nothing written. */
  g_assert_true (g_file_delete (destination, NULL, NULL));
  hd_ticket_fields_save_attachment_to (f->fields, f->missing, destination);
  HD_TEST_WAIT_FOR (f->toasts->len == 3);
  g_assert_nonnull (strstr (last_toast (f), "not downloaded yet"));
  g_assert_false (g_file_query_exists (destination, NULL));

  /* Closing the window while a save runs cancels it: no toast, no crash. */
  hd_ticket_fields_save_attachment_to (f->fields, f->trace, destination);
  gtk_window_destroy (f->window);
  f->window = NULL;
  hd_test_drain_main_loop ();
  g_assert_cmpuint (f->toasts->len, ==, 3);
}

static void
test_copy_text (Fixture *f, gconstpointer data)
{
  GtkWidget *copy = row_button (f, "SO-2026-00417", "Copy");
  GdkContentProvider *content;
  GValue value = G_VALUE_INIT;

  g_assert_null (row_button (f, "SO-2026-00417", "Open"));
  click (copy);
  HD_TEST_WAIT_FOR (f->toasts->len == 1);
  g_assert_cmpstr (last_toast (f), ==, "Copied to the clipboard");
  content = gdk_clipboard_get_content (gtk_widget_get_clipboard (copy));
  g_assert_nonnull (content);
  g_value_init (&value, G_TYPE_STRING);
  g_assert_true (gdk_content_provider_get_value (content, &value, NULL));
  g_assert_cmpstr (g_value_get_string (&value), ==, "SO-2026-00417");
  g_value_unset (&value);
}

/* With HD_SCREENSHOT_DIR: the view scrolled to its attachments, rendered in
 * process. */
static void
test_screenshot (Fixture *f, gconstpointer data)
{
  const char *dir = g_getenv ("HD_SCREENSHOT_DIR");
  GtkWidget *scrolled = hd_test_find_type (GTK_WIDGET (f->view), GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment;

  g_assert_nonnull (row_button (f, "trace.txt", "Open"));
  if (dir == NULL)
    {
      g_test_skip ("HD_SCREENSHOT_DIR is not set");
      return;
    }
  gtk_window_set_default_size (f->window, 620, 820);
  hd_test_drain_main_loop ();
  g_assert_nonnull (scrolled);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  HD_TEST_WAIT_FOR (gtk_adjustment_get_upper (adjustment) > gtk_adjustment_get_page_size (adjustment));
  {
    /* The attachments in view, a few fields above them. */
    GtkWidget *row = gtk_widget_get_ancestor (row_button (f, "trace.txt", "Open"), ADW_TYPE_ACTION_ROW);
    GtkWidget *content = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled));
    graphene_point_t top;

    g_assert_true (gtk_widget_compute_point (row, content, &GRAPHENE_POINT_INIT (0, 0), &top));
    gtk_adjustment_set_value (adjustment, top.y - 300);
  }
  gtk_widget_grab_focus (row_button (f, "trace.txt", "Open"));
  {
    const char *scheme = g_getenv ("ADW_DEBUG_COLOR_SCHEME");
    gboolean dark = scheme != NULL && strstr (scheme, "dark") != NULL;
    g_autofree char *path = g_build_filename (dir, dark ? "ticket-attachments-dark.png" : "ticket-attachments.png",
                                              NULL);

    hd_test_save_png (GTK_WIDGET (f->window), path);
  }
}

int
main (int argc, char **argv)
{
  int status;

  /* Before GLib reads them: the cache copies go to a temporary folder,
   * files open with the stand-in viewer. */
  xdg_root = g_dir_make_tmp ("hd-test-open-XXXXXX", NULL);
  g_assert_nonnull (xdg_root);
  cache_home = g_build_filename (xdg_root, "cache", NULL);
  g_setenv ("XDG_CACHE_HOME", cache_home, TRUE);
  {
    g_autofree char *data_home = g_build_filename (xdg_root, "data", NULL);
    g_autofree char *config_home = g_build_filename (xdg_root, "config", NULL);

    g_setenv ("XDG_DATA_HOME", data_home, TRUE);
    g_setenv ("XDG_CONFIG_HOME", config_home, TRUE);
  }
  install_viewer ();
  g_setenv ("HELPDESK_NO_KEYRING", "1", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_assert_true (g_str_has_prefix (g_get_user_cache_dir (), cache_home));

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/attachment-open/export", test_export);
  ADD ("/attachment-open/open", test_open);
  ADD ("/attachment-open/open/launch", test_launch);
  ADD ("/attachment-open/open/prune", test_prune);
  ADD ("/attachment-open/save-as", test_save_as);
  ADD ("/attachment-open/copy-text", test_copy_text);
#undef ADD
  g_test_add ("/attachment-open/screenshot", Fixture, "screenshot", fixture_set_up, test_screenshot,
              fixture_tear_down);
  g_test_add_func ("/attachment-open/safe-name", test_safe_name);
  status = g_test_run ();
  hd_test_remove_tree (xdg_root);
  g_free (xdg_root);
  g_free (cache_home);
  return status;
}
