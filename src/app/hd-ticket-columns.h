/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "hd-config.h"

G_BEGIN_DECLS

/* Adds the ticket list's columns (number, customer, type, priority, status,
 * due) to view; labels come from config. */
void hd_ticket_columns_append (GtkColumnView *view,
                               HdConfig      *config);

G_END_DECLS
