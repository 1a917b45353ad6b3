/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-chart"

#include "config.h"

#include "hd-bar-chart.h"

/* Horizontal bars: a label column, a track per item, the value after it. */

#define ROW_HEIGHT 30
#define BAR_HEIGHT 14

struct _HdBarChart
{
  HdChart parent_instance;
};

G_DEFINE_FINAL_TYPE (HdBarChart, hd_bar_chart, HD_TYPE_CHART)

static void
rounded_rect (cairo_t *cr, double x, double y, double w, double h, double r)
{
  r = MIN (r, MIN (w, h) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

/* The label and value columns, measured from the texts. */
static void
columns (HdChart *chart, PangoContext *pango, double width, double *label_w, double *value_w)
{
  guint n = hd_chart_get_n_items (chart);
  int widest_label = 0, widest_value = 0;

  for (guint i = 0; i < n; i++)
    {
      const HdChartItem *item = hd_chart_get_item (chart, i);
      g_autoptr(PangoLayout) label = hd_chart_layout (pango, item->label, FALSE, FALSE);
      g_autoptr(PangoLayout) value = hd_chart_layout (pango, item->value_text, TRUE, FALSE);
      int w, h;

      pango_layout_get_pixel_size (label, &w, &h);
      widest_label = MAX (widest_label, w);
      pango_layout_get_pixel_size (value, &w, &h);
      widest_value = MAX (widest_value, w);
    }
  *label_w = MIN (widest_label + 12, width * 0.42);
  /* Values are what the chart is for: they may take all but a short track. */
  *value_w = MAX (MIN (widest_value + 10, width - *label_w - 72), 40);
}

static void
hd_bar_chart_draw (HdChart            *chart,
                   cairo_t            *cr,
                   PangoContext       *pango,
                   const HdChartStyle *style,
                   double              width,
                   double              height)
{
  guint n = hd_chart_get_n_items (chart);
  int hover = hd_chart_get_hover (chart);
  double label_w, value_w, track_w;

  columns (chart, pango, width, &label_w, &value_w);
  track_w = MAX (width - label_w - value_w, 10);

  for (guint i = 0; i < n; i++)
    {
      const HdChartItem *item = hd_chart_get_item (chart, i);
      g_autoptr(PangoLayout) label = hd_chart_layout (pango, item->label, FALSE, (int) i == hover);
      g_autoptr(PangoLayout) value = hd_chart_layout (pango, item->value_text, TRUE, FALSE);
      double y = i * ROW_HEIGHT;
      double bar_y = y + (ROW_HEIGHT - BAR_HEIGHT) / 2.0;
      int w, h;

      pango_layout_set_width (label, (int) (label_w - 12) * PANGO_SCALE);
      pango_layout_set_ellipsize (label, PANGO_ELLIPSIZE_END);
      pango_layout_get_pixel_size (label, &w, &h);
      hd_chart_set_source (cr, &style->fg);
      cairo_move_to (cr, 0, y + (ROW_HEIGHT - h) / 2.0);
      pango_cairo_show_layout (cr, label);

      hd_chart_set_source (cr, &style->grid);
      rounded_rect (cr, label_w, bar_y, track_w, BAR_HEIGHT, 4);
      cairo_fill (cr);

      if (item->fraction > 0)
        {
          hd_chart_set_source (cr, hd_chart_item_color (style, item, i));
          rounded_rect (cr, label_w, bar_y, MAX (item->fraction * track_w, 3), BAR_HEIGHT, 4);
          cairo_fill (cr);
        }
      if ((int) i == hover)
        {
          hd_chart_set_source (cr, &style->hover);
          cairo_set_line_width (cr, 2);
          rounded_rect (cr, label_w - 1, bar_y - 1, track_w + 2, BAR_HEIGHT + 2, 5);
          cairo_stroke (cr);
        }

      pango_layout_set_width (value, (int) (value_w - 10) * PANGO_SCALE);
      pango_layout_set_ellipsize (value, PANGO_ELLIPSIZE_START);
      pango_layout_get_pixel_size (value, &w, &h);
      hd_chart_set_source (cr, &style->dim);
      cairo_move_to (cr, width - w, y + (ROW_HEIGHT - h) / 2.0);
      pango_cairo_show_layout (cr, value);
    }
}

static int
hd_bar_chart_hit_test (HdChart *chart, double width, double height, double x, double y)
{
  int index = (int) (y / ROW_HEIGHT);

  if (y < 0 || index >= (int) hd_chart_get_n_items (chart))
    return -1;
  return index;
}

static int
hd_bar_chart_natural_height (HdChart *chart, guint n_items)
{
  return n_items * ROW_HEIGHT;
}

static void
hd_bar_chart_class_init (HdBarChartClass *klass)
{
  HdChartClass *chart_class = HD_CHART_CLASS (klass);

  chart_class->draw = hd_bar_chart_draw;
  chart_class->hit_test = hd_bar_chart_hit_test;
  chart_class->natural_height = hd_bar_chart_natural_height;
}

static void
hd_bar_chart_init (HdBarChart *self)
{
}

GtkWidget *
hd_bar_chart_new (void)
{
  return g_object_new (HD_TYPE_BAR_CHART, NULL);
}
