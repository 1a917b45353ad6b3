/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define HD_CALENDAR_ERROR (hd_calendar_error_quark ())

typedef enum {
  HD_CALENDAR_ERROR_INVALID, /* a malformed or out-of-range value */
} HdCalendarError;

GQuark hd_calendar_error_quark (void);

/* How a duration is counted (SPEC R4.1: "≤ 4 h" versus "≤ 3 working days"). */
typedef enum {
  HD_DURATION_CLOCK,        /* elapsed seconds, nights and weekends included */
  HD_DURATION_WORKING_TIME, /* seconds inside working hours */
  HD_DURATION_WORKING_DAYS, /* whole working days of working time */
} HdDurationUnit;

/* `amount` is in seconds, or in days for HD_DURATION_WORKING_DAYS. */
typedef struct {
  HdDurationUnit unit;
  gint64 amount;
} HdDuration;

gboolean    hd_duration_parse     (const char       *text,
                                   HdDuration       *out);
char       *hd_duration_to_string (const HdDuration *duration);
gboolean    hd_duration_equal     (const HdDuration *a,
                                   const HdDuration *b);

#define HD_TYPE_CALENDAR (hd_calendar_get_type ())
G_DECLARE_FINAL_TYPE (HdCalendar, hd_calendar, HD, CALENDAR, GObject)

/* Working days are a mask of (1 << GDateWeekday), e.g. Monday to Friday. */
#define HD_CALENDAR_MONDAY_TO_FRIDAY \
  ((1 << G_DATE_MONDAY) | (1 << G_DATE_TUESDAY) | (1 << G_DATE_WEDNESDAY) | \
   (1 << G_DATE_THURSDAY) | (1 << G_DATE_FRIDAY))

/* At most this many working-hour spans per day (e.g. morning and afternoon). */
#define HD_CALENDAR_MAX_SPANS 4

/*
 * A working-time calendar (SPEC R4.1): a timezone, the working weekdays, the
 * working hours of a working day (one or more spans, e.g. 09:00–12:00 and
 * 13:00–18:00), holidays, and make-up working days (调休) that are working
 * days although they fall on a weekend. Configure it once, then use it from
 * any thread: the arithmetic does not change the calendar.
 *
 * Times are Unix seconds (UTC). Spans are local wall-clock times in the
 * calendar's timezone, so a DST change moves them correctly.
 */
HdCalendar *hd_calendar_new                      (GTimeZone   *timezone);
GTimeZone  *hd_calendar_get_timezone             (HdCalendar  *self);

void        hd_calendar_set_working_weekdays     (HdCalendar  *self,
                                                  guint        weekday_mask);
guint       hd_calendar_get_working_weekdays     (HdCalendar  *self);
gboolean    hd_calendar_add_working_hours        (HdCalendar  *self,
                                                  guint        start_minute,
                                                  guint        end_minute,
                                                  GError     **error);
guint       hd_calendar_get_n_spans              (HdCalendar  *self);
void        hd_calendar_get_span                 (HdCalendar  *self,
                                                  guint        index,
                                                  guint       *start_minute,
                                                  guint       *end_minute);
void        hd_calendar_add_holiday              (HdCalendar  *self,
                                                  const GDate *date);
void        hd_calendar_add_extra_working_day    (HdCalendar  *self,
                                                  const GDate *date);
gboolean    hd_calendar_is_working_day           (HdCalendar  *self,
                                                  const GDate *date);
gint64      hd_calendar_get_working_seconds_per_day (HdCalendar *self);

gboolean    hd_calendar_is_working_time          (HdCalendar  *self,
                                                  gint64       when);
gint64      hd_calendar_next_working_time        (HdCalendar  *self,
                                                  gint64       when);
gint64      hd_calendar_add_working_time         (HdCalendar  *self,
                                                  gint64       start,
                                                  gint64       seconds);
gint64      hd_calendar_add_working_days         (HdCalendar  *self,
                                                  gint64       start,
                                                  guint        days);
gint64      hd_calendar_working_seconds_between  (HdCalendar  *self,
                                                  gint64       from,
                                                  gint64       to);
gint64      hd_calendar_add_duration             (HdCalendar       *self,
                                                  gint64            start,
                                                  const HdDuration *duration);

/* Parse helpers shared with the configuration loader. */
gboolean    hd_calendar_parse_date               (const char  *text,
                                                  GDate       *out);
gboolean    hd_calendar_parse_span               (const char  *text,
                                                  guint       *start_minute,
                                                  guint       *end_minute);

G_END_DECLS
