/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "hd-event.h"
#include "hd-ticket.h"

G_BEGIN_DECLS

/*
 * Building timeline events and their JSON "data" object, shared by every
 * command that records an event (ticket commands, surveys, links…):
 *
 *   JsonBuilder *data = hd_event_data_begin ();
 *   hd_event_data_add_string (data, "from", old);
 *   events += hd_event_new_for_ticket (ticket, HD_EVENT_…, author, now, NULL, data);
 */

/* A builder with an open object; finished by hd_event_data_finish() or
 * hd_event_new_for_ticket(), which take ownership. */
JsonBuilder *hd_event_data_begin     (void);
/* Adds @name: @value, or null when @value is NULL. */
void         hd_event_data_add_string (JsonBuilder *builder,
                                       const char  *name,
                                       const char  *value);
/* Closes the object, frees @builder and returns the JSON text. */
char        *hd_event_data_finish    (JsonBuilder *builder);

/* A new event with a fresh uuid on @ticket; @data (may be NULL) is
 * consumed. */
HdEvent     *hd_event_new_for_ticket (HdTicket    *ticket,
                                      HdEventKind  kind,
                                      const char  *author,
                                      gint64       now,
                                      const char  *text,
                                      JsonBuilder *data);

G_END_DECLS
