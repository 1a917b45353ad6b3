/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "hd-card-list.h"
#include "hd-config.h"
#include "hd-store.h"
#include "hd-ticket-list-model.h"

G_BEGIN_DECLS

#define HD_TYPE_BOARD_COLUMN (hd_board_column_get_type ())
G_DECLARE_FINAL_TYPE (HdBoardColumn, hd_board_column, HD, BOARD_COLUMN, GtkWidget)

/*
 * One status column of the board: a header with the status and its count,
 * and a list (HdCardList) over its own HdTicketListModel + HdTicketQuery, so only
 * the visible cards exist as widgets. Dropping a ticket on the column, or
 * Alt+Left/Right/1…5 on a selected card, activates "board.move-ticket".
 */
HdBoardColumn     *hd_board_column_new          (HdStore       *store,
                                                 HdConfig      *config,
                                                 HdStatus       status);
HdStatus           hd_board_column_get_status   (HdBoardColumn *self);
HdTicketQuery     *hd_board_column_get_query    (HdBoardColumn *self);
HdTicketListModel *hd_board_column_get_model    (HdBoardColumn *self);
/* The selection the column's moves act on (a GtkSingleSelection over the
 * model). */
GtkSelectionModel *hd_board_column_get_selection (HdBoardColumn *self);
HdCardList        *hd_board_column_get_card_list (HdBoardColumn *self);
GtkDropTarget     *hd_board_column_get_drop_target (HdBoardColumn *self);
/* Compact columns (the supervisor's lanes) show no archive button and a
 * shorter list. */
void               hd_board_column_set_compact  (HdBoardColumn *self,
                                                 gboolean       compact);
/* Refreshes the countdowns of the cards on screen. */
void               hd_board_column_tick         (HdBoardColumn *self,
                                                 gint64         now);

G_END_DECLS
