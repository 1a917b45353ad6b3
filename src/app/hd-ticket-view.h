/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "hd-config.h"
#include "hd-store.h"

G_BEGIN_DECLS

#define HD_TYPE_TICKET_VIEW (hd_ticket_view_get_type ())
G_DECLARE_FINAL_TYPE (HdTicketView, hd_ticket_view, HD, TICKET_VIEW, GtkWidget)

/*
 * One ticket beside the board: its fields, the timeline (SPEC R4.2) with a
 * box for a progress note, reassignment, a priority change with its reason,
 * the result, and the escalation request and decision (SPEC R4.3). Every
 * change runs through hd-ticket-commands.h; the view follows the store.
 * Emits "toast" (AdwToast) for messages; its close button activates
 * "board.close-ticket".
 */
HdTicketView *hd_ticket_view_new      (HdStore      *store,
                                       HdConfig     *config,
                                       const char   *author);
const char   *hd_ticket_view_get_uuid (HdTicketView *self);
void          hd_ticket_view_set_uuid (HdTicketView *self,
                                       const char   *uuid);
/* Whether its fields are being edited (Ctrl+E): the board keeps the
 * ticket open until they are saved or cancelled. */
gboolean      hd_ticket_view_get_editing (HdTicketView *self);
/* The timeline rows shown (HdEvent items), for tests. */
GListModel   *hd_ticket_view_get_timeline (HdTicketView *self);

G_END_DECLS
