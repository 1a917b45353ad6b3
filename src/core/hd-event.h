/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "hd-enums.h"

G_BEGIN_DECLS

#define HD_TYPE_EVENT (hd_event_get_type ())
G_DECLARE_FINAL_TYPE (HdEvent, hd_event, HD, EVENT, GObject)

/*
 * One step on a ticket's timeline (SPEC R4.2). Append-only: events are never
 * edited, so they merge without conflict when syncing. `data` is a JSON object
 * with the kind's details (e.g. {"from":"pending","to":"in_progress"}).
 */
HdEvent     *hd_event_new             (const char  *uuid,
                                       const char  *ticket_uuid,
                                       HdEventKind  kind,
                                       const char  *author,
                                       gint64       created_at,
                                       const char  *text,
                                       const char  *data);

const char  *hd_event_get_uuid        (HdEvent *self);
const char  *hd_event_get_ticket_uuid (HdEvent *self);
HdEventKind  hd_event_get_kind        (HdEvent *self);
const char  *hd_event_get_author      (HdEvent *self);
gint64       hd_event_get_created_at  (HdEvent *self);
const char  *hd_event_get_text        (HdEvent *self);
const char  *hd_event_get_data        (HdEvent *self);
HdSyncState  hd_event_get_sync_state  (HdEvent *self);
void         hd_event_set_sync_state  (HdEvent *self, HdSyncState state);

G_END_DECLS
