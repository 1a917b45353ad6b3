/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-ticket-list-model"

#include "config.h"

#include "hd-ticket-list-group.h"

struct _HdTicketListGroup
{
  guint in_flight;          /* reloads of the group's models not done */
  GPtrArray *done;          /* GTask of the others, waiting for the last */
};

static void
group_clear (HdTicketListGroup *group)
{
  g_ptr_array_unref (group->done);
}

HdTicketListGroup *
hd_ticket_list_group_new (void)
{
  HdTicketListGroup *group = g_rc_box_new0 (HdTicketListGroup);

  group->done = g_ptr_array_new_with_free_func (g_object_unref);
  return group;
}

HdTicketListGroup *
hd_ticket_list_group_ref (HdTicketListGroup *group)
{
  return g_rc_box_acquire (group);
}

void
hd_ticket_list_group_unref (HdTicketListGroup *group)
{
  g_rc_box_release_full (group, (GDestroyNotify) group_clear);
}

void
hd_ticket_list_group_begin (HdTicketListGroup *group)
{
  group->in_flight++;
}

GPtrArray *
hd_ticket_list_group_finish (HdTicketListGroup *group,
                             GTask             *task)
{
  GPtrArray *done;

  g_ptr_array_add (group->done, g_object_ref (task));
  if (--group->in_flight > 0)
    return NULL;
  done = g_steal_pointer (&group->done);
  group->done = g_ptr_array_new_with_free_func (g_object_unref);
  return done;
}
