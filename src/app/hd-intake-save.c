/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-intake"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "hd-event.h"
#include "hd-intake-dialog-private.h"
#include "hd-sla.h"
#include "hd-store-intake.h"
#include "hd-ticket-validation.h"
#include "hd-uuid.h"

/*
 * Validating and saving the intake form: required fields and their inline
 * messages (SPEC R1.4), then the ticket, and what goes with it in the store
 * (customer, sealed sensitive field, overrides, timeline entries) and the
 * urgent-ticket notification (R3.1).
 */


void
hd_intake_set_error_visible (GtkWidget *label,
                   GtkWidget *row,
                   gboolean   visible)
{
  gtk_widget_set_visible (label, visible);
  if (row == NULL)
    return;
  if (visible)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
}


char *
hd_intake_entry_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static char *
nonempty (char *text)
{
  if (text != NULL && *text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

static HdTicket *build_ticket (HdIntakeDialog *self);

/* The shared rules (hd_ticket_validate) decide; the form shows each
 * problem under its field, or in a toast for fields without a message of
 * their own, and focuses the first. */
static gboolean
validate (HdIntakeDialog *self)
{
  g_autoptr(HdTicket) ticket = build_ticket (self);
  g_autofree char *reason = hd_intake_entry_text (self->priority_reason_row);
  g_autofree char *result = hd_intake_entry_text (self->result_row);
  g_autoptr(GPtrArray) problems = NULL;
  const HdFieldProblem *problem;
  GtkWidget *first = NULL;
  gboolean bad;

  problems = hd_ticket_validate (ticket, self->config, NULL, reason,
                                 adw_expander_row_get_enable_expansion (self->transfer_row),
                                 g_get_real_time () / G_USEC_PER_SEC);

  bad = hd_field_problems_find (problems, "contact") != NULL;
  hd_intake_set_error_visible (self->contact_error, GTK_WIDGET (self->contact_row), bad);
  if (bad && first == NULL)
    first = GTK_WIDGET (self->contact_row);

  problem = hd_field_problems_find (problems, "description");
  if (problem != NULL)
    gtk_label_set_label (GTK_LABEL (self->description_error), problem->message);
  hd_intake_set_error_visible (self->description_error, NULL, problem != NULL);
  if (problem != NULL && first == NULL)
    first = GTK_WIDGET (self->description_view);
  gtk_widget_set_visible (self->description_hint,
                          hd_ticket_description_is_vague (hd_ticket_get_description (ticket)));

  bad = hd_field_problems_find (problems, "priority") != NULL;
  hd_intake_set_error_visible (self->priority_error, GTK_WIDGET (self->priority_reason_row), bad);
  if (bad && first == NULL)
    first = GTK_WIDGET (self->priority_reason_row);

  bad = hd_field_problems_find (problems, "transfer_department") != NULL;
  hd_intake_set_error_visible (self->transfer_error, NULL, bad);
  if (bad && first == NULL)
    {
      adw_expander_row_set_expanded (self->transfer_row, TRUE);
      first = GTK_WIDGET (self->transfer_department_row);
    }

  /* The rest have no message of their own under the field (the entry rows
   * stop at their bounds, the pickers offer only configured values). */
  for (guint i = 0; i < problems->len; i++)
    {
      const HdFieldProblem *other = g_ptr_array_index (problems, i);
      const char *shown[] = { "contact", "description", "priority", "transfer_department" };
      gboolean has_label = FALSE;

      for (guint j = 0; j < G_N_ELEMENTS (shown); j++)
        has_label |= g_str_equal (other->field, shown[j]);
      if (!has_label)
        {
          adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (other->message));
          if (first == NULL)
            first = g_str_equal (other->field, "occurred_at") ? GTK_WIDGET (self->occurred_row)
                                                               : GTK_WIDGET (self->type_l1_row);
        }
    }

  /* Never drop a sensitive value silently: without a key it cannot be kept. */
  bad = *gtk_editable_get_text (GTK_EDITABLE (self->sensitive_row)) != '\0' &&
        hd_intake_dialog_get_secret_box (self) == NULL;
  if (bad)
    {
      gtk_label_set_label (self->sensitive_warning,
                           _("Sensitive data cannot be encrypted on this computer: clear the field to save the ticket without it"));
      gtk_widget_set_visible (GTK_WIDGET (self->sensitive_warning), TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (self->sensitive_row), "error");
    }
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->sensitive_row), "error");
  if (bad && first == NULL)
    first = GTK_WIDGET (self->sensitive_row);

  bad = adw_expander_row_get_enable_expansion (self->resolve_row) && *result == '\0';
  hd_intake_set_error_visible (self->result_error, GTK_WIDGET (self->result_row), bad);
  if (bad && first == NULL)
    {
      adw_expander_row_set_expanded (self->resolve_row, TRUE);
      first = GTK_WIDGET (self->result_row);
    }

  if (first != NULL)
    gtk_widget_grab_focus (first);
  return first == NULL;
}

static HdTicket *
build_ticket (HdIntakeDialog *self)
{
  HdTicket *ticket = hd_ticket_new ();
  g_autofree char *description = hd_intake_dialog_get_description (self);
  g_autofree char *cc = hd_intake_entry_text (self->cc_row);
  g_auto(GStrv) cc_list = hd_ticket_split_departments (cc);
  const char *priority;
  const char *handler;
  gint64 response_due = 0, resolution_due = 0;

#define SET_TEXT(setter, row) G_STMT_START { g_autofree char *v_ = nonempty (hd_intake_entry_text (row)); setter (ticket, v_); } G_STMT_END
  SET_TEXT (hd_ticket_set_customer_label, self->label_row);
  SET_TEXT (hd_ticket_set_customer_number, self->number_row);
  SET_TEXT (hd_ticket_set_customer_name, self->name_row);
  SET_TEXT (hd_ticket_set_customer_type, self->type_row);
  SET_TEXT (hd_ticket_set_contact, self->contact_row);
#undef SET_TEXT
  hd_ticket_set_channel (ticket, adw_combo_row_get_selected (self->channel_row));
  hd_ticket_set_emotion (ticket, adw_combo_row_get_selected (self->emotion_row));
  hd_ticket_set_occurred_at (ticket, self->occurred_at);
  hd_ticket_set_description (ticket, g_strstrip (description));
  hd_ticket_set_type_l1 (ticket, hd_intake_dialog_selected_id (self->type_l1_row));
  hd_ticket_set_type_l2 (ticket, hd_intake_dialog_selected_id (self->type_l2_row));
  hd_ticket_set_impact (ticket, adw_combo_row_get_selected (self->impact_row));
  hd_ticket_set_urgency (ticket, adw_combo_row_get_selected (self->urgency_row));
  priority = hd_intake_dialog_selected_id (self->priority_row);
  hd_ticket_set_priority (ticket, priority);
  hd_ticket_set_receiver (ticket, self->agent);
  hd_ticket_set_group (ticket, hd_intake_dialog_selected_id (self->group_row));
  handler = hd_intake_selected_handler (self);
  hd_ticket_set_handler (ticket, handler);

  if (adw_expander_row_get_enable_expansion (self->transfer_row))
    {
      g_autofree char *department = nonempty (hd_intake_entry_text (self->transfer_department_row));
      g_autofree char *contact = nonempty (hd_intake_entry_text (self->transfer_contact_row));
      g_autofree char *note = nonempty (hd_intake_entry_text (self->transfer_note_row));

      hd_ticket_set_transfer_department (ticket, department);
      hd_ticket_set_transfer_contact (ticket, contact);
      hd_ticket_set_transfer_note (ticket, note);
    }
  hd_ticket_set_cc_departments (ticket, (const char * const *) cc_list);

  hd_ticket_set_created_at (ticket, self->created_at);
  if (priority != NULL &&
      hd_sla_compute_deadlines (self->config, priority, self->created_at, &response_due, &resolution_due))
    {
      hd_ticket_set_response_due (ticket, response_due);
      hd_ticket_set_resolution_due (ticket, resolution_due);
    }

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->attachments)); i++)
    {
      g_autoptr(HdAttachment) attachment = g_list_model_get_item (G_LIST_MODEL (self->attachments), i);
      g_list_store_append (hd_ticket_get_attachments (ticket), attachment);
    }

  if (adw_expander_row_get_enable_expansion (self->resolve_row))
    {
      g_autofree char *result = hd_intake_entry_text (self->result_row);

      /* Answered on the spot (SPEC R3.3): the receiver handled it, and it
       * waits only for the customer's confirmation. */
      hd_ticket_set_result (ticket, result);
      hd_ticket_set_handler (ticket, self->agent);
      hd_ticket_set_first_response_at (ticket, self->created_at);
      hd_ticket_set_status (ticket, HD_STATUS_PENDING_CLOSE);
    }
  return ticket;
}

static void
add_event (HdIntakeDialog *self,
           HdTicket       *ticket,
           HdEventKind     kind,
           const char     *text,
           const char     *data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = hd_uuid_new ();
  g_autoptr(HdEvent) event = hd_event_new (uuid, hd_ticket_get_uuid (ticket), kind, self->agent,
                                           g_get_real_time () / G_USEC_PER_SEC, text, data);

  if (!hd_store_add_event (self->store, event, &error))
    g_warning ("Could not record a timeline entry: %s", error->message);
}

static char *
json_object_string (const char *first_key, ...)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  const char *key;
  va_list args;

  json_builder_begin_object (builder);
  va_start (args, first_key);
  for (key = first_key; key != NULL; key = va_arg (args, const char *))
    {
      const char *value = va_arg (args, const char *);
      json_builder_set_member_name (builder, key);
      if (value != NULL)
        json_builder_add_string_value (builder, value);
      else
        json_builder_add_null_value (builder);
    }
  va_end (args);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

static void
after_save (HdIntakeDialog *self,
            HdTicket       *ticket)
{
  g_autoptr(GError) error = NULL;
  const char *chosen_l1 = hd_ticket_get_type_l1 (ticket);
  const char *chosen_l2 = hd_ticket_get_type_l2 (ticket);
  const char *priority = hd_ticket_get_priority (ticket);

  if (!hd_store_remember_customer (self->store, ticket, &error))
    {
      g_warning ("Could not remember the customer: %s", error->message);
      g_clear_error (&error);
    }

  /* An agent's choice that differs from the proposal improves the rules. */
  if (self->proposal.source != HD_PROPOSAL_NONE &&
      (g_strcmp0 (chosen_l1, self->proposal.type_l1) != 0 ||
       g_strcmp0 (chosen_l2, self->proposal.type_l2) != 0))
    {
      if (!hd_store_record_classification_override (self->store, hd_ticket_get_uuid (ticket),
                                                    self->proposal.source == HD_PROPOSAL_RULE ? "rule" : "learned",
                                                    self->proposal.rule_id,
                                                    self->proposal.type_l1, self->proposal.type_l2,
                                                    chosen_l1, chosen_l2, self->agent, &error))
        {
          g_warning ("Could not record the classification override: %s", error->message);
          g_clear_error (&error);
        }
    }

  if (self->proposed_priority != NULL && g_strcmp0 (priority, self->proposed_priority) != 0)
    {
      g_autofree char *reason = hd_intake_entry_text (self->priority_reason_row);
      g_autofree char *data = json_object_string ("from", self->proposed_priority, "to", priority,
                                                  "reason", reason, NULL);
      add_event (self, ticket, HD_EVENT_PRIORITY_CHANGE, reason, data);
    }

  if (self->duplicates != NULL && self->duplicates->len > 0)
    {
      HdTicket *other = g_ptr_array_index (self->duplicates, 0);
      g_autofree char *text = g_strdup_printf (_("Possibly the same problem as the open ticket %s"),
                                               hd_ticket_get_number (other));
      g_autofree char *data = json_object_string ("related", hd_ticket_get_uuid (other), NULL);
      add_event (self, ticket, HD_EVENT_NOTE, text, data);
    }

  if (self->routing_reason != NULL && hd_ticket_get_handler (ticket) != NULL &&
      !adw_expander_row_get_enable_expansion (self->resolve_row))
    {
      g_autofree char *data = json_object_string ("handler", hd_ticket_get_handler (ticket),
                                                  "group", hd_ticket_get_group (ticket), NULL);
      add_event (self, ticket, HD_EVENT_ASSIGNMENT,
                 self->handler_chosen_by_hand ? _("Assigned by hand") : self->routing_reason, data);
    }

  {
    const char *plain = gtk_editable_get_text (GTK_EDITABLE (self->sensitive_row));

    HdSecretBox *box = *plain != '\0' ? hd_intake_dialog_get_secret_box (self) : NULL;

    if (box != NULL)
      {
        g_autofree char *sealed = hd_secret_box_seal (box, plain, &error);

        if (sealed == NULL ||
            !hd_store_set_sensitive_field (self->store, hd_ticket_get_uuid (ticket), "id_or_account",
                                           sealed, &error))
          {
            g_autofree char *message = g_strdup_printf (_("The sensitive field was not kept: %s"), error->message);
            /* The message names the failure, never the value. */
            adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
            g_clear_error (&error);
          }
      }
  }

  /* Urgent tickets (SPEC R3.1): tell the supervisor and the leads at once. */
  if (self->notify != NULL && self->notify->len > 0)
    {
      GApplication *app = g_application_get_default ();
      g_autoptr(GNotification) notification = NULL;
      g_autoptr(GString) names = g_string_new (NULL);
      g_autofree char *title = NULL;
      g_autofree char *body = NULL;
      g_autofree char *id = NULL;

      for (guint i = 0; i < self->notify->len; i++)
        {
          const HdRosterAgent *agent = g_ptr_array_index (self->notify, i);
          if (names->len > 0)
            g_string_append (names, _(", "));
          g_string_append (names, agent->name);
        }
      title = g_strdup_printf (_("Urgent ticket %s"), hd_ticket_get_number (ticket));
      body = g_strdup_printf (_("Assigned to %s. Notified: %s."),
                              hd_ticket_get_handler (ticket) ? hd_ticket_get_handler (ticket) : _("nobody yet"),
                              names->str);
      notification = g_notification_new (title);
      g_notification_set_body (notification, body);
      g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_URGENT);
      id = g_strconcat ("urgent-", hd_ticket_get_uuid (ticket), NULL);
      /* Without a session bus (tests, some kiosks) there is nobody to tell. */
      if (app != NULL && g_application_get_is_registered (app) &&
          g_application_get_dbus_connection (app) != NULL)
        g_application_send_notification (app, id, notification);
      else
        g_debug ("No notification service; the urgent ticket is only on the board");
    }

  g_settings_set_string (self->settings, "last-channel",
                         hd_channel_to_id (hd_ticket_get_channel (ticket)));
  if (!hd_store_delete_draft (self->store, HD_INTAKE_DRAFT_KEY, &error))
    g_warning ("Could not remove the draft: %s", error->message);
}

gboolean
hd_intake_dialog_save (HdIntakeDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdTicket) ticket = NULL;

  g_return_val_if_fail (HD_IS_INTAKE_DIALOG (self), FALSE);

  if (!validate (self))
    return FALSE;

  ticket = build_ticket (self);
  if (!hd_store_create_ticket (self->store, ticket, self->agent, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The ticket was not saved: %s"), error->message);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
      return FALSE;
    }
  after_save (self, ticket);

  self->dirty = FALSE;
  g_clear_handle_id (&self->draft_timeout_id, g_source_remove);
  hd_intake_dialog_emit_saved (self, ticket);
  gtk_window_destroy (GTK_WINDOW (self));
  return TRUE;
}

