/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "hd-config.h"
#include "hd-ticket.h"

G_BEGIN_DECLS

#define HD_TYPE_BOARD_CARD (hd_board_card_get_type ())
G_DECLARE_FINAL_TYPE (HdBoardCard, hd_board_card, HD, BOARD_CARD, GtkWidget)

/*
 * One ticket on the board: number, customer, type, priority colour, emotion,
 * handler and a live SLA countdown. Recycled by the column's list view, so
 * it never holds state of its own beyond the ticket it shows. It is a drag
 * source whose payload is the HdTicket, and its menu moves the ticket by
 * activating "board.move-ticket" ((si): uuid, status).
 */
HdBoardCard *hd_board_card_new         (HdConfig    *config);
HdTicket    *hd_board_card_get_ticket  (HdBoardCard *self);
void         hd_board_card_set_ticket  (HdBoardCard *self,
                                        HdTicket    *ticket);
/* Whether "waiting to sync" is marked; pointless without a server (the
 * local store then gives final numbers). */
void         hd_board_card_set_show_sync (HdBoardCard *self,
                                          gboolean     show_sync);
/* Whether the card keeps a line for the SLA countdown (the default), shown
 * or not: every card of a column is as high. */
void         hd_board_card_set_countdown_line (HdBoardCard *self,
                                               gboolean     countdown_line);
/* Refreshes the countdown and its colour against @now (Unix seconds). */
void         hd_board_card_update_due  (HdBoardCard *self,
                                        gint64       now);

/* The deadline a card counts down to: the first response while the ticket
 * waits for one, else the resolution while it is open; 0 for none. */
gint64       hd_board_card_get_deadline (HdTicket   *ticket,
                                         gboolean   *is_response);

G_END_DECLS
