/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "hd-config.h"
#include "hd-store.h"
#include "hd-ticket-view.h"

G_BEGIN_DECLS

#define HD_TYPE_TICKET_WINDOW (hd_ticket_window_get_type ())
G_DECLARE_FINAL_TYPE (HdTicketWindow, hd_ticket_window, HD, TICKET_WINDOW, AdwWindow)

/*
 * One ticket in its own window: an HdTicketView of its own, titled with
 * the ticket's number (kept up to date: a provisional number becomes the
 * final one after sync). It follows the store like the view beside the
 * board. Escape and Ctrl+W close it; several can be open at once.
 */
HdTicketWindow *hd_ticket_window_new      (HdStore        *store,
                                           HdConfig       *config,
                                           const char     *author,
                                           const char     *uuid);
HdTicketView   *hd_ticket_window_get_view (HdTicketWindow *self);

/* Opens @uuid in a new window that belongs to @from's application (if
 * any) and presents it. */
HdTicketWindow *hd_ticket_window_open     (GtkWidget      *from,
                                           HdStore        *store,
                                           HdConfig       *config,
                                           const char     *author,
                                           const char     *uuid);

G_END_DECLS
