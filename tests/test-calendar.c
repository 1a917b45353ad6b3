/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>

#include "hd-calendar.h"

#define HOUR 3600

/* Unix time of a local wall-clock time. */
static gint64
at (GTimeZone *tz, int year, int month, int day, int hour, int minute)
{
  g_autoptr(GDateTime) dt = g_date_time_new (tz, year, month, day, hour, minute, 0);
  return g_date_time_to_unix (dt);
}

static void
add_date (HdCalendar *calendar, int year, int month, int day, gboolean holiday)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  if (holiday)
    hd_calendar_add_holiday (calendar, &date);
  else
    hd_calendar_add_extra_working_day (calendar, &date);
}

/*
 * Shanghai, Monday to Friday 09:00–12:00 and 13:00–18:00; National Day
 * 2024-10-01..07 off; Sunday 2024-09-29 and Saturday 2024-10-12 worked.
 */
static HdCalendar *
make_shanghai (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Shanghai");
  HdCalendar *calendar = hd_calendar_new (tz);

  g_assert_true (hd_calendar_add_working_hours (calendar, 9 * 60, 12 * 60, NULL));
  g_assert_true (hd_calendar_add_working_hours (calendar, 13 * 60, 18 * 60, NULL));
  for (int day = 1; day <= 7; day++)
    add_date (calendar, 2024, 10, day, TRUE);
  add_date (calendar, 2024, 9, 29, FALSE);
  add_date (calendar, 2024, 10, 12, FALSE);
  return calendar;
}

static void
test_add_working_time (void)
{
  g_autoptr(HdCalendar) cal = make_shanghai ();
  GTimeZone *tz = hd_calendar_get_timezone (cal);

  /* Inside working hours; a result on a span's end stays there. */
  g_assert_cmpint (hd_calendar_add_working_time (cal, at (tz, 2024, 9, 24, 10, 0), 2 * HOUR), ==,
                   at (tz, 2024, 9, 24, 12, 0));
  /* Lunch does not count. */
  g_assert_cmpint (hd_calendar_add_working_time (cal, at (tz, 2024, 9, 24, 10, 0), 2 * HOUR + 1800), ==,
                   at (tz, 2024, 9, 24, 13, 30));
  g_assert_cmpint (hd_calendar_add_working_time (cal, at (tz, 2024, 9, 24, 12, 30), HOUR), ==,
                   at (tz, 2024, 9, 24, 14, 0));
  /* Before and after hours. */
  g_assert_cmpint (hd_calendar_add_working_time (cal, at (tz, 2024, 9, 24, 7, 0), 1800), ==,
                   at (tz, 2024, 9, 24, 9, 30));
  g_assert_cmpint (hd_calendar_add_working_time (cal, at (tz, 2024, 9, 24, 19, 0), HOUR), ==,
                   at (tz, 2024, 9, 25, 10, 0));
  /* Over a weekend. */
  g_assert_cmpint (hd_calendar_add_working_time (cal, at (tz, 2024, 9, 20, 17, 0), 2 * HOUR), ==,
                   at (tz, 2024, 9, 23, 10, 0));
  /* A Sunday made a working day (调休). */
  g_assert_cmpint (hd_calendar_add_working_time (cal, at (tz, 2024, 9, 27, 17, 0), 2 * HOUR), ==,
                   at (tz, 2024, 9, 29, 10, 0));
  /* Over the National Day holidays. */
  g_assert_cmpint (hd_calendar_add_working_time (cal, at (tz, 2024, 9, 30, 17, 0), 2 * HOUR), ==,
                   at (tz, 2024, 10, 8, 10, 0));
  /* A Saturday made a working day. */
  g_assert_cmpint (hd_calendar_add_working_time (cal, at (tz, 2024, 10, 11, 17, 0), 2 * HOUR), ==,
                   at (tz, 2024, 10, 12, 10, 0));
  /* Starting inside a holiday. */
  g_assert_cmpint (hd_calendar_add_working_time (cal, at (tz, 2024, 10, 3, 11, 0), 30 * 60), ==,
                   at (tz, 2024, 10, 8, 9, 30));
  /* Zero adds nothing, even outside working hours. */
  g_assert_cmpint (hd_calendar_add_working_time (cal, at (tz, 2024, 10, 3, 11, 0), 0), ==,
                   at (tz, 2024, 10, 3, 11, 0));
}

static void
test_add_working_days (void)
{
  g_autoptr(HdCalendar) cal = make_shanghai ();
  GTimeZone *tz = hd_calendar_get_timezone (cal);

  g_assert_cmpint (hd_calendar_get_working_seconds_per_day (cal), ==, 8 * HOUR);
  g_assert_cmpint (hd_calendar_add_working_days (cal, at (tz, 2024, 9, 24, 15, 0), 3), ==,
                   at (tz, 2024, 9, 27, 15, 0));
  /* Received on a Saturday: due at the close of Monday. */
  g_assert_cmpint (hd_calendar_add_working_days (cal, at (tz, 2024, 9, 21, 10, 0), 1), ==,
                   at (tz, 2024, 9, 23, 18, 0));
  g_assert_cmpint (hd_calendar_add_working_days (cal, at (tz, 2024, 9, 30, 10, 0), 1), ==,
                   at (tz, 2024, 10, 8, 10, 0));
  /* Friday → make-up Sunday → Monday → holidays → Tuesday 8 October. */
  g_assert_cmpint (hd_calendar_add_working_days (cal, at (tz, 2024, 9, 27, 17, 0), 3), ==,
                   at (tz, 2024, 10, 8, 17, 0));
}

static void
test_is_working_time (void)
{
  g_autoptr(HdCalendar) cal = make_shanghai ();
  GTimeZone *tz = hd_calendar_get_timezone (cal);
  GDate date;

  g_assert_true (hd_calendar_is_working_time (cal, at (tz, 2024, 9, 24, 9, 0)));
  g_assert_true (hd_calendar_is_working_time (cal, at (tz, 2024, 9, 24, 10, 0)));
  g_assert_false (hd_calendar_is_working_time (cal, at (tz, 2024, 9, 24, 12, 30)));
  g_assert_false (hd_calendar_is_working_time (cal, at (tz, 2024, 9, 24, 18, 0)));
  g_assert_false (hd_calendar_is_working_time (cal, at (tz, 2024, 9, 28, 10, 0)));
  g_assert_true (hd_calendar_is_working_time (cal, at (tz, 2024, 9, 29, 10, 0)));
  g_assert_false (hd_calendar_is_working_time (cal, at (tz, 2024, 10, 3, 10, 0)));
  g_assert_true (hd_calendar_is_working_time (cal, at (tz, 2024, 10, 12, 17, 59)));

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 1, G_DATE_JANUARY, 1970); /* a Thursday */
  g_assert_true (hd_calendar_is_working_day (cal, &date));
  g_date_set_dmy (&date, 4, G_DATE_JANUARY, 1970);
  g_assert_false (hd_calendar_is_working_day (cal, &date));

  g_assert_cmpint (hd_calendar_next_working_time (cal, at (tz, 2024, 9, 24, 12, 30)), ==,
                   at (tz, 2024, 9, 24, 13, 0));
  g_assert_cmpint (hd_calendar_next_working_time (cal, at (tz, 2024, 9, 28, 10, 0)), ==,
                   at (tz, 2024, 9, 29, 9, 0));
  g_assert_cmpint (hd_calendar_next_working_time (cal, at (tz, 2024, 9, 24, 10, 0)), ==,
                   at (tz, 2024, 9, 24, 10, 0));
}

static void
test_working_seconds_between (void)
{
  g_autoptr(HdCalendar) cal = make_shanghai ();
  GTimeZone *tz = hd_calendar_get_timezone (cal);

  g_assert_cmpint (hd_calendar_working_seconds_between (cal, at (tz, 2024, 9, 20, 17, 0),
                                                        at (tz, 2024, 9, 23, 10, 0)), ==, 2 * HOUR);
  g_assert_cmpint (hd_calendar_working_seconds_between (cal, at (tz, 2024, 9, 23, 10, 0),
                                                        at (tz, 2024, 9, 20, 17, 0)), ==, -2 * HOUR);
  g_assert_cmpint (hd_calendar_working_seconds_between (cal, at (tz, 2024, 9, 30, 9, 0),
                                                        at (tz, 2024, 10, 8, 18, 0)), ==, 16 * HOUR);
  /* A week with a make-up Sunday has six working days. */
  g_assert_cmpint (hd_calendar_working_seconds_between (cal, at (tz, 2024, 9, 23, 0, 0),
                                                        at (tz, 2024, 9, 30, 0, 0)), ==, 48 * HOUR);
  g_assert_cmpint (hd_calendar_working_seconds_between (cal, at (tz, 2024, 9, 24, 11, 0),
                                                        at (tz, 2024, 9, 24, 14, 0)), ==, 2 * HOUR);
}

static void
test_dst (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("America/New_York");
  g_autoptr(HdCalendar) cal = hd_calendar_new (tz);
  g_autoptr(HdCalendar) always = hd_calendar_new (tz);

  g_assert_true (hd_calendar_add_working_hours (cal, 9 * 60, 17 * 60, NULL));

  /* Friday 16:00 EST + 2 h lands Monday 10:00 EDT, 65 h later. */
  g_assert_cmpint (hd_calendar_add_working_time (cal, at (tz, 2024, 3, 8, 16, 0), 2 * HOUR), ==,
                   at (tz, 2024, 3, 11, 10, 0));
  g_assert_cmpint (at (tz, 2024, 3, 11, 10, 0) - at (tz, 2024, 3, 8, 16, 0), ==, 65 * HOUR);
  g_assert_cmpint (hd_calendar_add_working_time (cal, at (tz, 2024, 11, 1, 16, 0), 2 * HOUR), ==,
                   at (tz, 2024, 11, 4, 10, 0));
  g_assert_true (hd_calendar_is_working_time (cal, at (tz, 2024, 3, 11, 9, 0)));
  g_assert_false (hd_calendar_is_working_time (cal, at (tz, 2024, 3, 11, 8, 59)));

  /* Round the clock, every day: the DST days are 23 h and 25 h long. */
  hd_calendar_set_working_weekdays (always, 0xfe);
  g_assert_true (hd_calendar_add_working_hours (always, 0, 24 * 60, NULL));
  g_assert_cmpint (hd_calendar_working_seconds_between (always, at (tz, 2024, 3, 10, 0, 0),
                                                        at (tz, 2024, 3, 11, 0, 0)), ==, 23 * HOUR);
  g_assert_cmpint (hd_calendar_working_seconds_between (always, at (tz, 2024, 11, 3, 0, 0),
                                                        at (tz, 2024, 11, 4, 0, 0)), ==, 25 * HOUR);
  g_assert_cmpint (hd_calendar_add_working_time (always, at (tz, 2024, 3, 9, 12, 0), 48 * HOUR), ==,
                   at (tz, 2024, 3, 11, 13, 0));
}

static void
test_spans_rejected (void)
{
  g_autoptr(HdCalendar) cal = hd_calendar_new (NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (hd_calendar_add_working_hours (cal, 600, 540, &error));
  g_assert_error (error, HD_CALENDAR_ERROR, HD_CALENDAR_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (hd_calendar_add_working_hours (cal, 540, 720, &error));
  g_assert_false (hd_calendar_add_working_hours (cal, 700, 800, &error));
  g_assert_error (error, HD_CALENDAR_ERROR, HD_CALENDAR_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (hd_calendar_add_working_hours (cal, 780, 800, NULL));
  g_assert_true (hd_calendar_add_working_hours (cal, 900, 1000, NULL));
  g_assert_true (hd_calendar_add_working_hours (cal, 1100, 1440, NULL));
  g_assert_false (hd_calendar_add_working_hours (cal, 1440, 1441, &error));
  g_clear_error (&error);
  g_assert_cmpuint (hd_calendar_get_n_spans (cal), ==, 4);
}

static void
test_no_working_time (void)
{
  g_autoptr(HdCalendar) cal = hd_calendar_new (NULL);

  /* No spans at all: nothing is ever reached, and the loops stop. */
  g_assert_cmpint (hd_calendar_add_working_time (cal, 0, 60), ==, G_MAXINT64);
  g_assert_cmpint (hd_calendar_next_working_time (cal, 0), ==, G_MAXINT64);
  g_assert_cmpint (hd_calendar_working_seconds_between (cal, 0, 86400 * 30), ==, 0);
}

static void
test_duration_parse (void)
{
  struct {
    const char *text;
    HdDurationUnit unit;
    gint64 amount;
    const char *display;
  } good[] = {
    { "10m", HD_DURATION_CLOCK, 600, "10 minutes" },
    { "4h", HD_DURATION_CLOCK, 4 * HOUR, "4 hours" },
    { "24 hours", HD_DURATION_CLOCK, 24 * HOUR, "24 hours" },
    { "1 hour", HD_DURATION_CLOCK, HOUR, "1 hour" },
    { "2d", HD_DURATION_CLOCK, 48 * HOUR, "48 hours" },
    { "90s", HD_DURATION_CLOCK, 90, "90 seconds" },
    { "3 working days", HD_DURATION_WORKING_DAYS, 3, "3 working days" },
    { "1 working day", HD_DURATION_WORKING_DAYS, 1, "1 working day" },
    { "8 working hours", HD_DURATION_WORKING_TIME, 8 * HOUR, "8 working hours" },
    { "30 working minutes", HD_DURATION_WORKING_TIME, 1800, "30 working minutes" },
  };
  const char *bad[] = { "", "4", "h", "0h", "-1h", "4 hrs", "3 workings days", "401d",
                        "1 working week", "4h ago", " ", "1.5h", "99999999999999999999h" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      HdDuration d;
      g_autofree char *display = NULL;

      g_assert_true (hd_duration_parse (good[i].text, &d));
      g_assert_cmpint (d.unit, ==, good[i].unit);
      g_assert_cmpint (d.amount, ==, good[i].amount);
      display = hd_duration_to_string (&d);
      g_assert_cmpstr (display, ==, good[i].display);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_false (hd_duration_parse (bad[i], NULL));
}

static void
test_parse_helpers (void)
{
  GDate date;
  guint a, b;

  g_date_clear (&date, 1);
  g_assert_true (hd_calendar_parse_date ("2024-02-29", &date));
  g_assert_cmpint (g_date_get_day (&date), ==, 29);
  g_assert_false (hd_calendar_parse_date ("2023-02-29", NULL));
  g_assert_false (hd_calendar_parse_date ("2024-1-01", NULL));
  g_assert_false (hd_calendar_parse_date ("2024-01-01x", NULL));

  g_assert_true (hd_calendar_parse_span ("09:00-12:30", &a, &b));
  g_assert_cmpuint (a, ==, 540);
  g_assert_cmpuint (b, ==, 750);
  g_assert_true (hd_calendar_parse_span ("00:00-24:00", &a, &b));
  g_assert_cmpuint (b, ==, 1440);
  g_assert_false (hd_calendar_parse_span ("12:00-09:00", NULL, NULL));
  g_assert_false (hd_calendar_parse_span ("9:00-12:00", NULL, NULL));
  g_assert_false (hd_calendar_parse_span ("09:60-12:00", NULL, NULL));
  g_assert_false (hd_calendar_parse_span ("24:00-24:00", NULL, NULL));
}

/* SLA deadlines for 100 000 tickets spread over a year take well under a second. */
static void
test_speed (void)
{
  g_autoptr(HdCalendar) cal = make_shanghai ();
  gint64 start = at (hd_calendar_get_timezone (cal), 2024, 1, 1, 0, 0);
  gint64 begin = g_get_monotonic_time ();
  gint64 check = 0;
  double seconds;

  for (guint i = 0; i < 100000; i++)
    {
      gint64 created = start + (gint64) i * 313; /* about a year in all */
      check += hd_calendar_add_working_days (cal, created, 5) - created;
      check += hd_calendar_add_working_time (cal, created, 8 * HOUR) - created;
    }
  seconds = (g_get_monotonic_time () - begin) / 1e6;
  g_test_message ("200 000 deadlines in %.3f s", seconds);
  g_assert_cmpint (check, >, 0);
  g_assert_cmpfloat (seconds, <, 1.0);
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/calendar/add-working-time", test_add_working_time);
  g_test_add_func ("/calendar/add-working-days", test_add_working_days);
  g_test_add_func ("/calendar/is-working-time", test_is_working_time);
  g_test_add_func ("/calendar/working-seconds-between", test_working_seconds_between);
  g_test_add_func ("/calendar/dst", test_dst);
  g_test_add_func ("/calendar/spans-rejected", test_spans_rejected);
  g_test_add_func ("/calendar/no-working-time", test_no_working_time);
  g_test_add_func ("/calendar/duration-parse", test_duration_parse);
  g_test_add_func ("/calendar/parse-helpers", test_parse_helpers);
  g_test_add_func ("/calendar/speed", test_speed);

  return g_test_run ();
}
