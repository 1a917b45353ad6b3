/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Colours a chart draws with: read from the theme on css-changed, or fixed
 * for print (PDF and PNG exports are always light). */
#define HD_CHART_N_SERIES 8
typedef struct {
  GdkRGBA fg;
  GdkRGBA dim;      /* secondary text */
  GdkRGBA grid;     /* axes and tracks */
  GdkRGBA hover;    /* the outline of the hovered or focused item */
  GdkRGBA series[HD_CHART_N_SERIES];
} HdChartStyle;

const HdChartStyle *hd_chart_style_print (void);

/* Named series colours, so a figure keeps its meaning across charts. */
enum {
  HD_CHART_COLOR_BLUE,
  HD_CHART_COLOR_GREEN,
  HD_CHART_COLOR_YELLOW,
  HD_CHART_COLOR_ORANGE,
  HD_CHART_COLOR_RED,
  HD_CHART_COLOR_PURPLE,
  HD_CHART_COLOR_TEAL,
  HD_CHART_COLOR_BROWN,
};

typedef struct {
  char   *id;          /* what activating the item filters by */
  char   *label;
  char   *value_text;  /* the value as the user reads it: "42 %", "3.5 h" */
  double  value;
  double  fraction;    /* value normalised to 0…1 (-1: no value) */
  int     color;       /* HD_CHART_COLOR_*, or -1 for the item's position */
} HdChartItem;

#define HD_TYPE_CHART (hd_chart_get_type ())
G_DECLARE_DERIVABLE_TYPE (HdChart, hd_chart, HD, CHART, GtkWidget)

struct _HdChartClass
{
  GtkWidgetClass parent_class;

  /* Pure cairo, shared by snapshot(), PNG and PDF: scales the normalised
   * items to @width × @height and draws them. */
  void     (*draw)     (HdChart            *self,
                        cairo_t            *cr,
                        PangoContext       *pango,
                        const HdChartStyle *style,
                        double              width,
                        double              height);
  /* The item under (@x, @y), or -1. */
  int      (*hit_test) (HdChart            *self,
                        double              width,
                        double              height,
                        double              x,
                        double              y);
  /* How each item's fraction is computed: of the largest value (bars,
   * lines) or of the sum (slices). */
  gboolean share_of_sum;
  /* Natural height for @n items. */
  int      (*natural_height) (HdChart *self, guint n_items);
};

const char        *hd_chart_get_title     (HdChart     *self);
void               hd_chart_set_title     (HdChart     *self,
                                           const char  *title);
/* Items: clear, add, then commit (normalises, redraws, updates the table
 * rows and the text alternative read by screen readers). */
void               hd_chart_clear         (HdChart     *self);
void               hd_chart_add           (HdChart     *self,
                                           const char  *id,
                                           const char  *label,
                                           double       value,
                                           const char  *value_text,
                                           int          color);
/* The value drawn as a full bar (e.g. 1.0 for ratios); 0: the largest. */
void               hd_chart_set_maximum   (HdChart     *self,
                                           double       maximum);
void               hd_chart_commit        (HdChart     *self);

guint              hd_chart_get_n_items   (HdChart     *self);
const HdChartItem *hd_chart_get_item      (HdChart     *self,
                                           guint        index);
int                hd_chart_get_hover     (HdChart     *self);
/* The same numbers as a list of HdChartRow, for a table view. */
GListModel        *hd_chart_get_rows      (HdChart     *self);
/* The text alternative: "Title: label value, label value…". */
char              *hd_chart_describe      (HdChart     *self);

void               hd_chart_draw          (HdChart            *self,
                                           cairo_t            *cr,
                                           PangoContext       *pango,
                                           const HdChartStyle *style,
                                           double              width,
                                           double              height);
/* A light PNG of @width × @height logical pixels at twice that size. */
gboolean           hd_chart_save_png      (HdChart     *self,
                                           const char  *path,
                                           int          width,
                                           int          height,
                                           GError     **error);

/* Helpers for the subclasses' drawing. */
void               hd_chart_set_source    (cairo_t            *cr,
                                           const GdkRGBA      *rgba);
const GdkRGBA     *hd_chart_item_color    (const HdChartStyle *style,
                                           const HdChartItem  *item,
                                           guint               index);
PangoLayout       *hd_chart_layout        (PangoContext       *pango,
                                           const char         *text,
                                           gboolean            small,
                                           gboolean            bold);
void               hd_chart_draw_empty    (cairo_t            *cr,
                                           PangoContext       *pango,
                                           const HdChartStyle *style,
                                           double              width,
                                           double              height);

/* One table row. */
#define HD_TYPE_CHART_ROW (hd_chart_row_get_type ())
G_DECLARE_FINAL_TYPE (HdChartRow, hd_chart_row, HD, CHART_ROW, GObject)

const char *hd_chart_row_get_label (HdChartRow *self);
const char *hd_chart_row_get_value (HdChartRow *self);

G_END_DECLS
