/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hd-board-card.h"
#include "hd-board-card-layout.h"
#include "hd-due-format.h"

G_BEGIN_DECLS

/* The colours a card paints with, from its style (light, dark, high contrast). */
typedef enum {
  HD_CARD_COLOR_FG,
  HD_CARD_COLOR_DIM,       /* secondary text and marks */
  HD_CARD_COLOR_ERROR,
  HD_CARD_COLOR_WARNING,
  HD_CARD_COLOR_ACCENT,
  HD_CARD_COLOR_NEUTRAL,   /* the stripe of the lowest priorities */
  HD_CARD_COLOR_PILL,      /* the priority pill's text and background, by rank (style.css) */
  HD_CARD_COLOR_PILL_BG = HD_CARD_COLOR_PILL + 4,
  HD_N_CARD_COLORS = HD_CARD_COLOR_PILL_BG + 4
} HdCardColor;

/*
 * A card is one widget that draws its parts itself (hd-board-card-paint.c):
 * a search keystroke rebinds every card in view, and with a widget per part
 * GTK 4.8 restyled, measured and snapshot some 16 widgets a card — more
 * than half of the main thread's time per keystroke (docs/board.md).
 */
struct _HdBoardCard
{
  GtkWidget parent_instance;

  HdConfig *config;
  HdTicket *ticket;
  gboolean show_sync;
  gboolean countdown_line;

  /* What the card shows, set when it is bound (hd-board-card.c). */
  char *texts[HD_N_CARD_PARTS];       /* the text parts', else NULL */
  gboolean shown[HD_N_CARD_PARTS];
  int rank;                           /* priority rank, 0 the most urgent, 0…3 */
  HdDueState due_state;
  HdEmotion emotion;
  gboolean provisional;

  /* How it draws them (hd-board-card-paint.c). */
  /* Shaped texts, shared by every card showing the same (hd-board-card-paint.c). */
  PangoLayout *whole[HD_N_CARD_PARTS];   /* the whole text, on one line */
  PangoLayout *drawn[HD_N_CARD_PARTS];   /* whole, or cut to the part's place */
  char *font_keys[HD_N_CARD_PARTS];      /* what the part's shaping depends on */
  int text_widths[HD_N_CARD_PARTS];   /* of the whole text, or -1 */
  int line_heights[HD_N_CARD_PARTS];  /* from the font, not the text */
  int baselines[HD_N_CARD_PARTS];
  guint context_serial;
  GdkRGBA colors[HD_N_CARD_COLORS];
  GdkRectangle places[HD_N_CARD_PARTS];
  gboolean menu_hover;

  char *description;                  /* for screen readers */
  GtkWidget *menu;                    /* the open menu's popover, or NULL */
};

gboolean hd_board_card_part_is_text (HdCardPart part);
/* The text of @part changed (or its font): measured again when next asked. */
void     hd_board_card_text_changed (HdBoardCard *self,
                                     HdCardPart   part);
/* The font of @part changed (the number's, italic while provisional). */
void     hd_board_card_font_changed (HdBoardCard *self,
                                     HdCardPart   part);
/* Reads the colours and fonts from the card's style. */
void     hd_board_card_style_changed (HdBoardCard *self);
void     hd_board_card_get_part_sizes (HdBoardCard    *self,
                                       HdCardPartSize  sizes[HD_N_CARD_PARTS]);
/* The card's width request: the same whatever it shows. */
void     hd_board_card_get_width_request (HdBoardCard *self,
                                          int         *width);
/* Fits the texts to the places they got. */
void     hd_board_card_fit_texts    (HdBoardCard *self);
/* Where the round ⋮ button is, in the card's coordinates. */
void     hd_board_card_get_menu_button (HdBoardCard  *self,
                                        GdkRectangle *button);
void     hd_board_card_paint        (HdBoardCard *self,
                                     GtkSnapshot *snapshot);
void     hd_board_card_paint_dispose (HdBoardCard *self);

/* For tests: where @part is, in the card's coordinates; FALSE when it is
 * not shown. */
gboolean hd_board_card_get_part_bounds (HdBoardCard     *self,
                                        HdCardPart       part,
                                        graphene_rect_t *bounds);
/* For tests: what a screen reader reads after the card's name. */
const char *hd_board_card_get_description (HdBoardCard *self);
/* For tests: the part's width when nothing is cut. */
int      hd_board_card_get_part_natural_width (HdBoardCard *self,
                                               HdCardPart   part);

G_END_DECLS
