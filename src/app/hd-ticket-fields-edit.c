/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-ticket-fields"

#include "config.h"

#include <glib/gi18n.h>

#include "hd-priority.h"
#include "hd-sla.h"
#include "hd-ticket-commands.h"
#include "hd-ticket-fields-private.h"
#include "hd-ticket-validation.h"

/*
 * The editors of HdTicketFields: filled from the stored ticket, checked by
 * the intake form's rules (hd_ticket_validate through the edit command),
 * problems shown under their group like the intake form's.
 */

/* Combo rows over HdConfigItem ------------------------------------------------------ */

static GListModel *
with_placeholder (GListModel *items,
                  const char *placeholder)
{
  GListStore *store = g_list_store_new (HD_TYPE_CONFIG_ITEM);
  g_autoptr(HdConfigItem) none = hd_config_item_new ("", placeholder, NULL, NULL, 0);

  g_list_store_append (store, none);
  for (guint i = 0; items != NULL && i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (items, i);
      g_list_store_append (store, item);
    }
  return G_LIST_MODEL (store);
}

static void
set_item_model (AdwComboRow *row,
                GListModel  *model)
{
  g_autoptr(GtkExpression) expression =
    gtk_property_expression_new (HD_TYPE_CONFIG_ITEM, NULL, "label");

  adw_combo_row_set_expression (row, expression);
  adw_combo_row_set_model (row, model);
}

/* The placeholder has an empty id: NULL. */
static const char *
selected_id (AdwComboRow *row)
{
  GObject *item = adw_combo_row_get_selected_item (row);

  if (HD_IS_CONFIG_ITEM (item) && *hd_config_item_get_id (HD_CONFIG_ITEM (item)) != '\0')
    return hd_config_item_get_id (HD_CONFIG_ITEM (item));
  return NULL;
}

static void
select_id (AdwComboRow *row,
           const char  *id)
{
  GListModel *model = adw_combo_row_get_model (row);

  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(HdConfigItem) item = g_list_model_get_item (model, i);
      if (g_strcmp0 (hd_config_item_get_id (item), id != NULL ? id : "") == 0)
        {
          adw_combo_row_set_selected (row, i);
          return;
        }
    }
  adw_combo_row_set_selected (row, 0);
}

static void
fill_subtypes (HdTicketFields *self)
{
  const char *type_l1 = selected_id (self->type_l1_row);
  g_autoptr(GListModel) subtypes = type_l1 ? hd_config_list_subtypes (self->config, type_l1) : NULL;
  g_autoptr(GListModel) model = with_placeholder (subtypes, C_("sub-type", "None"));

  self->updating++;
  set_item_model (self->type_l2_row, model);
  self->updating--;
}

/* Priority and deadlines -------------------------------------------------------------- */

static gboolean
priority_needs_reason (HdTicketFields *self)
{
  const char *selected = selected_id (self->priority_row);
  gboolean touched;

  if (self->ticket == NULL || self->proposed_priority == NULL || selected == NULL)
    return FALSE;
  touched = g_strcmp0 (selected, hd_ticket_get_priority (self->ticket)) != 0 ||
            adw_combo_row_get_selected (self->impact_row) != (guint) hd_ticket_get_impact (self->ticket) ||
            adw_combo_row_get_selected (self->urgency_row) != (guint) hd_ticket_get_urgency (self->ticket);
  return touched && g_strcmp0 (selected, self->proposed_priority) != 0;
}

static void
update_deadlines (HdTicketFields *self)
{
  const char *priority = selected_id (self->priority_row);
  gint64 response = 0, resolution = 0;
  g_autofree char *r = NULL;
  g_autofree char *s = NULL;
  g_autofree char *text = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->reason_row), priority_needs_reason (self));
  if (priority == NULL || self->ticket == NULL ||
      !hd_sla_compute_deadlines (self->config, priority, hd_ticket_get_created_at (self->ticket),
                                 &response, &resolution))
    {
      adw_action_row_set_subtitle (self->deadlines_row, _("No targets for this priority"));
      return;
    }
  r = hd_ticket_format_local_time (response);
  s = hd_ticket_format_local_time (resolution);
  /* Translators: the deadlines under a priority, e.g. "Respond by 2026-05-01 10:40 · Resolve by …" */
  text = g_strdup_printf (_("Respond by %s · Resolve by %s"), r, s);
  adw_action_row_set_subtitle (self->deadlines_row, text);
}

/* The matrix proposes; a priority that was the proposal follows it. */
static void
update_proposal (HdTicketFields *self)
{
  g_autofree char *explanation = NULL;
  const char *selected = selected_id (self->priority_row);
  gboolean was_proposed = self->proposed_priority == NULL ||
                          g_strcmp0 (selected, self->proposed_priority) == 0 ||
                          (self->ticket != NULL && g_strcmp0 (selected, hd_ticket_get_priority (self->ticket)) == 0);
  const char *proposed = hd_priority_compute (self->config,
                                              adw_combo_row_get_selected (self->impact_row),
                                              adw_combo_row_get_selected (self->urgency_row),
                                              &explanation);

  g_free (self->proposed_priority);
  self->proposed_priority = g_strdup (proposed);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->priority_row), explanation);
  if (was_proposed && proposed != NULL)
    {
      self->updating++;
      select_id (self->priority_row, proposed);
      self->updating--;
    }
  update_deadlines (self);
}

static void
on_impact_or_urgency (HdTicketFields *self)
{
  if (self->updating == 0)
    update_proposal (self);
}

static void
on_priority_selected (HdTicketFields *self)
{
  if (self->updating == 0)
    update_deadlines (self);
}

static void
on_type_l1_selected (HdTicketFields *self)
{
  if (self->updating == 0)
    fill_subtypes (self);
}

/* Problems -------------------------------------------------------------------------- */

typedef struct {
  const char *field;
  gsize       row;     /* offset of the editor in HdTicketFields */
  gsize       label;   /* offset of its group's error label */
} FieldEditor;

#define OFF(member) G_STRUCT_OFFSET (HdTicketFields, member)
static const FieldEditor editors[] = {
  { "customer_label", OFF (label_row), OFF (customer_error) },
  { "customer_name", OFF (name_row), OFF (customer_error) },
  { "customer_number", OFF (number_row), OFF (customer_error) },
  { "customer_type", OFF (customer_type_row), OFF (customer_error) },
  { "contact", OFF (contact_row), OFF (customer_error) },
  { "occurred_at", OFF (occurred_row), OFF (occurred_error) },
  { "description", OFF (description_frame), OFF (description_error) },
  { "attachments", OFF (add_attachment_button), OFF (attachments_error) },
  { "type_l1", OFF (type_l1_row), OFF (classification_error) },
  { "type_l2", OFF (type_l2_row), OFF (classification_error) },
  { "priority", OFF (reason_row), OFF (classification_error) },
  { "transfer_department", OFF (transfer_department_row), OFF (transfer_error) },
  { "transfer_contact", OFF (transfer_contact_row), OFF (transfer_error) },
  { "transfer_note", OFF (transfer_note_row), OFF (transfer_error) },
  { "cc_departments", OFF (cc_row), OFF (transfer_error) },
  { HD_TICKET_SENSITIVE_FIELD, OFF (sensitive_row), OFF (sensitive_error) },
};
#undef OFF

#define MEMBER(self, offset) (*(GtkWidget **) G_STRUCT_MEMBER_P (self, offset))

void
hd_ticket_fields_editors_clear_problems (HdTicketFields *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (editors); i++)
    {
      gtk_widget_remove_css_class (MEMBER (self, editors[i].row), "error");
      gtk_widget_set_visible (MEMBER (self, editors[i].label), FALSE);
      gtk_label_set_label (GTK_LABEL (MEMBER (self, editors[i].label)), "");
    }
}

/* Each problem under its group, its editor marked; the first focused. */
static void
show_problems (HdTicketFields *self,
               GPtrArray      *problems)
{
  GtkWidget *first = NULL;

  hd_ticket_fields_editors_clear_problems (self);
  for (guint i = 0; i < problems->len; i++)
    {
      const HdFieldProblem *problem = g_ptr_array_index (problems, i);

      for (guint j = 0; j < G_N_ELEMENTS (editors); j++)
        {
          GtkWidget *row, *label;
          g_autofree char *line = NULL;
          const char *old;

          if (!g_str_equal (editors[j].field, problem->field))
            continue;
          row = MEMBER (self, editors[j].row);
          label = MEMBER (self, editors[j].label);
          if (row == GTK_WIDGET (self->reason_row))
            gtk_widget_set_visible (row, TRUE);
          gtk_widget_add_css_class (row, "error");
          old = gtk_label_get_label (GTK_LABEL (label));
          /* Translators: an inline error: the field, then what is wrong */
          line = g_strdup_printf (_("%s: %s"), hd_ticket_fields_field_title (problem->field), problem->message);
          if (old != NULL && *old != '\0')
            {
              g_autofree char *joined = g_strconcat (old, "\n", line, NULL);
              gtk_label_set_label (GTK_LABEL (label), joined);
            }
          else
            gtk_label_set_label (GTK_LABEL (label), line);
          gtk_widget_set_visible (label, TRUE);
          if (first == NULL)
            first = row == self->description_frame ? GTK_WIDGET (self->description_view) : row;
          break;
        }
    }
  if (first != NULL)
    gtk_widget_grab_focus (first);
}

static void
add_problem (GPtrArray  *problems,
             const char *field,
             const char *message)
{
  HdFieldProblem *problem = g_new0 (HdFieldProblem, 1);

  problem->field = g_strdup (field);
  problem->message = g_strdup (message);
  g_ptr_array_add (problems, problem);
}

static void
on_contact_changed (HdTicketFields *self)
{
  if (*gtk_editable_get_text (GTK_EDITABLE (self->contact_row)) != '\0' &&
      gtk_widget_has_css_class (GTK_WIDGET (self->contact_row), "error"))
    gtk_widget_remove_css_class (GTK_WIDGET (self->contact_row), "error");
}

static char *
description_text (HdTicketFields *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->description_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
on_description_changed (HdTicketFields *self)
{
  g_autofree char *text = description_text (self);

  if (self->updating > 0)
    return;
  gtk_widget_set_visible (self->description_hint, hd_ticket_description_is_vague (text));
}

/* Setting up, filling, saving ------------------------------------------------------------ */

void
hd_ticket_fields_editors_setup (HdTicketFields *self)
{
  g_autoptr(GtkStringList) channels = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) emotions = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) impacts = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) urgencies = gtk_string_list_new (NULL);
  g_autoptr(GListModel) types = hd_config_list_types (self->config);
  g_autoptr(GListModel) type_model = with_placeholder (types, _("Not Classified"));
  g_autoptr(GListModel) priorities = hd_config_list_priorities (self->config);
  struct { AdwEntryRow *row; int max; } limits[] = {
    { self->label_row, HD_TICKET_MAX_LABEL }, { self->name_row, HD_TICKET_MAX_NAME },
    { self->number_row, HD_TICKET_MAX_NUMBER }, { self->customer_type_row, HD_TICKET_MAX_TYPE },
    { self->contact_row, HD_TICKET_MAX_CONTACT }, { self->occurred_row, 32 },
    { self->reason_row, HD_TICKET_MAX_REASON }, { self->transfer_department_row, HD_TICKET_MAX_DEPARTMENT },
    { self->transfer_contact_row, HD_TICKET_MAX_CONTACT }, { self->transfer_note_row, HD_TICKET_MAX_NOTE },
    { self->cc_row, HD_TICKET_MAX_CC_TEXT }, { ADW_ENTRY_ROW (self->sensitive_row), 256 },
  };

  for (HdChannel c = HD_CHANNEL_PHONE; c <= HD_CHANNEL_OTHER; c++)
    gtk_string_list_append (channels, hd_channel_get_label (c));
  for (HdEmotion e = HD_EMOTION_CALM; e <= HD_EMOTION_ANGRY; e++)
    gtk_string_list_append (emotions, hd_emotion_get_label (e));
  for (HdImpact i = HD_IMPACT_SINGLE; i <= HD_IMPACT_CORE_ALL; i++)
    gtk_string_list_append (impacts, hd_impact_get_label (i));
  for (HdUrgency u = HD_URGENCY_BLOCKING; u <= HD_URGENCY_INQUIRY; u++)
    gtk_string_list_append (urgencies, hd_urgency_get_label (u));
  adw_combo_row_set_model (self->channel_row, G_LIST_MODEL (channels));
  adw_combo_row_set_model (self->emotion_row, G_LIST_MODEL (emotions));
  adw_combo_row_set_model (self->impact_row, G_LIST_MODEL (impacts));
  adw_combo_row_set_model (self->urgency_row, G_LIST_MODEL (urgencies));
  set_item_model (self->type_l1_row, type_model);
  set_item_model (self->priority_row, priorities);
  fill_subtypes (self);

  for (guint i = 0; i < G_N_ELEMENTS (limits); i++)
    {
      GtkEditable *delegate = gtk_editable_get_delegate (GTK_EDITABLE (limits[i].row));
      if (GTK_IS_TEXT (delegate))
        gtk_text_set_max_length (GTK_TEXT (delegate), limits[i].max);
    }

  g_signal_connect_swapped (self->contact_row, "changed", G_CALLBACK (on_contact_changed), self);
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->description_view), "changed",
                            G_CALLBACK (on_description_changed), self);
  g_signal_connect_swapped (self->type_l1_row, "notify::selected", G_CALLBACK (on_type_l1_selected), self);
  g_signal_connect_swapped (self->impact_row, "notify::selected", G_CALLBACK (on_impact_or_urgency), self);
  g_signal_connect_swapped (self->urgency_row, "notify::selected", G_CALLBACK (on_impact_or_urgency), self);
  g_signal_connect_swapped (self->priority_row, "notify::selected", G_CALLBACK (on_priority_selected), self);
}

static void
set_text (AdwEntryRow *row,
          const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
}

void
hd_ticket_fields_editors_fill (HdTicketFields *self)
{
  HdTicket *t = self->ticket;
  g_autofree char *occurred = NULL;
  g_autofree char *cc = NULL;

  g_return_if_fail (t != NULL);

  self->updating++;
  set_text (self->label_row, hd_ticket_get_customer_label (t));
  set_text (self->name_row, hd_ticket_get_customer_name (t));
  set_text (self->number_row, hd_ticket_get_customer_number (t));
  set_text (self->customer_type_row, hd_ticket_get_customer_type (t));
  set_text (self->contact_row, hd_ticket_get_contact (t));
  adw_combo_row_set_selected (self->channel_row, hd_ticket_get_channel (t));
  adw_combo_row_set_selected (self->emotion_row, hd_ticket_get_emotion (t));
  occurred = hd_ticket_get_occurred_at (t) > 0 ? hd_ticket_format_local_time (hd_ticket_get_occurred_at (t)) : NULL;
  set_text (self->occurred_row, occurred);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->description_view),
                            hd_ticket_get_description (t) ?: "", -1);
  select_id (self->type_l1_row, hd_ticket_get_type_l1 (t));
  fill_subtypes (self);
  select_id (self->type_l2_row, hd_ticket_get_type_l2 (t));
  adw_combo_row_set_selected (self->impact_row, hd_ticket_get_impact (t));
  adw_combo_row_set_selected (self->urgency_row, hd_ticket_get_urgency (t));
  select_id (self->priority_row, hd_ticket_get_priority (t));
  set_text (self->reason_row, NULL);
  set_text (self->transfer_department_row, hd_ticket_get_transfer_department (t));
  set_text (self->transfer_contact_row, hd_ticket_get_transfer_contact (t));
  set_text (self->transfer_note_row, hd_ticket_get_transfer_note (t));
  if (hd_ticket_get_cc_departments (t) != NULL)
    cc = g_strjoinv (_(", "), (char **) hd_ticket_get_cc_departments (t));
  set_text (self->cc_row, cc);
  set_text (ADW_ENTRY_ROW (self->sensitive_row), NULL);
  gtk_check_button_set_active (self->sensitive_remove, FALSE);
  self->updating--;

  g_clear_pointer (&self->proposed_priority, g_free);
  self->proposed_priority = g_strdup (hd_priority_compute (self->config, hd_ticket_get_impact (t),
                                                           hd_ticket_get_urgency (t), NULL));
  {
    g_autofree char *explanation = NULL;
    hd_priority_compute (self->config, hd_ticket_get_impact (t), hd_ticket_get_urgency (t), &explanation);
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->priority_row), explanation);
  }
  gtk_widget_set_visible (self->description_hint,
                          hd_ticket_description_is_vague (hd_ticket_get_description (t)));
  hd_ticket_fields_attachments_fill (self);
  hd_ticket_fields_editors_clear_problems (self);
  update_deadlines (self);
}

static char *
entry_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

gboolean
hd_ticket_fields_editors_save (HdTicketFields *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdTicket) edited = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) hd_field_problem_free);
  g_autoptr(GPtrArray) refused = NULL;
  g_autofree char *description = description_text (self);
  g_autofree char *occurred = entry_text (self->occurred_row);
  g_autofree char *cc = entry_text (self->cc_row);
  g_autofree char *reason = entry_text (self->reason_row);
  g_autofree char *sealed = NULL;
  g_auto(GStrv) cc_list = hd_ticket_split_departments (cc);
  const char *plain = gtk_editable_get_text (GTK_EDITABLE (self->sensitive_row));
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 when = 0;

  if (self->ticket == NULL)
    return FALSE;
  edited = hd_store_get_ticket (self->store, hd_ticket_get_uuid (self->ticket), &error);
  if (edited == NULL)
    {
      hd_ticket_fields_toast (self, error->message);
      return FALSE;
    }

#define SET_TEXT(setter, row) G_STMT_START { g_autofree char *v_ = entry_text (row); setter (edited, v_); } G_STMT_END
  SET_TEXT (hd_ticket_set_customer_label, self->label_row);
  SET_TEXT (hd_ticket_set_customer_name, self->name_row);
  SET_TEXT (hd_ticket_set_customer_number, self->number_row);
  SET_TEXT (hd_ticket_set_customer_type, self->customer_type_row);
  SET_TEXT (hd_ticket_set_contact, self->contact_row);
  SET_TEXT (hd_ticket_set_transfer_department, self->transfer_department_row);
  SET_TEXT (hd_ticket_set_transfer_contact, self->transfer_contact_row);
  SET_TEXT (hd_ticket_set_transfer_note, self->transfer_note_row);
#undef SET_TEXT
  hd_ticket_set_channel (edited, adw_combo_row_get_selected (self->channel_row));
  hd_ticket_set_emotion (edited, adw_combo_row_get_selected (self->emotion_row));
  hd_ticket_set_description (edited, description);
  hd_ticket_set_type_l1 (edited, selected_id (self->type_l1_row));
  hd_ticket_set_type_l2 (edited, selected_id (self->type_l2_row));
  hd_ticket_set_impact (edited, adw_combo_row_get_selected (self->impact_row));
  hd_ticket_set_urgency (edited, adw_combo_row_get_selected (self->urgency_row));
  hd_ticket_set_priority (edited, selected_id (self->priority_row));
  hd_ticket_set_cc_departments (edited, (const char * const *) cc_list);
  if (!hd_ticket_fields_attachments_apply (self, edited))
    return FALSE;

  if (*occurred == '\0')
    hd_ticket_set_occurred_at (edited, 0);
  else if (hd_ticket_parse_local_time (occurred, &when))
    hd_ticket_set_occurred_at (edited, when);
  else
    add_problem (problems, "occurred_at", _("Write the time as 2026-05-01 14:30"));

  /* Sealed here: the command and the store never see the plaintext. */
  if (*plain != '\0')
    {
      HdSecretBox *box = hd_ticket_fields_get_secret_box (self);

      if (box != NULL)
        sealed = hd_secret_box_seal (box, plain, &error);
      if (sealed == NULL)
        add_problem (problems, HD_TICKET_SENSITIVE_FIELD,
                     _("Sensitive data cannot be encrypted on this computer: clear the field to save without it"));
      g_clear_error (&error);
    }
  else if (gtk_check_button_get_active (self->sensitive_remove))
    sealed = g_strdup ("");

  if (problems->len > 0)
    {
      /* Show every problem at once, the command's rules included. */
      g_autoptr(GPtrArray) more = hd_ticket_validate (edited, self->config, self->ticket, reason, FALSE, now);

      for (guint i = 0; i < more->len; i++)
        {
          const HdFieldProblem *p = g_ptr_array_index (more, i);
          if (hd_field_problems_find (problems, p->field) == NULL)
            add_problem (problems, p->field, p->message);
        }
      show_problems (self, problems);
      return FALSE;
    }

  if (!hd_ticket_commands_edit_fields (self->store, self->config, hd_ticket_get_uuid (self->ticket),
                                       self->base, edited, reason, sealed, self->author, now, &refused, &error))
    {
      if (refused != NULL)
        show_problems (self, refused);
      else
        hd_ticket_fields_toast (self, error->message);
      return FALSE;
    }

  hd_ticket_fields_editors_clear_problems (self);
  gtk_editable_set_text (GTK_EDITABLE (self->sensitive_row), "");
  hd_ticket_fields_toast (self, _("Changes saved"));
  return TRUE;
}
