/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hd-attachment.h"
#include "hd-classifier.h"
#include "hd-intake-dialog.h"
#include "hd-secret-box.h"

G_BEGIN_DECLS

#define HD_INTAKE_DRAFT_KEY "intake"

struct _HdIntakeDialog
{
  AdwWindow parent_instance;

  HdStore *store;
  HdConfig *config;
  HdRoster *roster;
  HdClassifier *classifier;
  HdSecretBox *secret_box;
  GSettings *settings;
  GCancellable *cancellable;
  char *agent;
  char *attachment_dir;
  char *key_file;
  gboolean secret_box_tried;

  gint64 created_at;
  gint64 occurred_at;
  GListStore *attachments;        /* HdAttachment */
  GPtrArray *handler_ids;         /* char *, parallel to handler_row's model; [0] = "" */
  GPtrArray *duplicates;          /* HdTicket: similar open tickets of this customer */

  /* What was proposed, to tell an override from an acceptance. */
  HdClassification proposal;
  char *proposed_priority;
  char *priority_reason;
  char *routing_reason;
  GHashTable *loads;              /* agent id → open tickets */
  GPtrArray *notify;              /* const HdRosterAgent *, for P0 */
  gboolean type_chosen_by_hand;
  gboolean handler_chosen_by_hand;
  gboolean group_chosen_by_hand;
  gboolean customer_is_new;

  guint pending_files;            /* attachments being copied */
  guint updating;                 /* > 0 while code sets widgets */
  gboolean dirty;
  guint draft_timeout_id;
  guint classify_timeout_id;
  guint search_timeout_id;

  /* template */
  AdwToastOverlay *toast_overlay;
  AdwWindowTitle *window_title;
  GtkWidget *save_button;
  AdwEntryRow *search_row;
  GtkListBox *customer_results;
  AdwEntryRow *label_row;
  AdwEntryRow *number_row;
  AdwEntryRow *name_row;
  AdwEntryRow *type_row;
  AdwEntryRow *contact_row;
  GtkWidget *contact_error;
  AdwComboRow *channel_row;
  AdwComboRow *emotion_row;
  AdwActionRow *occurred_row;
  GtkPopover *occurred_popover;
  GtkCalendar *occurred_calendar;
  GtkSpinButton *occurred_hour;
  GtkSpinButton *occurred_minute;
  GtkTextView *description_view;
  GtkWidget *description_error;
  GtkWidget *description_hint;
  GtkListBox *duplicate_list;
  AdwPreferencesGroup *attachments_group;
  AdwEntryRow *order_row;
  AdwEntryRow *error_code_row;
  GtkListBox *attachment_list;
  AdwPasswordEntryRow *sensitive_row;
  GtkLabel *sensitive_warning;
  AdwActionRow *proposal_row;
  GtkWidget *apply_proposal_button;
  AdwComboRow *type_l1_row;
  AdwComboRow *type_l2_row;
  AdwComboRow *impact_row;
  AdwComboRow *urgency_row;
  AdwComboRow *priority_row;
  AdwEntryRow *priority_reason_row;
  AdwActionRow *deadlines_row;
  GtkWidget *priority_error;
  AdwActionRow *receiver_row;
  AdwComboRow *group_row;
  AdwComboRow *handler_row;
  AdwExpanderRow *availability_row;
  AdwExpanderRow *transfer_row;
  AdwEntryRow *transfer_department_row;
  AdwEntryRow *transfer_contact_row;
  AdwEntryRow *transfer_note_row;
  AdwEntryRow *cc_row;
  GtkWidget *transfer_error;
  AdwExpanderRow *resolve_row;
  AdwEntryRow *result_row;
  GtkWidget *result_error;
};

/* hd-intake-dialog.c */
HdSecretBox *hd_intake_dialog_get_secret_box   (HdIntakeDialog *self);
char       *hd_intake_dialog_get_description   (HdIntakeDialog *self);
void        hd_intake_dialog_changed           (HdIntakeDialog *self);
const char *hd_intake_dialog_selected_id       (AdwComboRow    *row);
void        hd_intake_dialog_select_id         (AdwComboRow    *row,
                                                const char     *id);

/* hd-intake-save.c: validation, the ticket and what goes with it */
void        hd_intake_set_error_visible        (GtkWidget      *label,
                                                GtkWidget      *row,
                                                gboolean        visible);
char       *hd_intake_entry_text               (AdwEntryRow    *row);
void        hd_intake_dialog_emit_saved        (HdIntakeDialog *self,
                                                HdTicket       *ticket);

/* hd-intake-classify.c: types, priority, deadlines, routing */
void        hd_intake_classify_setup           (HdIntakeDialog *self);
void        hd_intake_classify_update          (HdIntakeDialog *self);
void        hd_intake_priority_update          (HdIntakeDialog *self);
void        hd_intake_routing_update           (HdIntakeDialog *self);
void        hd_intake_use_proposal             (HdIntakeDialog *self);
const char *hd_intake_selected_handler         (HdIntakeDialog *self);
void        hd_intake_select_handler           (HdIntakeDialog *self,
                                                const char     *handler_id);

/* hd-intake-availability.c: agent states set by the team lead */
void        hd_intake_availability_setup       (HdIntakeDialog *self);
void        hd_intake_handlers_refresh         (HdIntakeDialog *self);

/* hd-intake-customer.c: search as you type, new labels, duplicates */
void        hd_intake_customer_setup           (HdIntakeDialog *self);
void        hd_intake_customer_search          (HdIntakeDialog *self);
void        hd_intake_duplicates_update        (HdIntakeDialog *self);

/* hd-intake-attachments.c */
void        hd_intake_attachments_setup        (HdIntakeDialog *self);
/* The order number or error code typed in @row, added (and @row emptied). */
void        hd_intake_attachments_add_text     (HdIntakeDialog *self,
                                                AdwEntryRow    *row,
                                                HdAttachmentKind kind);
void        hd_intake_attachments_choose       (HdIntakeDialog *self);
void        hd_intake_attachments_reload       (HdIntakeDialog *self);

/* hd-intake-draft.c */
char       *hd_intake_draft_serialize          (HdIntakeDialog *self);
gboolean    hd_intake_draft_restore            (HdIntakeDialog *self,
                                                const char     *json);

G_END_DECLS
