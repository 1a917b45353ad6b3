/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The parts of a board card, in reading order. */
typedef enum {
  HD_CARD_PART_STRIPE,     /* the priority colour, down the start side */
  HD_CARD_PART_NUMBER,     /* top line: fills it */
  HD_CARD_PART_SYNC,       /* top line, at the end: waiting to sync */
  HD_CARD_PART_MENU,       /* top line, at the end: the ⋮ menu */
  HD_CARD_PART_CUSTOMER,   /* a line each */
  HD_CARD_PART_TYPE,
  HD_CARD_PART_DUE,
  HD_CARD_PART_PILL,       /* bottom line: priority pill, never cut */
  HD_CARD_PART_ESCALATED,
  HD_CARD_PART_EMOTION,
  HD_CARD_PART_AVATAR,     /* bottom line, at the end */
  HD_CARD_PART_HANDLER,
  HD_N_CARD_PARTS
} HdCardPart;

/* A part's size: one line high whatever its width. The height is given
 * for parts not shown too: a card's height never depends on what it shows
 * (a line of height 0 is left out). */
typedef struct {
  gboolean shown;
  int minimum;             /* narrowest width (a text cut to "…") */
  int natural;             /* the whole part */
  int height;
} HdCardPartSize;

/*
 * Where a card's parts go: the lines are placed directly, without a box per
 * line (docs/board.md). The card's height does not depend on its width or
 * on what its texts say.
 */
void hd_board_card_layout_measure_width (const HdCardPartSize  sizes[HD_N_CARD_PARTS],
                                         int                  *minimum,
                                         int                  *natural);
int  hd_board_card_layout_measure_height (const HdCardPartSize sizes[HD_N_CARD_PARTS]);
/* Places the shown parts in a card @width × @height; @rtl puts the start
 * side on the right. Parts not shown get an empty rectangle. */
void hd_board_card_layout_place (const HdCardPartSize  sizes[HD_N_CARD_PARTS],
                                 int                   width,
                                 int                   height,
                                 gboolean              rtl,
                                 GdkRectangle          places[HD_N_CARD_PARTS]);

G_END_DECLS
