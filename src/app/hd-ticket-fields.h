/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "hd-attachment.h"
#include "hd-config.h"
#include "hd-store.h"

G_BEGIN_DECLS

#define HD_TYPE_TICKET_FIELDS (hd_ticket_fields_get_type ())
G_DECLARE_FINAL_TYPE (HdTicketFields, hd_ticket_fields, HD, TICKET_FIELDS, GtkWidget)

/*
 * A ticket's intake fields in the ticket view: shown as rows, and in edit
 * mode ("fields.edit", Ctrl+E) as the intake form's editors with its
 * validation and inline errors. "fields.save" (Ctrl+S) runs
 * hd_ticket_commands_edit_fields(); "fields.cancel" (Escape) puts the
 * stored values back. A refused save keeps everything typed. The sensitive
 * field stays sealed: shown as dots until "fields.reveal" asks for it.
 * Emits "toast" (AdwToast) for messages.
 */
HdTicketFields *hd_ticket_fields_new         (HdStore        *store,
                                              HdConfig       *config,
                                              const char     *author);
/* The ticket as stored now (NULL: none). While editing the same ticket the
 * editors keep what was typed; another ticket ends the edit. */
void            hd_ticket_fields_set_ticket  (HdTicketFields *self,
                                              HdTicket       *ticket);
gboolean        hd_ticket_fields_get_editing (HdTicketFields *self);
void            hd_ticket_fields_edit        (HdTicketFields *self);
/* TRUE when saved (or nothing changed); FALSE leaves the editors open with
 * the problems shown. */
gboolean        hd_ticket_fields_save        (HdTicketFields *self);
void            hd_ticket_fields_cancel      (HdTicketFields *self);

/* Where attached files are kept (default: hd_attachment_store_default_dir()). */
void            hd_ticket_fields_set_attachment_dir (HdTicketFields *self,
                                                     const char     *dir);
/* While editing: copies @file into the attachment folder off the main
 * thread and lists it (the "Add Attachment…" chooser and drops end here). */
void            hd_ticket_fields_add_file    (HdTicketFields *self,
                                              GFile          *file);
guint           hd_ticket_fields_get_pending_files (HdTicketFields *self);
/* Save As… once the chooser has given @destination: the checked copy off
 * the main thread, a toast when saved or why not. */
void            hd_ticket_fields_save_attachment_to (HdTicketFields *self,
                                                     HdAttachment   *attachment,
                                                     GFile          *destination);

/* A field_change event's data as one line for the timeline, e.g.
 * "Contact: 1234 → 5678; Priority: Medium → High (VIP customer)". */
char           *hd_ticket_fields_describe_change (HdConfig   *config,
                                                  const char *data);

G_END_DECLS
