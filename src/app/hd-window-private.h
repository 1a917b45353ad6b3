/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hd-window.h"

G_BEGIN_DECLS

HdStore  *hd_window_get_store   (HdWindow *self);
HdConfig *hd_window_get_config  (HdWindow *self);
void      hd_window_add_toast   (HdWindow *self,
                                 AdwToast *toast);
/* hd-window-intake.c: Ctrl+N, the intake form. */
void      hd_window_open_intake (HdWindow *self);

/* hd-window-board.c: the status board (the first page of @views), the
 * ticket view beside it and the SLA watcher's notifications. */
void      hd_window_board_init            (HdWindow     *self,
                                           AdwViewStack *views);
void      hd_window_board_set_search_text (HdWindow     *self,
                                           const char   *text);
/* A report's bar or slice for a type, priority or group: the board page,
 * filtered to it. FALSE for other fields. */
gboolean  hd_window_board_show_only       (HdWindow     *self,
                                           const char   *field,
                                           const char   *value);

G_END_DECLS
