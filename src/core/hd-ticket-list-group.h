/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * Models of one group show the answers of reloads that run at the same time
 * together, when the last one is in: a board's columns answer a search
 * keystroke in one frame, not in one frame a column.
 */
typedef struct _HdTicketListGroup HdTicketListGroup;

HdTicketListGroup *hd_ticket_list_group_new    (void);
HdTicketListGroup *hd_ticket_list_group_ref    (HdTicketListGroup *group);
void               hd_ticket_list_group_unref  (HdTicketListGroup *group);

/* A reload of one of the group's models started. */
void               hd_ticket_list_group_begin  (HdTicketListGroup *group);
/* A reload (@task) is done: NULL while others run, else every reload's
 * task since the last answer, to be shown together (transfer full). */
GPtrArray         *hd_ticket_list_group_finish (HdTicketListGroup *group,
                                                GTask             *task);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HdTicketListGroup, hd_ticket_list_group_unref)

G_END_DECLS
