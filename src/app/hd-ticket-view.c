/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-ticket-view"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "hd-due-format.h"
#include "hd-sync-conflicts.h"
#include "hd-ticket-commands.h"
#include "hd-ticket-fields.h"
#include "hd-related-tickets.h"
#include "hd-ticket-links.h"
#include "hd-ticket-survey.h"
#include "hd-ticket-view.h"
#include "hd-ticket-window.h"

struct _HdTicketView
{
  GtkWidget parent_instance;

  HdStore *store;
  HdConfig *config;
  char *author;
  char *uuid;
  HdTicket *ticket;
  GListStore *timeline;
  GPtrArray *detail_rows;
  GPtrArray *related_rows;
  char **priority_ids;
  gboolean loading;

  GtkLabel *number_label;
  GtkLabel *status_label;
  GtkLabel *customer_label;
  GtkLabel *type_label;
  GtkLabel *description_label;
  AdwPreferencesGroup *details_group;
  AdwEntryRow *handler_row;
  AdwComboRow *priority_row;
  AdwEntryRow *reason_row;
  AdwEntryRow *result_row;
  AdwActionRow *escalation_row;
  GtkWidget *decision_box;
  AdwEntryRow *departments_row;
  AdwEntryRow *resources_row;
  AdwPreferencesGroup *related_group;
  AdwEntryRow *note_row;
  GtkCheckButton *solution_check;
  GtkListBox *timeline_list;
  HdTicketSurvey *survey;
  HdRelatedTickets *related_tickets;
  GtkBox *fields_slot;
  HdTicketFields *fields;
};

G_DEFINE_FINAL_TYPE (HdTicketView, hd_ticket_view, GTK_TYPE_WIDGET)

enum { TOAST, N_SIGNALS };
static guint signals[N_SIGNALS];

static void reload (HdTicketView *self);

static gint64
now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static void
toast (HdTicketView *self,
       const char   *message)
{
  g_autoptr(AdwToast) t = adw_toast_new (message);

  g_signal_emit (self, signals[TOAST], 0, t);
}

/* Reports a command's outcome; TRUE when it succeeded. */
static gboolean
done (HdTicketView *self,
      gboolean      ok,
      GError       *error)
{
  if (!ok)
    toast (self, error != NULL ? error->message : _("The change was not saved"));
  return ok;
}

static char *
format_time (gint64 when)
{
  g_autoptr(GDateTime) dt = NULL;

  if (when <= 0)
    return g_strdup ("—");
  dt = g_date_time_new_from_unix_local (when);
  return g_date_time_format (dt, "%Y-%m-%d %H:%M");
}

/* Timeline --------------------------------------------------------------------- */

static char *
describe_event (HdTicketView *self,
                HdEvent      *event)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *data = NULL;
  const char *text = hd_event_get_text (event);

  if (hd_event_get_data (event) != NULL &&
      json_parser_load_from_data (parser, hd_event_get_data (event), -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    data = json_node_get_object (json_parser_get_root (parser));

  switch (hd_event_get_kind (event))
    {
    case HD_EVENT_STATUS_CHANGE:
      if (data != NULL)
        {
          HdStatus from = 0, to = 0;
          hd_status_from_id (json_object_get_string_member_with_default (data, "from", ""), &from);
          hd_status_from_id (json_object_get_string_member_with_default (data, "to", ""), &to);
          if (json_object_get_boolean_member_with_default (data, "undo", FALSE))
            /* Translators: an undone move on the timeline */
            return g_strdup_printf (_("%s → %s (undo)"), hd_status_get_label (from), hd_status_get_label (to));
          return g_strdup_printf ("%s → %s", hd_status_get_label (from), hd_status_get_label (to));
        }
      break;
    case HD_EVENT_ASSIGNMENT:
      if (data != NULL)
        {
          const char *to = json_object_get_string_member_with_default (data, "to_handler", "");
          /* Translators: on the timeline, e.g. "Assigned to 王芳" */
          g_autofree char *line = g_strdup_printf (_("Assigned to %s"), to);
          return text != NULL ? g_strdup_printf ("%s — %s", line, text) : g_steal_pointer (&line);
        }
      break;
    case HD_EVENT_PRIORITY_CHANGE:
      if (data != NULL)
        {
          const char *from = json_object_get_string_member_with_default (data, "from", "");
          const char *to = json_object_get_string_member_with_default (data, "to", "");
          const char *from_label = hd_config_get_priority_label (self->config, from);
          const char *to_label = hd_config_get_priority_label (self->config, to);
          return g_strdup_printf ("%s → %s: %s", from_label ? from_label : from,
                                  to_label ? to_label : to, text ? text : "");
        }
      break;
    case HD_EVENT_ESCALATION_REQUEST:
      if (data != NULL && json_object_has_member (data, "departments"))
        {
          JsonArray *departments = json_object_get_array_member (data, "departments");
          g_autoptr(GString) names = g_string_new (NULL);

          for (guint i = 0; departments != NULL && i < json_array_get_length (departments); i++)
            g_string_append_printf (names, "%s%s", i ? ", " : "", json_array_get_string_element (departments, i));
          /* Translators: an escalation request: departments, then the resources needed */
          return g_strdup_printf (_("Needs %s: %s"), names->str, text ? text : "");
        }
      break;
    case HD_EVENT_ESCALATION_DECISION:
      if (data != NULL)
        {
          gboolean approved = json_object_get_boolean_member_with_default (data, "approved", FALSE);
          const char *verdict = approved ? _("Approved") : _("Declined");
          return text != NULL ? g_strdup_printf ("%s — %s", verdict, text) : g_strdup (verdict);
        }
      break;
    case HD_EVENT_LINK:
      if (data != NULL && text != NULL)
        {
          HdLinkRelation relation = HD_LINK_RELATED;

          hd_link_relation_from_id (json_object_get_string_member_with_default (data, "relation", ""), &relation);
          /* Translators: a link on the timeline, e.g. "Duplicate of CS20240304-0002" */
          return g_strdup_printf (_("%s %s"), hd_link_relation_get_label (relation, TRUE), text);
        }
      break;
    case HD_EVENT_NOTE:
      if (data != NULL && json_object_get_boolean_member_with_default (data, "solution", FALSE))
        /* Translators: a progress note that gives an initial solution */
        return g_strdup_printf (_("Initial solution: %s"), text ? text : "");
      break;
    case HD_EVENT_SURVEY_ANSWER:
      if (data != NULL)
        {
          HdSatisfaction rating = HD_SATISFACTION_NONE;
          g_autofree char *line = NULL;

          hd_satisfaction_from_id (json_object_get_string_member_with_default (data, "rating", ""), &rating);
          if (g_strcmp0 (json_object_get_string_member_with_default (data, "via", ""), "web") == 0)
            /* Translators: a survey answer on the timeline, e.g. "Customer: Not Satisfied (survey page)" */
            line = g_strdup_printf (_("Customer: %s (survey page)"), hd_satisfaction_get_label (rating));
          else
            /* Translators: a survey answer an agent recorded from a call */
            line = g_strdup_printf (_("Customer: %s (by phone)"), hd_satisfaction_get_label (rating));
          return text != NULL ? g_strdup_printf ("%s — “%s”", line, text) : g_steal_pointer (&line);
        }
      break;
    case HD_EVENT_FIELD_CHANGE:
      if (text == NULL && data != NULL && json_object_has_member (data, "fields"))
        {
          char *line = hd_ticket_fields_describe_change (self->config, hd_event_get_data (event));
          JsonObject *fields = json_object_get_object_member (data, "fields");
          g_autoptr(GList) names = fields ? json_object_get_members (fields) : NULL;
          g_autoptr(GString) list = g_string_new (NULL);

          if (line != NULL)
            return line;
          for (GList *l = names; l != NULL; l = l->next)
            g_string_append_printf (list, "%s%s", list->len ? ", " : "", (const char *) l->data);
          /* Translators: the fields changed by an edit, e.g. "Changed: result" */
          return g_strdup_printf (_("Changed: %s"), list->str);
        }
      break;
    default:
      break;
    }
  return g_strdup (text);
}

static GtkWidget *
create_event_row (gpointer item,
                  gpointer user_data)
{
  HdTicketView *self = user_data;
  HdEvent *event = item;
  g_autofree char *when = format_time (hd_event_get_created_at (event));
  g_autofree char *detail = describe_event (self, event);
  g_autofree char *meta = NULL;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *kind = gtk_label_new (hd_event_kind_get_label (hd_event_get_kind (event)));
  GtkWidget *meta_label;

  meta = g_strdup_printf ("%s · %s", when, hd_event_get_author (event) ? hd_event_get_author (event) : "—");
  meta_label = gtk_label_new (meta);
  gtk_widget_add_css_class (kind, "heading");
  gtk_label_set_xalign (GTK_LABEL (kind), 0);
  gtk_widget_set_hexpand (kind, TRUE);
  gtk_widget_add_css_class (meta_label, "caption");
  gtk_widget_add_css_class (meta_label, "dim-label");
  gtk_box_append (GTK_BOX (header), kind);
  gtk_box_append (GTK_BOX (header), meta_label);
  gtk_box_append (GTK_BOX (box), header);
  if (detail != NULL && detail[0] != '\0')
    {
      GtkWidget *body = gtk_label_new (detail);

      gtk_label_set_xalign (GTK_LABEL (body), 0);
      gtk_label_set_wrap (GTK_LABEL (body), TRUE);
      gtk_label_set_selectable (GTK_LABEL (body), TRUE);
      gtk_box_append (GTK_BOX (box), body);
    }
  gtk_widget_add_css_class (box, "timeline-entry");
  gtk_widget_add_css_class (box, hd_event_kind_to_id (hd_event_get_kind (event)));
  return box;
}

/* Loading ---------------------------------------------------------------------- */

static void
add_detail (HdTicketView *self,
            const char   *title,
            const char   *value)
{
  GtkWidget *row;

  /* Only what is known: an empty row tells the reader nothing. */
  if (value == NULL || value[0] == '\0')
    return;
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  gtk_widget_add_css_class (row, "property");
  adw_preferences_group_add (self->details_group, row);
  g_ptr_array_add (self->detail_rows, row);
}

static void
on_related_activated (AdwActionRow *row,
                      HdTicketView *self)
{
  const char *uuid = g_object_get_data (G_OBJECT (row), "uuid");

  gtk_widget_activate_action (GTK_WIDGET (self), "board.open-ticket", "s", uuid);
}

static void
load_related (HdTicketView *self)
{
  g_autoptr(GPtrArray) found = NULL;
  const char *key = hd_ticket_get_customer_number (self->ticket);

  for (guint i = 0; i < self->related_rows->len; i++)
    adw_preferences_group_remove (self->related_group, g_ptr_array_index (self->related_rows, i));
  g_ptr_array_set_size (self->related_rows, 0);

  if (key == NULL || key[0] == '\0')
    key = hd_ticket_get_customer_label (self->ticket);
  if (key != NULL && key[0] != '\0')
    found = hd_store_search (self->store, key, 6, NULL);

  for (guint i = 0; found != NULL && i < found->len; i++)
    {
      HdTicket *other = g_ptr_array_index (found, i);
      GtkWidget *row;
      g_autofree char *subtitle = NULL;

      if (g_strcmp0 (hd_ticket_get_uuid (other), self->uuid) == 0)
        continue;
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), hd_ticket_get_number (other));
      subtitle = g_strdup_printf ("%s · %s", hd_status_get_label (hd_ticket_get_status (other)),
                                  hd_ticket_get_description (other) ? hd_ticket_get_description (other) : "");
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      g_object_set_data_full (G_OBJECT (row), "uuid", g_strdup (hd_ticket_get_uuid (other)), g_free);
      g_signal_connect (row, "activated", G_CALLBACK (on_related_activated), self);
      adw_preferences_group_add (self->related_group, row);
      g_ptr_array_add (self->related_rows, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->related_group), self->related_rows->len > 0);
}

static void
reload (HdTicketView *self)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *type = NULL;
  g_autofree char *created = NULL;
  g_autofree char *response = NULL;
  g_autofree char *resolution = NULL;
  const char *l1, *l2, *label;
  HdEscalationState state;
  guint position = GTK_INVALID_LIST_POSITION;
  gint64 t = now ();

  g_clear_object (&self->ticket);
  g_list_store_remove_all (self->timeline);
  if (self->uuid == NULL)
    {
      hd_ticket_fields_set_ticket (self->fields, NULL);
      hd_related_tickets_set_ticket (self->related_tickets, self->store, NULL, self->author);
      return;
    }

  self->ticket = hd_store_get_ticket (self->store, self->uuid, &error);
  if (self->ticket == NULL)
    {
      toast (self, error->message);
      return;
    }
  self->loading = TRUE;

  gtk_label_set_text (self->number_label, hd_ticket_get_number (self->ticket));
  gtk_label_set_text (self->status_label, hd_status_get_label (hd_ticket_get_status (self->ticket)));
  label = hd_ticket_get_customer_label (self->ticket);
  gtk_label_set_text (self->customer_label, label != NULL && label[0] ? label : _("Anonymous customer"));
  l1 = hd_ticket_get_type_l1 (self->ticket);
  l2 = hd_ticket_get_type_l2 (self->ticket);
  if (l1 != NULL)
    type = g_strdup_printf ("%s%s%s", hd_config_get_type_label (self->config, l1, NULL) ?: l1,
                            l2 ? " / " : "", l2 ? (hd_config_get_type_label (self->config, l1, l2) ?: l2) : "");
  gtk_label_set_text (self->type_label, type ? type : _("Not classified"));
  gtk_label_set_text (self->description_label, hd_ticket_get_description (self->ticket) ?: "");

  for (guint i = 0; i < self->detail_rows->len; i++)
    adw_preferences_group_remove (self->details_group, g_ptr_array_index (self->detail_rows, i));
  g_ptr_array_set_size (self->detail_rows, 0);
  created = format_time (hd_ticket_get_created_at (self->ticket));
  response = hd_due_format (hd_ticket_get_response_due (self->ticket), t);
  resolution = hd_due_format (hd_ticket_get_resolution_due (self->ticket), t);
  /* The intake fields are HdTicketFields' (shown and edited there). */
  hd_ticket_fields_set_ticket (self->fields, self->ticket);
  add_detail (self, _("Group"), hd_config_get_group_label (self->config, hd_ticket_get_group (self->ticket) ?: ""));
  add_detail (self, _("Created"), created);
  add_detail (self, _("First response due"), hd_ticket_get_first_response_at (self->ticket) ? _("Responded") : response);
  add_detail (self, _("Resolution due"), resolution);
  add_detail (self, _("Sync"), hd_sync_state_get_label (hd_ticket_get_sync_state (self->ticket)));

  gtk_editable_set_text (GTK_EDITABLE (self->handler_row), hd_ticket_get_handler (self->ticket) ?: "");
  gtk_editable_set_text (GTK_EDITABLE (self->result_row), hd_ticket_get_result (self->ticket) ?: "");
  gtk_editable_set_text (GTK_EDITABLE (self->reason_row), "");
  for (guint i = 0; self->priority_ids[i] != NULL; i++)
    if (g_strcmp0 (self->priority_ids[i], hd_ticket_get_priority (self->ticket)) == 0)
      position = i;
  adw_combo_row_set_selected (self->priority_row, position);

  state = hd_ticket_commands_get_escalation_state (self->store, self->uuid);
  switch (state)
    {
    case HD_ESCALATION_STATE_REQUESTED:
      adw_action_row_set_subtitle (self->escalation_row, _("Waiting for the team lead"));
      break;
    case HD_ESCALATION_STATE_APPROVED:
      adw_action_row_set_subtitle (self->escalation_row, _("Approved"));
      break;
    case HD_ESCALATION_STATE_DECLINED:
      adw_action_row_set_subtitle (self->escalation_row, _("Declined"));
      break;
    case HD_ESCALATION_STATE_NONE:
    default:
      adw_action_row_set_subtitle (self->escalation_row,
                                   !hd_ticket_get_escalated (self->ticket) ? _("Not requested")
                                   : hd_ticket_get_satisfaction (self->ticket) == HD_SATISFACTION_DISSATISFIED
                                   ? _("Escalated: the customer is not satisfied")
                                   : _("Escalated by the deadline rules"));
      break;
    }
  gtk_widget_set_visible (self->decision_box, state == HD_ESCALATION_STATE_REQUESTED);
  gtk_widget_set_visible (GTK_WIDGET (self->departments_row), state != HD_ESCALATION_STATE_REQUESTED);
  gtk_widget_set_visible (GTK_WIDGET (self->resources_row), state != HD_ESCALATION_STATE_REQUESTED);

  /* Newest first: the latest step is what the reader wants. */
  events = hd_store_list_events (self->store, self->uuid, NULL);
  for (guint i = events ? events->len : 0; i > 0; i--)
    g_list_store_append (self->timeline, g_ptr_array_index (events, i - 1));

  load_related (self);
  hd_ticket_survey_set_ticket (self->survey, self->store, self->uuid, self->author);
  hd_related_tickets_set_ticket (self->related_tickets, self->store, self->uuid, self->author);
  self->loading = FALSE;
}

void
hd_ticket_view_set_uuid (HdTicketView *self,
                         const char   *uuid)
{
  g_return_if_fail (HD_IS_TICKET_VIEW (self));

  g_free (self->uuid);
  self->uuid = g_strdup (uuid);
  reload (self);
}

const char *
hd_ticket_view_get_uuid (HdTicketView *self)
{
  g_return_val_if_fail (HD_IS_TICKET_VIEW (self), NULL);
  return self->uuid;
}

gboolean
hd_ticket_view_get_editing (HdTicketView *self)
{
  g_return_val_if_fail (HD_IS_TICKET_VIEW (self), FALSE);
  return hd_ticket_fields_get_editing (self->fields);
}

GListModel *
hd_ticket_view_get_timeline (HdTicketView *self)
{
  g_return_val_if_fail (HD_IS_TICKET_VIEW (self), NULL);
  return G_LIST_MODEL (self->timeline);
}

static void
on_store_changed (HdTicketView *self)
{
  if (self->uuid != NULL)
    reload (self);
}

static void
on_events_changed (HdTicketView *self,
                   const char   *ticket_uuid)
{
  if (g_strcmp0 (ticket_uuid, self->uuid) == 0)
    reload (self);
}

/* Commands --------------------------------------------------------------------- */

static void
on_handler_apply (HdTicketView *self)
{
  g_autoptr(GError) error = NULL;

  if (self->uuid == NULL)
    return;
  done (self, hd_ticket_commands_reassign (self->store, self->uuid, NULL,
                                           gtk_editable_get_text (GTK_EDITABLE (self->handler_row)),
                                           NULL, self->author, now (), &error), error);
}

static void
on_priority_apply (HdTicketView *self)
{
  g_autoptr(GError) error = NULL;
  guint position = adw_combo_row_get_selected (self->priority_row);

  if (self->uuid == NULL || position == GTK_INVALID_LIST_POSITION)
    return;
  if (done (self, hd_ticket_commands_change_priority (self->store, self->config, self->uuid,
                                                      self->priority_ids[position],
                                                      gtk_editable_get_text (GTK_EDITABLE (self->reason_row)),
                                                      self->author, now (), &error), error))
    toast (self, _("Priority changed; deadlines recomputed"));
}

static void
on_result_apply (HdTicketView *self)
{
  g_autoptr(GError) error = NULL;

  if (self->uuid == NULL)
    return;
  done (self, hd_ticket_commands_set_result (self->store, self->uuid,
                                             gtk_editable_get_text (GTK_EDITABLE (self->result_row)),
                                             self->author, now (), &error), error);
}

static void
on_note_apply (HdTicketView *self)
{
  g_autoptr(GError) error = NULL;

  if (self->uuid == NULL)
    return;
  if (done (self, hd_ticket_commands_add_note (self->store, self->uuid,
                                               gtk_editable_get_text (GTK_EDITABLE (self->note_row)),
                                               gtk_check_button_get_active (self->solution_check),
                                               self->author, now (), &error), error))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->note_row), "");
      gtk_check_button_set_active (self->solution_check, FALSE);
    }
}

static void
on_escalation_apply (HdTicketView *self)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) parts = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) departments = NULL;
  g_autofree char *text = NULL;

  if (self->uuid == NULL)
    return;
  /* Chinese and English commas both separate departments. */
  text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->departments_row)));
  parts = g_strsplit_set (text, ",;", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_auto(GStrv) sub = g_strsplit (parts[i], "，", -1);
      for (guint j = 0; sub[j] != NULL; j++)
        {
          g_strstrip (sub[j]);
          if (sub[j][0] != '\0')
            g_strv_builder_add (builder, sub[j]);
        }
    }
  departments = g_strv_builder_end (builder);
  if (done (self, hd_ticket_commands_request_escalation (self->store, self->uuid,
                                                         (const char * const *) departments,
                                                         gtk_editable_get_text (GTK_EDITABLE (self->resources_row)),
                                                         self->author, now (), &error), error))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->departments_row), "");
      gtk_editable_set_text (GTK_EDITABLE (self->resources_row), "");
    }
}

static void
decide (HdTicketView *self,
        gboolean      approve)
{
  g_autoptr(GError) error = NULL;

  if (self->uuid != NULL)
    done (self, hd_ticket_commands_decide_escalation (self->store, self->uuid, approve, NULL,
                                                      self->author, now (), &error), error);
}

static void
on_approve_clicked (HdTicketView *self)
{
  decide (self, TRUE);
}

static void
on_decline_clicked (HdTicketView *self)
{
  decide (self, FALSE);
}

static void
edit_fields_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  hd_ticket_fields_edit (HD_TICKET_VIEW (widget)->fields);
}

static void
open_window_activated (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  HdTicketView *self = HD_TICKET_VIEW (widget);

  if (self->uuid != NULL)
    hd_ticket_window_open (widget, self->store, self->config, self->author, self->uuid);
}

static void
on_fields_toast (HdTicketView *self,
                 AdwToast     *t)
{
  g_signal_emit (self, signals[TOAST], 0, t);
}

/* Object ----------------------------------------------------------------------- */

HdTicketView *
hd_ticket_view_new (HdStore    *store,
                    HdConfig   *config,
                    const char *author)
{
  HdTicketView *self;
  g_autoptr(GListModel) priorities = NULL;
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();

  g_return_val_if_fail (HD_IS_STORE (store), NULL);
  g_return_val_if_fail (HD_IS_CONFIG (config), NULL);

  self = g_object_new (HD_TYPE_TICKET_VIEW, NULL);
  self->store = g_object_ref (store);
  self->config = g_object_ref (config);
  self->author = g_strdup (author);

  priorities = hd_config_list_priorities (config);
  for (guint i = 0; i < g_list_model_get_n_items (priorities); i++)
    {
      g_autoptr(HdConfigItem) item = g_list_model_get_item (priorities, i);
      gtk_string_list_append (labels, hd_config_item_get_label (item));
      g_strv_builder_add (ids, hd_config_item_get_id (item));
    }
  self->priority_ids = g_strv_builder_end (ids);
  adw_combo_row_set_model (self->priority_row, G_LIST_MODEL (labels));

  self->fields = hd_ticket_fields_new (store, config, author);
  gtk_box_append (self->fields_slot, GTK_WIDGET (self->fields));
  g_signal_connect_object (self->fields, "toast", G_CALLBACK (on_fields_toast), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (store, "tickets-changed", G_CALLBACK (on_store_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "events-changed", G_CALLBACK (on_events_changed), self, G_CONNECT_SWAPPED);
  return self;
}

static void
hd_ticket_view_dispose (GObject *object)
{
  HdTicketView *self = HD_TICKET_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), HD_TYPE_TICKET_VIEW);
  /* GTK 4.8 leaves template children without an id in place. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_object (&self->ticket);
  g_clear_object (&self->timeline);
  g_clear_object (&self->store);
  g_clear_object (&self->config);
  g_clear_pointer (&self->detail_rows, g_ptr_array_unref);
  g_clear_pointer (&self->related_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (hd_ticket_view_parent_class)->dispose (object);
}

static void
hd_ticket_view_finalize (GObject *object)
{
  HdTicketView *self = HD_TICKET_VIEW (object);

  g_free (self->author);
  g_free (self->uuid);
  g_strfreev (self->priority_ids);

  G_OBJECT_CLASS (hd_ticket_view_parent_class)->finalize (object);
}

static void
hd_ticket_view_class_init (HdTicketViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hd_ticket_view_dispose;
  object_class->finalize = hd_ticket_view_finalize;

  signals[TOAST] = g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, ADW_TYPE_TOAST);

  g_type_ensure (HD_TYPE_SYNC_CONFLICTS);
  g_type_ensure (HD_TYPE_TICKET_SURVEY);
  g_type_ensure (HD_TYPE_RELATED_TICKETS);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/hd-ticket-view.ui");
  gtk_widget_class_bind_template_child (widget_class, HdTicketView, number_label);
  gtk_widget_class_bind_template_child (widget_class, HdTicketView, status_label);
  gtk_widget_class_bind_template_child (widget_class, HdTicketView, customer_label);
  gtk_widget_class_bind_template_child (widget_class, HdTicketView, type_label);
  gtk_widget_class_bind_template_child (widget_class, HdTicketView, description_label);
  gtk_widget_class_bind_template_child (widget_class, HdTicketView, details_group);
  gtk_widget_class_bind_template_child (widget_class, HdTicketView, handler_row);
  gtk_widget_class_bind_template_child (widget_class, HdTicketView, priority_row);
  gtk_widget_class_bind_template_child (widget_class, HdTicketView, reason_row);
  gtk_widget_class_bind_template_child (widget_class, HdTicketView, result_row);
  gtk_widget_class_bind_template_child (widget_class, HdTicketView, escalation_row);
  gtk_widget_class_bind_template_child (widget_class, HdTicketView, decision_box);
  gtk_widget_class_bind_template_child (widget_class, HdTicketView, departments_row);
  gtk_widget_class_bind_template_child (widget_class, HdTicketView, resources_row);
  gtk_widget_class_bind_template_child (widget_class, HdTicketView, related_group);
  gtk_widget_class_bind_template_child (widget_class, HdTicketView, note_row);
  gtk_widget_class_bind_template_child (widget_class, HdTicketView, solution_check);
  gtk_widget_class_bind_template_child (widget_class, HdTicketView, timeline_list);
  gtk_widget_class_bind_template_child (widget_class, HdTicketView, survey);
  gtk_widget_class_bind_template_child (widget_class, HdTicketView, related_tickets);
  gtk_widget_class_bind_template_child (widget_class, HdTicketView, fields_slot);
  gtk_widget_class_bind_template_callback (widget_class, on_handler_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_priority_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_result_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_note_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_escalation_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_approve_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_decline_clicked);

  gtk_widget_class_install_action (widget_class, "ticket.edit-fields", NULL, edit_fields_activated);
  gtk_widget_class_install_action (widget_class, "ticket.open-window", NULL, open_window_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "ticket.edit-fields", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "ticket.open-window", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "ticketview");
}

static void
hd_ticket_view_init (HdTicketView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->timeline = g_list_store_new (HD_TYPE_EVENT);
  self->detail_rows = g_ptr_array_new ();
  self->related_rows = g_ptr_array_new ();
  gtk_list_box_bind_model (self->timeline_list, G_LIST_MODEL (self->timeline),
                           create_event_row, self, NULL);
}
