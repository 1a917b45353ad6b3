/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-application"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>

#include "hd-application.h"
#include "hd-attachment-open.h"
#include "hd-sync-controller.h"
#include "hd-window.h"

struct _HdApplication
{
  AdwApplication parent_instance;

  char *store_path;
  HdStore *store;
  HdConfig *config;
  GError *open_error;
  gboolean opened;
};

G_DEFINE_FINAL_TYPE (HdApplication, hd_application, ADW_TYPE_APPLICATION)

HdApplication *
hd_application_new (void)
{
  return g_object_new (HD_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "resource-base-path", RESOURCE_BASE,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}

const char *
hd_application_get_store_path (HdApplication *self)
{
  g_return_val_if_fail (HD_IS_APPLICATION (self), NULL);

  if (self->store_path == NULL)
    self->store_path = g_build_filename (g_get_user_data_dir (), "helpdesk", "tickets.db", NULL);
  return self->store_path;
}

/* The configuration an admin deployed (GSettings config-file), else the
 * built-in presets. A broken file is an error naming file, line and key: it
 * is never silently replaced by the defaults. */
static HdConfig *
load_config (GError **error)
{
  g_autoptr(GSettings) settings = g_settings_new (BASE_ID);
  g_autofree char *path = g_settings_get_string (settings, "config-file");

  if (path[0] != '\0')
    return hd_config_load_file (path, error);
  return hd_config_load_default (error);
}

/* Opens the cache and the configuration once. A failure is kept and shown in
 * the window: the file is never recreated over the user's data. */
static void
hd_application_open_data (HdApplication *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  const char *path;

  if (self->opened)
    return;
  self->opened = TRUE;

  self->config = load_config (&error);
  if (self->config == NULL)
    {
      g_propagate_error (&self->open_error, g_steal_pointer (&error));
      return;
    }

  path = hd_application_get_store_path (self);
  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_set_error (&self->open_error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Could not create the folder “%s”: %s"), dir, g_strerror (saved_errno));
      return;
    }

  self->store = hd_store_open (path, &error);
  if (self->store == NULL)
    {
      g_propagate_error (&self->open_error, g_steal_pointer (&error));
      return;
    }
  /* No server configured (GSettings server-url): this machine is the
   * numbering authority; with one, the server is (hd-sync-controller.c). */
  hd_sync_controller_setup (GTK_APPLICATION (self), self->store);
}

static void
hd_application_activate (GApplication *app)
{
  HdApplication *self = HD_APPLICATION (app);
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    {
      hd_application_open_data (self);
      window = GTK_WINDOW (hd_window_new (ADW_APPLICATION (app), self->store, self->config,
                                          self->open_error));
    }
  gtk_window_present (window);
}

static int
hd_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  HdApplication *self = HD_APPLICATION (app);
  const char *store = NULL;

  if (g_variant_dict_lookup (options, "version", "b", NULL))
    {
      g_print ("helpdesk %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (g_variant_dict_lookup (options, "store", "^&ay", &store))
    {
      g_free (self->store_path);
      self->store_path = g_canonicalize_filename (store, NULL);
    }
  return -1;
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkApplication *app = user_data;
  const char *developers[] = { "Help Desk contributors", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "application-name", _("Help Desk"),
                        "application-icon", BASE_ID,
                        "version", PACKAGE_VERSION,
                        "developer-name", _("The Help Desk Team"),
                        "developers", developers,
                        "comments", _("Take, classify and resolve customer requests, online or offline"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        /* Translators: your names, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "about", about_activated },
  { "quit", quit_activated },
};

static void
hd_application_startup (GApplication *app)
{
  const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (hd_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_window_set_default_icon_name (BASE_ID);
  /* Copies of attachments opened a week ago and more. */
  hd_attachment_open_prune_in_background ();
}

static void
hd_application_finalize (GObject *object)
{
  HdApplication *self = (HdApplication *) object;

  g_clear_object (&self->store);
  g_clear_object (&self->config);
  g_clear_error (&self->open_error);
  g_free (self->store_path);

  G_OBJECT_CLASS (hd_application_parent_class)->finalize (object);
}

static void
hd_application_class_init (HdApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = hd_application_finalize;
  app_class->activate = hd_application_activate;
  app_class->startup = hd_application_startup;
  app_class->handle_local_options = hd_application_handle_local_options;
}

static void
hd_application_init (HdApplication *self)
{
  const GOptionEntry entries[] = {
    { "store", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Use this ticket cache file instead of the one in your data folder"), N_("FILE") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and quit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Help Desk — customer requests from intake to close"));
}
