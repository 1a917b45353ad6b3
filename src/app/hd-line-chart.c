/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-chart"

#include "config.h"

#include <math.h>

#include "hd-line-chart.h"

/* A line over time (the CSAT trend): a 0–100 % axis, a point per item, gaps
 * where an item has no value (fraction < 0). */

#define RIGHT 12
#define TOP 10
#define BOTTOM 26

struct _HdLineChart
{
  HdChart parent_instance;
};

G_DEFINE_FINAL_TYPE (HdLineChart, hd_line_chart, HD_TYPE_CHART)

/* The plot starts after the widest axis label. */
static double
left_of (PangoContext *pango)
{
  g_autoptr(PangoLayout) layout = hd_chart_layout (pango, "100 %", TRUE, FALSE);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  return w + 10;
}

static double
x_of (guint i, guint n, double width, double left)
{
  double plot = width - left - RIGHT;

  return n <= 1 ? left + plot / 2 : left + plot * i / (n - 1);
}

static void
hd_line_chart_draw (HdChart            *chart,
                    cairo_t            *cr,
                    PangoContext       *pango,
                    const HdChartStyle *style,
                    double              width,
                    double              height)
{
  guint n = hd_chart_get_n_items (chart);
  int hover = hd_chart_get_hover (chart);
  double plot_h = height - TOP - BOTTOM;
  double left = left_of (pango);
  double last_left = width, prev_right = -G_MAXDOUBLE;
  gboolean pen_down = FALSE;

  /* Grid at 0, 50 and 100 %. */
  cairo_set_line_width (cr, 1);
  for (int g = 0; g <= 2; g++)
    {
      double y = TOP + plot_h * (1 - g / 2.0);
      g_autofree char *text = g_strdup_printf ("%d %%", g * 50);
      g_autoptr(PangoLayout) layout = hd_chart_layout (pango, text, TRUE, FALSE);
      int w, h;

      hd_chart_set_source (cr, &style->grid);
      cairo_move_to (cr, left, floor (y) + 0.5);
      cairo_line_to (cr, width - RIGHT, floor (y) + 0.5);
      cairo_stroke (cr);
      pango_layout_get_pixel_size (layout, &w, &h);
      hd_chart_set_source (cr, &style->dim);
      cairo_move_to (cr, left - 6 - w, y - h / 2.0);
      pango_cairo_show_layout (cr, layout);
    }

  /* Day labels: the last always, the others where they do not collide. */
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = pass == 0 ? n - 1 : 0; i < n; i++)
      {
        const HdChartItem *item = hd_chart_get_item (chart, i);
        g_autoptr(PangoLayout) layout = NULL;
        double x;
        int w, h;

        if (pass == 1 && i == n - 1)
          break;
        layout = hd_chart_layout (pango, item->label, TRUE, FALSE);
        pango_layout_get_pixel_size (layout, &w, &h);
        x = CLAMP (x_of (i, n, width, left) - w / 2.0, 0, width - w);
        if (pass == 1 && (x < prev_right + 12 || x + w > last_left - 12))
          continue;
        hd_chart_set_source (cr, &style->dim);
        cairo_move_to (cr, x, height - h);
        pango_cairo_show_layout (cr, layout);
        if (pass == 0)
          last_left = x;
        else
          prev_right = x + w;
      }

  if (hover >= 0)
    {
      hd_chart_set_source (cr, &style->grid);
      cairo_move_to (cr, floor (x_of (hover, n, width, left)) + 0.5, TOP);
      cairo_line_to (cr, floor (x_of (hover, n, width, left)) + 0.5, TOP + plot_h);
      cairo_stroke (cr);
    }

  hd_chart_set_source (cr, &style->series[HD_CHART_COLOR_BLUE]);
  cairo_set_line_width (cr, 2.5);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint i = 0; i < n; i++)
    {
      const HdChartItem *item = hd_chart_get_item (chart, i);
      double x = x_of (i, n, width, left), y = TOP + plot_h * (1 - item->fraction);

      if (item->fraction < 0)
        {
          pen_down = FALSE;
          continue;
        }
      if (pen_down)
        cairo_line_to (cr, x, y);
      else
        cairo_move_to (cr, x, y);
      pen_down = TRUE;
    }
  cairo_stroke (cr);

  for (guint i = 0; i < n; i++)
    {
      const HdChartItem *item = hd_chart_get_item (chart, i);

      if (item->fraction < 0)
        continue;
      cairo_arc (cr, x_of (i, n, width, left), TOP + plot_h * (1 - item->fraction),
                 (int) i == hover ? 6 : 3.5, 0, 2 * G_PI);
      cairo_fill (cr);
    }
}

static int
hd_line_chart_hit_test (HdChart *chart, double width, double height, double x, double y)
{
  guint n = hd_chart_get_n_items (chart);
  double step;
  int index;

  double left = left_of (gtk_widget_get_pango_context (GTK_WIDGET (chart)));

  if (n == 0 || x < left - 10 || x > width - RIGHT + 10)
    return -1;
  if (n == 1)
    return 0;
  step = (width - left - RIGHT) / (n - 1);
  index = (int) lround ((x - left) / step);
  return CLAMP (index, 0, (int) n - 1);
}

static int
hd_line_chart_natural_height (HdChart *chart, guint n_items)
{
  return 200;
}

static void
hd_line_chart_class_init (HdLineChartClass *klass)
{
  HdChartClass *chart_class = HD_CHART_CLASS (klass);

  chart_class->draw = hd_line_chart_draw;
  chart_class->hit_test = hd_line_chart_hit_test;
  chart_class->natural_height = hd_line_chart_natural_height;
}

static void
hd_line_chart_init (HdLineChart *self)
{
}

GtkWidget *
hd_line_chart_new (void)
{
  return g_object_new (HD_TYPE_LINE_CHART, NULL);
}
