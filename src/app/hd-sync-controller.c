/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-sync"

#include "config.h"

#include <glib/gi18n.h>

#include "hd-attachment-store.h"
#include "hd-credentials.h"
#include "hd-sign-in-dialog.h"
#include "hd-sync-controller.h"
#include "hd-sync-login.h"
#include "hd-sync-scheduler.h"
#include "hd-survey-alerts.h"

struct _HdSyncController
{
  GObject parent_instance;

  GtkApplication *app;        /* not owned: the app owns us */
  HdStore *store;
  GSettings *settings;
  HdCredentials *credentials;
  HdSyncEngine *engine;
  HdSyncScheduler *scheduler;
  GCancellable *cancellable;
  char *server_url;
  char *username;
  char *token;
};

G_DEFINE_FINAL_TYPE (HdSyncController, hd_sync_controller, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ENGINE,
  PROP_SIGNED_IN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];
static HdSyncController *default_controller;

/* The role decides who hears of dissatisfied customers (hd-survey-alerts.h);
 * kept in GSettings beside the user name, so it is known offline too. */
static void
on_role_fetched (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(HdSyncController) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *role = hd_sync_fetch_role_finish (HD_SYNC_ENGINE (source), result, &error);

  if (role != NULL)
    g_settings_set_string (self->settings, "server-role", role);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Could not read the user's role: %s", error->message);
}

static void
set_token (HdSyncController *self,
           const char       *token)
{
  g_free (self->token);
  self->token = g_strdup (token);
  if (self->engine != NULL)
    hd_sync_engine_set_credentials (self->engine, self->username, token);
  if (self->engine != NULL && token != NULL)
    hd_sync_fetch_role_async (self->engine, self->cancellable, on_role_fetched, g_object_ref (self));
  if (self->scheduler != NULL)
    {
      if (token != NULL)
        hd_sync_scheduler_sync_now (self->scheduler);
      else
        hd_sync_scheduler_stop (self->scheduler);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGNED_IN]);
}

/* Engine and scheduler for the configured server, or none. */
static void
configure (HdSyncController *self)
{
  g_autofree char *url = g_settings_get_string (self->settings, "server-url");
  g_autofree char *user = g_settings_get_string (self->settings, "server-user");

  g_strstrip (url);
  if (self->scheduler != NULL)
    hd_sync_scheduler_stop (self->scheduler);
  g_clear_object (&self->scheduler);
  g_clear_object (&self->engine);
  g_free (self->server_url);
  self->server_url = url[0] != '\0' ? g_strdup (url) : NULL;
  g_free (self->username);
  self->username = user[0] != '\0' ? g_strdup (user) : NULL;

  /* With a server, it gives the final numbers; alone, this machine does. */
  hd_store_set_assigns_final_numbers (self->store, self->server_url == NULL);

  if (self->server_url != NULL)
    {
      g_autofree char *attachment_dir = hd_attachment_store_default_dir ();

      self->engine = hd_sync_engine_new (self->store, self->server_url);
      /* The intake form's and ticket view's folder: attached files move with
       * their tickets. */
      hd_sync_engine_set_attachment_dir (self->engine, attachment_dir);
      self->scheduler = hd_sync_scheduler_new (self->engine);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENGINE]);
}

static void
on_token_found (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(HdSyncController) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = hd_credentials_lookup_finish (HD_CREDENTIALS (source), result, &error);

  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("%s", error->message);
      return;
    }
  if (token != NULL && self->engine != NULL)
    set_token (self, token);
}

static void
lookup_token (HdSyncController *self)
{
  if (self->server_url == NULL || self->username == NULL)
    return;
  hd_credentials_lookup_async (self->credentials, self->server_url, self->username, self->cancellable,
                               on_token_found, g_object_ref (self));
}

static void
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!hd_credentials_save_finish (HD_CREDENTIALS (source), result, &error))
    g_warning ("%s", error->message);
}

void
hd_sync_controller_signed_in (HdSyncController *self,
                              const char       *server_url,
                              const char       *username,
                              const char       *token)
{
  g_return_if_fail (HD_IS_SYNC_CONTROLLER (self));
  g_return_if_fail (server_url != NULL && username != NULL && token != NULL);

  g_settings_set_string (self->settings, "server-url", server_url);
  g_settings_set_string (self->settings, "server-user", username);
  g_settings_set_string (self->settings, "server-role", "");
  configure (self);
  hd_credentials_save_async (self->credentials, self->server_url, username, token, self->cancellable,
                             on_saved, NULL);
  set_token (self, token);
}

static void
on_cleared (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!hd_credentials_clear_finish (HD_CREDENTIALS (source), result, &error))
    g_warning ("%s", error->message);
}

/* Actions --------------------------------------------------------------------- */

static void
sync_now_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  HdSyncController *self = user_data;

  if (self->scheduler != NULL && self->token != NULL)
    hd_sync_scheduler_sync_now (self->scheduler);
}

static void
sign_in_activated (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  HdSyncController *self = user_data;
  HdSignInDialog *dialog = hd_sign_in_dialog_new (gtk_application_get_active_window (self->app),
                                                  self->server_url, self->username);

  gtk_window_present (GTK_WINDOW (dialog));
}

static void
sign_out_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  HdSyncController *self = user_data;

  if (self->server_url == NULL || self->username == NULL)
    return;
  if (self->token != NULL)
    hd_sync_logout (self->server_url, self->token);
  hd_credentials_clear_async (self->credentials, self->server_url, self->username, NULL, on_cleared, NULL);
  set_token (self, NULL);
}

static const GActionEntry actions[] = {
  { "sync-now", sync_now_activated },
  { "sign-in", sign_in_activated },
  { "sign-out", sign_out_activated },
};

/* Public ---------------------------------------------------------------------- */

HdSyncController *
hd_sync_controller_setup (GtkApplication *app,
                          HdStore        *store)
{
  HdSyncController *self;

  g_return_val_if_fail (GTK_IS_APPLICATION (app), NULL);
  g_return_val_if_fail (HD_IS_STORE (store), NULL);

  self = g_object_new (HD_TYPE_SYNC_CONTROLLER, NULL);
  self->app = app;
  self->store = g_object_ref (store);
  self->settings = g_settings_new (BASE_ID);
  /* Tests and the run command have no keyring: HELPDESK_CREDENTIALS=memory. */
  self->credentials = g_strcmp0 (g_getenv ("HELPDESK_CREDENTIALS"), "memory") == 0
                    ? hd_credentials_new_memory () : hd_credentials_new_keyring ();
  self->cancellable = g_cancellable_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (app), actions, G_N_ELEMENTS (actions), self);
  configure (self);
  lookup_token (self);

  g_object_set_data_full (G_OBJECT (app), "hd-sync-controller", self, g_object_unref);
  default_controller = self;
  return self;
}

HdSyncController *
hd_sync_controller_get_default (void)
{
  return default_controller;
}

HdSyncEngine *
hd_sync_controller_get_engine (HdSyncController *self)
{
  g_return_val_if_fail (HD_IS_SYNC_CONTROLLER (self), NULL);
  return self->engine;
}

HdStore *
hd_sync_controller_get_store (HdSyncController *self)
{
  g_return_val_if_fail (HD_IS_SYNC_CONTROLLER (self), NULL);
  return self->store;
}

gboolean
hd_sync_controller_get_signed_in (HdSyncController *self)
{
  g_return_val_if_fail (HD_IS_SYNC_CONTROLLER (self), FALSE);
  return self->token != NULL;
}

const char *
hd_sync_controller_get_server_url (HdSyncController *self)
{
  g_return_val_if_fail (HD_IS_SYNC_CONTROLLER (self), NULL);
  return self->server_url;
}

const char *
hd_sync_controller_get_username (HdSyncController *self)
{
  g_return_val_if_fail (HD_IS_SYNC_CONTROLLER (self), NULL);
  return self->username;
}

static void
hd_sync_controller_dispose (GObject *object)
{
  HdSyncController *self = HD_SYNC_CONTROLLER (object);

  if (default_controller == self)
    default_controller = NULL;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->scheduler != NULL)
    hd_sync_scheduler_stop (self->scheduler);
  g_clear_object (&self->scheduler);
  g_clear_object (&self->engine);
  g_clear_object (&self->credentials);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (hd_sync_controller_parent_class)->dispose (object);
}

static void
hd_sync_controller_finalize (GObject *object)
{
  HdSyncController *self = HD_SYNC_CONTROLLER (object);

  g_free (self->server_url);
  g_free (self->username);
  g_free (self->token);

  G_OBJECT_CLASS (hd_sync_controller_parent_class)->finalize (object);
}

static void
hd_sync_controller_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  HdSyncController *self = HD_SYNC_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_ENGINE:    g_value_set_object (value, self->engine); break;
    case PROP_SIGNED_IN: g_value_set_boolean (value, self->token != NULL); break;
    default:             G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hd_sync_controller_class_init (HdSyncControllerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hd_sync_controller_dispose;
  object_class->finalize = hd_sync_controller_finalize;
  object_class->get_property = hd_sync_controller_get_property;

  properties[PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL, HD_TYPE_SYNC_ENGINE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SIGNED_IN] =
    g_param_spec_boolean ("signed-in", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hd_sync_controller_init (HdSyncController *self)
{
}
