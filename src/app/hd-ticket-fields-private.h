/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hd-secret-box.h"
#include "hd-ticket-fields.h"

G_BEGIN_DECLS

struct _HdTicketFields
{
  GtkWidget parent_instance;

  HdStore *store;
  HdConfig *config;
  char *author;
  HdTicket *ticket;             /* as stored */
  HdTicket *base;               /* as stored when the edit began */
  gboolean editing;
  guint updating;               /* > 0 while code fills the editors */
  char *proposed_priority;      /* the matrix's, for the editors' impact × urgency */

  HdSecretBox *secret_box;
  gboolean secret_box_tried;
  GCancellable *cancellable;
  char *key_file;
  char *revealed;               /* plaintext shown on request; wiped when hidden */

  GPtrArray *view_rows;

  /* template */
  GtkWidget *edit_button;
  GtkWidget *cancel_button;
  GtkWidget *save_button;
  GtkStack *stack;
  GtkListBox *view_list;
  AdwEntryRow *label_row;
  AdwEntryRow *name_row;
  AdwEntryRow *number_row;
  AdwEntryRow *customer_type_row;
  AdwEntryRow *contact_row;
  AdwComboRow *channel_row;
  AdwComboRow *emotion_row;
  GtkLabel *customer_error;
  AdwEntryRow *occurred_row;
  GtkLabel *occurred_error;
  GtkWidget *description_frame;
  GtkTextView *description_view;
  GtkLabel *description_error;
  GtkWidget *description_hint;
  AdwComboRow *type_l1_row;
  AdwComboRow *type_l2_row;
  AdwComboRow *impact_row;
  AdwComboRow *urgency_row;
  AdwComboRow *priority_row;
  AdwEntryRow *reason_row;
  AdwActionRow *deadlines_row;
  GtkLabel *classification_error;
  AdwEntryRow *transfer_department_row;
  AdwEntryRow *transfer_contact_row;
  AdwEntryRow *transfer_note_row;
  AdwEntryRow *cc_row;
  GtkLabel *transfer_error;
  AdwPasswordEntryRow *sensitive_row;
  GtkCheckButton *sensitive_remove;
  GtkLabel *sensitive_error;
};

/* hd-ticket-fields.c */
void         hd_ticket_fields_toast          (HdTicketFields *self,
                                              const char     *message);
HdSecretBox *hd_ticket_fields_get_secret_box (HdTicketFields *self);
/* The title of a field named as in the store's JSON ("contact"). */
const char  *hd_ticket_fields_field_title    (const char     *name);

/* hd-ticket-fields-edit.c: the editors */
void         hd_ticket_fields_editors_setup  (HdTicketFields *self);
void         hd_ticket_fields_editors_fill   (HdTicketFields *self);
void         hd_ticket_fields_editors_clear_problems (HdTicketFields *self);
gboolean     hd_ticket_fields_editors_save   (HdTicketFields *self);

G_END_DECLS
