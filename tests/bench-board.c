/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Board benchmark (docs/board.md), under Xvfb. Each figure is printed
 * beside the limit measured in the same run:
 *   - board open to first frame: with N tickets, beside an empty board;
 *   - search keystroke to updated columns painted (p50/p95, wall clock and
 *     the main thread's CPU time), keys typed KEY_INTERVAL_MS apart, with the
 *     app's style sheet: beside the raw queries run directly on
 *     SQLite — the one search query the board's index needs per keystroke,
 *     and the five columns' id queries the board used to run;
 *   - memory (RSS) of the board: with N tickets, beside the empty board;
 *     the index's share is printed too.
 *
 *   meson test -C build --benchmark --suite board -v
 *   HD_BENCH_TICKETS=20000 build/tests/bench-board   (a quicker run)
 *
 * HD_BENCH_DEBUG=1 prints each keystroke (of the board, the raw search and
 * the index) and where the main thread's time goes by frame phase; =2 also
 * a timeline of columns and frames. HD_BENCH_NODES=FILE saves the board's
 * last render nodes (HD_BENCH_NODES_WINDOW=1: the window's), to replay
 * them with the renderer alone. HD_BENCH_SKIP_BOARD=1 runs only the
 * queries and the index.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <adwaita.h>
#include <glib/gstdio.h>

#include "hd-board-view.h"
#include "hd-config.h"
#include "hd-sample-data.h"
#include "hd-test-ui.h"
#include "hd-store-private.h"
#include "hd-ticket-index.h"

#define KEY_INTERVAL_MS 125

static const char *keystrokes[] = {
  "客", "客户", "客户A", "客户A-", "E", "E1", "E10", "E100", "E1002", "登", "登录",
  "l", "lo", "log", "logi", "login", "re", "ref", "refu", "refun", "refund", "",
};

/* A field of /proc/self/status in KiB: "VmRSS:", or "RssFile:" for the
 * part of it that maps files (fonts, libraries). */
static gint64
status_kib (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, field);
  return line != NULL ? g_ascii_strtoll (line + strlen (field), NULL, 10) : -1;
}

static gboolean
columns_loading (HdBoardView *board)
{
  for (guint s = 0; s < HD_N_STATUSES; s++)
    if (hd_ticket_list_model_get_loading (hd_board_column_get_model (hd_board_view_get_column (board, s))))
      return TRUE;
  return FALSE;
}

static void
on_after_paint (GdkFrameClock *clock, gboolean *painted)
{
  *painted = TRUE;
}

/* HD_BENCH_DEBUG: where the main thread's CPU time goes during the
 * keystrokes, by phase of the frame clock (each bucket ends where GTK's own
 * handlers of that phase have run). */
enum { SPENT_OUTSIDE, SPENT_UPDATE, SPENT_LAYOUT, SPENT_PAINT, SPENT_AFTER, N_SPENT };
static const char *spent_names[N_SPENT] = { "outside frames (model, binding in idles)", "update",
                                            "layout (measure, allocate, binding)", "paint (snapshot, render)",
                                            "after paint" };
static double spent[N_SPENT];
static double spent_mark;
static guint spent_frames;

static double thread_cpu_ms (void);

static void
on_phase (GdkFrameClock *clock, gpointer bucket)
{
  double now = thread_cpu_ms ();

  spent[GPOINTER_TO_INT (bucket)] += now - spent_mark;
  spent_mark = now;
  if (GPOINTER_TO_INT (bucket) == SPENT_PAINT)
    spent_frames++;
  if (g_strcmp0 (g_getenv ("HD_BENCH_DEBUG"), "2") == 0)
    g_printerr ("  %.4f %s\n", g_get_monotonic_time () / 1e6, spent_names[GPOINTER_TO_INT (bucket)]);
}

static void
watch_phases (GdkFrameClock *clock, gboolean watch)
{
  static const struct { const char *signal; int bucket; } phases[] = {
    { "before-paint", SPENT_OUTSIDE }, { "update", SPENT_UPDATE }, { "layout", SPENT_LAYOUT },
    { "paint", SPENT_PAINT }, { "after-paint", SPENT_AFTER },
  };

  for (guint i = 0; i < G_N_ELEMENTS (phases); i++)
    if (watch)
      g_signal_connect (clock, phases[i].signal, G_CALLBACK (on_phase), GINT_TO_POINTER (phases[i].bucket));
    else
      g_signal_handlers_disconnect_by_func (clock, on_phase, GINT_TO_POINTER (phases[i].bucket));
  if (watch)
    spent_mark = thread_cpu_ms ();
  else
    on_phase (clock, GINT_TO_POINTER (SPENT_OUTSIDE));
}

static void
on_loading (GObject *model, GParamSpec *pspec, gpointer column)
{
  g_printerr ("  %.4f column %d %s\n", g_get_monotonic_time () / 1e6, GPOINTER_TO_INT (column),
              hd_ticket_list_model_get_loading (HD_TICKET_LIST_MODEL (model)) ? "loading" : "loaded");
}

static gboolean
on_pause_over (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop for @ms: timers and idles go on meanwhile. */
static void
pause_ms (guint ms)
{
  gboolean over = FALSE;

  g_timeout_add (ms, on_pause_over, &over);
  while (!over)
    g_main_context_iteration (NULL, TRUE);
}

/* Iterates until the columns have answered and a frame was painted after. */
static void
wait_settled (GtkWidget *window, HdBoardView *board)
{
  GdkFrameClock *clock;
  gboolean painted = FALSE;
  gulong id;
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (columns_loading (board) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  clock = gtk_widget_get_frame_clock (window);
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &painted);
  gtk_widget_queue_draw (window);
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_PAINT);
  while (!painted && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, id);
}

/* CPU time of the calling (main) thread: what the UI spends, whatever the
 * load of the machine. */
static double
thread_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

typedef struct {
  double open_ms;
  gint64 rss_before;
  gint64 rss_after;
  gint64 file_before;
  gint64 file_after;
  gsize index_bytes;
  GArray *keystroke_ms;
  GArray *keystroke_cpu_ms;
  GArray *frame_ms;        /* a repaint with nothing changed */
  GArray *frame_cpu_ms;
} Run;

static void
run_board (HdStore *store, HdConfig *config, gboolean type, Run *run)
{
  GtkWidget *window;
  HdBoardView *board;
  gint64 start;

  run->rss_before = status_kib ("VmRSS:");
  run->file_before = status_kib ("RssFile:");
  start = g_get_monotonic_time ();
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  board = hd_board_view_new (store, config, "王芳");
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (board));
  gtk_window_present (GTK_WINDOW (window));
  while (gtk_widget_get_frame_clock (window) == NULL)
    g_main_context_iteration (NULL, TRUE);
  wait_settled (window, board);
  run->open_ms = (g_get_monotonic_time () - start) / 1000.0;
  /* Idle, as the board is once it has answered: it gives freed memory back. */
  if (g_getenv ("HD_BENCH_DEBUG"))
    g_printerr ("before the pause: anon %ld KiB, files %ld KiB\n", (long) status_kib ("RssAnon:"), (long) status_kib ("RssFile:"));
  pause_ms (HD_BOARD_VIEW_RELEASE_MEMORY_MS + 500);
  if (g_getenv ("HD_BENCH_DEBUG"))
    g_printerr ("after the pause: anon %ld KiB, files %ld KiB\n", (long) status_kib ("RssAnon:"), (long) status_kib ("RssFile:"));
  run->rss_after = status_kib ("VmRSS:");
  run->file_after = status_kib ("RssFile:");
  {
    g_autoptr(HdTicketIndex) index = hd_ticket_index_get_for_store (store);
    run->index_bytes = hd_ticket_index_get_size (index);
  }

  run->keystroke_ms = g_array_new (FALSE, FALSE, sizeof (double));
  run->keystroke_cpu_ms = g_array_new (FALSE, FALSE, sizeof (double));
  run->frame_ms = g_array_new (FALSE, FALSE, sizeof (double));
  run->frame_cpu_ms = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; type && i < 30; i++)
    {
      double ms, cpu = thread_cpu_ms ();

      start = g_get_monotonic_time ();
      wait_settled (window, board);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      cpu = thread_cpu_ms () - cpu;
      g_array_append_val (run->frame_ms, ms);
      g_array_append_val (run->frame_cpu_ms, cpu);
    }
  if (g_strcmp0 (g_getenv ("HD_BENCH_DEBUG"), "2") == 0)
    for (guint c = 0; c < HD_N_STATUSES; c++)
      g_signal_connect (hd_board_column_get_model (hd_board_view_get_column (board, c)), "notify::loading",
                        G_CALLBACK (on_loading), GINT_TO_POINTER (c));
  if (type && g_getenv ("HD_BENCH_DEBUG"))
    watch_phases (gtk_widget_get_frame_clock (window), TRUE);
  for (guint round = 0; type && round < 3; round++)
    for (guint i = 0; i < G_N_ELEMENTS (keystrokes); i++)
      {
        double ms, cpu;

        /* A typist's pace: a key every KEY_INTERVAL_MS. Back to back, the
         * frame clock would hold each frame until a frame's time after the
         * last one, which a typist never sees. */
        pause_ms (KEY_INTERVAL_MS);
        cpu = thread_cpu_ms ();
        start = g_get_monotonic_time ();
        if (g_strcmp0 (g_getenv ("HD_BENCH_DEBUG"), "2") == 0)
          g_printerr ("  %.4f keystroke\n", start / 1e6);
        hd_board_view_set_search_text (board, keystrokes[i]);
        wait_settled (window, board);
        ms = (g_get_monotonic_time () - start) / 1000.0;
        cpu = thread_cpu_ms () - cpu;
        g_array_append_val (run->keystroke_ms, ms);
        g_array_append_val (run->keystroke_cpu_ms, cpu);
        if (g_getenv ("HD_BENCH_DEBUG"))
          g_printerr ("keystroke “%s”: %.1f ms, main thread CPU %.1f ms\n", keystrokes[i], ms, cpu);
      }
  if (type && g_getenv ("HD_BENCH_DEBUG"))
    {
      guint n = run->keystroke_ms->len;

      watch_phases (gtk_widget_get_frame_clock (window), FALSE);
      g_printerr ("main thread CPU a keystroke, by frame phase (the pauses included), %.1f frames painted:\n",
                  (double) spent_frames / n);
      for (guint b = 0; b < N_SPENT; b++)
        g_printerr ("  %-42s %.1f ms\n", spent_names[b], spent[b] / n);
    }

  if (g_getenv ("HD_BENCH_NODES") != NULL)
    {
      g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (g_getenv ("HD_BENCH_NODES_WINDOW") ? window : GTK_WIDGET (board));
      g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
      g_autoptr(GskRenderNode) node = NULL;

      gdk_paintable_snapshot (paintable, snapshot, 1280, 800);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
      gsk_render_node_write_to_file (node, g_getenv ("HD_BENCH_NODES"), NULL);
    }
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static int
cmp_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
percentile (GArray *values, double p)
{
  if (values->len == 0)
    return 0;
  g_array_sort (values, cmp_double);
  return g_array_index (values, double, MIN (values->len - 1, (guint) (p * values->len)));
}

/* The one query the index needs for each keystroke: the ids matching the
 * search text, on a bare connection. */
static GArray *
raw_search_queries (HdStore *store)
{
  GArray *times = g_array_new (FALSE, FALSE, sizeof (double));
  sqlite3 *db = hd_store_acquire_reader (store, NULL);

  for (guint round = 0; round < 3; round++)
    for (guint i = 0; i < G_N_ELEMENTS (keystrokes); i++)
      {
        g_autoptr(GPtrArray) binds = g_ptr_array_new_with_free_func (g_free);
        gint64 start = g_get_monotonic_time ();
        g_autofree char *sql = hd_search_build_ids_sql (keystrokes[i], binds);
        sqlite3_stmt *stmt = NULL;
        double ms;

        if (sql == NULL)  /* the cleared field: nothing to search */
          sql = g_strdup ("SELECT id FROM tickets ORDER BY id");
        sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
        hd_store_bind_strings (stmt, binds);
        while (sqlite3_step (stmt) == SQLITE_ROW)
          ;
        sqlite3_finalize (stmt);
        ms = (g_get_monotonic_time () - start) / 1000.0;
        g_array_append_val (times, ms);
        if (g_getenv ("HD_BENCH_DEBUG"))
          g_printerr ("raw search “%s”: %.1f ms\n", keystrokes[i], ms);
      }
  hd_store_release_reader (store, db);
  return times;
}

/* The index's own work, on this thread: reading every ticket's keys, and
 * answering a keystroke's five column queries (the search included). */
static GArray *
index_runs (HdStore *store, double *load_ms)
{
  g_autoptr(HdTicketIndex) index = hd_ticket_index_get_for_store (store);
  GArray *times = g_array_new (FALSE, FALSE, sizeof (double));
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 start;

  /* As after a commit: the keys are read again at the next run. */
  hd_store_emit_tickets_changed (store);
  start = g_get_monotonic_time ();
  {
    g_autoptr(HdTicketQuery) query = hd_ticket_query_new ();
    g_autoptr(HdTicketIndexQuery) q = hd_ticket_index_query_new (query, now);
    g_autoptr(GArray) ids = hd_ticket_index_run (index, q, NULL, NULL);
    g_assert_nonnull (ids);
  }
  *load_ms = (g_get_monotonic_time () - start) / 1000.0;

  for (guint round = 0; round < 3; round++)
    for (guint i = 0; i < G_N_ELEMENTS (keystrokes); i++)
      {
        double ms;

        start = g_get_monotonic_time ();
        for (int status = 0; status < HD_N_STATUSES; status++)
          {
            g_autoptr(HdTicketQuery) query = hd_ticket_query_new ();
            g_autoptr(HdTicketIndexQuery) q = NULL;
            g_autoptr(GArray) ids = NULL;

            hd_ticket_query_set_status (query, status);
            hd_ticket_query_set_sort (query, status == HD_STATUS_CLOSED ? HD_TICKET_SORT_UPDATED
                                                                        : HD_TICKET_SORT_DUE);
            hd_ticket_query_set_search_text (query, keystrokes[i]);
            q = hd_ticket_index_query_new (query, now);
            ids = hd_ticket_index_run (index, q, NULL, NULL);
            g_assert_nonnull (ids);
          }
        ms = (g_get_monotonic_time () - start) / 1000.0;
        g_array_append_val (times, ms);
        if (g_getenv ("HD_BENCH_DEBUG"))
          g_printerr ("index “%s”: %.1f ms\n", keystrokes[i], ms);
      }
  return times;
}

/* The five columns' id queries for each keystroke, on a bare connection:
 * what the board ran before the index. */
static GArray *
raw_queries (HdStore *store)
{
  GArray *times = g_array_new (FALSE, FALSE, sizeof (double));
  sqlite3 *db = hd_store_acquire_reader (store, NULL);

  for (guint round = 0; round < 3; round++)
    for (guint i = 0; i < G_N_ELEMENTS (keystrokes); i++)
      {
        gint64 start = g_get_monotonic_time ();
        double ms;

        for (int status = 0; status < HD_N_STATUSES; status++)
          {
            g_autoptr(HdTicketQuery) query = hd_ticket_query_new ();
            g_autoptr(GPtrArray) binds = g_ptr_array_new_with_free_func (g_free);
            g_autofree char *sql = NULL;
            sqlite3_stmt *stmt = NULL;

            hd_ticket_query_set_status (query, status);
            hd_ticket_query_set_sort (query, status == HD_STATUS_CLOSED ? HD_TICKET_SORT_UPDATED
                                                                        : HD_TICKET_SORT_DUE);
            hd_ticket_query_set_search_text (query, keystrokes[i]);
            sql = hd_ticket_query_build_id_sql (query, binds);
            sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
            hd_store_bind_strings (stmt, binds);
            while (sqlite3_step (stmt) == SQLITE_ROW)
              ;
            sqlite3_finalize (stmt);
          }
        ms = (g_get_monotonic_time () - start) / 1000.0;
        g_array_append_val (times, ms);
      }
  hd_store_release_reader (store, db);
  return times;
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdConfig) config = NULL;
  g_autoptr(HdStore) empty = NULL;
  g_autoptr(HdStore) full = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *empty_path = NULL;
  g_autofree char *full_path = NULL;
  const char *env = g_getenv ("HD_BENCH_TICKETS");
  guint n = env != NULL ? (guint) strtoul (env, NULL, 10) : 100000;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  Run empty_run = { 0 }, full_run = { 0 };
  g_autoptr(GArray) raw = NULL;
  g_autoptr(GArray) raw_search = NULL;
  g_autoptr(GArray) indexed = NULL;
  double index_load_ms = 0;
  gint64 start;

  gtk_init ();
  adw_init ();
  hd_test_load_app_style ();

  dir = g_dir_make_tmp ("hd-bench-board-XXXXXX", &error);
  g_assert_no_error (error);
  config = hd_config_load_default (&error);
  g_assert_no_error (error);
  empty_path = g_build_filename (dir, "empty.db", NULL);
  full_path = g_build_filename (dir, "full.db", NULL);
  empty = hd_store_open (empty_path, &error);
  g_assert_no_error (error);
  full = hd_store_open (full_path, &error);
  g_assert_no_error (error);
  hd_store_set_assigns_final_numbers (full, TRUE);

  start = g_get_monotonic_time ();
  for (guint done = 0; done < n; done += 5000)
    {
      g_autoptr(GPtrArray) batch = hd_sample_data_generate (config, MIN (5000, n - done), done + 1, now);
      g_assert_true (hd_store_create_tickets (full, batch, "bench", &error));
      g_assert_no_error (error);
    }
  g_print ("# filled %u tickets in %.1f s\n", n, (g_get_monotonic_time () - start) / 1e6);

  if (g_getenv ("HD_BENCH_SKIP_BOARD") == NULL)
    {
      run_board (empty, config, FALSE, &empty_run);
      run_board (full, config, TRUE, &full_run);
    }
  else
    {
      /* The board's lines print zeros. */
      Run *runs[] = { &empty_run, &full_run };
      for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
        {
          runs[i]->keystroke_ms = g_array_new (FALSE, FALSE, sizeof (double));
          runs[i]->keystroke_cpu_ms = g_array_new (FALSE, FALSE, sizeof (double));
          runs[i]->frame_ms = g_array_new (FALSE, FALSE, sizeof (double));
          runs[i]->frame_cpu_ms = g_array_new (FALSE, FALSE, sizeof (double));
        }
    }
  raw = raw_queries (full);
  raw_search = raw_search_queries (full);
  indexed = index_runs (full, &index_load_ms);

  g_print ("board open to first frame: %.1f ms with %u tickets (limit: empty board %.1f ms)\n",
           full_run.open_ms, n, empty_run.open_ms);
  g_print ("search keystroke to updated columns: p50 %.1f ms, p95 %.1f ms over %u keystrokes"
           " (limit: the raw search query p50 %.1f ms, p95 %.1f ms; goal p95 16 ms)\n",
           percentile (full_run.keystroke_ms, 0.5), percentile (full_run.keystroke_ms, 0.95),
           full_run.keystroke_ms->len, percentile (raw_search, 0.5), percentile (raw_search, 0.95));
  g_print ("  of which main-thread CPU: p50 %.1f ms, p95 %.1f ms"
           " (the five columns' raw id queries of before: p50 %.1f ms, p95 %.1f ms)\n",
           percentile (full_run.keystroke_cpu_ms, 0.5), percentile (full_run.keystroke_cpu_ms, 0.95),
           percentile (raw, 0.5), percentile (raw, 0.95));
  g_print ("  of which the index (one thread, the five columns and the search): p50 %.1f ms, p95 %.1f ms;"
           " reading the keys of %u tickets: %.1f ms\n",
           percentile (indexed, 0.5), percentile (indexed, 0.95), n, index_load_ms);
  g_print ("  a repaint of the board with nothing changed: p50 %.1f ms (CPU %.1f ms), p95 %.1f ms (CPU %.1f ms)\n",
           percentile (full_run.frame_ms, 0.5), percentile (full_run.frame_cpu_ms, 0.5),
           percentile (full_run.frame_ms, 0.95), percentile (full_run.frame_cpu_ms, 0.95));
  g_print ("board memory: +%" G_GINT64_FORMAT " KiB with %u tickets, of which the index %" G_GSIZE_FORMAT " KiB"
           " and mapped files (fonts) %+" G_GINT64_FORMAT " KiB"
           " (limit: empty board +%" G_GINT64_FORMAT " KiB, files %+" G_GINT64_FORMAT " KiB); process RSS %" G_GINT64_FORMAT " KiB\n",
           full_run.rss_after - full_run.rss_before, n, full_run.index_bytes / 1024,
           full_run.file_after - full_run.file_before,
           empty_run.rss_after - empty_run.rss_before, empty_run.file_after - empty_run.file_before,
           full_run.rss_after);

  g_clear_object (&empty);
  g_clear_object (&full);
  {
    const char *files[] = { "empty.db", "empty.db-wal", "empty.db-shm", "full.db", "full.db-wal", "full.db-shm" };
    for (guint i = 0; i < G_N_ELEMENTS (files); i++)
      {
        g_autofree char *p = g_build_filename (dir, files[i], NULL);
        g_remove (p);
      }
    g_rmdir (dir);
  }
  g_array_unref (empty_run.keystroke_ms);
  g_array_unref (full_run.keystroke_ms);
  g_array_unref (empty_run.keystroke_cpu_ms);
  g_array_unref (full_run.keystroke_cpu_ms);
  g_array_unref (empty_run.frame_ms);
  g_array_unref (full_run.frame_ms);
  g_array_unref (empty_run.frame_cpu_ms);
  g_array_unref (full_run.frame_cpu_ms);
  return 0;
}
