/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hd-ticket.h"

G_BEGIN_DECLS

#define HD_TRANSITION_ERROR (hd_transition_error_quark ())

typedef enum {
  HD_TRANSITION_ERROR_NOT_ALLOWED,  /* no such edge in the status graph */
  HD_TRANSITION_ERROR_UNCHANGED,    /* already in that status */
  HD_TRANSITION_ERROR_NO_HANDLER,
  HD_TRANSITION_ERROR_NO_RESULT,
  HD_TRANSITION_ERROR_DISSATISFIED, /* the survey says "not satisfied" */
} HdTransitionError;

GQuark          hd_transition_error_quark   (void);

const HdStatus *hd_transitions_get_targets  (HdStatus   from,
                                             guint     *n_targets);
gboolean        hd_transitions_check        (HdTicket  *ticket,
                                             HdStatus   to,
                                             GError   **error);
GArray         *hd_transitions_list_allowed (HdTicket  *ticket);

G_END_DECLS
