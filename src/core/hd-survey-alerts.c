/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-survey"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "hd-store-surveys.h"
#include "hd-survey-alerts.h"
#include "hd-sync-engine-private.h"

struct _HdSurveyAlerts
{
  GObject parent_instance;

  HdStore *store;
  gint64 last_event_id;   /* timeline rows up to here were looked at */
  char *username;
  char *role;
};

G_DEFINE_FINAL_TYPE (HdSurveyAlerts, hd_survey_alerts, G_TYPE_OBJECT)

enum { COMPLAINT, N_SIGNALS };
static guint signals[N_SIGNALS];

/* Roles that hear of every complaint (docs/sync-protocol.md §3). */
static const char * const lead_roles[] = { "team_lead", "supervisor", "admin" };
static const char * const all_roles[] = { "agent", "team_lead", "supervisor", "admin" };

gboolean
hd_survey_alerts_is_recipient (HdSurveyAlerts *self,
                               const char     *handler)
{
  g_return_val_if_fail (HD_IS_SURVEY_ALERTS (self), FALSE);

  if (self->username == NULL)
    return FALSE;
  if (handler != NULL && g_str_equal (handler, self->username))
    return TRUE;
  return self->role != NULL && g_strv_contains ((const char * const *) lead_roles, self->role);
}

void
hd_survey_alerts_check (HdSurveyAlerts *self)
{
  g_autoptr(GPtrArray) complaints = NULL;
  g_autoptr(GHashTable) announced = NULL;
  g_autoptr(GError) error = NULL;
  gint64 last = self->last_event_id;

  g_return_if_fail (HD_IS_SURVEY_ALERTS (self));

  complaints = hd_store_list_survey_complaints (self->store, self->last_event_id, &last, &error);
  if (complaints == NULL)
    {
      g_warning ("Could not look for survey answers: %s", error->message);
      return;
    }
  self->last_event_id = last;

  /* One announcement per ticket, whatever the number of answers pulled. */
  announced = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < complaints->len; i++)
    {
      HdSurveyComplaint *c = g_ptr_array_index (complaints, i);
      g_autofree char *message = NULL;
      const char *number = c->number != NULL ? c->number : c->ticket_uuid;

      if (g_hash_table_contains (announced, c->ticket_uuid) || !hd_survey_alerts_is_recipient (self, c->handler))
        continue;
      g_hash_table_add (announced, c->ticket_uuid);
      /* Translators: %s is a ticket number */
      message = g_strdup_printf (_("Customer dissatisfied with %s — reopened and escalated to the team lead"),
                                 number);
      if (c->comment != NULL && c->comment[0] != '\0')
        {
          /* Translators: the notification, then the customer's comment */
          g_autofree char *with_comment = g_strdup_printf (_("%s: “%s”"), message, c->comment);
          g_free (message);
          message = g_steal_pointer (&with_comment);
        }
      g_signal_emit (self, signals[COMPLAINT], 0, c->ticket_uuid, number, message);
    }
}

static void
on_events_changed (HdSurveyAlerts *self)
{
  hd_survey_alerts_check (self);
}

HdSurveyAlerts *
hd_survey_alerts_new (HdStore *store)
{
  HdSurveyAlerts *self;

  g_return_val_if_fail (HD_IS_STORE (store), NULL);

  self = g_object_new (HD_TYPE_SURVEY_ALERTS, NULL);
  self->store = g_object_ref (store);
  self->last_event_id = hd_store_get_last_event_id (store);
  g_signal_connect_object (store, "events-changed", G_CALLBACK (on_events_changed), self, G_CONNECT_SWAPPED);
  return self;
}

void
hd_survey_alerts_set_user (HdSurveyAlerts *self,
                           const char     *username,
                           const char     *role)
{
  g_return_if_fail (HD_IS_SURVEY_ALERTS (self));

  g_free (self->username);
  self->username = username != NULL && username[0] != '\0' ? g_strdup (username) : NULL;
  g_free (self->role);
  self->role = role != NULL && role[0] != '\0' ? g_strdup (role) : NULL;
}

static void
hd_survey_alerts_finalize (GObject *object)
{
  HdSurveyAlerts *self = HD_SURVEY_ALERTS (object);

  g_clear_object (&self->store);
  g_free (self->username);
  g_free (self->role);
  G_OBJECT_CLASS (hd_survey_alerts_parent_class)->finalize (object);
}

static void
hd_survey_alerts_class_init (HdSurveyAlertsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hd_survey_alerts_finalize;

  signals[COMPLAINT] = g_signal_new ("complaint", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                                     G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
}

static void
hd_survey_alerts_init (HdSurveyAlerts *self)
{
}

/* GET /me ---------------------------------------------------------------------- */

static void
on_me_reply (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = hd_sync_engine_request_finish (HD_SYNC_ENGINE (source), result, NULL, &error);
  const char *role = NULL;

  if (reply == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (JSON_NODE_HOLDS_OBJECT (reply))
    role = json_object_get_string_member_with_default (json_node_get_object (reply), "role", NULL);
  if (role == NULL || !g_strv_contains ((const char * const *) all_roles, role))
    {
      g_task_return_error (task, hd_sync_protocol_error ("GET /me"));
      return;
    }
  g_task_return_pointer (task, g_strdup (role), g_free);
}

void
hd_sync_fetch_role_async (HdSyncEngine        *engine,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (HD_IS_SYNC_ENGINE (engine));

  task = g_task_new (engine, cancellable, callback, user_data);
  g_task_set_source_tag (task, hd_sync_fetch_role_async);
  hd_sync_engine_request_async (engine, "GET", "/me", NULL, cancellable, on_me_reply, task);
}

char *
hd_sync_fetch_role_finish (HdSyncEngine  *engine,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, engine), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
