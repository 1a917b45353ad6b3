/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-board-card"

#include "config.h"

#include <string.h>

#include "hd-board-card-layout.h"

/*
 * Places a board card's parts in its lines directly, without a box per
 * line: a card is rebound on every search keystroke, and in GTK 4.8 nested
 * boxes measured their children again for each width they tried
 * (docs/board.md). Every part is one line high whatever its width, so the
 * card's height does not depend on its width and is the sum of its lines.
 */

#define LINE_SPACING   4   /* between lines */
#define BOTTOM_MARGIN  4   /* more above the bottom line */
#define ITEM_SPACING   6   /* between the parts of a line */
#define STRIPE_GAP     8   /* between the stripe and the lines */

static const HdCardPart top_start[] = { HD_CARD_PART_NUMBER };
static const HdCardPart top_end[] = { HD_CARD_PART_SYNC, HD_CARD_PART_MENU };
static const HdCardPart lines[] = { HD_CARD_PART_CUSTOMER, HD_CARD_PART_TYPE, HD_CARD_PART_DUE };
static const HdCardPart bottom_start[] = { HD_CARD_PART_PILL, HD_CARD_PART_ESCALATED, HD_CARD_PART_EMOTION };
static const HdCardPart bottom_end[] = { HD_CARD_PART_AVATAR, HD_CARD_PART_HANDLER };

/* Adds the widths of @n parts and the spacing between the shown ones. */
static void
add_widths (const HdCardPartSize *sizes,
            const HdCardPart     *parts,
            guint                 n,
            int                  *minimum,
            int                  *natural,
            guint                *n_shown)
{
  for (guint i = 0; i < n; i++)
    {
      const HdCardPartSize *size = &sizes[parts[i]];

      if (!size->shown)
        continue;
      if ((*n_shown)++ > 0)
        {
          *minimum += ITEM_SPACING;
          *natural += ITEM_SPACING;
        }
      *minimum += size->minimum;
      *natural += size->natural;
    }
}

static int
line_height (const HdCardPartSize *sizes,
             const HdCardPart     *parts,
             guint                 n)
{
  int height = 0;

  /* Shown or not: a card is as high whatever it shows. */
  for (guint i = 0; i < n; i++)
    height = MAX (height, sizes[parts[i]].height);
  return height;
}

static int
top_height (const HdCardPartSize *sizes)
{
  return MAX (line_height (sizes, top_start, G_N_ELEMENTS (top_start)),
              line_height (sizes, top_end, G_N_ELEMENTS (top_end)));
}

static int
bottom_height (const HdCardPartSize *sizes)
{
  return MAX (line_height (sizes, bottom_start, G_N_ELEMENTS (bottom_start)),
              line_height (sizes, bottom_end, G_N_ELEMENTS (bottom_end)));
}

static int
stripe_width (const HdCardPartSize *sizes)
{
  return sizes[HD_CARD_PART_STRIPE].shown ? sizes[HD_CARD_PART_STRIPE].natural + STRIPE_GAP : 0;
}

void
hd_board_card_layout_measure_width (const HdCardPartSize  sizes[HD_N_CARD_PARTS],
                                    int                  *minimum,
                                    int                  *natural)
{
  int widest_min = 0, widest_nat = 0, min, nat;
  guint n;

  min = nat = 0, n = 0;
  add_widths (sizes, top_start, G_N_ELEMENTS (top_start), &min, &nat, &n);
  add_widths (sizes, top_end, G_N_ELEMENTS (top_end), &min, &nat, &n);
  widest_min = MAX (widest_min, min), widest_nat = MAX (widest_nat, nat);
  min = nat = 0, n = 0;
  add_widths (sizes, bottom_start, G_N_ELEMENTS (bottom_start), &min, &nat, &n);
  add_widths (sizes, bottom_end, G_N_ELEMENTS (bottom_end), &min, &nat, &n);
  widest_min = MAX (widest_min, min), widest_nat = MAX (widest_nat, nat);
  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    if (sizes[lines[i]].shown && sizes[lines[i]].height > 0)
      {
        widest_min = MAX (widest_min, sizes[lines[i]].minimum);
        widest_nat = MAX (widest_nat, sizes[lines[i]].natural);
      }
  *minimum = stripe_width (sizes) + widest_min;
  *natural = stripe_width (sizes) + widest_nat;
}

int
hd_board_card_layout_measure_height (const HdCardPartSize sizes[HD_N_CARD_PARTS])
{
  int height = top_height (sizes) + BOTTOM_MARGIN + LINE_SPACING + bottom_height (sizes);

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    if (sizes[lines[i]].height > 0)
      height += LINE_SPACING + sizes[lines[i]].height;
  return height;
}

typedef struct {
  const HdCardPartSize *sizes;
  GdkRectangle *places;
  int width;               /* of the card */
  gboolean rtl;
} Placing;

/* Places @part at @x from the card's start side. */
static void
place_part (Placing    *p,
            HdCardPart  part,
            int         x,
            int         y,
            int         width,
            int         height)
{
  width = MAX (width, 0);
  if (p->rtl)
    x = p->width - x - width;
  p->places[part] = (GdkRectangle) { x, y, width, height };
}

/* Lays out a line: the @start parts from the start at their natural
 * widths, the @end parts at the end. With @fill_start the first part takes
 * the room between them (the ticket number). */
static void
place_line (Placing          *p,
            const HdCardPart *start,
            guint             n_start,
            const HdCardPart *end,
            guint             n_end,
            int               x,
            int               y,
            int               width,
            int               height,
            gboolean          fill_start)
{
  int widths[5] = { 0 }, minimums[5] = { 0 };
  HdCardPart parts[5];
  guint n = 0, n_shown = 0;
  int used = 0, left, end_x;

  g_assert (n_start + n_end <= G_N_ELEMENTS (parts));
  for (guint i = 0; i < n_start; i++)
    parts[n++] = start[i];
  for (guint i = 0; i < n_end; i++)
    parts[n++] = end[i];
  for (guint i = 0; i < n; i++)
    if (p->sizes[parts[i]].shown)
      {
        minimums[i] = p->sizes[parts[i]].minimum;
        widths[i] = p->sizes[parts[i]].natural;
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
    if (p->sizes[parts[i]].shown)
      {
        place_part (p, parts[i], left, y, widths[i], height);
        left += widths[i] + ITEM_SPACING;
      }
  end_x = x + width;
  for (int i = (int) n - 1; i >= (int) n_start; i--)
    if (p->sizes[parts[i]].shown)
      {
        end_x -= widths[i];
        place_part (p, parts[i], end_x, y, widths[i], height);
        end_x -= ITEM_SPACING;
      }
}

void
hd_board_card_layout_place (const HdCardPartSize  sizes[HD_N_CARD_PARTS],
                            int                   width,
                            int                   height,
                            gboolean              rtl,
                            GdkRectangle          places[HD_N_CARD_PARTS])
{
  Placing p = { sizes, places, width, rtl };
  int x, y, h;

  memset (places, 0, sizeof (GdkRectangle) * HD_N_CARD_PARTS);
  if (sizes[HD_CARD_PART_STRIPE].shown)
    place_part (&p, HD_CARD_PART_STRIPE, 0, 0, sizes[HD_CARD_PART_STRIPE].natural, height);
  x = stripe_width (sizes);
  width -= x;

  h = top_height (sizes);
  place_line (&p, top_start, G_N_ELEMENTS (top_start), top_end, G_N_ELEMENTS (top_end), x, 0, width, h, TRUE);
  y = h;
  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    if (sizes[lines[i]].shown)
      {
        h = sizes[lines[i]].height;
        place_part (&p, lines[i], x, y + LINE_SPACING, width, h);
        y += LINE_SPACING + h;
      }
  /* The bottom line at the bottom, when a line above is not shown. */
  h = bottom_height (sizes);
  y = MAX (y + LINE_SPACING + BOTTOM_MARGIN, height - h);
  place_line (&p, bottom_start, G_N_ELEMENTS (bottom_start), bottom_end, G_N_ELEMENTS (bottom_end),
              x, y, width, h, FALSE);
}
