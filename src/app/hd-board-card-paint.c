/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-board-card"

#include "config.h"

#include <string.h>

#include "hd-board-card-private.h"

/*
 * How a board card looks: its parts are drawn by the card itself, one
 * PangoLayout per text, shaped when the text changes and cut (ellipsized)
 * only when it does not fit. The fonts follow the card's font (a wall
 * screen's larger one included), the colours its style: the card's own
 * colour, and libadwaita's error, warning and accent colours, which have
 * light, dark and high-contrast variants. The card's frame, background and
 * focus ring stay CSS (style.css, "boardcard").
 */

#define STRIPE_WIDTH    4
#define STRIPE_RADIUS   2
#define ICON_SIZE      12   /* sync, escalated, avatar */
#define MENU_ICON_SIZE 16
#define MENU_SIZE      24   /* the round ⋮ button */
#define MENU_OVERHANG   6   /* of the button into the card's end padding */
#define MENU_WIDTH     (MENU_SIZE - MENU_OVERHANG)
#define MENU_HEIGHT    20   /* the rest reaches into the card's padding */
#define PILL_PAD_X     10
#define PILL_PAD_Y      1
#define BADGE_PAD_X     6
#define BADGE_PAD_Y     3

typedef struct {
  double scale;            /* of the card's font size; 0 for a part that is not text */
  PangoWeight weight;
  gboolean monospace;
  gboolean tabular;        /* figures of one width, for a countdown */
  gboolean whole;          /* never cut */
  gboolean fills;          /* takes its line: cut to about four characters at most */
} TextStyle;

/* libadwaita's .heading is 11 pt and .caption 9 pt beside a 10 pt font. */
static const TextStyle text_styles[HD_N_CARD_PARTS] = {
  [HD_CARD_PART_NUMBER] = { 0.9, PANGO_WEIGHT_NORMAL, TRUE, FALSE, FALSE, TRUE },
  [HD_CARD_PART_CUSTOMER] = { 1.1, PANGO_WEIGHT_BOLD, FALSE, FALSE, FALSE, TRUE },
  [HD_CARD_PART_TYPE] = { 0.9, PANGO_WEIGHT_NORMAL, FALSE, FALSE, FALSE, TRUE },
  [HD_CARD_PART_DUE] = { 0.9, PANGO_WEIGHT_BOLD, FALSE, TRUE, FALSE, TRUE },
  [HD_CARD_PART_PILL] = { 1 / 1.2, PANGO_WEIGHT_BOLD, FALSE, FALSE, TRUE, FALSE },
  [HD_CARD_PART_EMOTION] = { 0.9, PANGO_WEIGHT_NORMAL },
  [HD_CARD_PART_HANDLER] = { 0.9, PANGO_WEIGHT_NORMAL },
};

gboolean
hd_board_card_part_is_text (HdCardPart part)
{
  return text_styles[part].scale > 0;
}

/* A font's line height and baseline in pixels, kept for every card: asking
 * Pango for a font's metrics loads its fallback fonts. */
typedef struct {
  int height;
  int baseline;
} LineMetrics;

static LineMetrics
get_line_metrics (PangoContext               *context,
                  const PangoFontDescription *font)
{
  static GHashTable *cache;
  g_autofree char *key = NULL;
  g_autofree char *font_name = pango_font_description_to_string (font);
  LineMetrics *metrics;

  key = g_strdup_printf ("%s@%g", font_name, pango_cairo_context_get_resolution (context));
  if (cache == NULL)
    cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if ((metrics = g_hash_table_lookup (cache, key)) == NULL)
    {
      PangoFontMetrics *font_metrics = pango_context_get_metrics (context, font, NULL);
      int ascent = pango_font_metrics_get_ascent (font_metrics);
      int descent = pango_font_metrics_get_descent (font_metrics);

      metrics = g_new (LineMetrics, 1);
      metrics->height = PANGO_PIXELS_CEIL (ascent + descent);
      metrics->baseline = PANGO_PIXELS (ascent);
      pango_font_metrics_unref (font_metrics);
      g_hash_table_insert (cache, g_steal_pointer (&key), metrics);
    }
  return *metrics;
}

static PangoFontDescription *
text_font (HdBoardCard *self,
           HdCardPart   part)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  const TextStyle *style = &text_styles[part];
  PangoFontDescription *font = pango_font_description_copy (pango_context_get_font_description (context));
  int size = pango_font_description_get_size (font);

  if (size <= 0)
    size = 10 * PANGO_SCALE;
  if (pango_font_description_get_size_is_absolute (font))
    pango_font_description_set_absolute_size (font, size * style->scale);
  else
    pango_font_description_set_size (font, (int) (size * style->scale));
  pango_font_description_set_weight (font, style->weight);
  if (style->monospace)
    pango_font_description_set_family (font, "monospace");
  if (part == HD_CARD_PART_NUMBER && self->provisional)
    pango_font_description_set_style (font, PANGO_STYLE_ITALIC);
  return font;
}

/* The part's font, its line metrics and the key of its shared texts, from
 * the card's font: taken on first use and again when the font changes. */
static void
ensure_font (HdBoardCard *self,
             HdCardPart   part)
{
  PangoContext *context;
  PangoFontDescription *font;
  const cairo_font_options_t *options;
  g_autofree char *font_name = NULL;
  LineMetrics metrics;

  if (self->font_keys[part] != NULL)
    return;
  context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  font = text_font (self, part);
  font_name = pango_font_description_to_string (font);
  options = pango_cairo_context_get_font_options (context);
  metrics = get_line_metrics (context, font);
  self->line_heights[part] = metrics.height;
  self->baselines[part] = metrics.baseline;
  self->font_keys[part] = g_strdup_printf ("%s|%d|%g|%lx|%s|%d", font_name, text_styles[part].tabular,
                                           pango_cairo_context_get_resolution (context),
                                           options != NULL ? cairo_font_options_hash (options) : 0,
                                           pango_language_to_string (pango_context_get_language (context)),
                                           pango_context_get_base_dir (context));
  pango_font_description_free (font);
}

static PangoLayout *
new_layout (HdBoardCard *self,
            HdCardPart   part,
            const char  *text,
            int          width)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  PangoFontDescription *font = text_font (self, part);

  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_single_paragraph_mode (layout, TRUE);
  pango_layout_set_width (layout, width >= 0 ? width * PANGO_SCALE : -1);
  if (text_styles[part].tabular)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
    }
  return layout;
}

/*
 * Every text a card draws is shaped once and drawn by every card that
 * shows it: a type, a priority, an emotion, a handler or a countdown
 * appears on many cards, and a ticket's number and customer again when a
 * keystroke or a scroll brings the ticket back. Shaping the texts of the
 * ~30 cards a search keystroke rebinds was a sixth of the main thread's
 * work, and cutting (ellipsizing) a long type to the column's width as
 * much again (docs/board.md).
 *
 * A text is kept whole, and cut to each width a card needed it at. The key
 * says everything the shaping depends on: the part's font key, the width
 * (-1 for whole) and the text. The texts used least recently are dropped
 * in halves: a lookup moves a text from the older half to the newer, and
 * when the newer is full the older is dropped and the newer becomes it,
 * so a frame never shapes every text again at once. All are dropped when a
 * card's font context changes.
 */
#define MAX_TEXTS_A_HALF 512

typedef struct {
  PangoLayout *layout;
  int width;               /* in pixels, as laid out */
} ShapedText;

static GHashTable *texts_newer;
static GHashTable *texts_older;

static void
shaped_text_free (gpointer data)
{
  ShapedText *text = data;

  g_object_unref (text->layout);
  g_free (text);
}

static GHashTable *
texts_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, shaped_text_free);
}

static void
texts_clear (void)
{
  g_clear_pointer (&texts_newer, g_hash_table_unref);
  g_clear_pointer (&texts_older, g_hash_table_unref);
}

/* The shaped text of @part, whole (@width -1) or cut to @width pixels. */
static const ShapedText *
lookup_text (HdBoardCard *self,
             HdCardPart   part,
             int          width)
{
  const char *text = self->texts[part] != NULL ? self->texts[part] : "";
  g_autofree char *key = NULL;
  ShapedText *shaped;
  gpointer old_key;

  ensure_font (self, part);
  key = g_strdup_printf ("%s\n%d\n%s", self->font_keys[part], width, text);
  if (texts_newer == NULL)
    texts_newer = texts_new ();
  if ((shaped = g_hash_table_lookup (texts_newer, key)) != NULL)
    return shaped;

  if (g_hash_table_size (texts_newer) >= MAX_TEXTS_A_HALF)
    {
      g_clear_pointer (&texts_older, g_hash_table_unref);
      texts_older = g_steal_pointer (&texts_newer);
      texts_newer = texts_new ();
    }
  if (texts_older != NULL && g_hash_table_steal_extended (texts_older, key, &old_key, (gpointer *) &shaped))
    {
      g_free (old_key);
    }
  else
    {
      shaped = g_new (ShapedText, 1);
      shaped->layout = new_layout (self, part, text, width);
      pango_layout_get_pixel_size (shaped->layout, &shaped->width, NULL);
    }
  g_hash_table_insert (texts_newer, g_steal_pointer (&key), shaped);
  return shaped;
}

void
hd_board_card_font_changed (HdBoardCard *self,
                            HdCardPart   part)
{
  g_clear_pointer (&self->font_keys[part], g_free);
  hd_board_card_text_changed (self, part);
}

void
hd_board_card_text_changed (HdBoardCard *self,
                            HdCardPart   part)
{
  g_clear_object (&self->whole[part]);
  g_clear_object (&self->drawn[part]);
  self->text_widths[part] = -1;
}

/* The width of the whole text, on one line. */
static int
text_width (HdBoardCard *self,
            HdCardPart   part)
{
  if (self->whole[part] == NULL)
    {
      const ShapedText *whole = lookup_text (self, part, -1);

      g_set_object (&self->whole[part], whole->layout);
      self->text_widths[part] = whole->width;
    }
  return self->text_widths[part];
}

static void
lookup_color (GtkStyleContext *context,
              const char      *name,
              const char      *fallback,
              GdkRGBA         *color)
{
  if (!gtk_style_context_lookup_color (context, name, color))
    gdk_rgba_parse (color, fallback);
}

static GdkRGBA
with_alpha (const GdkRGBA *color,
            float          alpha)
{
  return (GdkRGBA) { color->red, color->green, color->blue, color->alpha * alpha };
}

void
hd_board_card_style_changed (HdBoardCard *self)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));
  guint serial = pango_context_get_serial (gtk_widget_get_pango_context (GTK_WIDGET (self)));
  GdkRGBA *colors = self->colors;

  gtk_style_context_get_color (context, &colors[HD_CARD_COLOR_FG]);
  colors[HD_CARD_COLOR_DIM] = with_alpha (&colors[HD_CARD_COLOR_FG], 0.55f);
  colors[HD_CARD_COLOR_NEUTRAL] = with_alpha (&colors[HD_CARD_COLOR_FG], 0.15f);
  lookup_color (context, "error_color", "#c01c28", &colors[HD_CARD_COLOR_ERROR]);
  lookup_color (context, "warning_color", "#9c6e03", &colors[HD_CARD_COLOR_WARNING]);
  lookup_color (context, "accent_color", "#1c71d8", &colors[HD_CARD_COLOR_ACCENT]);
  for (int rank = 0; rank < 4; rank++)
    {
      static const char * const pill_colors[] = {
        "hd_priority_0_color", "hd_priority_1_color", "hd_priority_2_color", "hd_priority_3_color",
      };
      static const char * const pill_backgrounds[] = {
        "hd_priority_0_bg", "hd_priority_1_bg", "hd_priority_2_bg", "hd_priority_3_bg",
      };

      if (!gtk_style_context_lookup_color (context, pill_colors[rank], &colors[HD_CARD_COLOR_PILL + rank]))
        colors[HD_CARD_COLOR_PILL + rank] = colors[HD_CARD_COLOR_FG];
      if (!gtk_style_context_lookup_color (context, pill_backgrounds[rank], &colors[HD_CARD_COLOR_PILL_BG + rank]))
        colors[HD_CARD_COLOR_PILL_BG + rank] = with_alpha (&colors[HD_CARD_COLOR_FG], 0.08f);
    }

  if (serial != self->context_serial)
    {
      /* The context changed (fonts, resolution, font options): texts shaped
       * in it are dropped. A new card's first style is no change. */
      if (self->context_serial != 0)
        texts_clear ();
      self->context_serial = serial;
      for (guint part = 0; part < HD_N_CARD_PARTS; part++)
        hd_board_card_font_changed (self, part);
      gtk_widget_queue_resize (GTK_WIDGET (self));
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
hd_board_card_get_part_sizes (HdBoardCard    *self,
                              HdCardPartSize  sizes[HD_N_CARD_PARTS])
{
  for (guint part = 0; part < HD_N_CARD_PARTS; part++)
    {
      HdCardPartSize *size = &sizes[part];
      const TextStyle *style = &text_styles[part];

      size->shown = self->shown[part];
      if (hd_board_card_part_is_text (part))
        {
          int width = text_width (self, part);
          int height = self->line_heights[part];

          size->natural = width;
          size->height = height;
          if (style->whole)
            size->minimum = width;
          else
            size->minimum = MIN (width, style->fills ? 2 * height : height);
          if (part == HD_CARD_PART_PILL)
            {
              size->minimum += 2 * PILL_PAD_X;
              size->natural += 2 * PILL_PAD_X;
              size->height += 2 * PILL_PAD_Y;
            }
        }
      else
        {
          switch ((HdCardPart) part)
            {
            case HD_CARD_PART_STRIPE:
              size->natural = STRIPE_WIDTH;
              size->height = 0;
              break;
            case HD_CARD_PART_MENU:
              size->natural = MENU_WIDTH;
              size->height = MENU_HEIGHT;
              break;
            case HD_CARD_PART_ESCALATED:
              size->natural = ICON_SIZE + 2 * BADGE_PAD_X;
              size->height = ICON_SIZE + 2 * BADGE_PAD_Y;
              break;
            default:
              size->natural = size->height = ICON_SIZE;
              break;
            }
          size->minimum = size->natural;
        }
      if (!size->shown)
        size->minimum = size->natural = 0;
      if (part == HD_CARD_PART_DUE && !self->countdown_line && !size->shown)
        size->height = 0;
    }
}

void
hd_board_card_get_width_request (HdBoardCard *self,
                                 int         *width)
{
  HdCardPartSize sizes[HD_N_CARD_PARTS];
  int natural;

  /* Every part shown, every text at a minimum that does not depend on
   * it: what a card shows never changes its size (hd_board_card_measure). */
  hd_board_card_get_part_sizes (self, sizes);
  for (guint part = 0; part < HD_N_CARD_PARTS; part++)
    {
      HdCardPartSize *size = &sizes[part];

      size->shown = TRUE;
      if (hd_board_card_part_is_text (part))
        size->minimum = (text_styles[part].fills || text_styles[part].whole ? 2 : 1) * size->height;
      else if (size->minimum == 0)
        size->minimum = size->height;
      size->natural = size->minimum;
    }
  hd_board_card_layout_measure_width (sizes, width, &natural);
}

void
hd_board_card_fit_texts (HdBoardCard *self)
{
  for (guint part = 0; part < HD_N_CARD_PARTS; part++)
    {
      int room;

      if (!hd_board_card_part_is_text (part) || !self->shown[part])
        continue;
      room = MAX (self->places[part].width - (part == HD_CARD_PART_PILL ? 2 * PILL_PAD_X : 0), 0);
      /* Cut only when the text is wider: otherwise it is drawn whole. */
      if (text_width (self, part) > room)
        g_set_object (&self->drawn[part], lookup_text (self, part, room)->layout);
      else
        g_set_object (&self->drawn[part], self->whole[part]);
    }
}

static void
append_rounded (GtkSnapshot        *snapshot,
                const GdkRectangle *rect,
                float               radius,
                const GdkRGBA      *color)
{
  GskRoundedRect rounded;
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (rect->x, rect->y, rect->width, rect->height);

  gsk_rounded_rect_init_from_rect (&rounded, &bounds, MIN (radius, MIN (rect->width, rect->height) / 2.f));
  gtk_snapshot_push_rounded_clip (snapshot, &rounded);
  gtk_snapshot_append_color (snapshot, color, &bounds);
  gtk_snapshot_pop (snapshot);
}

/* Symbolic icons drawn in a colour, kept as textures for every card: GTK
 * draws a symbolic icon through a colour matrix, which the cairo renderer
 * applies pixel by pixel to an offscreen copy, each time (docs/board.md).
 * Looked up ~90 times a frame, so by a key of numbers, not a string.
 * Dropped when the icon theme changes. */
typedef struct {
  const char *icon_name;   /* a literal: the card's icons are */
  int size;
  int scale;
  int direction;
  guint32 colors[3];       /* the icon's, warning, error: 8 bits a channel */
} IconKey;

static GHashTable *icon_textures;

static guint32
pack_color (const GdkRGBA *color)
{
  return (guint32) (CLAMP (color->red, 0.f, 1.f) * 255.f + .5f) << 24 |
         (guint32) (CLAMP (color->green, 0.f, 1.f) * 255.f + .5f) << 16 |
         (guint32) (CLAMP (color->blue, 0.f, 1.f) * 255.f + .5f) << 8 |
         (guint32) (CLAMP (color->alpha, 0.f, 1.f) * 255.f + .5f);
}

static guint
icon_key_hash (gconstpointer data)
{
  const IconKey *key = data;
  guint hash = g_str_hash (key->icon_name);

  hash = hash * 31 + (guint) key->size;
  hash = hash * 31 + (guint) key->scale;
  hash = hash * 31 + (guint) key->direction;
  for (guint i = 0; i < G_N_ELEMENTS (key->colors); i++)
    hash = hash * 31 + key->colors[i];
  return hash;
}

static gboolean
icon_key_equal (gconstpointer a,
                gconstpointer b)
{
  const IconKey *x = a, *y = b;

  return x->size == y->size && x->scale == y->scale && x->direction == y->direction &&
         memcmp (x->colors, y->colors, sizeof x->colors) == 0 && strcmp (x->icon_name, y->icon_name) == 0;
}

static void
on_icon_theme_changed (GtkIconTheme *theme)
{
  if (icon_textures != NULL)
    g_hash_table_remove_all (icon_textures);
}

static GdkTexture *
get_icon_texture (HdBoardCard   *self,
                  const char    *icon_name,
                  int            size,
                  const GdkRGBA *color)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GdkRGBA colors[4] = { *color, self->colors[HD_CARD_COLOR_WARNING], self->colors[HD_CARD_COLOR_ERROR], *color };
  IconKey key = {
    icon_name, size, gtk_widget_get_scale_factor (widget), gtk_widget_get_direction (widget),
    { pack_color (&colors[0]), pack_color (&colors[1]), pack_color (&colors[2]) },
  };
  GtkIconTheme *theme;
  GdkTexture *texture;
  g_autoptr(GtkIconPaintable) icon = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  GtkSnapshot *snapshot;
  GtkNative *native;
  int scale = key.scale;

  if (icon_textures == NULL)
    icon_textures = g_hash_table_new_full (icon_key_hash, icon_key_equal, g_free, g_object_unref);
  if ((texture = g_hash_table_lookup (icon_textures, &key)) != NULL)
    return texture;
  if ((native = gtk_widget_get_native (widget)) == NULL || gtk_native_get_renderer (native) == NULL)
    return NULL;
  theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (widget));
  if (g_object_get_data (G_OBJECT (theme), "hd-board-card-icons") == NULL)
    {
      g_signal_connect (theme, "changed", G_CALLBACK (on_icon_theme_changed), NULL);
      g_object_set_data (G_OBJECT (theme), "hd-board-card-icons", GINT_TO_POINTER (TRUE));
    }

  icon = gtk_icon_theme_lookup_icon (theme, icon_name, NULL, size, scale, gtk_widget_get_direction (widget), 0);
  snapshot = gtk_snapshot_new ();
  gtk_snapshot_scale (snapshot, scale, scale);
  gtk_symbolic_paintable_snapshot_symbolic (GTK_SYMBOLIC_PAINTABLE (icon), snapshot, size, size,
                                            colors, G_N_ELEMENTS (colors));
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL)
    return NULL;
  {
    /* Kept in memory, not in the renderer that drew it (a GL texture
     * lives as long as its window's context). */
    g_autoptr(GdkTexture) rendered = gsk_renderer_render_texture (gtk_native_get_renderer (native), node,
                                                                  &GRAPHENE_RECT_INIT (0, 0, size * scale,
                                                                                       size * scale));
    int width = gdk_texture_get_width (rendered);
    int height = gdk_texture_get_height (rendered);
    gsize stride = (gsize) width * 4;
    guchar *pixels = g_malloc ((gsize) height * stride);
    g_autoptr(GBytes) bytes = NULL;

    gdk_texture_download (rendered, pixels, stride);
    bytes = g_bytes_new_take (pixels, (gsize) height * stride);
    texture = gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, bytes, stride);
  }
  g_hash_table_insert (icon_textures, g_memdup2 (&key, sizeof key), texture);
  return texture;
}

/* A symbolic icon from the theme, @size pixels, centred in @rect. */
static void
append_icon (HdBoardCard        *self,
             GtkSnapshot        *snapshot,
             const char         *icon_name,
             int                 size,
             const GdkRectangle *rect,
             const GdkRGBA      *color)
{
  GdkTexture *texture = get_icon_texture (self, icon_name, size, color);

  if (texture != NULL)
    gtk_snapshot_append_texture (snapshot, texture,
                                 &GRAPHENE_RECT_INIT (rect->x + (rect->width - size) / 2,
                                                      rect->y + (rect->height - size) / 2, size, size));
}

/* The text of @part, on its font's baseline in @rect, at the start (at the
 * end of a right-to-left card). */
static void
append_text (HdBoardCard        *self,
             GtkSnapshot        *snapshot,
             HdCardPart          part,
             const GdkRectangle *rect,
             const GdkRGBA      *color)
{
  PangoLayout *layout;
  int width, y, x = rect->x;

  /* Fitted by every allocation, which every change of text queues. */
  if (self->texts[part] == NULL || self->texts[part][0] == '\0' || (layout = self->drawn[part]) == NULL)
    return;
  pango_layout_get_pixel_size (layout, &width, NULL);
  if (gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL)
    x += rect->width - width;
  y = rect->y + (rect->height - self->line_heights[part]) / 2 + self->baselines[part] -
      pango_layout_get_baseline (layout) / PANGO_SCALE;
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static const GdkRGBA *
rank_color (HdBoardCard *self)
{
  static const HdCardColor by_rank[] = { HD_CARD_COLOR_ERROR, HD_CARD_COLOR_WARNING, HD_CARD_COLOR_ACCENT };

  return &self->colors[self->rank < (int) G_N_ELEMENTS (by_rank) ? by_rank[self->rank] : HD_CARD_COLOR_NEUTRAL];
}

static void
paint_pill (HdBoardCard *self,
            GtkSnapshot *snapshot)
{
  const GdkRectangle *place = &self->places[HD_CARD_PART_PILL];
  /* The List page's pills' colours (style.css, .priority-rank-N). */
  const GdkRGBA *color = &self->colors[HD_CARD_COLOR_PILL + self->rank];
  const GdkRGBA *background = &self->colors[HD_CARD_COLOR_PILL_BG + self->rank];
  GdkRectangle pill = *place, text;

  pill.height = self->line_heights[HD_CARD_PART_PILL] + 2 * PILL_PAD_Y;
  pill.y += (place->height - pill.height) / 2;
  append_rounded (snapshot, &pill, pill.height / 2.f, background);
  text = (GdkRectangle) { pill.x + PILL_PAD_X, pill.y + PILL_PAD_Y, pill.width - 2 * PILL_PAD_X,
                          pill.height - 2 * PILL_PAD_Y };
  append_text (self, snapshot, HD_CARD_PART_PILL, &text, color);
}

void
hd_board_card_get_menu_button (HdBoardCard  *self,
                               GdkRectangle *button)
{
  const GdkRectangle *place = &self->places[HD_CARD_PART_MENU];
  gboolean rtl = gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL;

  /* The round button reaches into the card's end padding, as libadwaita's
   * flat circular buttons do in a card. */
  *button = (GdkRectangle) { rtl ? place->x - MENU_OVERHANG : place->x,
                             place->y + (place->height - MENU_SIZE) / 2, MENU_SIZE, MENU_SIZE };
}

static void
paint_menu (HdBoardCard *self,
            GtkSnapshot *snapshot)
{
  GdkRectangle button;

  hd_board_card_get_menu_button (self, &button);

  if (self->menu_hover || (self->menu != NULL && gtk_widget_get_visible (self->menu)))
    {
      GdkRGBA hover = with_alpha (&self->colors[HD_CARD_COLOR_FG], self->menu_hover ? 0.07f : 0.16f);

      append_rounded (snapshot, &button, MENU_SIZE / 2.f, &hover);
    }
  append_icon (self, snapshot, "view-more-symbolic", MENU_ICON_SIZE, &button, &self->colors[HD_CARD_COLOR_FG]);
}

void
hd_board_card_paint (HdBoardCard *self,
                     GtkSnapshot *snapshot)
{
  const GdkRGBA *colors = self->colors;
  const GdkRectangle *places = self->places;
  const GdkRGBA *due_color = &colors[HD_CARD_COLOR_FG];
  const GdkRGBA *emotion_color = &colors[HD_CARD_COLOR_WARNING];
  static const GdkRGBA white = { 1, 1, 1, 1 };

  if (self->ticket == NULL)
    return;

  append_rounded (snapshot, &places[HD_CARD_PART_STRIPE], STRIPE_RADIUS, rank_color (self));
  append_text (self, snapshot, HD_CARD_PART_NUMBER, &places[HD_CARD_PART_NUMBER], &colors[HD_CARD_COLOR_DIM]);
  if (self->shown[HD_CARD_PART_SYNC])
    append_icon (self, snapshot, "emblem-synchronizing-symbolic", ICON_SIZE, &places[HD_CARD_PART_SYNC],
                 &colors[HD_CARD_COLOR_DIM]);
  paint_menu (self, snapshot);

  append_text (self, snapshot, HD_CARD_PART_CUSTOMER, &places[HD_CARD_PART_CUSTOMER], &colors[HD_CARD_COLOR_FG]);
  append_text (self, snapshot, HD_CARD_PART_TYPE, &places[HD_CARD_PART_TYPE], &colors[HD_CARD_COLOR_DIM]);
  if (self->shown[HD_CARD_PART_DUE])
    {
      if (self->due_state == HD_DUE_SOON)
        due_color = &colors[HD_CARD_COLOR_WARNING];
      else if (self->due_state == HD_DUE_OVERDUE)
        due_color = &colors[HD_CARD_COLOR_ERROR];
      append_text (self, snapshot, HD_CARD_PART_DUE, &places[HD_CARD_PART_DUE], due_color);
    }

  paint_pill (self, snapshot);
  if (self->shown[HD_CARD_PART_ESCALATED])
    {
      append_rounded (snapshot, &places[HD_CARD_PART_ESCALATED], places[HD_CARD_PART_ESCALATED].height / 2.f,
                      &colors[HD_CARD_COLOR_ERROR]);
      append_icon (self, snapshot, "go-up-symbolic", ICON_SIZE, &places[HD_CARD_PART_ESCALATED], &white);
    }
  if (self->shown[HD_CARD_PART_EMOTION])
    {
      if (self->emotion == HD_EMOTION_ANGRY)
        emotion_color = &colors[HD_CARD_COLOR_ERROR];
      append_text (self, snapshot, HD_CARD_PART_EMOTION, &places[HD_CARD_PART_EMOTION], emotion_color);
    }
  append_icon (self, snapshot, "avatar-default-symbolic", ICON_SIZE, &places[HD_CARD_PART_AVATAR],
               &colors[HD_CARD_COLOR_DIM]);
  append_text (self, snapshot, HD_CARD_PART_HANDLER, &places[HD_CARD_PART_HANDLER], &colors[HD_CARD_COLOR_DIM]);
}

void
hd_board_card_paint_dispose (HdBoardCard *self)
{
  for (guint part = 0; part < HD_N_CARD_PARTS; part++)
    {
      g_clear_object (&self->whole[part]);
      g_clear_object (&self->drawn[part]);
      g_clear_pointer (&self->font_keys[part], g_free);
    }
}

gboolean
hd_board_card_get_part_bounds (HdBoardCard     *self,
                               HdCardPart       part,
                               graphene_rect_t *bounds)
{
  const GdkRectangle *place = &self->places[part];

  g_return_val_if_fail (HD_IS_BOARD_CARD (self), FALSE);

  if (!self->shown[part])
    return FALSE;
  graphene_rect_init (bounds, place->x, place->y, place->width, place->height);
  return TRUE;
}

int
hd_board_card_get_part_natural_width (HdBoardCard *self,
                                      HdCardPart   part)
{
  HdCardPartSize sizes[HD_N_CARD_PARTS];

  g_return_val_if_fail (HD_IS_BOARD_CARD (self), 0);

  hd_board_card_get_part_sizes (self, sizes);
  return sizes[part].natural;
}
