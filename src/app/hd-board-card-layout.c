/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-board-card"

#include "config.h"

#include "hd-board-card-layout.h"

/*
 * Places a board card's parts in its lines directly, without a box per
 * line: a card is rebound on every search keystroke, and in GTK 4.8 each
 * nested box measured its children again (for each width it tried) —
 * about 100 measurements a card, most of the board's layout time
 * (docs/board.md). Every part is one line high whatever its width, so the
 * card's height does not depend on its width (constant size) and is the
 * sum of its lines.
 */

#define LINE_SPACING   4   /* between lines */
#define BOTTOM_MARGIN  4   /* more above the bottom line */
#define ITEM_SPACING   6   /* between the parts of a line */

struct _HdBoardCardLayout
{
  GtkLayoutManager parent_instance;

  HdBoardCardParts parts;
  /* While allocating: the card's width and direction (right to left, the
   * start side is on the right). */
  int width;
  gboolean rtl;
};

G_DEFINE_FINAL_TYPE (HdBoardCardLayout, hd_board_card_layout, GTK_TYPE_LAYOUT_MANAGER)

static gboolean
shown (GtkWidget *part)
{
  return part != NULL && gtk_widget_should_layout (part);
}

static void
measure_part (GtkWidget      *part,
              GtkOrientation  orientation,
              int            *minimum,
              int            *natural)
{
  *minimum = *natural = 0;
  if (shown (part))
    gtk_widget_measure (part, orientation, -1, minimum, natural, NULL, NULL);
}

/* Adds the widths of @n parts and the spacing between the shown ones. */
static void
add_widths (GtkWidget * const *parts,
            guint              n,
            int               *minimum,
            int               *natural,
            guint             *n_shown)
{
  for (guint i = 0; i < n; i++)
    {
      int min, nat;

      if (!shown (parts[i]))
        continue;
      measure_part (parts[i], GTK_ORIENTATION_HORIZONTAL, &min, &nat);
      if ((*n_shown)++ > 0)
        {
          *minimum += ITEM_SPACING;
          *natural += ITEM_SPACING;
        }
      *minimum += min;
      *natural += nat;
    }
}

static int
line_height (GtkWidget * const *parts,
             guint              n)
{
  int height = 0;

  for (guint i = 0; i < n; i++)
    {
      int min, nat;

      measure_part (parts[i], GTK_ORIENTATION_VERTICAL, &min, &nat);
      height = MAX (height, MAX (min, nat));
    }
  return height;
}

static int
top_height (const HdBoardCardParts *p)
{
  GtkWidget *top[] = { p->number, p->top_end[0], p->top_end[1] };

  return line_height (top, G_N_ELEMENTS (top));
}

static int
bottom_height (const HdBoardCardParts *p)
{
  GtkWidget *bottom[] = { p->bottom[0], p->bottom[1], p->bottom[2], p->bottom_end[0], p->bottom_end[1] };

  return line_height (bottom, G_N_ELEMENTS (bottom));
}

static GtkSizeRequestMode
hd_board_card_layout_get_request_mode (GtkLayoutManager *manager,
                                       GtkWidget        *widget)
{
  return GTK_SIZE_REQUEST_CONSTANT_SIZE;
}

static void
hd_board_card_layout_measure (GtkLayoutManager *manager,
                              GtkWidget        *widget,
                              GtkOrientation    orientation,
                              int               for_size,
                              int              *minimum,
                              int              *natural,
                              int              *minimum_baseline,
                              int              *natural_baseline)
{
  const HdBoardCardParts *p = &HD_BOARD_CARD_LAYOUT (manager)->parts;
  int stripe_min, stripe_nat;

  measure_part (p->stripe, orientation, &stripe_min, &stripe_nat);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      GtkWidget *top[] = { p->number, p->top_end[0], p->top_end[1] };
      GtkWidget *bottom[] = { p->bottom[0], p->bottom[1], p->bottom[2], p->bottom_end[0], p->bottom_end[1] };
      int widest_min = 0, widest_nat = 0, min, nat;
      guint n;

      min = nat = 0, n = 0;
      add_widths (top, G_N_ELEMENTS (top), &min, &nat, &n);
      widest_min = MAX (widest_min, min), widest_nat = MAX (widest_nat, nat);
      min = nat = 0, n = 0;
      add_widths (bottom, G_N_ELEMENTS (bottom), &min, &nat, &n);
      widest_min = MAX (widest_min, min), widest_nat = MAX (widest_nat, nat);
      for (guint i = 0; i < G_N_ELEMENTS (p->lines); i++)
        {
          measure_part (p->lines[i], orientation, &min, &nat);
          widest_min = MAX (widest_min, min), widest_nat = MAX (widest_nat, nat);
        }
      *minimum = stripe_min + widest_min;
      *natural = stripe_nat + widest_nat;
    }
  else
    {
      int height = top_height (p) + BOTTOM_MARGIN + LINE_SPACING + bottom_height (p);

      for (guint i = 0; i < G_N_ELEMENTS (p->lines); i++)
        if (shown (p->lines[i]))
          height += LINE_SPACING + line_height (&p->lines[i], 1);
      *minimum = *natural = MAX (height, stripe_min);
    }
}

/* Places @part at @x from the card's start side. */
static void
allocate_part (HdBoardCardLayout *self,
               GtkWidget         *part,
               int                x,
               int                y,
               int                width,
               int                height)
{
  width = MAX (width, 0);
  if (self->rtl)
    x = self->width - x - width;
  if (shown (part))
    gtk_widget_size_allocate (part, &(GtkAllocation) { x, y, width, height }, -1);
}

/* Lays out a line: the @start parts from the start at their natural
 * widths, the @end parts at the end. With @fill_start the first part takes
 * the room between them (the ticket number). */
static void
allocate_line (HdBoardCardLayout *self,
               GtkWidget * const *start,
               guint              n_start,
               GtkWidget * const *end,
               guint              n_end,
               int                x,
               int                y,
               int                width,
               int                height,
               gboolean           fill_start)
{
  int widths[5] = { 0 }, minimums[5] = { 0 };
  GtkWidget *parts[5];
  guint n = 0, n_shown = 0;
  int used = 0, left, end_x;

  g_assert (n_start + n_end <= G_N_ELEMENTS (parts));
  for (guint i = 0; i < n_start; i++)
    parts[n++] = start[i];
  for (guint i = 0; i < n_end; i++)
    parts[n++] = end[i];
  for (guint i = 0; i < n; i++)
    if (shown (parts[i]))
      {
        measure_part (parts[i], GTK_ORIENTATION_HORIZONTAL, &minimums[i], &widths[i]);
        used += widths[i] + (n_shown++ > 0 ? ITEM_SPACING : 0);
      }

  if (used > width)
    {
      /* Too narrow: as a GtkBox does, every part gets its minimum and the
       * room left goes to those nearest their natural width first, so the
       * texts are cut about evenly (emotion, handler). */
      int room = width, n_short = 0;
      guint order[G_N_ELEMENTS (parts)];

      for (guint i = 0; i < n; i++)
        {
          room -= minimums[i];
          if (widths[i] > minimums[i])
            order[n_short++] = i;
        }
      room -= (int) (n_shown > 0 ? n_shown - 1 : 0) * ITEM_SPACING;
      for (int a = 1; a < n_short; a++)
        for (int b = a; b > 0 && widths[order[b]] - minimums[order[b]] < widths[order[b - 1]] - minimums[order[b - 1]]; b--)
          {
            guint t = order[b];
            order[b] = order[b - 1];
            order[b - 1] = t;
          }
      for (int k = 0; k < n_short; k++)
        {
          guint i = order[k];
          int share = MAX (room, 0) / (n_short - k);
          int give = MIN (widths[i] - minimums[i], share);

          widths[i] = minimums[i] + give;
          room -= give;
        }
    }
  else if (fill_start)
    widths[0] += width - used;

  /* The start parts from the start, the end parts back from the end. */
  left = x;
  for (guint i = 0; i < n_start; i++)
    if (shown (parts[i]))
      {
        allocate_part (self, parts[i], left, y, widths[i], height);
        left += widths[i] + ITEM_SPACING;
      }
  end_x = x + width;
  for (int i = (int) n - 1; i >= (int) n_start; i--)
    if (shown (parts[i]))
      {
        end_x -= widths[i];
        allocate_part (self, parts[i], end_x, y, widths[i], height);
        end_x -= ITEM_SPACING;
      }
}

static void
hd_board_card_layout_allocate (GtkLayoutManager *manager,
                               GtkWidget        *widget,
                               int               width,
                               int               height,
                               int               baseline)
{
  HdBoardCardLayout *self = HD_BOARD_CARD_LAYOUT (manager);
  const HdBoardCardParts *p = &self->parts;
  int stripe_min, stripe_width, x, y, h;

  self->width = width;
  self->rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  /* The stripe's width includes its margin (style.css). */
  measure_part (p->stripe, GTK_ORIENTATION_HORIZONTAL, &stripe_min, &stripe_width);
  allocate_part (self, p->stripe, 0, 0, stripe_width, height);
  x = stripe_width;
  width -= stripe_width;

  h = top_height (p);
  allocate_line (self, &p->number, 1, p->top_end, G_N_ELEMENTS (p->top_end), x, 0, width, h, TRUE);
  y = h;
  for (guint i = 0; i < G_N_ELEMENTS (p->lines); i++)
    if (shown (p->lines[i]))
      {
        h = line_height (&p->lines[i], 1);
        allocate_part (self, p->lines[i], x, y + LINE_SPACING, width, h);
        y += LINE_SPACING + h;
      }
  y += LINE_SPACING + BOTTOM_MARGIN;
  allocate_line (self, p->bottom, G_N_ELEMENTS (p->bottom), p->bottom_end, G_N_ELEMENTS (p->bottom_end),
                 x, y, width, bottom_height (p), FALSE);
}

static void
hd_board_card_layout_class_init (HdBoardCardLayoutClass *klass)
{
  GtkLayoutManagerClass *manager_class = GTK_LAYOUT_MANAGER_CLASS (klass);

  manager_class->get_request_mode = hd_board_card_layout_get_request_mode;
  manager_class->measure = hd_board_card_layout_measure;
  manager_class->allocate = hd_board_card_layout_allocate;
}

static void
hd_board_card_layout_init (HdBoardCardLayout *self)
{
}

GtkLayoutManager *
hd_board_card_layout_new (const HdBoardCardParts *parts)
{
  HdBoardCardLayout *self = g_object_new (HD_TYPE_BOARD_CARD_LAYOUT, NULL);

  self->parts = *parts;
  return GTK_LAYOUT_MANAGER (self);
}
