/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-chart"

#include "config.h"

#include <glib/gi18n.h>

#include "hd-chart.h"

/*
 * The base of the report charts. Items are normalised once in commit(), never
 * in snapshot(); snapshot() hands the widget's size to the subclass's pure
 * cairo draw(), which the PNG and PDF exports call too. Colours come from the
 * theme and are re-read on css-changed, so dark mode redraws right. Hover
 * shows a tooltip, a click or Enter activates an item, arrow keys move
 * between items, and the accessible label carries every value.
 */

/* Rows ----------------------------------------------------------------------- */

struct _HdChartRow
{
  GObject parent_instance;
  char *label;
  char *value;
};

enum { ROW_PROP_0, ROW_PROP_LABEL, ROW_PROP_VALUE, ROW_N_PROPS };
static GParamSpec *row_properties[ROW_N_PROPS];

G_DEFINE_FINAL_TYPE (HdChartRow, hd_chart_row, G_TYPE_OBJECT)

static void
hd_chart_row_finalize (GObject *object)
{
  HdChartRow *self = HD_CHART_ROW (object);

  g_free (self->label);
  g_free (self->value);
  G_OBJECT_CLASS (hd_chart_row_parent_class)->finalize (object);
}

static void
hd_chart_row_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  HdChartRow *self = HD_CHART_ROW (object);

  switch (prop_id)
    {
    case ROW_PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    case ROW_PROP_VALUE:
      g_value_set_string (value, self->value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hd_chart_row_class_init (HdChartRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hd_chart_row_finalize;
  object_class->get_property = hd_chart_row_get_property;
  row_properties[ROW_PROP_LABEL] = g_param_spec_string ("label", NULL, NULL, NULL,
                                                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  row_properties[ROW_PROP_VALUE] = g_param_spec_string ("value", NULL, NULL, NULL,
                                                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, ROW_N_PROPS, row_properties);
}

static void
hd_chart_row_init (HdChartRow *self)
{
}

const char *
hd_chart_row_get_label (HdChartRow *self)
{
  g_return_val_if_fail (HD_IS_CHART_ROW (self), NULL);
  return self->label;
}

const char *
hd_chart_row_get_value (HdChartRow *self)
{
  g_return_val_if_fail (HD_IS_CHART_ROW (self), NULL);
  return self->value;
}

/* Chart ---------------------------------------------------------------------- */

typedef struct
{
  char *title;
  GArray *items;        /* HdChartItem */
  double maximum;
  GListStore *rows;
  HdChartStyle style;
  int hover;
} HdChartPrivate;

enum { PROP_0, PROP_TITLE, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { ACTIVATE_SEGMENT, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_TYPE_WITH_PRIVATE (HdChart, hd_chart, GTK_TYPE_WIDGET)

static const HdChartStyle print_style = {
  .fg = { 0.14, 0.14, 0.16, 1 },
  .dim = { 0.37, 0.37, 0.40, 1 },
  .grid = { 0.0, 0.0, 0.0, 0.10 },
  .hover = { 0.21, 0.52, 0.89, 1 },
  .series = {
    { 0.21, 0.52, 0.89, 1 },  /* blue_3 */
    { 0.18, 0.76, 0.49, 1 },  /* green_4 */
    { 0.90, 0.65, 0.04, 1 },  /* yellow_6 */
    { 0.90, 0.38, 0.00, 1 },  /* orange_4 */
    { 0.88, 0.11, 0.14, 1 },  /* red_3 */
    { 0.57, 0.25, 0.67, 1 },  /* purple_3 */
    { 0.13, 0.63, 0.62, 1 },  /* teal */
    { 0.60, 0.47, 0.34, 1 },  /* brown_3 */
  },
};

const HdChartStyle *
hd_chart_style_print (void)
{
  return &print_style;
}

static void
item_clear (gpointer data)
{
  HdChartItem *item = data;

  g_free (item->id);
  g_free (item->label);
  g_free (item->value_text);
}

static void
read_style (HdChart *self)
{
  HdChartPrivate *priv = hd_chart_get_instance_private (self);
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));
  static const char * const names[HD_CHART_N_SERIES] = {
    "blue_3", "green_4", "yellow_5", "orange_4", "red_3", "purple_3", NULL, "brown_3",
  };
  GdkRGBA rgba;
  gboolean dark;

  priv->style = print_style;
  gtk_style_context_get_color (context, &priv->style.fg);
  dark = (0.3 * priv->style.fg.red + 0.59 * priv->style.fg.green + 0.11 * priv->style.fg.blue) > 0.5;
  priv->style.dim = priv->style.fg;
  priv->style.dim.alpha *= 0.7;
  priv->style.grid = priv->style.fg;
  priv->style.grid.alpha = dark ? 0.16 : 0.10;
  if (gtk_style_context_lookup_color (context, "accent_color", &rgba))
    priv->style.hover = rgba;
  for (guint i = 0; i < HD_CHART_N_SERIES; i++)
    if (names[i] != NULL && gtk_style_context_lookup_color (context, names[i], &rgba))
      priv->style.series[i] = rgba;
  if (dark)
    priv->style.series[HD_CHART_COLOR_BLUE] = (GdkRGBA) { 0.38, 0.63, 0.92, 1 };
}

static void
hd_chart_css_changed (GtkWidget         *widget,
                      GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (hd_chart_parent_class)->css_changed (widget, change);
  read_style (HD_CHART (widget));
  gtk_widget_queue_draw (widget);
}

static void
hd_chart_snapshot (GtkWidget   *widget,
                   GtkSnapshot *snapshot)
{
  HdChart *self = HD_CHART (widget);
  HdChartPrivate *priv = hd_chart_get_instance_private (self);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  hd_chart_draw (self, cr, gtk_widget_get_pango_context (widget), &priv->style, width, height);
  cairo_destroy (cr);

  if (gtk_widget_has_visible_focus (widget))
    {
      GdkRGBA outline = priv->style.hover;
      GskRoundedRect rect;

      outline.alpha = 0.5;
      gsk_rounded_rect_init_from_rect (&rect, &GRAPHENE_RECT_INIT (1, 1, width - 2, height - 2), 6);
      gtk_snapshot_append_border (snapshot, &rect, (float[4]) { 2, 2, 2, 2 },
                                  (GdkRGBA[4]) { outline, outline, outline, outline });
    }
}

static void
hd_chart_measure (GtkWidget      *widget,
                  GtkOrientation  orientation,
                  int             for_size,
                  int            *minimum,
                  int            *natural,
                  int            *minimum_baseline,
                  int            *natural_baseline)
{
  HdChart *self = HD_CHART (widget);
  HdChartPrivate *priv = hd_chart_get_instance_private (self);
  HdChartClass *klass = HD_CHART_GET_CLASS (self);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 240;
      *natural = 420;
    }
  else
    {
      int h = klass->natural_height ? klass->natural_height (self, priv->items->len) : 200;
      *minimum = *natural = MAX (h, 120);
    }
}

static void
set_hover (HdChart *self, int hover)
{
  HdChartPrivate *priv = hd_chart_get_instance_private (self);

  if (priv->hover == hover)
    return;
  priv->hover = hover;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static int
hit (HdChart *self, double x, double y)
{
  HdChartClass *klass = HD_CHART_GET_CLASS (self);

  if (klass->hit_test == NULL)
    return -1;
  return klass->hit_test (self, gtk_widget_get_width (GTK_WIDGET (self)),
                          gtk_widget_get_height (GTK_WIDGET (self)), x, y);
}

static void
on_motion (GtkEventControllerMotion *controller, double x, double y, HdChart *self)
{
  set_hover (self, hit (self, x, y));
}

static void
on_leave (GtkEventControllerMotion *controller, HdChart *self)
{
  if (!gtk_widget_has_focus (GTK_WIDGET (self)))
    set_hover (self, -1);
}

static void
activate_index (HdChart *self, int index)
{
  HdChartPrivate *priv = hd_chart_get_instance_private (self);

  if (index < 0 || (guint) index >= priv->items->len)
    return;
  g_signal_emit (self, signals[ACTIVATE_SEGMENT], 0, (guint) index,
                 g_array_index (priv->items, HdChartItem, index).id);
}

/* "chart.activate-item" (u): what Enter does on the item at that index, for
 * assistive technologies and tests. */
static void
activate_item_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  activate_index (HD_CHART (widget), (int) MIN (g_variant_get_uint32 (parameter), G_MAXINT));
}

static void
on_released (GtkGestureClick *gesture, int n_press, double x, double y, HdChart *self)
{
  activate_index (self, hit (self, x, y));
}

static gboolean
on_key (GtkEventControllerKey *controller, guint keyval, guint keycode,
        GdkModifierType state, HdChart *self)
{
  HdChartPrivate *priv = hd_chart_get_instance_private (self);
  int n = priv->items->len;

  if (n == 0)
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Right:
    case GDK_KEY_Down:
      set_hover (self, priv->hover < 0 ? 0 : MIN (priv->hover + 1, n - 1));
      break;
    case GDK_KEY_Left:
    case GDK_KEY_Up:
      set_hover (self, priv->hover < 0 ? n - 1 : MAX (priv->hover - 1, 0));
      break;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_space:
      activate_index (self, priv->hover);
      return TRUE;
    default:
      return FALSE;
    }
  {
    /* Screen readers hear the focused item. */
    const HdChartItem *item = &g_array_index (priv->items, HdChartItem, priv->hover);
    g_autofree char *text = g_strdup_printf ("%s: %s", item->label, item->value_text);
    gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
  }
  return TRUE;
}

static gboolean
hd_chart_query_tooltip (GtkWidget  *widget,
                        int         x,
                        int         y,
                        gboolean    keyboard,
                        GtkTooltip *tooltip)
{
  HdChart *self = HD_CHART (widget);
  HdChartPrivate *priv = hd_chart_get_instance_private (self);
  int index = keyboard ? priv->hover : hit (self, x, y);
  g_autofree char *markup = NULL;
  const HdChartItem *item;

  if (index < 0 || (guint) index >= priv->items->len)
    return FALSE;
  item = &g_array_index (priv->items, HdChartItem, index);
  markup = g_markup_printf_escaped ("<b>%s</b>\n%s", item->label, item->value_text);
  gtk_tooltip_set_markup (tooltip, markup);
  return TRUE;
}

static void
hd_chart_dispose (GObject *object)
{
  HdChart *self = HD_CHART (object);
  HdChartPrivate *priv = hd_chart_get_instance_private (self);

  g_clear_object (&priv->rows);
  G_OBJECT_CLASS (hd_chart_parent_class)->dispose (object);
}

static void
hd_chart_finalize (GObject *object)
{
  HdChart *self = HD_CHART (object);
  HdChartPrivate *priv = hd_chart_get_instance_private (self);

  g_free (priv->title);
  g_array_unref (priv->items);
  G_OBJECT_CLASS (hd_chart_parent_class)->finalize (object);
}

static void
hd_chart_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  HdChart *self = HD_CHART (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, hd_chart_get_title (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hd_chart_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  HdChart *self = HD_CHART (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      hd_chart_set_title (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hd_chart_class_init (HdChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hd_chart_dispose;
  object_class->finalize = hd_chart_finalize;
  object_class->get_property = hd_chart_get_property;
  object_class->set_property = hd_chart_set_property;
  widget_class->snapshot = hd_chart_snapshot;
  widget_class->measure = hd_chart_measure;
  widget_class->css_changed = hd_chart_css_changed;
  widget_class->query_tooltip = hd_chart_query_tooltip;

  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL,
                                                G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                                G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * HdChart::activate-segment:
   * @index: the item's position
   * @id: the item's id (a status, type, priority or group id…)
   *
   * A bar, slice or point was clicked or activated with the keyboard.
   */
  signals[ACTIVATE_SEGMENT] = g_signal_new ("activate-segment", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                            G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "chart.activate-item", "u", activate_item_activated);
  gtk_widget_class_set_css_name (widget_class, "chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
hd_chart_init (HdChart *self)
{
  HdChartPrivate *priv = hd_chart_get_instance_private (self);
  GtkEventController *controller;

  priv->items = g_array_new (FALSE, TRUE, sizeof (HdChartItem));
  g_array_set_clear_func (priv->items, item_clear);
  priv->rows = g_list_store_new (HD_TYPE_CHART_ROW);
  priv->hover = -1;
  priv->style = print_style;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "pointer");

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (controller, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = GTK_EVENT_CONTROLLER (gtk_gesture_click_new ());
  g_signal_connect (controller, "released", G_CALLBACK (on_released), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (on_key), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

const char *
hd_chart_get_title (HdChart *self)
{
  HdChartPrivate *priv = hd_chart_get_instance_private (self);

  g_return_val_if_fail (HD_IS_CHART (self), NULL);
  return priv->title;
}

void
hd_chart_set_title (HdChart    *self,
                    const char *title)
{
  HdChartPrivate *priv = hd_chart_get_instance_private (self);

  g_return_if_fail (HD_IS_CHART (self));

  if (g_strcmp0 (priv->title, title) == 0)
    return;
  g_free (priv->title);
  priv->title = g_strdup (title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

void
hd_chart_clear (HdChart *self)
{
  HdChartPrivate *priv = hd_chart_get_instance_private (self);

  g_return_if_fail (HD_IS_CHART (self));
  g_array_set_size (priv->items, 0);
  priv->hover = -1;
}

void
hd_chart_add (HdChart    *self,
              const char *id,
              const char *label,
              double      value,
              const char *value_text,
              int         color)
{
  HdChartPrivate *priv = hd_chart_get_instance_private (self);
  HdChartItem item = { 0 };

  g_return_if_fail (HD_IS_CHART (self));

  item.id = g_strdup (id);
  item.label = g_strdup (label);
  item.value_text = g_strdup (value_text);
  item.value = value;
  item.color = color;
  g_array_append_val (priv->items, item);
}

void
hd_chart_set_maximum (HdChart *self,
                      double   maximum)
{
  HdChartPrivate *priv = hd_chart_get_instance_private (self);

  g_return_if_fail (HD_IS_CHART (self));
  priv->maximum = maximum;
}

char *
hd_chart_describe (HdChart *self)
{
  HdChartPrivate *priv = hd_chart_get_instance_private (self);
  GString *text;

  g_return_val_if_fail (HD_IS_CHART (self), NULL);

  text = g_string_new (priv->title);
  if (priv->items->len == 0)
    {
      g_string_append_printf (text, priv->title ? ": %s" : "%s", _("no data"));
      return g_string_free (text, FALSE);
    }
  for (guint i = 0; i < priv->items->len; i++)
    {
      const HdChartItem *item = &g_array_index (priv->items, HdChartItem, i);
      /* Translators: separates the items a screen reader reads from a chart */
      g_string_append (text, i == 0 ? (priv->title ? ": " : "") : _("; "));
      g_string_append_printf (text, "%s %s", item->label, item->value_text);
    }
  return g_string_free (text, FALSE);
}

void
hd_chart_commit (HdChart *self)
{
  HdChartPrivate *priv = hd_chart_get_instance_private (self);
  g_autofree char *description = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  double scale = priv->maximum;

  g_return_if_fail (HD_IS_CHART (self));

  if (scale <= 0)
    for (guint i = 0; i < priv->items->len; i++)
      {
        double v = g_array_index (priv->items, HdChartItem, i).value;
        if (HD_CHART_GET_CLASS (self)->share_of_sum)
          scale += MAX (v, 0);
        else
          scale = MAX (scale, v);
      }
  for (guint i = 0; i < priv->items->len; i++)
    {
      HdChartItem *item = &g_array_index (priv->items, HdChartItem, i);
      HdChartRow *row = g_object_new (HD_TYPE_CHART_ROW, NULL);

      item->fraction = item->value < 0 ? -1 : scale > 0 ? CLAMP (item->value / scale, 0, 1) : 0;
      row->label = g_strdup (item->label);
      row->value = g_strdup (item->value_text);
      g_ptr_array_add (rows, row);
    }
  g_list_store_splice (priv->rows, 0, g_list_model_get_n_items (G_LIST_MODEL (priv->rows)),
                       rows->pdata, rows->len);

  description = hd_chart_describe (self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

guint
hd_chart_get_n_items (HdChart *self)
{
  HdChartPrivate *priv = hd_chart_get_instance_private (self);

  g_return_val_if_fail (HD_IS_CHART (self), 0);
  return priv->items->len;
}

const HdChartItem *
hd_chart_get_item (HdChart *self,
                   guint    index)
{
  HdChartPrivate *priv = hd_chart_get_instance_private (self);

  g_return_val_if_fail (HD_IS_CHART (self), NULL);
  g_return_val_if_fail (index < priv->items->len, NULL);
  return &g_array_index (priv->items, HdChartItem, index);
}

int
hd_chart_get_hover (HdChart *self)
{
  HdChartPrivate *priv = hd_chart_get_instance_private (self);

  g_return_val_if_fail (HD_IS_CHART (self), -1);
  return priv->hover;
}

GListModel *
hd_chart_get_rows (HdChart *self)
{
  HdChartPrivate *priv = hd_chart_get_instance_private (self);

  g_return_val_if_fail (HD_IS_CHART (self), NULL);
  return G_LIST_MODEL (priv->rows);
}

void
hd_chart_draw (HdChart            *self,
               cairo_t            *cr,
               PangoContext       *pango,
               const HdChartStyle *style,
               double              width,
               double              height)
{
  HdChartPrivate *priv = hd_chart_get_instance_private (self);

  g_return_if_fail (HD_IS_CHART (self));

  cairo_save (cr);
  if (priv->items->len == 0)
    hd_chart_draw_empty (cr, pango, style, width, height);
  else
    HD_CHART_GET_CLASS (self)->draw (self, cr, pango, style, width, height);
  cairo_restore (cr);
}

gboolean
hd_chart_save_png (HdChart     *self,
                   const char  *path,
                   int          width,
                   int          height,
                   GError     **error)
{
  cairo_surface_t *surface;
  cairo_status_t status;
  PangoContext *pango;
  cairo_t *cr;

  g_return_val_if_fail (HD_IS_CHART (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width * 2, height * 2);
  cr = cairo_create (surface);
  cairo_scale (cr, 2, 2);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  pango = pango_cairo_create_context (cr);
  pango_context_set_font_description (pango, pango_context_get_font_description (gtk_widget_get_pango_context (GTK_WIDGET (self))));
  hd_chart_draw (self, cr, pango, hd_chart_style_print (), width, height);
  g_object_unref (pango);
  cairo_destroy (cr);
  status = cairo_surface_write_to_png (surface, path);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not write the image “%s”: %s"), path, cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

/* Drawing helpers ------------------------------------------------------------ */

void
hd_chart_set_source (cairo_t       *cr,
                     const GdkRGBA *rgba)
{
  cairo_set_source_rgba (cr, rgba->red, rgba->green, rgba->blue, rgba->alpha);
}

const GdkRGBA *
hd_chart_item_color (const HdChartStyle *style,
                     const HdChartItem  *item,
                     guint               index)
{
  int color = item->color >= 0 ? item->color : (int) index;

  return &style->series[color % HD_CHART_N_SERIES];
}

PangoLayout *
hd_chart_layout (PangoContext *pango,
                 const char   *text,
                 gboolean      small,
                 gboolean      bold)
{
  PangoLayout *layout = pango_layout_new (pango);
  PangoFontDescription *font = pango_font_description_copy (pango_context_get_font_description (pango));

  if (small)
    pango_font_description_set_size (font, pango_font_description_get_size (font) * 0.85);
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

void
hd_chart_draw_empty (cairo_t            *cr,
                     PangoContext       *pango,
                     const HdChartStyle *style,
                     double              width,
                     double              height)
{
  g_autoptr(PangoLayout) layout = hd_chart_layout (pango, _("No data for this period"), FALSE, FALSE);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  hd_chart_set_source (cr, &style->dim);
  cairo_move_to (cr, (width - w) / 2, (height - h) / 2);
  pango_cairo_show_layout (cr, layout);
}
