/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-ticket-survey"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "hd-store-surveys.h"
#include "hd-survey.h"
#include "hd-sync-controller.h"
#include "hd-ticket-commands.h"
#include "hd-ticket-survey.h"
#include "hd-ticket-view.h"

struct _HdTicketSurvey
{
  GtkWidget parent_instance;

  HdStore *store;
  char *ticket_uuid;
  char *author;
  char *server_url;       /* NULL: the sync controller's */
  char *link;
  gulong tickets_changed_id;
  gulong events_changed_id;

  AdwMessageDialog *dialog;
  GtkCheckButton *rating_buttons[HD_SATISFACTION_DISSATISFIED + 1];
  GtkEntry *comment_entry;

  AdwPreferencesGroup *group;
  GtkButton *record_button;
  AdwActionRow *state_row;
  AdwActionRow *answer_row;
  GtkLabel *rating_label;
  AdwActionRow *link_row;
  GtkButton *copy_button;
  GtkLabel *link_label;
};

G_DEFINE_FINAL_TYPE (HdTicketSurvey, hd_ticket_survey, GTK_TYPE_WIDGET)

/* The colour class of each answer, in libadwaita's palette. */
static const char * const rating_classes[] = {
  [HD_SATISFACTION_NONE] = NULL,
  [HD_SATISFACTION_VERY_SATISFIED] = "success",
  [HD_SATISFACTION_SATISFIED] = "success",
  [HD_SATISFACTION_NEUTRAL] = "warning",
  [HD_SATISFACTION_DISSATISFIED] = "error",
};

static void refresh (HdTicketSurvey *self);

static void
toast (HdTicketSurvey *self,
       const char     *message)
{
  GtkWidget *view = gtk_widget_get_ancestor (GTK_WIDGET (self), HD_TYPE_TICKET_VIEW);
  g_autoptr(AdwToast) t = NULL;

  if (view == NULL)
    {
      g_message ("%s", message);
      return;
    }
  t = adw_toast_new (message);
  g_signal_emit_by_name (view, "toast", t);
}

static char *
format_time (gint64 when)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (when);

  return dt != NULL ? g_date_time_format (dt, "%Y-%m-%d %H:%M") : g_strdup ("—");
}

static const char *
server_url (HdTicketSurvey *self)
{
  HdSyncController *controller;

  if (self->server_url != NULL)
    return self->server_url;
  controller = hd_sync_controller_get_default ();
  return controller != NULL ? hd_sync_controller_get_server_url (controller) : NULL;
}

/* The newest survey_answer on the timeline (reference added), or NULL. */
static HdEvent *
latest_answer (HdTicketSurvey *self)
{
  g_autoptr(GPtrArray) events = hd_store_list_events (self->store, self->ticket_uuid, NULL);

  for (guint i = events != NULL ? events->len : 0; i > 0; i--)
    {
      HdEvent *event = g_ptr_array_index (events, i - 1);

      if (hd_event_get_kind (event) == HD_EVENT_SURVEY_ANSWER)
        return g_object_ref (event);
    }
  return NULL;
}

static void
show_answer (HdTicketSurvey *self,
             HdTicket       *ticket)
{
  g_autoptr(HdEvent) event = latest_answer (self);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GString) subtitle = g_string_new (NULL);
  g_autofree char *when = NULL;
  HdSatisfaction rating = hd_ticket_get_satisfaction (ticket);
  HdSurveyVia via = HD_SURVEY_VIA_NONE;

  for (guint i = 0; i < G_N_ELEMENTS (rating_classes); i++)
    if (rating_classes[i] != NULL)
      gtk_widget_remove_css_class (GTK_WIDGET (self->rating_label), rating_classes[i]);

  if (event != NULL && hd_event_get_data (event) != NULL &&
      json_parser_load_from_data (parser, hd_event_get_data (event), -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      JsonObject *data = json_node_get_object (json_parser_get_root (parser));

      hd_survey_via_from_id (json_object_get_string_member_with_default (data, "via", NULL), &via);
      if (rating == HD_SATISFACTION_NONE)
        hd_satisfaction_from_id (json_object_get_string_member_with_default (data, "rating", ""), &rating);
    }

  gtk_label_set_text (self->rating_label, hd_satisfaction_get_label (rating));
  if (rating_classes[rating] != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->rating_label), rating_classes[rating]);

  if (event != NULL && hd_event_get_text (event) != NULL)
    /* Translators: the customer's comment in a survey answer */
    g_string_append_printf (subtitle, _("“%s”"), hd_event_get_text (event));
  if (event != NULL)
    {
      when = format_time (hd_event_get_created_at (event));
      if (subtitle->len > 0)
        g_string_append_c (subtitle, '\n');
      if (via == HD_SURVEY_VIA_WEB)
        /* Translators: %s is a date and time */
        g_string_append_printf (subtitle, _("Answered on the survey page · %s"), when);
      else
        /* Translators: who recorded a survey answer given on the phone, and when */
        g_string_append_printf (subtitle, _("Recorded by %s from a call · %s"),
                                hd_event_get_author (event) != NULL ? hd_event_get_author (event)
                                                                    : _("an agent"),
                                when);
    }
  adw_action_row_set_subtitle (self->answer_row, subtitle->str);

  /* Read as one: the answer, then the comment and how it was given. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->answer_row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, hd_satisfaction_get_label (rating),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle->str, -1);
}

static void
show_link (HdTicketSurvey *self,
           HdSurvey       *open_survey)
{
  const char *url = server_url (self);

  g_clear_pointer (&self->link, g_free);
  if (open_survey != NULL && open_survey->token != NULL && url != NULL && url[0] != '\0')
    {
      const char *end = url + strlen (url);

      while (end > url && end[-1] == '/')
        end--;
      self->link = g_strdup_printf ("%.*s/survey/%s", (int) (end - url), url, open_survey->token);
      adw_action_row_set_subtitle (self->link_row, _("Send it by SMS or email; it can be used once"));
      gtk_label_set_text (self->link_label, self->link);
      gtk_label_set_selectable (self->link_label, TRUE);
      gtk_widget_remove_css_class (GTK_WIDGET (self->link_label), "dim-label");
      gtk_widget_set_visible (GTK_WIDGET (self->copy_button), TRUE);
    }
  else
    {
      gtk_label_set_selectable (self->link_label, FALSE);
      gtk_label_set_text (self->link_label, "");
      adw_action_row_set_subtitle (self->link_row,
                                   url != NULL && url[0] != '\0'
                                   ? _("The survey link appears after the next sync")
                                   : _("Record the customer's answer from a call"));
      gtk_widget_set_visible (GTK_WIDGET (self->copy_button), FALSE);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->link_label), self->link != NULL);
}

static void
refresh (HdTicketSurvey *self)
{
  g_autoptr(HdTicket) ticket = NULL;
  g_autoptr(HdSurvey) survey = NULL;
  g_autofree char *since = NULL;
  g_autofree char *state = NULL;
  HdSurvey *open_survey = NULL;
  gboolean awaiting, answered;

  if (self->store == NULL || self->ticket_uuid == NULL ||
      (ticket = hd_store_get_ticket (self->store, self->ticket_uuid, NULL)) == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);

  survey = hd_store_get_latest_survey (self->store, self->ticket_uuid, NULL);
  awaiting = hd_ticket_get_status (ticket) == HD_STATUS_AWAITING_FEEDBACK;
  answered = !awaiting && hd_ticket_get_satisfaction (ticket) != HD_SATISFACTION_NONE;
  if (survey != NULL && survey->answered_at == 0)
    open_survey = survey;

  if (awaiting)
    {
      if (open_survey != NULL)
        {
          since = format_time (open_survey->created_at);
          /* Translators: %s is a date and time */
          state = g_strdup_printf (_("Waiting for the customer's answer since %s"), since);
        }
      else
        state = g_strdup (_("Waiting for the customer's answer"));
    }
  else if (answered)
    state = g_strdup (_("Answered"));
  else
    state = g_strdup (_("No survey yet: one starts when the result is sent to the customer "
                        "(Awaiting Feedback)"));
  adw_action_row_set_subtitle (self->state_row, state);

  gtk_widget_set_visible (GTK_WIDGET (self->answer_row), answered);
  if (answered)
    show_answer (self, ticket);

  gtk_widget_set_visible (GTK_WIDGET (self->link_row), awaiting);
  show_link (self, awaiting ? open_survey : NULL);
  if (!awaiting)
    gtk_widget_set_visible (GTK_WIDGET (self->link_label), FALSE);

  gtk_widget_set_sensitive (GTK_WIDGET (self->record_button), awaiting);
}

/* Dialog ----------------------------------------------------------------------- */

static HdSatisfaction
chosen_rating (HdTicketSurvey *self)
{
  for (guint r = HD_SATISFACTION_VERY_SATISFIED; r <= HD_SATISFACTION_DISSATISFIED; r++)
    if (self->rating_buttons[r] != NULL && gtk_check_button_get_active (self->rating_buttons[r]))
      return r;
  return HD_SATISFACTION_NONE;
}

static void
on_rating_toggled (HdTicketSurvey *self)
{
  if (self->dialog != NULL)
    adw_message_dialog_set_response_enabled (self->dialog, "record",
                                             chosen_rating (self) != HD_SATISFACTION_NONE);
}

static void
on_dialog_response (AdwMessageDialog *dialog,
                    const char       *response,
                    HdTicketSurvey   *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *comment = NULL;
  HdSatisfaction rating = chosen_rating (self);

  if (g_strcmp0 (response, "record") == 0 && self->store != NULL && self->ticket_uuid != NULL)
    {
      comment = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->comment_entry))));
      if (!hd_ticket_commands_record_survey_answer (self->store, self->ticket_uuid, rating,
                                                    comment[0] != '\0' ? comment : NULL,
                                                    self->author,
                                                    g_get_real_time () / G_USEC_PER_SEC, &error))
        toast (self, error->message);
      else if (rating == HD_SATISFACTION_DISSATISFIED)
        toast (self, _("Reopened and escalated to the team lead"));
      else
        toast (self, _("Answer recorded"));
    }

  memset (self->rating_buttons, 0, sizeof self->rating_buttons);
  self->comment_entry = NULL;
  self->dialog = NULL;
}

static GtkWidget *
build_dialog_content (HdTicketSurvey *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *choices = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *heading = gtk_label_new (_("How satisfied is the customer?"));
  GtkWidget *comment_label;
  GtkCheckButton *group = NULL;

  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_box_append (GTK_BOX (box), heading);

  /* A radio group: Tab reaches it, arrows move, Space chooses. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (choices), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("How satisfied is the customer?"), -1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (choices), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  heading, NULL, -1);
  for (guint r = HD_SATISFACTION_VERY_SATISFIED; r <= HD_SATISFACTION_DISSATISFIED; r++)
    {
      GtkWidget *button = gtk_check_button_new_with_label (hd_satisfaction_get_label (r));

      gtk_widget_set_name (button, hd_satisfaction_to_id (r));
      if (group != NULL)
        gtk_check_button_set_group (GTK_CHECK_BUTTON (button), group);
      else
        group = GTK_CHECK_BUTTON (button);
      g_signal_connect_swapped (button, "toggled", G_CALLBACK (on_rating_toggled), self);
      self->rating_buttons[r] = GTK_CHECK_BUTTON (button);
      gtk_box_append (GTK_BOX (choices), button);
    }
  gtk_box_append (GTK_BOX (box), choices);

  comment_label = gtk_label_new_with_mnemonic (_("_Comment (optional)"));
  gtk_label_set_xalign (GTK_LABEL (comment_label), 0);
  gtk_widget_set_margin_top (comment_label, 12);
  gtk_widget_add_css_class (comment_label, "heading");
  self->comment_entry = GTK_ENTRY (gtk_entry_new ());
  /* Characters of at most 4 bytes in UTF-8: the bound holds in bytes too. */
  gtk_entry_set_max_length (self->comment_entry, HD_SURVEY_MAX_COMMENT / 4);
  gtk_entry_set_activates_default (self->comment_entry, TRUE);
  gtk_label_set_mnemonic_widget (GTK_LABEL (comment_label), GTK_WIDGET (self->comment_entry));
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->comment_entry), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  comment_label, NULL, -1);
  gtk_box_append (GTK_BOX (box), comment_label);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->comment_entry));
  return box;
}

AdwMessageDialog *
hd_ticket_survey_open_dialog (HdTicketSurvey *self)
{
  GtkRoot *root;
  GtkWidget *dialog;

  g_return_val_if_fail (HD_IS_TICKET_SURVEY (self), NULL);

  if (self->dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->dialog));
      return self->dialog;
    }
  root = gtk_widget_get_root (GTK_WIDGET (self));
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Record the Customer's Answer"),
                                   _("The answer the customer gave on the phone. It moves the ticket to "
                                     "Pending Close; “Not Satisfied” reopens it and escalates it to the "
                                     "team lead."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "record", _("_Record"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "record",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "record");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  self->dialog = ADW_MESSAGE_DIALOG (dialog);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), build_dialog_content (self));
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "record", FALSE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_dialog_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (GTK_WIDGET (self->rating_buttons[HD_SATISFACTION_VERY_SATISFIED]));
  return self->dialog;
}

static void
on_record_clicked (HdTicketSurvey *self)
{
  hd_ticket_survey_open_dialog (self);
}

static void
on_copy_clicked (HdTicketSurvey *self)
{
  if (self->link == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), self->link);
  toast (self, _("Survey link copied"));
}

/* API -------------------------------------------------------------------------- */

GtkWidget *
hd_ticket_survey_new (void)
{
  return g_object_new (HD_TYPE_TICKET_SURVEY, NULL);
}

static void
on_events_changed (HdTicketSurvey *self,
                   const char     *ticket_uuid)
{
  if (g_strcmp0 (ticket_uuid, self->ticket_uuid) == 0)
    refresh (self);
}

void
hd_ticket_survey_set_ticket (HdTicketSurvey *self,
                             HdStore        *store,
                             const char     *ticket_uuid,
                             const char     *author)
{
  g_return_if_fail (HD_IS_TICKET_SURVEY (self));
  g_return_if_fail (store == NULL || HD_IS_STORE (store));

  if (store != self->store)
    {
      if (self->store != NULL)
        {
          g_clear_signal_handler (&self->tickets_changed_id, self->store);
          g_clear_signal_handler (&self->events_changed_id, self->store);
        }
      g_set_object (&self->store, store);
      if (store != NULL)
        {
          self->tickets_changed_id = g_signal_connect_swapped (store, "tickets-changed",
                                                               G_CALLBACK (refresh), self);
          self->events_changed_id = g_signal_connect_swapped (store, "events-changed",
                                                              G_CALLBACK (on_events_changed), self);
        }
    }
  if (g_strcmp0 (ticket_uuid, self->ticket_uuid) != 0)
    {
      g_free (self->ticket_uuid);
      self->ticket_uuid = g_strdup (ticket_uuid);
    }
  g_free (self->author);
  self->author = g_strdup (author);
  refresh (self);
}

void
hd_ticket_survey_set_server_url (HdTicketSurvey *self,
                                 const char     *url)
{
  g_return_if_fail (HD_IS_TICKET_SURVEY (self));

  g_free (self->server_url);
  self->server_url = g_strdup (url);
  refresh (self);
}

const char *
hd_ticket_survey_get_link (HdTicketSurvey *self)
{
  g_return_val_if_fail (HD_IS_TICKET_SURVEY (self), NULL);
  return self->link;
}

static void
hd_ticket_survey_dispose (GObject *object)
{
  HdTicketSurvey *self = HD_TICKET_SURVEY (object);

  if (self->dialog != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->dialog, self);
      gtk_window_destroy (GTK_WINDOW (self->dialog));
      self->dialog = NULL;
    }
  if (self->store != NULL)
    {
      g_clear_signal_handler (&self->tickets_changed_id, self->store);
      g_clear_signal_handler (&self->events_changed_id, self->store);
    }
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), HD_TYPE_TICKET_SURVEY);

  G_OBJECT_CLASS (hd_ticket_survey_parent_class)->dispose (object);
}

static void
hd_ticket_survey_finalize (GObject *object)
{
  HdTicketSurvey *self = HD_TICKET_SURVEY (object);

  g_free (self->ticket_uuid);
  g_free (self->author);
  g_free (self->server_url);
  g_free (self->link);

  G_OBJECT_CLASS (hd_ticket_survey_parent_class)->finalize (object);
}

static void
hd_ticket_survey_class_init (HdTicketSurveyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hd_ticket_survey_dispose;
  object_class->finalize = hd_ticket_survey_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/hd-ticket-survey.ui");
  gtk_widget_class_bind_template_child (widget_class, HdTicketSurvey, group);
  gtk_widget_class_bind_template_child (widget_class, HdTicketSurvey, record_button);
  gtk_widget_class_bind_template_child (widget_class, HdTicketSurvey, state_row);
  gtk_widget_class_bind_template_child (widget_class, HdTicketSurvey, answer_row);
  gtk_widget_class_bind_template_child (widget_class, HdTicketSurvey, rating_label);
  gtk_widget_class_bind_template_child (widget_class, HdTicketSurvey, link_row);
  gtk_widget_class_bind_template_child (widget_class, HdTicketSurvey, copy_button);
  gtk_widget_class_bind_template_child (widget_class, HdTicketSurvey, link_label);
  gtk_widget_class_bind_template_callback (widget_class, on_record_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_clicked);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "ticketsurvey");
}

static void
hd_ticket_survey_init (HdTicketSurvey *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}
