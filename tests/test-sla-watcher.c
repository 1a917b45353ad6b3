/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "hd-config.h"
#include "hd-sla.h"
#include "hd-sla-alerts.h"
#include "hd-sla-watcher.h"
#include "hd-store.h"
#include "hd-ticket-commands.h"

/* 2024-03-04 10:00 Asia/Shanghai, a Monday. */
#define T0 ((gint64) 1709517600)
#define HOUR ((gint64) 3600)

typedef struct {
  HdSlaAlertKind kind;
  char *uuid;
} Seen;

typedef struct {
  char *dir;
  HdStore *store;
  HdConfig *config;
  HdSlaWatcher *watcher;
  gint64 now;
  GArray *alerts;   /* Seen */
} Fixture;

static gint64
fake_clock (gpointer user_data)
{
  Fixture *f = user_data;
  return f->now;
}

static void
on_alert (HdSlaWatcher *watcher, int kind, const char *uuid, const char *number,
          const char *message, Fixture *f)
{
  Seen seen = { kind, g_strdup (uuid) };

  g_assert_nonnull (message);
  g_test_message ("alert %d %s: %s", kind, number, message);
  g_array_append_val (f->alerts, seen);
}

static void
clear_seen (gpointer data)
{
  g_free (((Seen *) data)->uuid);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("hd-test-sla-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "tickets.db", NULL);
  f->store = hd_store_open (path, &error);
  g_assert_no_error (error);
  f->config = hd_config_load_default (&error);
  g_assert_no_error (error);
  f->alerts = g_array_new (FALSE, TRUE, sizeof (Seen));
  g_array_set_clear_func (f->alerts, clear_seen);
  f->now = T0;
  f->watcher = hd_sla_watcher_new (f->store, f->config);
  hd_sla_watcher_set_clock (f->watcher, fake_clock, f);
  g_signal_connect (f->watcher, "alert", G_CALLBACK (on_alert), f);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autoptr(GDir) d = g_dir_open (f->dir, 0, NULL);
  const char *name;

  g_clear_object (&f->watcher);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&f->store);
  g_clear_object (&f->config);
  g_array_unref (f->alerts);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (f->dir, name, NULL);
      g_remove (child);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

static char *
create (Fixture *f, const char *priority, gint64 created_at)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdTicket) ticket = hd_ticket_new ();
  gint64 response_due, resolution_due;

  hd_ticket_set_customer_label (ticket, "客户B-2024");
  hd_ticket_set_contact (ticket, "5678");
  hd_ticket_set_description (ticket, "支付失败，错误码 E2001");
  hd_ticket_set_priority (ticket, priority);
  hd_ticket_set_created_at (ticket, created_at);
  hd_sla_compute_deadlines (f->config, priority, created_at, &response_due, &resolution_due);
  hd_ticket_set_response_due (ticket, response_due);
  hd_ticket_set_resolution_due (ticket, resolution_due);
  g_assert_true (hd_store_create_ticket (f->store, ticket, "张伟", &error));
  g_assert_no_error (error);
  return g_strdup (hd_ticket_get_uuid (ticket));
}

/* Moves the fake clock and runs one scan to the end (bounded). */
static void
advance_to (Fixture *f, gint64 now)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  f->now = now;
  hd_sla_watcher_check (f->watcher);
  while (hd_sla_watcher_get_busy (f->watcher) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (hd_sla_watcher_get_busy (f->watcher));
}

static guint
count_alerts (Fixture *f, HdSlaAlertKind kind, const char *uuid)
{
  guint n = 0;

  for (guint i = 0; i < f->alerts->len; i++)
    {
      Seen *seen = &g_array_index (f->alerts, Seen, i);
      if (seen->kind == kind && g_strcmp0 (seen->uuid, uuid) == 0)
        n++;
    }
  return n;
}

static gboolean
is_escalated (Fixture *f, const char *uuid)
{
  g_autoptr(HdTicket) ticket = hd_store_get_ticket (f->store, uuid, NULL);
  return hd_ticket_get_escalated (ticket);
}

static guint
count_events (Fixture *f, const char *uuid, HdEventKind kind)
{
  g_autoptr(GPtrArray) events = hd_store_list_events (f->store, uuid, NULL);
  guint n = 0;

  for (guint i = 0; i < events->len; i++)
    n += hd_event_get_kind (g_ptr_array_index (events, i)) == kind;
  return n;
}

static void
test_deadlines_and_escalation (Fixture *f, gconstpointer data)
{
  g_autofree char *urgent = create (f, "p0", T0);

  /* Nothing due yet: the watcher sleeps until the response deadline (1 h). */
  advance_to (f, T0 + 60);
  g_assert_cmpuint (f->alerts->len, ==, 0);
  g_assert_cmpint (hd_sla_watcher_get_next_check (f->watcher), ==, T0 + HOUR);

  /* Past the response deadline: one alert, and the next stop is the
   * escalation condition (no initial solution after 2 h). */
  advance_to (f, T0 + HOUR + 1);
  g_assert_cmpuint (count_alerts (f, HD_SLA_ALERT_RESPONSE_BREACH, urgent), ==, 1);
  g_assert_cmpint (hd_sla_watcher_get_next_check (f->watcher), ==, T0 + 2 * HOUR);
  g_assert_false (is_escalated (f, urgent));

  /* Scanning again announces nothing twice. */
  advance_to (f, T0 + HOUR + 120);
  g_assert_cmpuint (count_alerts (f, HD_SLA_ALERT_RESPONSE_BREACH, urgent), ==, 1);

  /* The escalation condition: alerted once, the ticket marked, on the timeline. */
  advance_to (f, T0 + 2 * HOUR + 1);
  g_assert_cmpuint (count_alerts (f, HD_SLA_ALERT_ESCALATION, urgent), ==, 1);
  g_assert_true (is_escalated (f, urgent));
  g_assert_cmpuint (count_events (f, urgent, HD_EVENT_ESCALATED), ==, 1);
  g_assert_cmpint (hd_sla_watcher_get_next_check (f->watcher), ==, T0 + 24 * HOUR);

  advance_to (f, T0 + 3 * HOUR);
  g_assert_cmpuint (count_alerts (f, HD_SLA_ALERT_ESCALATION, urgent), ==, 1);
  g_assert_cmpuint (count_events (f, urgent, HD_EVENT_ESCALATED), ==, 1);

  /* The resolution deadline. */
  advance_to (f, T0 + 24 * HOUR + 1);
  g_assert_cmpuint (count_alerts (f, HD_SLA_ALERT_RESOLUTION_BREACH, urgent), ==, 1);
  g_assert_cmpint (hd_sla_watcher_get_next_check (f->watcher), ==, 0);
}

static void
test_progress_postpones_escalation (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *high = create (f, "p1", T0);

  /* p1: escalate after 12 h without a progress update. */
  g_assert_true (hd_ticket_commands_reassign (f->store, high, NULL, "王芳", NULL, "张伟", T0 + 60, &error));
  g_assert_true (hd_ticket_commands_change_status (f->store, high, HD_STATUS_IN_PROGRESS, "王芳",
                                                   T0 + 120, NULL, &error));
  g_assert_no_error (error);
  advance_to (f, T0 + 10 * HOUR);
  g_assert_cmpint (hd_sla_watcher_get_next_check (f->watcher), ==, T0 + 120 + 12 * HOUR);

  /* A note at 11 h moves the condition to 23 h. */
  g_assert_true (hd_ticket_commands_add_note (f->store, high, "联系技术团队排查", FALSE, "王芳",
                                              T0 + 11 * HOUR, &error));
  g_assert_no_error (error);
  advance_to (f, T0 + 13 * HOUR);
  g_assert_cmpuint (count_alerts (f, HD_SLA_ALERT_ESCALATION, high), ==, 0);
  g_assert_false (is_escalated (f, high));
  g_assert_cmpint (hd_sla_watcher_get_next_check (f->watcher), ==, T0 + 23 * HOUR);

  advance_to (f, T0 + 23 * HOUR + 1);
  g_assert_cmpuint (count_alerts (f, HD_SLA_ALERT_ESCALATION, high), ==, 1);
  g_assert_true (is_escalated (f, high));
}

static void
test_working_time (Fixture *f, gconstpointer data)
{
  /* 2024-09-30 17:00 Asia/Shanghai, the Monday before the National Day
   * holidays (10-01 … 10-07): the low priority's "1 working day" response
   * lands after the holidays, and the watcher sleeps until then. */
  gint64 created = 1727686800;
  g_autofree char *low = NULL;
  gint64 response_due;

  g_assert_true (hd_config_set_active_priority_scheme (f->config, "q", NULL));
  low = create (f, "low", created);
  hd_sla_compute_deadlines (f->config, "low", created, &response_due, NULL);
  g_assert_cmpint (response_due, >, created + 7 * 24 * HOUR);

  advance_to (f, created + 3 * 24 * HOUR);
  g_assert_cmpuint (f->alerts->len, ==, 0);
  g_assert_cmpint (hd_sla_watcher_get_next_check (f->watcher), ==, response_due);
  advance_to (f, response_due + 1);
  g_assert_cmpuint (count_alerts (f, HD_SLA_ALERT_RESPONSE_BREACH, low), ==, 1);
}

static void
test_many_alerts_summarised (Fixture *f, gconstpointer data)
{
  for (guint i = 0; i < HD_SLA_WATCHER_MAX_ALERTS + 4; i++)
    g_free (create (f, "p2", T0));
  g_assert_cmpuint (hd_store_count_tickets (f->store), ==, HD_SLA_WATCHER_MAX_ALERTS + 4);

  /* Response deadline (24 h) passed for all: five alerts and one summary. */
  advance_to (f, T0 + 25 * HOUR);
  g_assert_cmpuint (count_alerts (f, HD_SLA_ALERT_SUMMARY, NULL), ==, 1);
  g_assert_cmpuint (f->alerts->len, ==, HD_SLA_WATCHER_MAX_ALERTS + 1);
}

/* A new run of the app: the store reopened on the same file, a new watcher. */
static void
restart (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_strdup (hd_store_get_path (f->store));

  g_clear_object (&f->watcher);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&f->store);
  f->store = hd_store_open (path, &error);
  g_assert_no_error (error);
  f->watcher = hd_sla_watcher_new (f->store, f->config);
  hd_sla_watcher_set_clock (f->watcher, fake_clock, f);
  g_signal_connect (f->watcher, "alert", G_CALLBACK (on_alert), f);
}

static void
test_alerts_survive_restart (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *urgent = create (f, "p0", T0);

  advance_to (f, T0 + HOUR + 1);
  g_assert_cmpuint (count_alerts (f, HD_SLA_ALERT_RESPONSE_BREACH, urgent), ==, 1);
  g_assert_cmpuint (hd_sla_alerts_count (f->store), ==, 1);

  /* The app restarts: the same breach is not announced again. */
  restart (f);
  advance_to (f, T0 + HOUR + 2);
  g_assert_cmpuint (count_alerts (f, HD_SLA_ALERT_RESPONSE_BREACH, urgent), ==, 1);

  /* A priority change recomputes the deadline (p1: respond in 4 h): the
   * new deadline is a new alert once it passes. */
  g_assert_true (hd_ticket_commands_change_priority (f->store, f->config, urgent, "p1",
                                                     "客户同意降级", "王芳", T0 + HOUR + 3, &error));
  g_assert_no_error (error);
  advance_to (f, T0 + 2 * HOUR);
  g_assert_cmpuint (count_alerts (f, HD_SLA_ALERT_RESPONSE_BREACH, urgent), ==, 1);
  advance_to (f, T0 + 4 * HOUR + 1);
  g_assert_cmpuint (count_alerts (f, HD_SLA_ALERT_RESPONSE_BREACH, urgent), ==, 2);
  restart (f);
  advance_to (f, T0 + 4 * HOUR + 2);
  g_assert_cmpuint (count_alerts (f, HD_SLA_ALERT_RESPONSE_BREACH, urgent), ==, 2);
  g_assert_cmpuint (hd_sla_alerts_count (f->store), ==, 2);

  /* Closed tickets' alerts are forgotten at the next scan. */
  g_assert_true (hd_ticket_commands_revert_status (f->store, urgent, HD_STATUS_CLOSED, "王芳",
                                                   T0 + 5 * HOUR, &error));
  g_assert_no_error (error);
  advance_to (f, T0 + 5 * HOUR + 1);
  g_assert_cmpuint (hd_sla_alerts_count (f->store), ==, 0);
  g_assert_cmpuint (f->alerts->len, ==, 2);
}

static void
test_escalation_alert_survives_restart (Fixture *f, gconstpointer data)
{
  g_autofree char *urgent = create (f, "p0", T0);

  /* The response breach and the escalation condition, each announced once
   * over two runs of the app. */
  advance_to (f, T0 + 2 * HOUR + 1);
  g_assert_cmpuint (count_alerts (f, HD_SLA_ALERT_ESCALATION, urgent), ==, 1);
  g_assert_true (hd_sla_alerts_count (f->store) >= 1);
  restart (f);
  advance_to (f, T0 + 2 * HOUR + 2);
  g_assert_cmpuint (count_alerts (f, HD_SLA_ALERT_ESCALATION, urgent), ==, 1);
  g_assert_cmpuint (count_alerts (f, HD_SLA_ALERT_RESPONSE_BREACH, urgent), ==, 1);
  g_assert_cmpuint (hd_sla_alerts_count (f->store), ==, 2);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/sla-watcher/deadlines-and-escalation", test_deadlines_and_escalation);
  ADD ("/sla-watcher/progress-postpones-escalation", test_progress_postpones_escalation);
  ADD ("/sla-watcher/working-time", test_working_time);
  ADD ("/sla-watcher/many-alerts-summarised", test_many_alerts_summarised);
  ADD ("/sla-watcher/alerts-survive-restart", test_alerts_survive_restart);
  ADD ("/sla-watcher/escalation-alert-survives-restart", test_escalation_alert_survives_restart);
#undef ADD

  return g_test_run ();
}
