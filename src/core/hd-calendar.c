/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-calendar"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "hd-calendar.h"

#define SECONDS_PER_DAY 86400
/* GDate's Julian day number of 1970-01-01 (day 1 is 0001-01-01). */
#define JULIAN_OF_EPOCH 719163
/* No SLA target is longer than a year; ten years of days bounds every loop
 * even for a calendar whose holidays leave no working day. */
#define MAX_DAYS_SCANNED (366 * 10)
#define CACHE_SIZE 256

/*
 * One local date resolved to UTC instants. Deadlines for many tickets touch
 * the same few weeks, so resolved days are kept in a small direct-mapped
 * cache: timezone lookups in GLib are linear in the number of transitions.
 */
typedef struct {
  gint64 day; /* days since 1970-01-01, local */
  gboolean valid;
  guint n_spans;
  gint64 start[HD_CALENDAR_MAX_SPANS];
  gint64 end[HD_CALENDAR_MAX_SPANS];
} DayInfo;

struct _HdCalendar
{
  GObject parent_instance;

  GTimeZone *timezone;
  guint weekdays;
  guint n_spans;
  guint span_start[HD_CALENDAR_MAX_SPANS]; /* minutes after local midnight */
  guint span_end[HD_CALENDAR_MAX_SPANS];
  GHashTable *holidays;      /* epoch day → itself */
  GHashTable *extra_days;

  GMutex cache_lock;
  DayInfo cache[CACHE_SIZE];
};

G_DEFINE_FINAL_TYPE (HdCalendar, hd_calendar, G_TYPE_OBJECT)

G_DEFINE_QUARK (hd-calendar-error-quark, hd_calendar_error)

static gint64
floor_div (gint64 a, gint64 b)
{
  gint64 q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0)))
    q--;
  return q;
}

static GDateWeekday
weekday_of_day (gint64 day)
{
  /* 1970-01-01 was a Thursday (G_DATE_THURSDAY = 4). */
  gint64 r = ((day % 7) + 7) % 7;
  return (GDateWeekday) (((r + 3) % 7) + 1);
}

static gint64
day_of_date (const GDate *date)
{
  return (gint64) g_date_get_julian (date) - JULIAN_OF_EPOCH;
}

static gint64
local_to_utc (HdCalendar *self, gint64 local)
{
  gint64 t = local;
  int interval = g_time_zone_adjust_time (self->timezone, G_TIME_TYPE_STANDARD, &t);
  return t - g_time_zone_get_offset (self->timezone, interval);
}

static gint64
day_of_instant (HdCalendar *self, gint64 when)
{
  int interval = g_time_zone_find_interval (self->timezone, G_TIME_TYPE_UNIVERSAL, when);
  gint64 local = when + g_time_zone_get_offset (self->timezone, interval);
  return floor_div (local, SECONDS_PER_DAY);
}

static gboolean
is_working_day_number (HdCalendar *self, gint64 day)
{
  gpointer key = GINT_TO_POINTER ((gint) day);

  if (g_hash_table_contains (self->holidays, key))
    return FALSE;
  if (g_hash_table_contains (self->extra_days, key))
    return TRUE;
  return (self->weekdays & (1u << weekday_of_day (day))) != 0;
}

static void
resolve_day (HdCalendar *self, gint64 day, DayInfo *out)
{
  DayInfo *slot;

  g_mutex_lock (&self->cache_lock);
  slot = &self->cache[(guint64) day % CACHE_SIZE];
  if (!slot->valid || slot->day != day)
    {
      slot->valid = TRUE;
      slot->day = day;
      slot->n_spans = 0;
      if (is_working_day_number (self, day))
        {
          gint64 midnight = day * SECONDS_PER_DAY;

          for (guint i = 0; i < self->n_spans; i++)
            {
              slot->start[i] = local_to_utc (self, midnight + self->span_start[i] * 60);
              slot->end[i] = local_to_utc (self, midnight + self->span_end[i] * 60);
            }
          slot->n_spans = self->n_spans;
        }
    }
  *out = *slot;
  g_mutex_unlock (&self->cache_lock);
}

static void
invalidate_cache (HdCalendar *self)
{
  g_mutex_lock (&self->cache_lock);
  for (guint i = 0; i < CACHE_SIZE; i++)
    self->cache[i].valid = FALSE;
  g_mutex_unlock (&self->cache_lock);
}

static void
hd_calendar_finalize (GObject *object)
{
  HdCalendar *self = (HdCalendar *) object;

  g_clear_pointer (&self->timezone, g_time_zone_unref);
  g_clear_pointer (&self->holidays, g_hash_table_unref);
  g_clear_pointer (&self->extra_days, g_hash_table_unref);
  g_mutex_clear (&self->cache_lock);

  G_OBJECT_CLASS (hd_calendar_parent_class)->finalize (object);
}

static void
hd_calendar_class_init (HdCalendarClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hd_calendar_finalize;
}

static void
hd_calendar_init (HdCalendar *self)
{
  self->weekdays = HD_CALENDAR_MONDAY_TO_FRIDAY;
  self->holidays = g_hash_table_new (NULL, NULL);
  self->extra_days = g_hash_table_new (NULL, NULL);
  g_mutex_init (&self->cache_lock);
}

/**
 * hd_calendar_new:
 * @timezone: (nullable): the timezone of the working hours; UTC when %NULL
 *
 * Returns: (transfer full): a calendar working Monday to Friday with no
 *   working hours yet: add them with hd_calendar_add_working_hours().
 */
HdCalendar *
hd_calendar_new (GTimeZone *timezone)
{
  HdCalendar *self = g_object_new (HD_TYPE_CALENDAR, NULL);

  self->timezone = timezone != NULL ? g_time_zone_ref (timezone) : g_time_zone_new_utc ();
  return self;
}

GTimeZone *
hd_calendar_get_timezone (HdCalendar *self)
{
  g_return_val_if_fail (HD_IS_CALENDAR (self), NULL);
  return self->timezone;
}

void
hd_calendar_set_working_weekdays (HdCalendar *self, guint weekday_mask)
{
  g_return_if_fail (HD_IS_CALENDAR (self));
  self->weekdays = weekday_mask & 0xfe; /* bits 1 (Monday) to 7 (Sunday) */
  invalidate_cache (self);
}

guint
hd_calendar_get_working_weekdays (HdCalendar *self)
{
  g_return_val_if_fail (HD_IS_CALENDAR (self), 0);
  return self->weekdays;
}

/**
 * hd_calendar_add_working_hours:
 * @start_minute: minutes after local midnight, e.g. 540 for 09:00
 * @end_minute: up to 1440 (24:00); after @start_minute
 *
 * Adds a span of working hours to every working day. Spans are added in
 * order and may not overlap; a lunch break is the gap between two spans.
 */
gboolean
hd_calendar_add_working_hours (HdCalendar  *self,
                               guint        start_minute,
                               guint        end_minute,
                               GError     **error)
{
  g_return_val_if_fail (HD_IS_CALENDAR (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (start_minute >= end_minute || end_minute > 24 * 60)
    {
      g_set_error (error, HD_CALENDAR_ERROR, HD_CALENDAR_ERROR_INVALID,
                   _("Working hours must end after they start, within one day"));
      return FALSE;
    }
  if (self->n_spans > 0 && start_minute < self->span_end[self->n_spans - 1])
    {
      g_set_error (error, HD_CALENDAR_ERROR, HD_CALENDAR_ERROR_INVALID,
                   _("Working hours must be in order and must not overlap"));
      return FALSE;
    }
  if (self->n_spans == HD_CALENDAR_MAX_SPANS)
    {
      g_set_error (error, HD_CALENDAR_ERROR, HD_CALENDAR_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                "At most %d span of working hours per day",
                                "At most %d spans of working hours per day",
                                HD_CALENDAR_MAX_SPANS),
                   HD_CALENDAR_MAX_SPANS);
      return FALSE;
    }

  self->span_start[self->n_spans] = start_minute;
  self->span_end[self->n_spans] = end_minute;
  self->n_spans++;
  invalidate_cache (self);
  return TRUE;
}

guint
hd_calendar_get_n_spans (HdCalendar *self)
{
  g_return_val_if_fail (HD_IS_CALENDAR (self), 0);
  return self->n_spans;
}

void
hd_calendar_get_span (HdCalendar *self,
                      guint       index,
                      guint      *start_minute,
                      guint      *end_minute)
{
  g_return_if_fail (HD_IS_CALENDAR (self));
  g_return_if_fail (index < self->n_spans);

  if (start_minute != NULL)
    *start_minute = self->span_start[index];
  if (end_minute != NULL)
    *end_minute = self->span_end[index];
}

/* A date both a holiday and a make-up day is a holiday. */
void
hd_calendar_add_holiday (HdCalendar *self, const GDate *date)
{
  g_return_if_fail (HD_IS_CALENDAR (self));
  g_return_if_fail (date != NULL && g_date_valid (date));

  g_hash_table_add (self->holidays, GINT_TO_POINTER ((gint) day_of_date (date)));
  invalidate_cache (self);
}

void
hd_calendar_add_extra_working_day (HdCalendar *self, const GDate *date)
{
  g_return_if_fail (HD_IS_CALENDAR (self));
  g_return_if_fail (date != NULL && g_date_valid (date));

  g_hash_table_add (self->extra_days, GINT_TO_POINTER ((gint) day_of_date (date)));
  invalidate_cache (self);
}

gboolean
hd_calendar_is_working_day (HdCalendar *self, const GDate *date)
{
  g_return_val_if_fail (HD_IS_CALENDAR (self), FALSE);
  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);

  return is_working_day_number (self, day_of_date (date));
}

/* Nominal length of a working day, from the wall-clock spans. */
gint64
hd_calendar_get_working_seconds_per_day (HdCalendar *self)
{
  gint64 total = 0;

  g_return_val_if_fail (HD_IS_CALENDAR (self), 0);

  for (guint i = 0; i < self->n_spans; i++)
    total += (gint64) (self->span_end[i] - self->span_start[i]) * 60;
  return total;
}

gboolean
hd_calendar_is_working_time (HdCalendar *self, gint64 when)
{
  DayInfo info;

  g_return_val_if_fail (HD_IS_CALENDAR (self), FALSE);

  resolve_day (self, day_of_instant (self, when), &info);
  for (guint i = 0; i < info.n_spans; i++)
    if (when >= info.start[i] && when < info.end[i])
      return TRUE;
  return FALSE;
}

/**
 * hd_calendar_next_working_time:
 *
 * Returns: @when if it is working time, else the start of the next span of
 *   working hours; %G_MAXINT64 when none comes within ten years.
 */
gint64
hd_calendar_next_working_time (HdCalendar *self, gint64 when)
{
  gint64 day;

  g_return_val_if_fail (HD_IS_CALENDAR (self), G_MAXINT64);

  day = day_of_instant (self, when);
  for (guint n = 0; n < MAX_DAYS_SCANNED; n++, day++)
    {
      DayInfo info;

      resolve_day (self, day, &info);
      for (guint i = 0; i < info.n_spans; i++)
        if (when < info.end[i])
          return MAX (when, info.start[i]);
    }
  return G_MAXINT64;
}

/**
 * hd_calendar_add_working_time:
 * @start: when the clock starts, in or out of working hours
 * @seconds: working seconds to add, not negative
 *
 * Counts @seconds of working time from @start: time outside working hours,
 * on non-working days and holidays does not count. A result that falls on
 * the end of a span is given as that end (18:00, not 09:00 the next day).
 *
 * Returns: the instant, or %G_MAXINT64 if the calendar has no working time
 *   within ten years
 */
gint64
hd_calendar_add_working_time (HdCalendar *self, gint64 start, gint64 seconds)
{
  gint64 remaining = seconds;
  gint64 day;

  g_return_val_if_fail (HD_IS_CALENDAR (self), G_MAXINT64);
  g_return_val_if_fail (seconds >= 0, G_MAXINT64);

  if (seconds == 0)
    return start;

  day = day_of_instant (self, start);
  for (guint n = 0; n < MAX_DAYS_SCANNED; n++, day++)
    {
      DayInfo info;

      resolve_day (self, day, &info);
      for (guint i = 0; i < info.n_spans; i++)
        {
          gint64 from = MAX (start, info.start[i]);
          gint64 available;

          if (from >= info.end[i])
            continue;
          available = info.end[i] - from;
          if (remaining <= available)
            return from + remaining;
          remaining -= available;
        }
    }
  return G_MAXINT64;
}

/**
 * hd_calendar_add_working_days:
 *
 * Adds @days working days of working time (each the nominal length of a
 * working day). A request at Tuesday 15:00 with one working day is due
 * Wednesday 15:00; one received on Saturday is due at the close of Monday.
 */
gint64
hd_calendar_add_working_days (HdCalendar *self, gint64 start, guint days)
{
  g_return_val_if_fail (HD_IS_CALENDAR (self), G_MAXINT64);

  return hd_calendar_add_working_time (self, start,
                                       (gint64) days * hd_calendar_get_working_seconds_per_day (self));
}

/**
 * hd_calendar_working_seconds_between:
 *
 * Returns: the working seconds from @from to @to; negative when @to is
 *   before @from
 */
gint64
hd_calendar_working_seconds_between (HdCalendar *self, gint64 from, gint64 to)
{
  gint64 total = 0;
  gint64 first, last;

  g_return_val_if_fail (HD_IS_CALENDAR (self), 0);

  if (to < from)
    return -hd_calendar_working_seconds_between (self, to, from);

  first = day_of_instant (self, from);
  last = day_of_instant (self, to);
  for (gint64 day = first; day <= last; day++)
    {
      DayInfo info;

      resolve_day (self, day, &info);
      for (guint i = 0; i < info.n_spans; i++)
        {
          gint64 a = MAX (from, info.start[i]);
          gint64 b = MIN (to, info.end[i]);

          if (b > a)
            total += b - a;
        }
    }
  return total;
}

gint64
hd_calendar_add_duration (HdCalendar       *self,
                          gint64            start,
                          const HdDuration *duration)
{
  g_return_val_if_fail (HD_IS_CALENDAR (self), G_MAXINT64);
  g_return_val_if_fail (duration != NULL, G_MAXINT64);

  switch (duration->unit)
    {
    case HD_DURATION_CLOCK:
      return start + duration->amount;
    case HD_DURATION_WORKING_TIME:
      return hd_calendar_add_working_time (self, start, duration->amount);
    case HD_DURATION_WORKING_DAYS:
      return hd_calendar_add_working_days (self, start, (guint) duration->amount);
    default:
      g_return_val_if_reached (G_MAXINT64);
    }
}

/* Durations ------------------------------------------------------------------ */

/* Longest accepted duration: 400 days, whatever the unit. */
#define MAX_DURATION_SECONDS ((gint64) 400 * SECONDS_PER_DAY)

static const struct {
  const char *name;
  gint64 seconds;
} clock_units[] = {
  { "s", 1 }, { "sec", 1 }, { "second", 1 }, { "seconds", 1 },
  { "m", 60 }, { "min", 60 }, { "minute", 60 }, { "minutes", 60 },
  { "h", 3600 }, { "hour", 3600 }, { "hours", 3600 },
  { "d", SECONDS_PER_DAY }, { "day", SECONDS_PER_DAY }, { "days", SECONDS_PER_DAY },
};

/**
 * hd_duration_parse:
 * @text: e.g. "10m", "4h", "24 hours", "2d", "3 working days",
 *   "8 working hours", "30 working minutes"
 *
 * Returns: whether @text is a positive duration of at most 400 days
 */
gboolean
hd_duration_parse (const char *text, HdDuration *out)
{
  const char *p;
  char *end = NULL;
  guint64 number;
  gboolean working = FALSE;
  g_autofree char *unit = NULL;

  g_return_val_if_fail (text != NULL, FALSE);

  p = text;
  while (*p == ' ')
    p++;
  if (!g_ascii_isdigit (*p))
    return FALSE;
  errno = 0;
  number = g_ascii_strtoull (p, &end, 10);
  if (errno != 0 || number == 0 || number > 1000000)
    return FALSE;
  p = end;
  while (*p == ' ')
    p++;
  if (g_str_has_prefix (p, "working "))
    {
      working = TRUE;
      p += strlen ("working ");
      while (*p == ' ')
        p++;
    }
  unit = g_strchomp (g_strdup (p));

  if (working)
    {
      HdDuration d;

      if (g_str_equal (unit, "day") || g_str_equal (unit, "days"))
        d = (HdDuration) { HD_DURATION_WORKING_DAYS, (gint64) number };
      else if (g_str_equal (unit, "hour") || g_str_equal (unit, "hours"))
        d = (HdDuration) { HD_DURATION_WORKING_TIME, (gint64) number * 3600 };
      else if (g_str_equal (unit, "minute") || g_str_equal (unit, "minutes"))
        d = (HdDuration) { HD_DURATION_WORKING_TIME, (gint64) number * 60 };
      else
        return FALSE;
      if ((d.unit == HD_DURATION_WORKING_DAYS ? d.amount * SECONDS_PER_DAY : d.amount) > MAX_DURATION_SECONDS)
        return FALSE;
      if (out != NULL)
        *out = d;
      return TRUE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (clock_units); i++)
    if (g_str_equal (unit, clock_units[i].name))
      {
        gint64 seconds = (gint64) number * clock_units[i].seconds;

        if (seconds > MAX_DURATION_SECONDS)
          return FALSE;
        if (out != NULL)
          *out = (HdDuration) { HD_DURATION_CLOCK, seconds };
        return TRUE;
      }
  return FALSE;
}

gboolean
hd_duration_equal (const HdDuration *a, const HdDuration *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);
  return a->unit == b->unit && a->amount == b->amount;
}

/**
 * hd_duration_to_string:
 *
 * Returns: (transfer full): a translated description, e.g. "4 hours",
 *   "10 minutes", "3 working days"
 */
char *
hd_duration_to_string (const HdDuration *duration)
{
  gint64 amount;

  g_return_val_if_fail (duration != NULL, NULL);

  amount = duration->amount;
  switch (duration->unit)
    {
    case HD_DURATION_WORKING_DAYS:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d working day", "%d working days", amount),
                              (int) amount);
    case HD_DURATION_WORKING_TIME:
      if (amount % 3600 == 0)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d working hour", "%d working hours", amount / 3600),
                                (int) (amount / 3600));
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d working minute", "%d working minutes", amount / 60),
                              (int) (amount / 60));
    case HD_DURATION_CLOCK:
    default:
      if (amount % 3600 == 0)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour", "%d hours", amount / 3600),
                                (int) (amount / 3600));
      if (amount % 60 == 0)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute", "%d minutes", amount / 60),
                                (int) (amount / 60));
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d second", "%d seconds", amount),
                              (int) amount);
    }
}

/* Parsing helpers -------------------------------------------------------------- */

static gboolean
parse_digits (const char **p, guint n_digits, guint *out)
{
  guint value = 0;

  for (guint i = 0; i < n_digits; i++)
    {
      if (!g_ascii_isdigit ((*p)[i]))
        return FALSE;
      value = value * 10 + (guint) ((*p)[i] - '0');
    }
  *p += n_digits;
  *out = value;
  return TRUE;
}

/* Strict "YYYY-MM-DD". */
gboolean
hd_calendar_parse_date (const char *text, GDate *out)
{
  const char *p = text;
  guint y, m, d;

  g_return_val_if_fail (text != NULL, FALSE);

  if (!parse_digits (&p, 4, &y) || *p++ != '-' ||
      !parse_digits (&p, 2, &m) || *p++ != '-' ||
      !parse_digits (&p, 2, &d) || *p != '\0')
    return FALSE;
  if (y < 1970 || y > 2200 || !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return FALSE;
  if (out != NULL)
    g_date_set_dmy (out, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return TRUE;
}

static gboolean
parse_clock (const char **p, guint *minutes)
{
  guint h, m;

  if (!parse_digits (p, 2, &h) || *(*p)++ != ':' || !parse_digits (p, 2, &m))
    return FALSE;
  if (m > 59 || h > 24 || (h == 24 && m != 0))
    return FALSE;
  *minutes = h * 60 + m;
  return TRUE;
}

/* Strict "HH:MM-HH:MM", end after start, "24:00" allowed as an end. */
gboolean
hd_calendar_parse_span (const char *text,
                        guint      *start_minute,
                        guint      *end_minute)
{
  const char *p = text;
  guint a, b;

  g_return_val_if_fail (text != NULL, FALSE);

  if (!parse_clock (&p, &a) || *p++ != '-' || !parse_clock (&p, &b) || *p != '\0')
    return FALSE;
  if (a >= b || a == 24 * 60)
    return FALSE;
  if (start_minute != NULL)
    *start_minute = a;
  if (end_minute != NULL)
    *end_minute = b;
  return TRUE;
}
