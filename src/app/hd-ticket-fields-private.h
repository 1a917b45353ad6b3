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

  char *attachment_dir;
  GListStore *attachments;      /* HdAttachment: the editor's list */
  GCancellable *copying;        /* files being copied for this edit */
  guint pending_files;
  GCancellable *exporting;      /* Open and Save As under way; cancelled in dispose */
  GtkDropTarget *drop_target;

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
  GtkWidget *add_attachment_button;
  AdwEntryRow *order_row;
  AdwEntryRow *error_code_row;
  GtkListBox *attachment_list;
  GtkLabel *attachments_error;
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

/* hd-ticket-fields-attachments.c: the attachment list */
void         hd_ticket_fields_attachments_setup (HdTicketFields *self);
void         hd_ticket_fields_attachments_fill  (HdTicketFields *self);
/* While not editing: copies under way are cancelled, drops refused. */
void         hd_ticket_fields_attachments_set_editing (HdTicketFields *self,
                                                       gboolean        editing);
/* FALSE (with a toast) while files are still being copied. */
gboolean     hd_ticket_fields_attachments_apply (HdTicketFields *self,
                                                 HdTicket       *edited);
void         hd_ticket_fields_attachments_show  (HdTicketFields *self);
/* "fields.add-attachment": the native chooser. */
void         hd_ticket_fields_add_attachment_activated (GtkWidget  *widget,
                                                        const char *name,
                                                        GVariant   *parameter);

/* "fields.open-attachment", "fields.save-attachment", "fields.copy-attachment"
 * ("u": the position in the stored ticket's list), the view rows' buttons. */
void         hd_ticket_fields_open_attachment_activated (GtkWidget  *widget,
                                                         const char *name,
                                                         GVariant   *parameter);
void         hd_ticket_fields_save_attachment_activated (GtkWidget  *widget,
                                                         const char *name,
                                                         GVariant   *parameter);
void         hd_ticket_fields_copy_attachment_activated (GtkWidget  *widget,
                                                         const char *name,
                                                         GVariant   *parameter);

G_END_DECLS
