/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-report"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "hd-report.h"

/*
 * The report's figures as CSV, one figure per row in long form
 * (section, item, measure, value), so a spreadsheet can pivot them. Section
 * and measure names are stable English ids; items are the user's labels.
 */

void
hd_csv_append_cell (GString    *out,
                    const char *cell)
{
  gboolean quote;

  g_return_if_fail (out != NULL);

  if (cell == NULL)
    cell = "";

  /* A cell a spreadsheet would evaluate (=1+1, @SUM, -2+3, +cmd) is text. */
  if (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' || cell[0] == '@' ||
      cell[0] == '\t' || cell[0] == '\r')
    {
      g_autofree char *safe = g_strconcat ("'", cell, NULL);
      hd_csv_append_cell (out, safe);
      return;
    }

  quote = strpbrk (cell, ",\"\r\n") != NULL;
  if (!quote)
    {
      g_string_append (out, cell);
      return;
    }

  g_string_append_c (out, '"');
  for (const char *p = cell; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
row (GString *out, const char *section, const char *item, const char *measure, const char *value)
{
  hd_csv_append_cell (out, section);
  g_string_append_c (out, ',');
  hd_csv_append_cell (out, item);
  g_string_append_c (out, ',');
  hd_csv_append_cell (out, measure);
  g_string_append_c (out, ',');
  hd_csv_append_cell (out, value);
  g_string_append (out, "\r\n");
}

static void
row_uint (GString *out, const char *section, const char *item, const char *measure, guint value)
{
  char buf[16];

  g_snprintf (buf, sizeof buf, "%u", value);
  row (out, section, item, measure, buf);
}

/* Numbers in the C locale whatever the user's: 12.5, never 12,5. */
static void
row_double (GString *out, const char *section, const char *item, const char *measure, double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (value < 0)
    {
      row (out, section, item, measure, "");
      return;
    }
  g_ascii_formatd (buf, sizeof buf, "%.4f", value);
  row (out, section, item, measure, buf);
}

static void
rows_duration (GString *out, const char *section, const char *item, const HdReportDuration *d)
{
  row_uint (out, section, item, "tickets", d->n);
  row_double (out, section, item, "mean_hours", d->n ? d->mean_clock / 3600.0 : -1);
  row_double (out, section, item, "median_hours", d->n ? d->median_clock / 3600.0 : -1);
  row_double (out, section, item, "mean_working_hours", d->n ? d->mean_working / 3600.0 : -1);
  row_double (out, section, item, "median_working_hours", d->n ? d->median_working / 3600.0 : -1);
}

char *
hd_report_to_csv (const HdReport *report,
                  HdConfig       *config)
{
  GString *out;
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  g_autofree char *start_text = NULL;
  g_autofree char *end_text = NULL;

  g_return_val_if_fail (report != NULL, NULL);

  out = g_string_new (NULL);
  row (out, "section", "item", "measure", "value");

  start = g_date_time_new_from_unix_utc (report->start);
  end = g_date_time_new_from_unix_utc (report->end);
  start_text = g_date_time_format_iso8601 (start);
  end_text = g_date_time_format_iso8601 (end);
  row (out, "period", _("Start"), "utc", start_text);
  row (out, "period", _("End"), "utc", end_text);
  row_uint (out, "summary", _("Tickets"), "count", report->n_tickets);

  for (guint i = HD_SATISFACTION_VERY_SATISFIED; i <= HD_SATISFACTION_DISSATISFIED; i++)
    row_uint (out, "satisfaction", hd_satisfaction_get_label (i), "count", report->satisfaction[i]);
  row_uint (out, "satisfaction", hd_satisfaction_get_label (HD_SATISFACTION_NONE), "count",
            report->satisfaction[HD_SATISFACTION_NONE]);
  row_double (out, "csat", _("CSAT"), "ratio", report->csat);
  row_double (out, "csat", _("Previous period"), "ratio", report->previous_csat);
  for (guint i = 0; i < report->trend->len; i++)
    {
      const HdReportTrendPoint *p = &g_array_index (report->trend, HdReportTrendPoint, i);
      g_autoptr(GDateTime) day = g_date_time_new_from_unix_utc (p->start);
      g_autofree char *when = g_date_time_format_iso8601 (day);

      row_uint (out, "csat_trend", when, "answered", p->answered);
      row_double (out, "csat_trend", when, "ratio", p->answered ? (double) p->satisfied / p->answered : -1);
    }

  for (guint i = 0; i < report->types->len; i++)
    {
      const HdReportCount *c = g_ptr_array_index (report->types, i);

      row_uint (out, "type", hd_report_type_label (config, c->id), "count", c->count);
      row_double (out, "type", hd_report_type_label (config, c->id), "share",
                  report->n_tickets ? (double) c->count / report->n_tickets : -1);
    }

  rows_duration (out, "handling_time", _("All tickets"), report->handling);
  for (guint i = 0; i < report->handling_by_priority->len; i++)
    {
      const HdReportDuration *d = g_ptr_array_index (report->handling_by_priority, i);
      rows_duration (out, "handling_time_by_priority", hd_report_key_label (config, FALSE, d->key), d);
    }
  for (guint i = 0; i < report->handling_by_group->len; i++)
    {
      const HdReportDuration *d = g_ptr_array_index (report->handling_by_group, i);
      rows_duration (out, "handling_time_by_group", hd_report_key_label (config, TRUE, d->key), d);
    }
  rows_duration (out, "first_response", _("All tickets"), report->response);
  for (guint i = 0; i < report->response_by_priority->len; i++)
    {
      const HdReportDuration *d = g_ptr_array_index (report->response_by_priority, i);
      rows_duration (out, "first_response_by_priority", hd_report_key_label (config, FALSE, d->key), d);
    }
  for (guint i = 0; i < report->response_by_group->len; i++)
    {
      const HdReportDuration *d = g_ptr_array_index (report->response_by_group, i);
      rows_duration (out, "first_response_by_group", hd_report_key_label (config, TRUE, d->key), d);
    }

  row_uint (out, "sla", _("First response"), "met", report->response_met);
  row_uint (out, "sla", _("First response"), "missed", report->response_missed);
  row_double (out, "sla", _("First response"), "ratio", hd_report_get_response_compliance (report));
  row_uint (out, "sla", _("Resolution"), "met", report->resolution_met);
  row_uint (out, "sla", _("Resolution"), "missed", report->resolution_missed);
  row_double (out, "sla", _("Resolution"), "ratio", hd_report_get_resolution_compliance (report));

  for (guint i = 0; i < HD_N_STATUSES; i++)
    row_uint (out, "backlog", hd_status_get_label (i), "count", report->status[i]);

  row_uint (out, "reopen", _("Resolved"), "count", report->resolved);
  row_uint (out, "reopen", _("Reopened"), "count", report->reopened);
  row_double (out, "reopen", _("Reopen rate"), "ratio", hd_report_get_reopen_rate (report));

  for (guint i = 0; i < report->top_subtypes->len; i++)
    {
      const HdReportCount *c = g_ptr_array_index (report->top_subtypes, i);
      const char *label = config ? hd_config_get_type_label (config, c->id, c->sub_id) : NULL;
      g_autofree char *item = g_strdup_printf ("%s / %s", hd_report_type_label (config, c->id),
                                               label ? label : c->sub_id);

      row_uint (out, "top_subtypes", item, "count", c->count);
    }
  for (guint i = 0; i < report->top_similar->len; i++)
    {
      const HdReportCluster *c = g_ptr_array_index (report->top_similar, i);

      row_uint (out, "top_similar", c->description, "count", c->count);
    }

  return g_string_free (out, FALSE);
}
