/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-chart"

#include "config.h"

#include <math.h>

#include "hd-pie-chart.h"

/* A donut with a legend beside it; the hole can hold a headline figure. */

#define LEGEND_ROW 26
#define GAP 24

struct _HdPieChart
{
  HdChart parent_instance;
  char *center_text;
};

G_DEFINE_FINAL_TYPE (HdPieChart, hd_pie_chart, HD_TYPE_CHART)

static void
geometry (double width, double height, double *cx, double *cy, double *r)
{
  *r = MAX (MIN (height - 8, width * 0.42) / 2, 10);
  *cx = 4 + *r;
  *cy = height / 2;
}

static void
hd_pie_chart_draw (HdChart            *chart,
                   cairo_t            *cr,
                   PangoContext       *pango,
                   const HdChartStyle *style,
                   double              width,
                   double              height)
{
  HdPieChart *self = HD_PIE_CHART (chart);
  guint n = hd_chart_get_n_items (chart);
  int hover = hd_chart_get_hover (chart);
  double cx, cy, r, angle = -G_PI / 2, legend_x, legend_y;

  geometry (width, height, &cx, &cy, &r);

  hd_chart_set_source (cr, &style->grid);
  cairo_arc (cr, cx, cy, r - 1, 0, 2 * G_PI);
  cairo_arc_negative (cr, cx, cy, r * 0.6, 2 * G_PI, 0);
  cairo_fill (cr);

  for (guint i = 0; i < n; i++)
    {
      const HdChartItem *item = hd_chart_get_item (chart, i);
      double sweep = MAX (item->fraction, 0) * 2 * G_PI;
      double outer = (int) i == hover ? r : r - 4;

      if (sweep <= 0)
        continue;
      hd_chart_set_source (cr, hd_chart_item_color (style, item, i));
      cairo_new_path (cr);
      cairo_arc (cr, cx, cy, outer, angle, angle + sweep);
      cairo_arc_negative (cr, cx, cy, r * 0.6, angle + sweep, angle);
      cairo_close_path (cr);
      cairo_fill (cr);
      angle += sweep;
    }

  if (self->center_text != NULL)
    {
      g_autoptr(PangoLayout) layout = hd_chart_layout (pango, self->center_text, FALSE, TRUE);
      int w, h;

      pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
      pango_layout_get_pixel_size (layout, &w, &h);
      hd_chart_set_source (cr, &style->fg);
      cairo_move_to (cr, cx - w / 2.0, cy - h / 2.0);
      pango_cairo_show_layout (cr, layout);
    }

  legend_x = cx + r + GAP;
  legend_y = MAX (0, (height - n * LEGEND_ROW) / 2);
  for (guint i = 0; i < n; i++)
    {
      const HdChartItem *item = hd_chart_get_item (chart, i);
      g_autoptr(PangoLayout) label = hd_chart_layout (pango, item->label, FALSE, (int) i == hover);
      g_autoptr(PangoLayout) value = hd_chart_layout (pango, item->value_text, TRUE, FALSE);
      double y = legend_y + i * LEGEND_ROW;
      int w, h;

      hd_chart_set_source (cr, hd_chart_item_color (style, item, i));
      cairo_new_path (cr);
      cairo_arc (cr, legend_x + 6, y + LEGEND_ROW / 2.0, 6, 0, 2 * G_PI);
      cairo_fill (cr);

      pango_layout_get_pixel_size (value, &w, &h);
      hd_chart_set_source (cr, &style->dim);
      cairo_move_to (cr, width - w, y + (LEGEND_ROW - h) / 2.0);
      pango_cairo_show_layout (cr, value);

      pango_layout_set_width (label, (int) MAX (width - legend_x - 20 - w - 8, 10) * PANGO_SCALE);
      pango_layout_set_ellipsize (label, PANGO_ELLIPSIZE_END);
      pango_layout_get_pixel_size (label, NULL, &h);
      hd_chart_set_source (cr, &style->fg);
      cairo_move_to (cr, legend_x + 20, y + (LEGEND_ROW - h) / 2.0);
      pango_cairo_show_layout (cr, label);
    }
}

static int
hd_pie_chart_hit_test (HdChart *chart, double width, double height, double x, double y)
{
  guint n = hd_chart_get_n_items (chart);
  double cx, cy, r, legend_y, d, a, acc = 0;

  geometry (width, height, &cx, &cy, &r);

  if (x > cx + r + GAP / 2)
    {
      int index;

      legend_y = MAX (0, (height - n * LEGEND_ROW) / 2);
      index = (int) floor ((y - legend_y) / LEGEND_ROW);
      return index >= 0 && index < (int) n ? index : -1;
    }

  d = hypot (x - cx, y - cy);
  if (d < r * 0.6 || d > r)
    return -1;
  /* Clockwise from twelve o'clock, as drawn. */
  a = atan2 (y - cy, x - cx) + G_PI / 2;
  if (a < 0)
    a += 2 * G_PI;
  for (guint i = 0; i < n; i++)
    {
      acc += MAX (hd_chart_get_item (chart, i)->fraction, 0) * 2 * G_PI;
      if (a < acc)
        return i;
    }
  return -1;
}

static int
hd_pie_chart_natural_height (HdChart *chart, guint n_items)
{
  return MAX (180, n_items * LEGEND_ROW + 8);
}

static void
hd_pie_chart_finalize (GObject *object)
{
  HdPieChart *self = HD_PIE_CHART (object);

  g_free (self->center_text);
  G_OBJECT_CLASS (hd_pie_chart_parent_class)->finalize (object);
}

static void
hd_pie_chart_class_init (HdPieChartClass *klass)
{
  HdChartClass *chart_class = HD_CHART_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = hd_pie_chart_finalize;
  chart_class->draw = hd_pie_chart_draw;
  chart_class->hit_test = hd_pie_chart_hit_test;
  chart_class->natural_height = hd_pie_chart_natural_height;
  chart_class->share_of_sum = TRUE;
}

static void
hd_pie_chart_init (HdPieChart *self)
{
}

GtkWidget *
hd_pie_chart_new (void)
{
  return g_object_new (HD_TYPE_PIE_CHART, NULL);
}

void
hd_pie_chart_set_center_text (HdPieChart *self,
                              const char *text)
{
  g_return_if_fail (HD_IS_PIE_CHART (self));

  if (g_strcmp0 (self->center_text, text) == 0)
    return;
  g_free (self->center_text);
  self->center_text = g_strdup (text);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
