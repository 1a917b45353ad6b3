/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The report tests' data set and independent oracle (test-report-fixture.h). */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "hd-config-item.h"
#include "hd-uuid.h"
#include "test-report-fixture.h"

/* Independent working time ------------------------------------------------- */

/* The default preset: Asia/Shanghai (UTC+8, no DST), Monday–Friday,
 * 09:00–12:00 and 13:00–18:00, the 2024 National Day holiday and its
 * make-up working days. */
static gboolean
is_working_minute (gint64 t)
{
  static const char * const holidays[] = { "2024-10-01", "2024-10-02", "2024-10-03", "2024-10-04",
                                           "2024-10-05", "2024-10-06", "2024-10-07", NULL };
  static const char * const extra[] = { "2024-09-29", "2024-10-12", NULL };
  gint64 local = t + 8 * HOUR;
  gint64 day = local / 86400;
  int minute = (int) ((local % 86400) / 60);
  char iso[16];
  GDate date;
  gboolean working;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, (guint32) (719163 + day));
  g_snprintf (iso, sizeof iso, "%04d-%02d-%02d", g_date_get_year (&date),
              g_date_get_month (&date), g_date_get_day (&date));
  working = g_date_get_weekday (&date) <= G_DATE_FRIDAY;
  if (g_strv_contains (holidays, iso))
    working = FALSE;
  if (g_strv_contains (extra, iso))
    working = TRUE;
  return working && ((minute >= 540 && minute < 720) || (minute >= 780 && minute < 1080));
}

gint64
working_between (gint64 a, gint64 b)
{
  gint64 total = 0;

  g_assert_cmpint (a % 60, ==, 0);
  g_assert_cmpint (b % 60, ==, 0);
  for (gint64 t = a; t < b; t += 60)
    total += is_working_minute (t) ? 60 : 0;
  return total;
}
/* Data set --------------------------------------------------------------- */

const char * const report_handlers[3] = { "张伟", "Li Na", "王芳" };

static char *
random_text (GRand *rand)
{
  static const char letters[] = "abcdefghijklmnopqrstuvwxyz";
  char buf[25];

  for (guint i = 0; i < 24; i++)
    buf[i] = letters[g_rand_int_range (rand, 0, 26)];
  buf[24] = '\0';
  return g_strdup (buf);
}

static void
add_change (Spec *s, gint64 when, HdStatus from, HdStatus to)
{
  g_assert_cmpuint (s->n_changes, <, G_N_ELEMENTS (s->changes));
  s->changes[s->n_changes++] = (Change) { when, from, to };
}

/* A timeline up to @stage. @reopen 1 takes the ticket back to in progress
 * once it awaits feedback; 2 reopens a closed ticket and closes it again, so
 * the last close counts. */
static void
make_timeline (Spec *s, GRand *rand, HdStatus stage, int reopen)
{
  gint64 t = s->created;
  HdStatus at = HD_STATUS_PENDING;

  for (HdStatus next = HD_STATUS_IN_PROGRESS; next <= stage; next++)
    {
      t += g_rand_int_range (rand, 1, 3000) * MINUTE;
      add_change (s, t, at, next);
      at = next;
      if ((reopen == 1 || (reopen == 2 && stage != HD_STATUS_CLOSED)) &&
          at == HD_STATUS_AWAITING_FEEDBACK)
        {
          t += g_rand_int_range (rand, 1, 600) * MINUTE;
          add_change (s, t, at, HD_STATUS_IN_PROGRESS);
          t += g_rand_int_range (rand, 1, 600) * MINUTE;
          add_change (s, t, HD_STATUS_IN_PROGRESS, at);
        }
    }
  if (reopen == 2 && stage == HD_STATUS_CLOSED)
    {
      t += g_rand_int_range (rand, 1, 600) * MINUTE;
      add_change (s, t, HD_STATUS_CLOSED, HD_STATUS_IN_PROGRESS);
      t += g_rand_int_range (rand, 1, 600) * MINUTE;
      add_change (s, t, HD_STATUS_IN_PROGRESS, HD_STATUS_CLOSED);
    }
  s->status = stage;
}

static Spec *
spec_new (Fixture *f, GRand *rand, gint64 created)
{
  g_autoptr(GListModel) priorities = hd_config_list_priorities (f->config);
  g_autoptr(GListModel) groups = hd_config_list_groups (f->config);
  g_autoptr(GListModel) types = hd_config_list_types (f->config);
  g_autoptr(HdConfigItem) priority = g_list_model_get_item (priorities, g_rand_int_range (rand, 0, g_list_model_get_n_items (priorities)));
  g_autoptr(HdConfigItem) group = g_list_model_get_item (groups, g_rand_int_range (rand, 0, g_list_model_get_n_items (groups)));
  g_autoptr(HdConfigItem) type = g_list_model_get_item (types, g_rand_int_range (rand, 0, g_list_model_get_n_items (types)));
  g_autoptr(GListModel) subtypes = hd_config_list_subtypes (f->config, hd_config_item_get_id (type));
  Spec *s = g_new0 (Spec, 1);

  s->created = created;
  s->priority = g_intern_string (hd_config_item_get_id (priority));
  s->group = g_rand_int_range (rand, 0, 10) == 0 ? NULL : g_intern_string (hd_config_item_get_id (group));
  s->handler = report_handlers[g_rand_int_range (rand, 0, G_N_ELEMENTS (report_handlers))];
  s->channel = g_rand_int_range (rand, 0, HD_CHANNEL_OTHER + 1);
  s->type_l1 = g_rand_int_range (rand, 0, 12) == 0 ? NULL : g_intern_string (hd_config_item_get_id (type));
  if (s->type_l1 != NULL && g_list_model_get_n_items (subtypes) > 0)
    {
      /* Few sub-types, so the top five have real counts. */
      g_autoptr(HdConfigItem) sub = g_list_model_get_item (subtypes, g_rand_int_range (rand, 0, MIN (2, g_list_model_get_n_items (subtypes))));
      s->type_l2 = g_intern_string (hd_config_item_get_id (sub));
    }
  s->description = random_text (rand);
  s->satisfaction = g_rand_int_range (rand, 0, HD_SATISFACTION_DISSATISFIED + 1);
  s->response_due = created + g_rand_int_range (rand, 10, 480) * MINUTE;
  s->resolution_due = created + g_rand_int_range (rand, 60, 14 * 24 * 60) * MINUTE;
  if (g_rand_int_range (rand, 0, 5) != 0)
    s->responded = created + g_rand_int_range (rand, 1, 600) * MINUTE;
  make_timeline (s, rand, g_rand_int_range (rand, 0, HD_N_STATUSES),
                 MAX (0, g_rand_int_range (rand, -3, 3)));
  g_ptr_array_add (f->specs, s);
  return s;
}

static void
spec_free (gpointer data)
{
  Spec *s = data;

  g_free (s->uuid);
  g_free (s->description);
  g_free (s);
}

static void
store_specs (Fixture *f)
{
  g_autoptr(GPtrArray) tickets = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < f->specs->len; i++)
    {
      Spec *s = g_ptr_array_index (f->specs, i);
      HdTicket *t = hd_ticket_new ();

      hd_ticket_set_created_at (t, s->created);
      hd_ticket_set_first_response_at (t, s->responded);
      hd_ticket_set_response_due (t, s->response_due);
      hd_ticket_set_resolution_due (t, s->resolution_due);
      hd_ticket_set_priority (t, s->priority);
      hd_ticket_set_group (t, s->group);
      hd_ticket_set_handler (t, s->handler);
      hd_ticket_set_channel (t, s->channel);
      hd_ticket_set_type_l1 (t, s->type_l1);
      hd_ticket_set_type_l2 (t, s->type_l2);
      hd_ticket_set_description (t, s->description);
      hd_ticket_set_contact (t, "1234");
      hd_ticket_set_satisfaction (t, s->satisfaction);
      hd_ticket_set_status (t, s->status);
      g_ptr_array_add (tickets, t);
    }
  hd_store_create_tickets (f->store, tickets, "test", &error);
  g_assert_no_error (error);

  for (guint i = 0; i < f->specs->len; i++)
    {
      Spec *s = g_ptr_array_index (f->specs, i);

      s->uuid = g_strdup (hd_ticket_get_uuid (g_ptr_array_index (tickets, i)));
      for (guint j = 0; j < s->n_changes; j++)
        {
          g_autofree char *uuid = hd_uuid_new ();
          g_autofree char *data = g_strdup_printf ("{\"from\":\"%s\",\"to\":\"%s\"}",
                                                   hd_status_to_id (s->changes[j].from),
                                                   hd_status_to_id (s->changes[j].to));
          g_autoptr(HdEvent) event = hd_event_new (uuid, s->uuid, HD_EVENT_STATUS_CHANGE, "test",
                                                   s->changes[j].when, NULL, data);
          hd_store_add_event (f->store, event, &error);
          g_assert_no_error (error);
        }
    }
}

const char * const report_cluster_a[4] = {
  "无法登录，APP提示错误代码E1002，已重启手机仍然不行",
  "无法登录，APP提示错误代码E1002，已重启手机仍然不行。请尽快处理",
  "无法登录 APP 提示错误代码 E1002，已重启手机，仍然不行！",
  "无法登录，APP提示错误代码E1002，已经重启手机仍然不行",
};
const char * const report_cluster_b[3] = {
  "Refund for order 12345 has not arrived after seven days",
  "refund for order 12345 has not arrived after seven days, please check",
  "Refund for order 12345 has not arrived after seven days!",
};
const char * const report_cluster_c[2] = {
  "积分规则咨询：会员积分什么时候过期？",
  "积分规则咨询 会员积分什么时候过期",
};

void
report_fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240923);
  g_autofree char *path = NULL;
  Spec *s;

  f->dir = g_dir_make_tmp ("hd-test-report-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "tickets.db", NULL);
  f->store = hd_store_open (path, &error);
  g_assert_no_error (error);
  f->config = hd_config_load_default (&error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_time_zone_get_identifier (hd_calendar_get_timezone (hd_config_get_calendar (f->config))),
                   ==, "Asia/Shanghai");
  f->specs = g_ptr_array_new_with_free_func (spec_free);

  /* 120 tickets from 9 days before the week (the previous period) to 2
   * days after it, on whole minutes. */
  for (guint i = 0; i < 120; i++)
    spec_new (f, rand, WEEK_START - 9 * 86400 + g_rand_int_range (rand, 0, 18 * 24 * 60) * MINUTE);

  /* The period's edges: the first second is in, the end is out. */
  s = spec_new (f, rand, WEEK_START);
  s->handler = "Boundary";
  s = spec_new (f, rand, WEEK_END - MINUTE);
  s->handler = "Boundary";
  s = spec_new (f, rand, WEEK_START - MINUTE);
  s->handler = "Boundary";
  s = spec_new (f, rand, WEEK_END);
  s->handler = "Boundary";

  /* Across the weekend, a make-up working Sunday and the National Day
   * holiday: answered Sunday 09:30, closed Tuesday 8 October 10:00. */
  s = spec_new (f, rand, WEEK_START + 4 * 86400 + 17 * HOUR);
  s->handler = "Holiday";
  s->responded = WEEK_START + 6 * 86400 + 9 * HOUR + 30 * MINUTE;
  s->n_changes = 0;
  add_change (s, s->created + HOUR, HD_STATUS_PENDING, HD_STATUS_IN_PROGRESS);
  add_change (s, WEEK_START + 15 * 86400 + 10 * HOUR, HD_STATUS_IN_PROGRESS, HD_STATUS_CLOSED);
  s->status = HD_STATUS_CLOSED;

  /* Descriptions of the same problem, newest last in each list. */
  for (guint i = 0; i < G_N_ELEMENTS (report_cluster_a); i++)
    {
      s = spec_new (f, rand, WEEK_START + 86400 + i * HOUR);
      g_free (s->description);
      s->description = g_strdup (report_cluster_a[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (report_cluster_b); i++)
    {
      s = spec_new (f, rand, WEEK_START + 2 * 86400 + i * HOUR);
      g_free (s->description);
      s->description = g_strdup (report_cluster_b[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (report_cluster_c); i++)
    {
      s = spec_new (f, rand, WEEK_START + 3 * 86400 + i * HOUR);
      g_free (s->description);
      s->description = g_strdup (report_cluster_c[i]);
    }

  store_specs (f);
}

void
report_fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "tickets.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_clear_object (&f->store);
  g_clear_object (&f->config);
  g_ptr_array_unref (f->specs);
  g_remove (path);
  g_remove (wal);
  g_remove (shm);
  g_rmdir (f->dir);
  g_free (f->dir);
}
/* Independent figures ----------------------------------------------------- */

gboolean
spec_matches (const Spec *s, const HdReportQuery *q, gint64 start, gint64 end)
{
  return s->created >= start && s->created < end &&
         (q->group == NULL || g_strcmp0 (s->group, q->group) == 0) &&
         (q->handler == NULL || g_strcmp0 (s->handler, q->handler) == 0) &&
         (q->channel < 0 || (int) s->channel == q->channel);
}

static gint64
close_time (const Spec *s)
{
  gint64 when = -1;

  for (guint i = 0; i < s->n_changes; i++)
    if (s->changes[i].to == HD_STATUS_CLOSED)
      when = MAX (when, s->changes[i].when);
  return when;
}

static gboolean
ever_resolved (const Spec *s)
{
  if (s->status >= HD_STATUS_AWAITING_FEEDBACK)
    return TRUE;
  for (guint i = 0; i < s->n_changes; i++)
    if (s->changes[i].to >= HD_STATUS_AWAITING_FEEDBACK)
      return TRUE;
  return FALSE;
}

static gboolean
reopened (const Spec *s)
{
  for (guint i = 0; i < s->n_changes; i++)
    if (s->changes[i].from >= HD_STATUS_AWAITING_FEEDBACK && s->changes[i].to == HD_STATUS_IN_PROGRESS)
      return TRUE;
  return FALSE;
}

static int
cmp64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return x < y ? -1 : x > y;
}

/* Mean and median of @values (sorted here), by hand. */
static void
stats (GArray *values, double *mean, double *median)
{
  gint64 sum = 0;
  guint n = values->len;

  g_array_sort (values, cmp64);
  for (guint i = 0; i < n; i++)
    sum += g_array_index (values, gint64, i);
  *mean = n ? (double) sum / n : 0;
  if (n == 0)
    *median = 0;
  else if (n % 2 == 1)
    *median = g_array_index (values, gint64, n / 2);
  else
    *median = (g_array_index (values, gint64, n / 2 - 1) + g_array_index (values, gint64, n / 2)) / 2.0;
}

typedef enum { HANDLING, RESPONSE } Measure;

/* Checks one HdReportDuration against the specs whose @key_of equals @key
 * (NULL: all of them). */
static void
check_duration (Fixture *f, const HdReportQuery *q, Measure m, const HdReportDuration *d,
                gboolean by_group, const char *key)
{
  g_autoptr(GArray) clock = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) working = g_array_new (FALSE, FALSE, sizeof (gint64));
  double mean, median;

  for (guint i = 0; i < f->specs->len; i++)
    {
      const Spec *s = g_ptr_array_index (f->specs, i);
      const char *k = by_group ? s->group : s->priority;
      gint64 end;

      if (!spec_matches (s, q, q->start, q->end))
        continue;
      if (key != NULL && g_strcmp0 (k ? k : "", key) != 0)
        continue;
      if (m == HANDLING)
        {
          if (s->status != HD_STATUS_CLOSED)
            continue;
          end = close_time (s);
        }
      else
        {
          if (s->responded == 0)
            continue;
          end = s->responded;
        }
      {
        gint64 c = end - s->created, w = working_between (s->created, end);
        g_array_append_val (clock, c);
        g_array_append_val (working, w);
      }
    }

  g_assert_cmpuint (d->n, ==, clock->len);
  if (clock->len == 0)
    return;
  stats (clock, &mean, &median);
  g_assert_cmpfloat_with_epsilon (d->mean_clock, mean, 1e-6);
  g_assert_cmpfloat_with_epsilon (d->median_clock, median, 1e-6);
  stats (working, &mean, &median);
  g_assert_cmpfloat_with_epsilon (d->mean_working, mean, 1e-6);
  g_assert_cmpfloat_with_epsilon (d->median_working, median, 1e-6);
}

static void
check_durations (Fixture *f, const HdReportQuery *q, Measure m, GPtrArray *list, gboolean by_group)
{
  g_autoptr(GHashTable) keys = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < f->specs->len; i++)
    {
      const Spec *s = g_ptr_array_index (f->specs, i);
      const char *k = by_group ? s->group : s->priority;

      if (spec_matches (s, q, q->start, q->end) &&
          (m == HANDLING ? s->status == HD_STATUS_CLOSED : s->responded != 0))
        g_hash_table_add (keys, (gpointer) (k ? k : ""));
    }
  g_assert_cmpuint (list->len, ==, g_hash_table_size (keys));
  for (guint i = 0; i < list->len; i++)
    {
      const HdReportDuration *d = g_ptr_array_index (list, i);

      g_assert_true (g_hash_table_contains (keys, d->key));
      check_duration (f, q, m, d, by_group, d->key);
    }
}

typedef struct {
  const char *a, *b;
  guint count;
} Pair;

static int
cmp_pair (gconstpointer a, gconstpointer b)
{
  const Pair *x = a, *y = b;
  int c;

  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  if ((c = strcmp (x->a, y->a)) != 0)
    return c;
  return strcmp (x->b ? x->b : "", y->b ? y->b : "");
}

/* Counts of (a, b) over matching specs, sorted like the report. */
static GArray *
count_pairs (Fixture *f, const HdReportQuery *q, gboolean subtypes)
{
  GArray *pairs = g_array_new (FALSE, TRUE, sizeof (Pair));

  for (guint i = 0; i < f->specs->len; i++)
    {
      const Spec *s = g_ptr_array_index (f->specs, i);
      const char *a = s->type_l1 ? s->type_l1 : "";
      const char *b = subtypes ? s->type_l2 : NULL;
      guint j;

      if (!spec_matches (s, q, q->start, q->end) || (subtypes && b == NULL))
        continue;
      for (j = 0; j < pairs->len; j++)
        {
          Pair *p = &g_array_index (pairs, Pair, j);
          if (g_str_equal (p->a, a) && g_strcmp0 (p->b, b) == 0)
            {
              p->count++;
              break;
            }
        }
      if (j == pairs->len)
        {
          Pair p = { a, b, 1 };
          g_array_append_val (pairs, p);
        }
    }
  g_array_sort (pairs, cmp_pair);
  return pairs;
}

void
check_report (Fixture *f, const HdReportQuery *q, const HdReport *r)
{
  guint n = 0, sat[HD_SATISFACTION_DISSATISFIED + 1] = { 0 }, status[HD_N_STATUSES] = { 0 };
  guint answered = 0, prev_answered = 0, prev_good = 0;
  guint rmet = 0, rmiss = 0, smet = 0, smiss = 0, resolved = 0, reopen = 0;
  gint64 span = q->end - q->start;
  g_autoptr(GArray) types = count_pairs (f, q, FALSE);
  g_autoptr(GArray) subtypes = count_pairs (f, q, TRUE);

  for (guint i = 0; i < f->specs->len; i++)
    {
      const Spec *s = g_ptr_array_index (f->specs, i);

      if (spec_matches (s, q, q->start - span, q->start) && s->satisfaction != HD_SATISFACTION_NONE)
        {
          prev_answered++;
          prev_good += s->satisfaction <= HD_SATISFACTION_SATISFIED;
        }
      if (!spec_matches (s, q, q->start, q->end))
        continue;
      n++;
      sat[s->satisfaction]++;
      status[s->status]++;
      answered += s->satisfaction != HD_SATISFACTION_NONE;
      if (s->responded)
        *(s->responded <= s->response_due ? &rmet : &rmiss) += 1;
      else if (NOW > s->response_due)
        rmiss++;
      if (s->status == HD_STATUS_CLOSED)
        *(close_time (s) <= s->resolution_due ? &smet : &smiss) += 1;
      else if (NOW > s->resolution_due)
        smiss++;
      if (ever_resolved (s))
        {
          resolved++;
          reopen += reopened (s);
        }
    }

  g_assert_cmpint (r->start, ==, q->start);
  g_assert_cmpint (r->end, ==, q->end);
  g_assert_cmpuint (r->n_tickets, ==, n);
  for (guint i = 0; i <= HD_SATISFACTION_DISSATISFIED; i++)
    g_assert_cmpuint (r->satisfaction[i], ==, sat[i]);
  g_assert_cmpuint (r->answered, ==, answered);
  if (answered)
    g_assert_cmpfloat_with_epsilon (r->csat, (double) (sat[1] + sat[2]) / answered, 1e-9);
  else
    g_assert_cmpfloat (r->csat, ==, -1);
  if (prev_answered)
    g_assert_cmpfloat_with_epsilon (r->previous_csat, (double) prev_good / prev_answered, 1e-9);
  else
    g_assert_cmpfloat (r->previous_csat, ==, -1);

  /* A fixed-offset zone: local days are 86 400 s from the period start. */
  g_assert_cmpuint (r->trend_step_days, ==, 1);
  g_assert_cmpuint (r->trend->len, ==, (guint) ((q->end - q->start + 86399) / 86400));
  for (guint d = 0; d < r->trend->len; d++)
    {
      const HdReportTrendPoint *p = &g_array_index (r->trend, HdReportTrendPoint, d);
      guint day_answered = 0, day_good = 0;

      for (guint i = 0; i < f->specs->len; i++)
        {
          const Spec *s = g_ptr_array_index (f->specs, i);
          if (spec_matches (s, q, q->start + d * 86400, MIN (q->end, q->start + (d + 1) * 86400)) &&
              s->satisfaction != HD_SATISFACTION_NONE)
            {
              day_answered++;
              day_good += s->satisfaction <= HD_SATISFACTION_SATISFIED;
            }
        }
      g_assert_cmpint (p->start, ==, q->start + d * 86400);
      g_assert_cmpuint (p->answered, ==, day_answered);
      g_assert_cmpuint (p->satisfied, ==, day_good);
    }

  g_assert_cmpuint (r->types->len, ==, types->len);
  for (guint i = 0; i < types->len; i++)
    {
      const HdReportCount *c = g_ptr_array_index (r->types, i);
      g_assert_cmpstr (c->id, ==, g_array_index (types, Pair, i).a);
      g_assert_cmpuint (c->count, ==, g_array_index (types, Pair, i).count);
    }
  g_assert_cmpuint (r->top_subtypes->len, ==, MIN (5, subtypes->len));
  for (guint i = 0; i < r->top_subtypes->len; i++)
    {
      const HdReportCount *c = g_ptr_array_index (r->top_subtypes, i);
      g_assert_cmpstr (c->id, ==, g_array_index (subtypes, Pair, i).a);
      g_assert_cmpstr (c->sub_id, ==, g_array_index (subtypes, Pair, i).b);
      g_assert_cmpuint (c->count, ==, g_array_index (subtypes, Pair, i).count);
    }

  for (guint i = 0; i < HD_N_STATUSES; i++)
    g_assert_cmpuint (r->status[i], ==, status[i]);

  g_assert_cmpuint (r->response_met, ==, rmet);
  g_assert_cmpuint (r->response_missed, ==, rmiss);
  g_assert_cmpuint (r->resolution_met, ==, smet);
  g_assert_cmpuint (r->resolution_missed, ==, smiss);
  g_assert_cmpuint (r->resolved, ==, resolved);
  g_assert_cmpuint (r->reopened, ==, reopen);

  check_duration (f, q, HANDLING, r->handling, FALSE, NULL);
  check_duration (f, q, RESPONSE, r->response, FALSE, NULL);
  check_durations (f, q, HANDLING, r->handling_by_priority, FALSE);
  check_durations (f, q, HANDLING, r->handling_by_group, TRUE);
  check_durations (f, q, RESPONSE, r->response_by_priority, FALSE);
  check_durations (f, q, RESPONSE, r->response_by_group, TRUE);
}

HdReport *
compute_report (Fixture *f, const HdReportQuery *q)
{
  g_autoptr(GError) error = NULL;
  HdReport *r = hd_report_compute (f->store, hd_config_get_calendar (f->config), q, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (r);
  return r;
}

HdReportQuery *
week_query (void)
{
  HdReportQuery *q = hd_report_query_new ();

  q->start = WEEK_START;
  q->end = WEEK_END;
  q->now = NOW;
  return q;
}
