/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "hd-board-column.h"
#include "hd-config.h"
#include "hd-store.h"
#include "hd-ticket-view.h"

G_BEGIN_DECLS

/* How long the board waits, once its columns have answered, before giving
 * the memory their work freed back to the system. */
#define HD_BOARD_VIEW_RELEASE_MEMORY_MS 2000

#define HD_TYPE_BOARD_VIEW (hd_board_view_get_type ())
G_DECLARE_FINAL_TYPE (HdBoardView, hd_board_view, HD, BOARD_VIEW, GtkWidget)

/*
 * The status board (SPEC R5): one column per status, filters, saved views,
 * the supervisor's swimlanes by group or agent, and the ticket view beside
 * it. Moves run hd_ticket_commands_change_status(): a refusal is explained
 * and a move can be undone, both through "toast" (AdwToast) for the window
 * to show. "show-archive" asks the window for the full list of closed
 * tickets; "wall-screen" (gboolean) for full screen.
 */
HdBoardView   *hd_board_view_new             (HdStore     *store,
                                              HdConfig    *config,
                                              const char  *author);
void           hd_board_view_set_search_text (HdBoardView *self,
                                              const char  *text);
HdBoardColumn *hd_board_view_get_column      (HdBoardView *self,
                                              HdStatus     status);
HdTicketView  *hd_board_view_get_ticket_view (HdBoardView *self);
void           hd_board_view_open_ticket     (HdBoardView *self,
                                              const char  *uuid);
gboolean       hd_board_view_move_ticket     (HdBoardView *self,
                                              const char  *uuid,
                                              HdStatus     to);
/* The board narrowed to one type, priority or group (a report's bar or
 * slice): the other filters reset. See hd_board_filters_show_only(). */
gboolean       hd_board_view_show_only       (HdBoardView *self,
                                              const char  *field,
                                              const char  *value);

G_END_DECLS
