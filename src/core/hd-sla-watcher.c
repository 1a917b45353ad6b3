/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-sla-watcher"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "hd-due-format.h"
#include "hd-sla-alerts.h"
#include "hd-sla-watcher.h"
#include "hd-sla.h"
#include "hd-store-commands.h"
#include "hd-store-private.h"
#include "hd-ticket-commands.h"

/* Escalations written per scan: one short transaction on the main loop; the
 * write triggers the next scan, which takes the following batch. */
#define MAX_FLAGS_PER_SCAN 200
/* Store changes come in bursts (a sync, a bulk move): scan once after them. */
#define CHANGE_DELAY_MS 300
/* With the real clock, wake at least this often (the calendar, the clock
 * itself may jump). */
#define MAX_SLEEP_S 3600

struct _HdSlaWatcher
{
  GObject parent_instance;

  HdStore *store;
  HdConfig *config;
  char *author;
  HdSlaClockFunc clock;
  gpointer clock_data;

  GHashTable *announced;   /* "uuid:kind:due" seen in this run (sla_alerts holds them all) */
  GCancellable *cancellable;
  guint wake_id;
  guint change_id;
  gint64 next_check;
  gboolean busy;
  gboolean again;
};

G_DEFINE_FINAL_TYPE (HdSlaWatcher, hd_sla_watcher, G_TYPE_OBJECT)

enum { ALERT, CHECKED, N_SIGNALS };
static guint signals[N_SIGNALS];

typedef struct {
  HdSlaAlertKind kind;
  char *uuid;
  char *number;
  gint64 when;             /* the deadline or the moment the condition began */
  HdEscalationCondition condition;
} Alert;

static void
alert_free (gpointer data)
{
  Alert *alert = data;

  g_free (alert->uuid);
  g_free (alert->number);
  g_free (alert);
}

typedef struct {
  HdStore *store;
  HdConfig *config;
  gint64 now;
  GPtrArray *alerts;       /* Alert */
  gint64 next;
} Scan;

static void
scan_free (gpointer data)
{
  Scan *scan = data;

  g_clear_object (&scan->store);
  g_clear_object (&scan->config);
  g_clear_pointer (&scan->alerts, g_ptr_array_unref);
  g_free (scan);
}

static gint64
real_clock (gpointer user_data)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static void
add_alert (Scan                 *scan,
           HdSlaAlertKind        kind,
           sqlite3_stmt         *stmt,
           gint64                when,
           HdEscalationCondition condition)
{
  Alert *alert = g_new0 (Alert, 1);

  alert->kind = kind;
  alert->uuid = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  alert->number = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  alert->when = when;
  alert->condition = condition;
  g_ptr_array_add (scan->alerts, alert);
}

static void
consider (Scan *scan, gint64 when)
{
  if (when > scan->now)
    scan->next = scan->next == 0 ? when : MIN (scan->next, when);
}

/* Runs in a worker thread on its own read connection. */
static void
scan_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Scan *scan = task_data;
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db;
  int rc;

  db = hd_store_acquire_reader (scan->store, &error);
  if (db == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  rc = sqlite3_prepare_v2 (db,
                           "SELECT uuid, number, priority, created_at, first_response_at,"
                           " response_due, resolution_due, status, escalated,"
                           " COALESCE(" HD_STORE_LAST_PROGRESS_SQL ", 0), "
                           HD_STORE_HAS_SOLUTION_SQL
                           " FROM tickets WHERE status IN ('pending', 'in_progress')",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  for (; rc == SQLITE_ROW; rc = sqlite3_step (stmt))
    {
      const char *priority = (const char *) sqlite3_column_text (stmt, 2);
      gint64 created_at = sqlite3_column_int64 (stmt, 3);
      gint64 first_response_at = sqlite3_column_int64 (stmt, 4);
      gint64 response_due = sqlite3_column_int64 (stmt, 5);
      gint64 resolution_due = sqlite3_column_int64 (stmt, 6);
      gboolean pending = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 7), "pending") == 0;
      gboolean escalated = sqlite3_column_int (stmt, 8) != 0;
      gint64 last_progress = sqlite3_column_int64 (stmt, 9);
      gboolean has_solution = sqlite3_column_int (stmt, 10) != 0;

      if (g_cancellable_is_cancelled (cancellable))
        {
          rc = SQLITE_DONE;
          break;
        }

      if (pending && first_response_at == 0 && response_due > 0)
        {
          if (response_due <= scan->now)
            add_alert (scan, HD_SLA_ALERT_RESPONSE_BREACH, stmt, response_due, HD_ESCALATION_NONE);
          consider (scan, response_due);
        }
      if (resolution_due > 0)
        {
          if (resolution_due <= scan->now)
            add_alert (scan, HD_SLA_ALERT_RESOLUTION_BREACH, stmt, resolution_due, HD_ESCALATION_NONE);
          consider (scan, resolution_due);
        }
      if (!escalated && priority != NULL)
        {
          gint64 triggered = 0, next = 0;
          HdEscalationCondition condition;

          condition = hd_sla_evaluate_escalation (scan->config, priority, created_at,
                                                  last_progress, has_solution, scan->now,
                                                  &triggered, &next);
          if (condition != HD_ESCALATION_NONE)
            add_alert (scan, HD_SLA_ALERT_ESCALATION, stmt, triggered, condition);
          else if (next > 0)
            consider (scan, next);
        }
    }
  if (rc != SQLITE_DONE)
    g_set_error (&error, HD_STORE_ERROR, HD_STORE_ERROR_IO,
                 "%s", sqlite3_errmsg (db));
  sqlite3_finalize (stmt);
  hd_store_release_reader (scan->store, db);

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static char *
alert_message (Alert *alert, gint64 now)
{
  g_autofree char *due = hd_due_format (alert->when, now);

  switch (alert->kind)
    {
    case HD_SLA_ALERT_RESPONSE_BREACH:
      /* Translators: %s is e.g. "overdue 2 h" */
      return g_strdup_printf (_("No first response yet: %s"), due);
    case HD_SLA_ALERT_RESOLUTION_BREACH:
      /* Translators: %s is e.g. "overdue 2 h" */
      return g_strdup_printf (_("Not resolved in time: %s"), due);
    case HD_SLA_ALERT_ESCALATION:
      /* Translators: %s is the condition, e.g. "No progress update in time" */
      return g_strdup_printf (_("Escalated: %s"), hd_escalation_condition_get_label (alert->condition));
    case HD_SLA_ALERT_SUMMARY:
    default:
      g_return_val_if_reached (NULL);
    }
}

/* The alert's kind in table sla_alerts (hd-sla-alerts.h). */
static const char *
alert_kind_id (Alert *alert)
{
  switch (alert->kind)
    {
    case HD_SLA_ALERT_RESPONSE_BREACH:
      return "response_breach";
    case HD_SLA_ALERT_RESOLUTION_BREACH:
      return "resolution_breach";
    case HD_SLA_ALERT_ESCALATION:
      return alert->condition == HD_ESCALATION_NO_INITIAL_SOLUTION ? "escalation:no_initial_solution"
           : alert->condition == HD_ESCALATION_NO_PROGRESS_UPDATE ? "escalation:no_progress_update"
           : "escalation:other";
    case HD_SLA_ALERT_SUMMARY:
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Which of the scan's alerts were not announced before, by this watcher or
 * an earlier run of the app. Alerts seen in this run are remembered in
 * memory, so a scan writes (to sla_alerts, in one transaction) only those it
 * has not seen yet: thousands of standing breaches cost a hash lookup each. */
static gboolean *
find_new_alerts (HdSlaWatcher *self,
                 Scan         *scan)
{
  guint n = scan->alerts->len;
  g_autofree HdSlaAlertKey *keys = g_new0 (HdSlaAlertKey, MAX (n, 1));
  g_autofree guint *positions = g_new0 (guint, MAX (n, 1));
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree gboolean *recorded_new = NULL;
  gboolean *is_new = g_new0 (gboolean, MAX (n, 1));
  g_autoptr(GError) error = NULL;
  guint n_unseen = 0;

  if (!hd_sla_alerts_prune (self->store, NULL, &error))
    {
      g_warning ("Could not forget the alerts of closed tickets: %s", error->message);
      g_clear_error (&error);
    }

  for (guint i = 0; i < n; i++)
    {
      Alert *alert = g_ptr_array_index (scan->alerts, i);
      const char *kind = alert_kind_id (alert);
      char *name = g_strdup_printf ("%s:%s:%" G_GINT64_FORMAT, alert->uuid, kind, alert->when);

      if (g_hash_table_contains (self->announced, name))
        {
          g_free (name);
          continue;
        }
      keys[n_unseen].ticket_uuid = alert->uuid;
      keys[n_unseen].kind = kind;
      keys[n_unseen].due = alert->when;
      positions[n_unseen++] = i;
      g_ptr_array_add (names, name);
    }
  if (n_unseen == 0)
    return is_new;

  recorded_new = g_new0 (gboolean, n_unseen);
  if (!hd_sla_alerts_record (self->store, keys, n_unseen, scan->now, recorded_new, &error))
    {
      /* A read-only or full disk: at least do not repeat them in this run. */
      g_warning ("Could not record the alerts shown: %s", error->message);
      for (guint j = 0; j < n_unseen; j++)
        recorded_new[j] = TRUE;
    }
  for (guint j = 0; j < n_unseen; j++)
    {
      is_new[positions[j]] = recorded_new[j];
      g_hash_table_add (self->announced, g_steal_pointer (&names->pdata[j]));
    }
  return is_new;
}

static void schedule_wake (HdSlaWatcher *self);
static void start_scan (HdSlaWatcher *self);

static void
apply_scan (HdSlaWatcher *self,
            Scan         *scan)
{
  g_autoptr(GPtrArray) flag_uuids = g_ptr_array_new ();
  g_autoptr(GArray) flag_conditions = g_array_new (FALSE, FALSE, sizeof (HdEscalationCondition));
  g_autoptr(GError) error = NULL;
  g_autofree gboolean *is_new = find_new_alerts (self, scan);
  guint announced = 0, extra = 0;

  for (guint i = 0; i < scan->alerts->len; i++)
    {
      Alert *alert = g_ptr_array_index (scan->alerts, i);

      if (alert->kind == HD_SLA_ALERT_ESCALATION && flag_uuids->len < MAX_FLAGS_PER_SCAN)
        {
          g_ptr_array_add (flag_uuids, alert->uuid);
          g_array_append_val (flag_conditions, alert->condition);
        }

      if (!is_new[i])
        continue;

      if (announced < HD_SLA_WATCHER_MAX_ALERTS)
        {
          g_autofree char *message = alert_message (alert, scan->now);

          g_signal_emit (self, signals[ALERT], 0, alert->kind, alert->uuid, alert->number, message);
          announced++;
        }
      else
        extra++;
    }

  if (extra > 0)
    {
      g_autofree char *message =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "%u more ticket passed a deadline or needs escalation",
                                      "%u more tickets passed a deadline or need escalation",
                                      extra), extra);
      g_signal_emit (self, signals[ALERT], 0, HD_SLA_ALERT_SUMMARY, NULL, NULL, message);
    }

  if (flag_uuids->len > 0)
    {
      g_ptr_array_add (flag_uuids, NULL);
      if (!hd_ticket_commands_flag_escalated_many (self->store,
                                                   (const char * const *) flag_uuids->pdata,
                                                   (const HdEscalationCondition *) flag_conditions->data,
                                                   self->author, scan->now, &error))
        g_warning ("Could not mark tickets escalated: %s", error->message);
    }

  self->next_check = scan->next;
  schedule_wake (self);
  g_signal_emit (self, signals[CHECKED], 0);
}

static void
scan_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(HdSlaWatcher) self = user_data;
  g_autoptr(GError) error = NULL;
  Scan *scan = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not check deadlines: %s", error->message);
      self->busy = FALSE;
      return;
    }

  self->busy = FALSE;
  apply_scan (self, scan);
  if (self->again)
    {
      self->again = FALSE;
      start_scan (self);
    }
}

static void
start_scan (HdSlaWatcher *self)
{
  g_autoptr(GTask) task = NULL;
  Scan *scan;

  if (self->busy)
    {
      self->again = TRUE;
      return;
    }

  scan = g_new0 (Scan, 1);
  scan->store = g_object_ref (self->store);
  scan->config = g_object_ref (self->config);
  scan->now = self->clock (self->clock_data);
  scan->alerts = g_ptr_array_new_with_free_func (alert_free);

  self->busy = TRUE;
  task = g_task_new (self, self->cancellable, scan_done, g_object_ref (self));
  g_task_set_source_tag (task, start_scan);
  g_task_set_task_data (task, scan, scan_free);
  g_task_run_in_thread (task, scan_thread);
}

static gboolean
wake_cb (gpointer user_data)
{
  HdSlaWatcher *self = user_data;

  self->wake_id = 0;
  start_scan (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_wake (HdSlaWatcher *self)
{
  gint64 now, sleep;

  g_clear_handle_id (&self->wake_id, g_source_remove);
  if (self->clock != real_clock)
    return;

  now = self->clock (self->clock_data);
  sleep = self->next_check > 0 ? CLAMP (self->next_check - now, 1, MAX_SLEEP_S) : MAX_SLEEP_S;
  self->wake_id = g_timeout_add_seconds_full (G_PRIORITY_LOW, (guint) sleep, wake_cb, self, NULL);
}

static gboolean
change_cb (gpointer user_data)
{
  HdSlaWatcher *self = user_data;

  self->change_id = 0;
  start_scan (self);
  return G_SOURCE_REMOVE;
}

static void
on_store_changed (HdSlaWatcher *self)
{
  if (self->change_id == 0)
    self->change_id = g_timeout_add_full (G_PRIORITY_LOW, CHANGE_DELAY_MS, change_cb, self, NULL);
}

HdSlaWatcher *
hd_sla_watcher_new (HdStore  *store,
                    HdConfig *config)
{
  HdSlaWatcher *self;

  g_return_val_if_fail (HD_IS_STORE (store), NULL);
  g_return_val_if_fail (HD_IS_CONFIG (config), NULL);

  self = g_object_new (HD_TYPE_SLA_WATCHER, NULL);
  self->store = g_object_ref (store);
  self->config = g_object_ref (config);
  g_signal_connect_object (store, "tickets-changed", G_CALLBACK (on_store_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "events-changed", G_CALLBACK (on_store_changed), self, G_CONNECT_SWAPPED);
  return self;
}

void
hd_sla_watcher_set_clock (HdSlaWatcher   *self,
                          HdSlaClockFunc  func,
                          gpointer        user_data)
{
  g_return_if_fail (HD_IS_SLA_WATCHER (self));

  self->clock = func != NULL ? func : real_clock;
  self->clock_data = user_data;
  schedule_wake (self);
}

void
hd_sla_watcher_set_author (HdSlaWatcher *self,
                           const char   *author)
{
  g_return_if_fail (HD_IS_SLA_WATCHER (self));

  g_free (self->author);
  self->author = g_strdup (author);
}

void
hd_sla_watcher_check (HdSlaWatcher *self)
{
  g_return_if_fail (HD_IS_SLA_WATCHER (self));

  start_scan (self);
}

gboolean
hd_sla_watcher_get_busy (HdSlaWatcher *self)
{
  g_return_val_if_fail (HD_IS_SLA_WATCHER (self), FALSE);

  return self->busy || self->again;
}

gint64
hd_sla_watcher_get_next_check (HdSlaWatcher *self)
{
  g_return_val_if_fail (HD_IS_SLA_WATCHER (self), 0);

  return self->next_check;
}

static void
hd_sla_watcher_dispose (GObject *object)
{
  HdSlaWatcher *self = HD_SLA_WATCHER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->wake_id, g_source_remove);
  g_clear_handle_id (&self->change_id, g_source_remove);
  g_clear_object (&self->store);
  g_clear_object (&self->config);

  G_OBJECT_CLASS (hd_sla_watcher_parent_class)->dispose (object);
}

static void
hd_sla_watcher_finalize (GObject *object)
{
  HdSlaWatcher *self = HD_SLA_WATCHER (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->announced, g_hash_table_unref);
  g_free (self->author);

  G_OBJECT_CLASS (hd_sla_watcher_parent_class)->finalize (object);
}

static void
hd_sla_watcher_class_init (HdSlaWatcherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hd_sla_watcher_dispose;
  object_class->finalize = hd_sla_watcher_finalize;

  signals[ALERT] = g_signal_new ("alert", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 4,
                                 G_TYPE_INT, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
  signals[CHECKED] = g_signal_new ("checked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
hd_sla_watcher_init (HdSlaWatcher *self)
{
  self->clock = real_clock;
  self->author = g_strdup ("Help Desk");
  self->announced = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->cancellable = g_cancellable_new ();
}
