/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-reports-view"

#include "config.h"

#include <glib/gi18n.h>

#include "hd-report-pdf.h"
#include "hd-reports-view-private.h"

/* Exports of the reports page: the report as PDF or CSV, a chart as PNG. */

static char *
suggested_name (HdReportsView *self, const char *what, const char *extension)
{
  GTimeZone *tz = hd_calendar_get_timezone (hd_config_get_calendar (self->config));
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (self->report ? self->report->start : 0);
  g_autoptr(GDateTime) day = g_date_time_to_timezone (utc, tz);
  g_autofree char *date = g_date_time_format (day, "%Y-%m-%d");

  return g_strdup_printf ("%s-%s.%s", what, date, extension);
}

typedef enum { EXPORT_PDF, EXPORT_CSV, EXPORT_PNG } ExportKind;

typedef struct {
  HdReportsView *self;
  ExportKind kind;
  char *chart;
} ExportData;

static void
on_export_response (GtkNativeDialog *dialog, int response, ExportData *data)
{
  HdReportsView *self = data->self;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;
      gboolean ok = FALSE;

      if (data->kind == EXPORT_PDF)
        ok = hd_reports_view_export_pdf (self, path, &error);
      else if (data->kind == EXPORT_CSV)
        ok = hd_reports_view_export_csv (self, path, &error);
      else
        {
          Card *card = hd_reports_view_find_card (self, data->chart);
          ok = hd_chart_save_png (card->chart, path, MAX (gtk_widget_get_width (GTK_WIDGET (card->chart)), 480),
                                  MAX (gtk_widget_get_height (GTK_WIDGET (card->chart)), 200), &error);
        }
      if (!ok)
        {
          GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
          GtkWidget *alert = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                     _("Export Failed"), error->message);
          adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (alert), "close", _("_Close"));
          gtk_window_present (GTK_WINDOW (alert));
        }
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (data->self);
  g_free (data->chart);
  g_free (data);
}

static void
choose_file (HdReportsView *self, ExportKind kind, const char *chart)
{
  static const char * const titles[] = { N_("Export Report as PDF"), N_("Export Report Data as CSV"),
                                         N_("Save Chart as Image") };
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *native;
  ExportData *data;
  g_autofree char *name = NULL;

  if (self->report == NULL)
    return;
  native = gtk_file_chooser_native_new (_(titles[kind]), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  name = kind == EXPORT_PDF ? suggested_name (self, "report", "pdf")
       : kind == EXPORT_CSV ? suggested_name (self, "report", "csv")
       : suggested_name (self, chart, "png");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);

  data = g_new0 (ExportData, 1);
  data->self = g_object_ref (self);
  data->kind = kind;
  data->chart = g_strdup (chart);
  g_signal_connect (native, "response", G_CALLBACK (on_export_response), data);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

void
hd_reports_view_export_pdf_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  choose_file (HD_REPORTS_VIEW (widget), EXPORT_PDF, NULL);
}

void
hd_reports_view_export_csv_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  choose_file (HD_REPORTS_VIEW (widget), EXPORT_CSV, NULL);
}

void
hd_reports_view_save_chart_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  HdReportsView *self = HD_REPORTS_VIEW (widget);
  const char *name = g_variant_get_string (parameter, NULL);

  if (hd_reports_view_find_card (self, name) != NULL)
    choose_file (self, EXPORT_PNG, name);
}

gboolean
hd_reports_view_export_csv (HdReportsView  *self,
                            const char     *path,
                            GError        **error)
{
  g_autofree char *csv = NULL;

  g_return_val_if_fail (HD_IS_REPORTS_VIEW (self), FALSE);
  g_return_val_if_fail (self->report != NULL, FALSE);

  csv = hd_report_to_csv (self->report, self->config);
  /* A UTF-8 byte order mark, so spreadsheet programs read Chinese right. */
  {
    g_autofree char *with_bom = g_strconcat ("\xEF\xBB\xBF", csv, NULL);
    return g_file_set_contents (path, with_bom, -1, error);
  }
}

gboolean
hd_reports_view_export_pdf (HdReportsView  *self,
                            const char     *path,
                            GError        **error)
{
  g_autoptr(GPtrArray) charts = g_ptr_array_new ();
  g_autoptr(GPtrArray) subtitles = g_ptr_array_new ();
  g_autoptr(GPtrArray) tiles = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (HD_IS_REPORTS_VIEW (self), FALSE);
  g_return_val_if_fail (self->report != NULL, FALSE);

  for (guint i = 0; i < self->cards->len; i++)
    {
      Card *card = &g_array_index (self->cards, Card, i);
      g_ptr_array_add (charts, card->chart);
      g_ptr_array_add (subtitles, (gpointer) gtk_label_get_text (card->subtitle));
    }
  for (guint i = 0; i < N_TILES; i++)
    {
      GtkWidget *box = gtk_widget_get_parent (GTK_WIDGET (self->tile_values[i]));
      GtkWidget *title = gtk_widget_get_first_child (box);

      g_ptr_array_add (tiles, g_strdup (gtk_label_get_text (GTK_LABEL (title))));
      g_ptr_array_add (tiles, g_strdup_printf ("%s — %s", gtk_label_get_text (self->tile_values[i]),
                                               gtk_label_get_text (self->tile_notes[i])));
    }
  return hd_report_write_pdf (path, gtk_label_get_text (self->period_label),
                              (const char * const *) tiles->pdata, tiles->len / 2,
                              (HdChart **) charts->pdata, (const char * const *) subtitles->pdata,
                              charts->len, gtk_widget_get_pango_context (GTK_WIDGET (self)), error);
}
