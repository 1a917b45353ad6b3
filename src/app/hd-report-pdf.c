/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-report-pdf"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n.h>

#include "hd-report-pdf.h"

#define PAGE_W 595.0   /* A4 in points */
#define PAGE_H 842.0
#define MARGIN 42.0
#define TEXT_W (PAGE_W - 2 * MARGIN)
#define ROW 15.0
/* Charts are laid out as on screen, then shrunk to the page. */
#define CHART_SCALE 0.72

typedef struct {
  cairo_t *cr;
  PangoContext *pango;
  double y;
} Pdf;

static PangoLayout *
text_layout (Pdf *pdf, const char *text, double size, gboolean bold, double width)
{
  PangoLayout *layout = pango_layout_new (pdf->pango);
  PangoFontDescription *font = pango_font_description_copy (pango_context_get_font_description (pdf->pango));

  pango_font_description_set_size (font, (int) (size * PANGO_SCALE));
  pango_font_description_set_weight (font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

static void
ensure_room (Pdf *pdf, double height)
{
  if (pdf->y + height <= PAGE_H - MARGIN)
    return;
  cairo_show_page (pdf->cr);
  pdf->y = MARGIN;
}

/* Draws @text at the current line and moves down past it. */
static void
put_text (Pdf *pdf, const char *text, double size, gboolean bold, const GdkRGBA *color)
{
  g_autoptr(PangoLayout) layout = text_layout (pdf, text, size, bold, TEXT_W);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  ensure_room (pdf, h);
  hd_chart_set_source (pdf->cr, color);
  cairo_move_to (pdf->cr, MARGIN, pdf->y);
  pango_cairo_show_layout (pdf->cr, layout);
  pdf->y += h;
}

static void
put_row (Pdf *pdf, const char *label, const char *value, gboolean shade, const HdChartStyle *style)
{
  g_autoptr(PangoLayout) left = text_layout (pdf, label, 8.5, FALSE, TEXT_W * 0.62);
  g_autoptr(PangoLayout) right = text_layout (pdf, value, 8.5, FALSE, TEXT_W * 0.36);
  int lw, lh, rw, rh;
  double h;

  pango_layout_set_alignment (right, PANGO_ALIGN_RIGHT);
  pango_layout_get_pixel_size (left, &lw, &lh);
  pango_layout_get_pixel_size (right, &rw, &rh);
  h = MAX (MAX (lh, rh) + 4, ROW);
  ensure_room (pdf, h);
  if (shade)
    {
      cairo_set_source_rgba (pdf->cr, 0, 0, 0, 0.04);
      cairo_rectangle (pdf->cr, MARGIN, pdf->y, TEXT_W, h);
      cairo_fill (pdf->cr);
    }
  hd_chart_set_source (pdf->cr, &style->fg);
  cairo_move_to (pdf->cr, MARGIN + 4, pdf->y + 2);
  pango_cairo_show_layout (pdf->cr, left);
  cairo_move_to (pdf->cr, MARGIN + TEXT_W * 0.64 - 4, pdf->y + 2);
  pango_cairo_show_layout (pdf->cr, right);
  pdf->y += h;
}

gboolean
hd_report_write_pdf (const char          *path,
                     const char          *period_text,
                     const char * const  *tiles,
                     guint                n_tiles,
                     HdChart            **charts,
                     const char * const  *subtitles,
                     guint                n_charts,
                     PangoContext        *widget_pango,
                     GError             **error)
{
  const HdChartStyle *style = hd_chart_style_print ();
  cairo_surface_t *surface;
  cairo_status_t status;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  /* Translators: when the PDF report was made, strftime format */
  g_autofree char *made = g_date_time_format (now, _("Generated %Y-%m-%d %H:%M"));
  g_autofree char *heading = NULL;
  Pdf pdf = { 0 };

  g_return_val_if_fail (path != NULL, FALSE);

  surface = cairo_pdf_surface_create (path, PAGE_W, PAGE_H);
  if ((status = cairo_surface_status (surface)) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write “%s”: %s"),
                   path, cairo_status_to_string (status));
      return FALSE;
    }
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, _("Help Desk Report"));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Help Desk " PACKAGE_VERSION);

  pdf.cr = cairo_create (surface);
  pdf.pango = pango_cairo_create_context (pdf.cr);
  /* Points as units: a 10 pt font is 10 units high. */
  pango_cairo_context_set_resolution (pdf.pango, 72);
  if (widget_pango != NULL)
    pango_context_set_font_description (pdf.pango, pango_context_get_font_description (widget_pango));
  pdf.y = MARGIN;

  put_text (&pdf, _("Help Desk Report"), 20, TRUE, &style->fg);
  heading = g_strdup_printf ("%s · %s", period_text ? period_text : "", made);
  put_text (&pdf, heading, 9.5, FALSE, &style->dim);
  pdf.y += 14;

  put_text (&pdf, _("Summary"), 13, TRUE, &style->fg);
  pdf.y += 4;
  for (guint i = 0; i < n_tiles; i++)
    put_row (&pdf, tiles[2 * i], tiles[2 * i + 1], i % 2 == 0, style);
  pdf.y += 16;

  for (guint i = 0; i < n_charts; i++)
    {
      HdChart *chart = charts[i];
      int natural = 0;
      double chart_h;

      gtk_widget_measure (GTK_WIDGET (chart), GTK_ORIENTATION_VERTICAL, -1, NULL, &natural, NULL, NULL);
      natural = MAX (natural, 60);
      chart_h = natural * CHART_SCALE;
      ensure_room (&pdf, 40 + chart_h + ROW * 2);

      put_text (&pdf, hd_chart_get_title (chart), 13, TRUE, &style->fg);
      if (subtitles != NULL && subtitles[i] != NULL && subtitles[i][0] != '\0')
        put_text (&pdf, subtitles[i], 8.5, FALSE, &style->dim);
      pdf.y += 8;

      cairo_save (pdf.cr);
      cairo_translate (pdf.cr, MARGIN, pdf.y);
      cairo_rectangle (pdf.cr, 0, 0, TEXT_W, chart_h);
      cairo_clip (pdf.cr);
      cairo_scale (pdf.cr, CHART_SCALE, CHART_SCALE);
      hd_chart_draw (chart, pdf.cr, pdf.pango, style, TEXT_W / CHART_SCALE, natural);
      cairo_restore (pdf.cr);
      pdf.y += chart_h + 8;

      for (guint j = 0; j < hd_chart_get_n_items (chart); j++)
        {
          const HdChartItem *item = hd_chart_get_item (chart, j);
          put_row (&pdf, item->label, item->value_text, j % 2 == 0, style);
        }
      pdf.y += 18;
    }

  g_object_unref (pdf.pango);
  cairo_destroy (pdf.cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write “%s”: %s"),
                   path, cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}
