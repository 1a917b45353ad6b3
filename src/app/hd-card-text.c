/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-card-text"

#include "config.h"

#include "hd-card-text.h"

/*
 * One line of text on a board card whose width follows the text (the
 * priority pill, the emotion, the handler), laid out once per text.
 *
 * A GtkLabel (GTK 4.8) lays its text out again for every width its box
 * asks about and once more at the width it gets: with a card rebound on
 * every search keystroke that was most of the board's layout time
 * (docs/board.md). This keeps one PangoLayout, shaped when the text
 * changes, unwrapped: its size is the natural size, and it is cut
 * (ellipsized at the end) only when the card is narrower than the text.
 * The font follows the widget's style (the layout follows its context).
 */

struct _HdCardText
{
  GtkWidget parent_instance;

  char *text;
  PangoLayout *layout;
  int text_width;           /* of the whole text on one line, or -1 */
  int text_height;
  guint context_serial;     /* of the Pango context the size was taken with */
  int width;                /* allocated */
  gboolean whole;           /* never cut: the minimum width is the text's */
};

G_DEFINE_FINAL_TYPE (HdCardText, hd_card_text, GTK_TYPE_WIDGET)

static PangoLayout *
ensure_layout (HdCardText *self)
{
  if (self->layout == NULL)
    {
      self->layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), self->text != NULL ? self->text : "");
      pango_layout_set_ellipsize (self->layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_single_paragraph_mode (self->layout, TRUE);
    }
  return self->layout;
}

/* The size of the whole text, on one line: taken once per text and font. */
static void
get_text_size (HdCardText *self,
               int        *width,
               int        *height)
{
  PangoLayout *layout = ensure_layout (self);
  guint serial = pango_context_get_serial (pango_layout_get_context (layout));

  if (self->text_width < 0 || serial != self->context_serial)
    {
      pango_layout_set_width (layout, -1);
      pango_layout_get_pixel_size (layout, &self->text_width, &self->text_height);
      self->context_serial = serial;
    }
  *width = self->text_width;
  *height = self->text_height;
}

/* Cut at @width only when the text is wider: otherwise the layout stays as
 * measured, and is not laid out again. */
static void
fit_layout (HdCardText *self)
{
  int text_width, text_height;

  get_text_size (self, &text_width, &text_height);
  pango_layout_set_width (self->layout, text_width > self->width ? self->width * PANGO_SCALE : -1);
}

static void
hd_card_text_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  HdCardText *self = HD_CARD_TEXT (widget);
  int width, height;

  get_text_size (self, &width, &height);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* Narrower than the text, it ends in "…": about a character's room. */
      *minimum = self->whole ? width : MIN (width, height);
      *natural = width;
    }
  else
    {
      *minimum = *natural = height;
    }
}

static void
hd_card_text_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  HdCardText *self = HD_CARD_TEXT (widget);

  self->width = width;
  fit_layout (self);
}

static void
hd_card_text_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  HdCardText *self = HD_CARD_TEXT (widget);
  int width, height;

  if (self->text == NULL || self->text[0] == '\0')
    return;
  fit_layout (self);
  pango_layout_get_pixel_size (self->layout, &width, &height);
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_snapshot_render_layout (snapshot, gtk_widget_get_style_context (widget),
                              0, (gtk_widget_get_height (widget) - height) / 2.0, self->layout);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static void
hd_card_text_finalize (GObject *object)
{
  HdCardText *self = HD_CARD_TEXT (object);

  g_clear_object (&self->layout);
  g_free (self->text);

  G_OBJECT_CLASS (hd_card_text_parent_class)->finalize (object);
}

static void
hd_card_text_class_init (HdCardTextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = hd_card_text_finalize;
  widget_class->measure = hd_card_text_measure;
  widget_class->size_allocate = hd_card_text_size_allocate;
  widget_class->snapshot = hd_card_text_snapshot;

  gtk_widget_class_set_css_name (widget_class, "label");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
hd_card_text_init (HdCardText *self)
{
  self->text_width = -1;
}

GtkWidget *
hd_card_text_new (void)
{
  return g_object_new (HD_TYPE_CARD_TEXT, NULL);
}

void
hd_card_text_set_text (HdCardText *self,
                       const char *text)
{
  g_return_if_fail (HD_IS_CARD_TEXT (self));

  if (g_strcmp0 (self->text, text) == 0)
    return;
  g_free (self->text);
  self->text = g_strdup (text);
  if (self->layout != NULL)
    pango_layout_set_text (self->layout, text != NULL ? text : "", -1);
  self->text_width = -1;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  text != NULL ? text : "", -1);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/* Whether the text is always shown whole (a priority pill): the card cuts
 * the other parts of its line first. */
void
hd_card_text_set_whole (HdCardText *self,
                        gboolean    whole)
{
  g_return_if_fail (HD_IS_CARD_TEXT (self));

  if (self->whole == !!whole)
    return;
  self->whole = !!whole;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

const char *
hd_card_text_get_text (HdCardText *self)
{
  g_return_val_if_fail (HD_IS_CARD_TEXT (self), NULL);

  return self->text;
}
