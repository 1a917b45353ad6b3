/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The parts of a board card, children of the card itself, by place. */
typedef struct {
  GtkWidget *stripe;      /* the priority colour, down the start side */
  GtkWidget *number;      /* top line: fills it */
  GtkWidget *top_end[2];  /* top line, at the end: sync mark, menu button */
  GtkWidget *lines[3];    /* customer, type, countdown: a line each */
  GtkWidget *bottom[3];   /* bottom line: priority pill, escalated badge, emotion */
  GtkWidget *bottom_end[2]; /* bottom line, at the end: avatar, handler */
} HdBoardCardParts;

#define HD_TYPE_BOARD_CARD_LAYOUT (hd_board_card_layout_get_type ())
G_DECLARE_FINAL_TYPE (HdBoardCardLayout, hd_board_card_layout, HD, BOARD_CARD_LAYOUT, GtkLayoutManager)

GtkLayoutManager *hd_board_card_layout_new (const HdBoardCardParts *parts);

G_END_DECLS
