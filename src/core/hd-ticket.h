/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "hd-enums.h"

G_BEGIN_DECLS

#define HD_TYPE_TICKET (hd_ticket_get_type ())
G_DECLARE_FINAL_TYPE (HdTicket, hd_ticket, HD, TICKET, GObject)

/*
 * One customer request (SPEC R1.3, 工单). Times are Unix seconds (UTC); 0 means
 * unset. Type, priority and group are ids from the loaded HdConfig, so the
 * presets of SPEC R2 (A/B types, P/Q priorities) and custom ones all fit.
 */
HdTicket      *hd_ticket_new                     (void);

/* Identity */
const char    *hd_ticket_get_uuid                (HdTicket *self);
void           hd_ticket_set_uuid                (HdTicket *self, const char *uuid);
const char    *hd_ticket_get_number              (HdTicket *self);
void           hd_ticket_set_number              (HdTicket *self, const char *number);
gboolean       hd_ticket_get_number_provisional  (HdTicket *self);
void           hd_ticket_set_number_provisional  (HdTicket *self, gboolean provisional);

/* Customer */
const char    *hd_ticket_get_customer_label      (HdTicket *self);
void           hd_ticket_set_customer_label      (HdTicket *self, const char *value);
const char    *hd_ticket_get_customer_name       (HdTicket *self);
void           hd_ticket_set_customer_name       (HdTicket *self, const char *value);
const char    *hd_ticket_get_customer_number     (HdTicket *self);
void           hd_ticket_set_customer_number     (HdTicket *self, const char *value);
const char    *hd_ticket_get_customer_type       (HdTicket *self);
void           hd_ticket_set_customer_type       (HdTicket *self, const char *value);
const char    *hd_ticket_get_contact             (HdTicket *self);
void           hd_ticket_set_contact             (HdTicket *self, const char *value);
HdChannel      hd_ticket_get_channel             (HdTicket *self);
void           hd_ticket_set_channel             (HdTicket *self, HdChannel channel);
HdEmotion      hd_ticket_get_emotion             (HdTicket *self);
void           hd_ticket_set_emotion             (HdTicket *self, HdEmotion emotion);

/* Problem */
gint64         hd_ticket_get_occurred_at         (HdTicket *self);
void           hd_ticket_set_occurred_at         (HdTicket *self, gint64 when);
const char    *hd_ticket_get_description         (HdTicket *self);
void           hd_ticket_set_description         (HdTicket *self, const char *value);
const char    *hd_ticket_get_type_l1             (HdTicket *self);
void           hd_ticket_set_type_l1             (HdTicket *self, const char *value);
const char    *hd_ticket_get_type_l2             (HdTicket *self);
void           hd_ticket_set_type_l2             (HdTicket *self, const char *value);
HdImpact       hd_ticket_get_impact              (HdTicket *self);
void           hd_ticket_set_impact              (HdTicket *self, HdImpact impact);
HdUrgency      hd_ticket_get_urgency             (HdTicket *self);
void           hd_ticket_set_urgency             (HdTicket *self, HdUrgency urgency);
const char    *hd_ticket_get_priority            (HdTicket *self);
void           hd_ticket_set_priority            (HdTicket *self, const char *value);

/* Routing */
const char    *hd_ticket_get_receiver            (HdTicket *self);
void           hd_ticket_set_receiver            (HdTicket *self, const char *value);
const char    *hd_ticket_get_group               (HdTicket *self);
void           hd_ticket_set_group               (HdTicket *self, const char *value);
const char    *hd_ticket_get_handler             (HdTicket *self);
void           hd_ticket_set_handler             (HdTicket *self, const char *value);
const char    *hd_ticket_get_transfer_department (HdTicket *self);
void           hd_ticket_set_transfer_department (HdTicket *self, const char *value);
const char    *hd_ticket_get_transfer_contact    (HdTicket *self);
void           hd_ticket_set_transfer_contact    (HdTicket *self, const char *value);
const char    *hd_ticket_get_transfer_note       (HdTicket *self);
void           hd_ticket_set_transfer_note       (HdTicket *self, const char *value);
const char * const *hd_ticket_get_cc_departments (HdTicket *self);
void           hd_ticket_set_cc_departments      (HdTicket *self, const char * const *departments);

/* Times and outcome */
gint64         hd_ticket_get_created_at          (HdTicket *self);
void           hd_ticket_set_created_at          (HdTicket *self, gint64 when);
gint64         hd_ticket_get_updated_at          (HdTicket *self);
void           hd_ticket_set_updated_at          (HdTicket *self, gint64 when);
gint64         hd_ticket_get_first_response_at   (HdTicket *self);
void           hd_ticket_set_first_response_at   (HdTicket *self, gint64 when);
gint64         hd_ticket_get_response_due        (HdTicket *self);
void           hd_ticket_set_response_due        (HdTicket *self, gint64 when);
gint64         hd_ticket_get_resolution_due      (HdTicket *self);
void           hd_ticket_set_resolution_due      (HdTicket *self, gint64 when);
const char    *hd_ticket_get_result              (HdTicket *self);
void           hd_ticket_set_result              (HdTicket *self, const char *value);
HdSatisfaction hd_ticket_get_satisfaction        (HdTicket *self);
void           hd_ticket_set_satisfaction        (HdTicket *self, HdSatisfaction satisfaction);
HdStatus       hd_ticket_get_status              (HdTicket *self);
void           hd_ticket_set_status              (HdTicket *self, HdStatus status);
gboolean       hd_ticket_get_escalated           (HdTicket *self);
void           hd_ticket_set_escalated           (HdTicket *self, gboolean escalated);

/* Sync */
HdSyncState    hd_ticket_get_sync_state          (HdTicket *self);
void           hd_ticket_set_sync_state          (HdTicket *self, HdSyncState state);
gint64         hd_ticket_get_server_revision     (HdTicket *self);
void           hd_ticket_set_server_revision     (HdTicket *self, gint64 revision);

/* Attachment metadata (HdAttachment items); filled by hd_store_get_ticket(). */
GListStore    *hd_ticket_get_attachments         (HdTicket *self);

G_END_DECLS
