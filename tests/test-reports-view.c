/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The reports page on a real store: the charts get the report's numbers, a
 * chart renders to PNG, the exports write a PDF and CSV, activating a bar
 * asks for the matching tickets. With HD_SCREENSHOT_DIR set, it also renders
 * the main window on the Reports page to PNG (build-aux/report-screenshots.sh).
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "hd-config.h"
#include "hd-report.h"
#include "hd-reports-view.h"
#include "hd-sample-data.h"
#include "hd-sla.h"
#include "hd-store.h"
#include "hd-test-ui.h"
#include "hd-uuid.h"
#include "hd-window.h"

/* 2024-09-23 00:00 and 2024-09-30 00:00 in Asia/Shanghai. */
#define WEEK_START G_GINT64_CONSTANT (1727020800)
#define WEEK_END   G_GINT64_CONSTANT (1727625600)

typedef struct {
  char *dir;
  HdStore *store;
  HdConfig *config;
} Fixture;

static void
add_change (HdStore *store, const char *uuid, gint64 when, HdStatus from, HdStatus to)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *event_uuid = hd_uuid_new ();
  g_autofree char *data = g_strdup_printf ("{\"from\":\"%s\",\"to\":\"%s\"}",
                                           hd_status_to_id (from), hd_status_to_id (to));
  g_autoptr(HdEvent) event = hd_event_new (event_uuid, uuid, HD_EVENT_STATUS_CHANGE, "test",
                                           when, NULL, data);

  hd_store_add_event (store, event, &error);
  g_assert_no_error (error);
}

/* Realistic tickets over the @days before @now, with timelines, answers
 * across the whole satisfaction scale and some reopened tickets. */
static void
fill_store (HdStore *store, HdConfig *config, guint n, gint64 now, guint days)
{
  HdCalendar *calendar = hd_config_get_calendar (config);
  g_autoptr(GPtrArray) tickets = hd_sample_data_generate (config, n, 7, now);
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < tickets->len; i++)
    {
      HdTicket *t = g_ptr_array_index (tickets, i);
      gint64 created = now - g_rand_int_range (rand, 600, days * 86400);

      /* Most requests arrive in working hours. */
      if (g_rand_int_range (rand, 0, 10) < 8)
        created = MIN (hd_calendar_next_working_time (calendar, created) + g_rand_int_range (rand, 0, 3 * 3600),
                       now - 600);
      gint64 response_due = 0, resolution_due = 0;
      HdStatus status = hd_ticket_get_status (t);
      int r = g_rand_int_range (rand, 0, 100);

      /* Older tickets are further along. */
      if (created < now - 3 * 86400 && status < HD_STATUS_PENDING_CLOSE && r < 70)
        status = HD_STATUS_CLOSED;
      hd_ticket_set_status (t, status);
      hd_ticket_set_created_at (t, created);
      hd_sla_compute_deadlines (config, hd_ticket_get_priority (t), created, &response_due, &resolution_due);
      hd_ticket_set_response_due (t, response_due);
      hd_ticket_set_resolution_due (t, resolution_due);
      if (status != HD_STATUS_PENDING)
        hd_ticket_set_first_response_at (t, created + g_rand_int_range (rand, 60, r < 80 ? 4 * 3600 : 30 * 3600));
      if (status >= HD_STATUS_PENDING_CLOSE)
        hd_ticket_set_satisfaction (t, r < 42 ? HD_SATISFACTION_VERY_SATISFIED
                                       : r < 74 ? HD_SATISFACTION_SATISFIED
                                       : r < 90 ? HD_SATISFACTION_NEUTRAL
                                       : HD_SATISFACTION_DISSATISFIED);
      else
        hd_ticket_set_satisfaction (t, HD_SATISFACTION_NONE);
      if (hd_ticket_get_handler (t) == NULL)
        hd_ticket_set_handler (t, i % 2 ? "张伟" : "李娜");
    }
  hd_store_create_tickets (store, tickets, "test", &error);
  g_assert_no_error (error);

  for (guint i = 0; i < tickets->len; i++)
    {
      HdTicket *t = g_ptr_array_index (tickets, i);
      const char *uuid = hd_ticket_get_uuid (t);
      HdStatus status = hd_ticket_get_status (t);
      gint64 when = hd_ticket_get_created_at (t);
      HdStatus at = HD_STATUS_PENDING;

      for (HdStatus next = HD_STATUS_IN_PROGRESS; next <= status; next++)
        {
          when += g_rand_int_range (rand, 600, next == HD_STATUS_AWAITING_FEEDBACK ? 2 * 86400 : 8 * 3600);
          when = MIN (when, now);
          add_change (store, uuid, when, at, next);
          if (next == HD_STATUS_AWAITING_FEEDBACK && g_rand_int_range (rand, 0, 9) == 0)
            {
              add_change (store, uuid, when + 60, next, HD_STATUS_IN_PROGRESS);
              add_change (store, uuid, when + 120, HD_STATUS_IN_PROGRESS, next);
            }
          at = next;
        }
    }
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = hd_test_make_dir ("hd-test-reports-view-XXXXXX");
  f->store = hd_test_open_store (f->dir, NULL);
  f->config = hd_config_load_default (&error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->store);
  g_clear_object (&f->config);
  hd_test_remove_tree (f->dir);
  g_free (f->dir);
}

static void
wait_for_report (HdReportsView *view)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while ((hd_reports_view_get_loading (view) || hd_reports_view_get_report (view) == NULL) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (hd_reports_view_get_loading (view));
  g_assert_nonnull (hd_reports_view_get_report (view));
}

static void
on_after_paint (GdkFrameClock *clock, gboolean *painted)
{
  *painted = TRUE;
}

static void
wait_for_frame (GtkWidget *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  gboolean painted = FALSE;
  gulong id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &painted);
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  gtk_widget_queue_draw (window);
  while (!painted && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, id);
  /* Layout settles over a few frames (labels wrap, charts measure). */
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
}

static GdkTexture *
render (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), w, h);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  return gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                      &GRAPHENE_RECT_INIT (0, 0, w, h));
}

/* Pixels that differ from the top-left one. */
static guint
count_ink (GdkTexture *texture)
{
  int w = gdk_texture_get_width (texture), h = gdk_texture_get_height (texture);
  g_autofree guchar *data = g_malloc ((gsize) w * h * 4);
  guint ink = 0;

  gdk_texture_download (texture, data, w * 4);
  for (int i = 0; i < w * h; i++)
    ink += memcmp (data + 4 * i, data, 4) != 0;
  return ink;
}

static void
on_open_tickets (HdReportsView *view, const char *field, const char *value, char **out)
{
  g_free (*out);
  *out = g_strdup_printf ("%s=%s", field, value);
}

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static void
test_view (Fixture *f, gconstpointer data)
{
  GtkWidget *window = gtk_window_new ();
  HdReportsView *view;
  HdReport *r;
  HdChart *chart;
  GDate first, last;
  g_autofree char *opened = NULL;
  g_autofree char *png = g_build_filename (f->dir, "chart.png", NULL);
  g_autofree char *pdf = g_build_filename (f->dir, "report.pdf", NULL);
  g_autofree char *csv = g_build_filename (f->dir, "report.csv", NULL);

  fill_store (f->store, f->config, 120, WEEK_END - 3600, 7);

  view = hd_reports_view_new (f->store, f->config);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 900);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  g_signal_connect (view, "open-tickets", G_CALLBACK (on_open_tickets), &opened);
  gtk_window_present (GTK_WINDOW (window));

  g_date_clear (&first, 1);
  g_date_clear (&last, 1);
  g_date_set_dmy (&first, 23, G_DATE_SEPTEMBER, 2024);
  g_date_set_dmy (&last, 29, G_DATE_SEPTEMBER, 2024);
  hd_reports_view_set_now (view, WEEK_END);
  hd_reports_view_set_custom_range (view, &first, &last);
  wait_for_report (view);
  r = hd_reports_view_get_report (view);
  g_assert_cmpint (r->start, ==, WEEK_START);
  g_assert_cmpint (r->end, ==, WEEK_END);
  g_assert_cmpuint (r->n_tickets, >, 50);
  g_assert_cmpuint (r->handling->n, >, 5);

  /* The charts carry the report's numbers. */
  chart = hd_reports_view_get_chart (view, "satisfaction");
  g_assert_cmpuint (hd_chart_get_n_items (chart), ==, 4);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpfloat (hd_chart_get_item (chart, i)->value, ==, r->satisfaction[i + 1]);
  chart = hd_reports_view_get_chart (view, "status");
  for (guint i = 0; i < HD_N_STATUSES; i++)
    {
      g_assert_cmpstr (hd_chart_get_item (chart, i)->id, ==, hd_status_to_id (i));
      g_assert_cmpfloat (hd_chart_get_item (chart, i)->value, ==, r->status[i]);
    }
  chart = hd_reports_view_get_chart (view, "types");
  g_assert_cmpuint (hd_chart_get_n_items (chart), ==, r->types->len);
  for (guint i = 0; i < r->types->len; i++)
    g_assert_cmpfloat (hd_chart_get_item (chart, i)->value, ==,
                       ((HdReportCount *) g_ptr_array_index (r->types, i))->count);
  chart = hd_reports_view_get_chart (view, "handling-priority");
  g_assert_cmpuint (hd_chart_get_n_items (chart), ==, r->handling_by_priority->len);
  chart = hd_reports_view_get_chart (view, "trend");
  g_assert_cmpuint (hd_chart_get_n_items (chart), ==, 7);
  chart = hd_reports_view_get_chart (view, "sla");
  g_assert_cmpfloat (hd_chart_get_item (chart, 1)->value, ==, hd_report_get_resolution_compliance (r));
  /* The table shows the same rows. */
  g_assert_cmpuint (g_list_model_get_n_items (hd_chart_get_rows (chart)), ==, hd_chart_get_n_items (chart));

  /* The text alternative names every item with its value. */
  {
    g_autofree char *text = hd_chart_describe (hd_reports_view_get_chart (view, "status"));
    g_assert_true (g_str_has_prefix (text, "Backlog by Status: "));
    g_assert_nonnull (strstr (text, hd_status_get_label (HD_STATUS_CLOSED)));
  }

  /* Drawn: a rendered chart has the widget's size and ink on it. */
  wait_for_frame (window);
  chart = hd_reports_view_get_chart (view, "status");
  {
    g_autoptr(GdkTexture) texture = render (GTK_WIDGET (chart));
    g_autoptr(GError) error = NULL;
    g_autoptr(GdkTexture) saved = NULL;

    g_assert_cmpint (gdk_texture_get_width (texture), ==, gtk_widget_get_width (GTK_WIDGET (chart)));
    g_assert_cmpint (gdk_texture_get_height (texture), ==, gtk_widget_get_height (GTK_WIDGET (chart)));
    g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (chart)), >=, 5 * 28);
    g_assert_cmpuint (count_ink (texture), >, 500);

    g_assert_true (hd_chart_save_png (chart, png, 480, 200, &error));
    g_assert_no_error (error);
    saved = gdk_texture_new_from_filename (png, &error);
    g_assert_no_error (error);
    g_assert_cmpint (gdk_texture_get_width (saved), ==, 960);
    g_assert_cmpint (gdk_texture_get_height (saved), ==, 400);
    g_assert_cmpuint (count_ink (saved), >, 2000);
  }

  /* Exports. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *pdf_data = NULL, *csv_data = NULL, *tickets = NULL;

    g_assert_true (hd_reports_view_export_pdf (view, pdf, &error));
    g_assert_no_error (error);
    pdf_data = read_file (pdf);
    g_assert_true (g_str_has_prefix (pdf_data, "%PDF-"));

    g_assert_true (hd_reports_view_export_csv (view, csv, &error));
    g_assert_no_error (error);
    csv_data = read_file (csv);
    g_assert_true (g_str_has_prefix (csv_data, "\xEF\xBB\xBFsection,item,measure,value\r\n"));
    tickets = g_strdup_printf ("\r\nsummary,Tickets,count,%u\r\n", r->n_tickets);
    g_assert_nonnull (strstr (csv_data, tickets));
  }

  /* Activating a bar asks for its tickets. */
  g_signal_emit_by_name (hd_reports_view_get_chart (view, "status"), "activate-segment",
                         (guint) HD_STATUS_CLOSED, hd_status_to_id (HD_STATUS_CLOSED));
  g_assert_cmpstr (opened, ==, "status=closed");

  /* The table view replaces the charts. */
  hd_reports_view_set_show_tables (view, TRUE);
  wait_for_frame (window);
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (chart)));
  hd_reports_view_set_show_tables (view, FALSE);

  /* A store change recomputes. */
  fill_store (f->store, f->config, 10, WEEK_END - 3600, 2);
  {
    guint before = r->n_tickets;
    gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

    while (hd_reports_view_get_report (view)->n_tickets == before && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, TRUE);
    wait_for_report (view);
    g_assert_cmpuint (hd_reports_view_get_report (view)->n_tickets, ==, before + 10);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  hd_test_drain_main_loop ();
}

/* Not a check: the Reports page of the real main window, for the docs. */
static void
test_screenshot (Fixture *f, gconstpointer data)
{
  const char *dir = g_getenv ("HD_SCREENSHOT_DIR");
  const char *suffix = g_getenv ("HD_SCREENSHOT_SUFFIX");
  g_autoptr(AdwApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *pdf = NULL;
  HdWindow *window;
  HdReportsView *view;
  GtkWidget *stack_child;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (dir == NULL)
    {
      g_test_skip ("HD_SCREENSHOT_DIR is not set");
      return;
    }
  fill_store (f->store, f->config, 300, now, 24);

  app = adw_application_new ("org.helpdesk.HelpDesk.Shot", G_APPLICATION_NON_UNIQUE);
  /* As HdApplication does: style.css and the icons come from here. */
  g_application_set_resource_base_path (G_APPLICATION (app), RESOURCE_BASE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  if (g_getenv ("HD_SCREENSHOT_DARK"))
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);

  window = hd_window_new (app, f->store, f->config, NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1180, 900);
  gtk_window_present (GTK_WINDOW (window));
  {
    /* The Reports page is the view stack's child named "reports". */
    GtkWidget *w = GTK_WIDGET (window);
    AdwViewStack *views = NULL;
    g_autoptr(GPtrArray) queue = g_ptr_array_new ();

    g_ptr_array_add (queue, w);
    for (guint i = 0; i < queue->len && views == NULL; i++)
      {
        GtkWidget *cur = g_ptr_array_index (queue, i);
        if (ADW_IS_VIEW_STACK (cur))
          views = ADW_VIEW_STACK (cur);
        for (GtkWidget *c = gtk_widget_get_first_child (cur); c; c = gtk_widget_get_next_sibling (c))
          g_ptr_array_add (queue, c);
      }
    g_assert_nonnull (views);
    hd_test_drain_main_loop ();
    adw_view_stack_set_visible_child_name (views, "reports");
    stack_child = adw_view_stack_get_child_by_name (views, "reports");
    g_assert_nonnull (stack_child);
    view = HD_REPORTS_VIEW (stack_child);
  }
  hd_reports_view_set_period (view, HD_REPORT_PERIOD_THIS_MONTH);
  {
    GDate first, last;
    g_autoptr(GDateTime) today = g_date_time_new_now_local ();
    g_autoptr(GDateTime) start = g_date_time_add_days (today, -20);

    g_date_clear (&first, 1);
    g_date_clear (&last, 1);
    g_date_set_dmy (&first, g_date_time_get_day_of_month (start), g_date_time_get_month (start), g_date_time_get_year (start));
    g_date_set_dmy (&last, g_date_time_get_day_of_month (today), g_date_time_get_month (today), g_date_time_get_year (today));
    hd_reports_view_set_custom_range (view, &first, &last);
  }
  wait_for_report (view);
  wait_for_frame (GTK_WIDGET (window));
  wait_for_frame (GTK_WIDGET (window));
  {
    g_autoptr(GdkTexture) texture = render (GTK_WIDGET (window));
    path = g_strdup_printf ("%s/reports%s.png", dir, suffix ? suffix : "");
    g_assert_true (gdk_texture_save_to_png (texture, path));
  }
  {
    /* The lower half of the page: the durations, SLA and top-5 charts. */
    GtkWidget *scrolled = GTK_WIDGET (view);
    GtkAdjustment *adjustment;
    g_autoptr(GdkTexture) texture = NULL;
    g_autofree char *lower = g_strdup_printf ("%s/reports-lower%s.png", dir, suffix ? suffix : "");

    while (scrolled != NULL && !GTK_IS_SCROLLED_WINDOW (scrolled))
      {
        GtkWidget *next = gtk_widget_get_first_child (scrolled);
        /* Depth first through the first children, then the stack's visible page. */
        if (GTK_IS_STACK (scrolled))
          next = gtk_stack_get_visible_child (GTK_STACK (scrolled));
        else if (next != NULL && gtk_widget_get_next_sibling (next) != NULL && !GTK_IS_STACK (next))
          {
            GtkWidget *c;
            for (c = next; c != NULL && !GTK_IS_STACK (c); c = gtk_widget_get_next_sibling (c))
              ;
            if (c != NULL)
              next = c;
          }
        scrolled = next;
      }
    g_assert_nonnull (scrolled);
    adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) * 0.52);
    wait_for_frame (GTK_WIDGET (window));
    texture = render (GTK_WIDGET (window));
    g_assert_true (gdk_texture_save_to_png (texture, lower));
    gtk_adjustment_set_value (adjustment, 0);
  }
  hd_reports_view_set_show_tables (view, TRUE);
  wait_for_frame (GTK_WIDGET (window));
  {
    g_autoptr(GdkTexture) texture = render (GTK_WIDGET (window));
    g_autofree char *tables = g_strdup_printf ("%s/reports-tables%s.png", dir, suffix ? suffix : "");
    g_assert_true (gdk_texture_save_to_png (texture, tables));
  }
  hd_reports_view_set_show_tables (view, FALSE);
  pdf = g_strdup_printf ("%s/report%s.pdf", dir, suffix ? suffix : "");
  g_assert_true (hd_reports_view_export_pdf (view, pdf, &error));
  g_assert_no_error (error);
  {
    g_autofree char *png = g_strdup_printf ("%s/chart-status%s.png", dir, suffix ? suffix : "");
    g_assert_true (hd_chart_save_png (hd_reports_view_get_chart (view, "status"), png, 520, 170, &error));
  }

  gtk_window_destroy (GTK_WINDOW (window));
  hd_test_drain_main_loop ();
}

int
main (int argc, char *argv[])
{
  const char *localedir = g_getenv ("HELPDESK_LOCALEDIR");

  gtk_test_init (&argc, &argv, NULL);
  setlocale (LC_ALL, "C.UTF-8");
  if (localedir != NULL)
    {
      bindtextdomain (GETTEXT_PACKAGE, localedir);
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }
  adw_init ();

  g_test_add ("/reports-view/charts-and-exports", Fixture, NULL, fixture_set_up, test_view, fixture_tear_down);
  g_test_add ("/reports-view/screenshot", Fixture, NULL, fixture_set_up, test_screenshot, fixture_tear_down);

  return g_test_run ();
}
