/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-ticket-commands"

#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>
#include <glib/gi18n-lib.h>

#include "hd-event-data.h"
#include "hd-sla.h"
#include "hd-store-commands.h"
#include "hd-ticket-commands.h"
#include "hd-transitions.h"
#include "hd-uuid.h"

G_DEFINE_QUARK (hd-ticket-command-error-quark, hd_ticket_command_error)

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (; *text != '\0'; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;
  return TRUE;
}

static GPtrArray *
events_new (void)
{
  return g_ptr_array_new_with_free_func (g_object_unref);
}

static HdTicket *
load (HdStore     *store,
      const char  *uuid,
      GError     **error)
{
  g_return_val_if_fail (HD_IS_STORE (store), NULL);
  g_return_val_if_fail (uuid != NULL, NULL);

  return hd_store_get_ticket (store, uuid, error);
}

static gboolean
write_status (HdStore     *store,
              HdTicket    *ticket,
              HdStatus     to,
              gboolean     undo,
              const char  *author,
              gint64       now,
              GError     **error)
{
  g_autoptr(GPtrArray) events = events_new ();
  HdStatus from = hd_ticket_get_status (ticket);
  JsonBuilder *data = hd_event_data_begin ();

  hd_event_data_add_string (data, "from", hd_status_to_id (from));
  hd_event_data_add_string (data, "to", hd_status_to_id (to));
  if (undo)
    {
      json_builder_set_member_name (data, "undo");
      json_builder_add_boolean_value (data, TRUE);
    }

  hd_ticket_set_status (ticket, to);
  /* A new survey round (hd-survey.h): an earlier answer must not block closing. */
  if (to == HD_STATUS_AWAITING_FEEDBACK)
    hd_ticket_set_satisfaction (ticket, HD_SATISFACTION_NONE);
  if (from == HD_STATUS_PENDING && hd_ticket_get_first_response_at (ticket) == 0)
    hd_ticket_set_first_response_at (ticket, now);

  g_ptr_array_add (events, hd_event_new_for_ticket (ticket, HD_EVENT_STATUS_CHANGE, author, now, NULL, data));
  return hd_store_apply_ticket_change (store, ticket, events, now, error);
}

gboolean
hd_ticket_commands_change_status (HdStore     *store,
                                  const char  *uuid,
                                  HdStatus     to,
                                  const char  *author,
                                  gint64       now,
                                  HdStatus    *previous,
                                  GError     **error)
{
  g_autoptr(HdTicket) ticket = load (store, uuid, error);

  if (ticket == NULL)
    return FALSE;
  if (previous != NULL)
    *previous = hd_ticket_get_status (ticket);
  if (!hd_transitions_check (ticket, to, error))
    return FALSE;
  return write_status (store, ticket, to, FALSE, author, now, error);
}

gboolean
hd_ticket_commands_revert_status (HdStore     *store,
                                  const char  *uuid,
                                  HdStatus     to,
                                  const char  *author,
                                  gint64       now,
                                  GError     **error)
{
  g_autoptr(HdTicket) ticket = load (store, uuid, error);

  g_return_val_if_fail ((guint) to < HD_N_STATUSES, FALSE);

  if (ticket == NULL)
    return FALSE;
  if (hd_ticket_get_status (ticket) == to)
    return TRUE;
  return write_status (store, ticket, to, TRUE, author, now, error);
}

gboolean
hd_ticket_commands_add_note (HdStore     *store,
                             const char  *uuid,
                             const char  *text,
                             gboolean     is_solution,
                             const char  *author,
                             gint64       now,
                             GError     **error)
{
  g_autoptr(HdTicket) ticket = load (store, uuid, error);
  g_autoptr(GPtrArray) events = events_new ();
  g_autofree char *stripped = NULL;
  JsonBuilder *data = NULL;
  HdTicket *changed = NULL;

  if (ticket == NULL)
    return FALSE;
  if (is_blank (text))
    {
      g_set_error_literal (error, HD_TICKET_COMMAND_ERROR, HD_TICKET_COMMAND_ERROR_INVALID,
                           _("Write what was done before adding the note"));
      return FALSE;
    }
  stripped = g_strstrip (g_strdup (text));

  if (is_solution)
    {
      data = hd_event_data_begin ();
      json_builder_set_member_name (data, "solution");
      json_builder_add_boolean_value (data, TRUE);
    }
  /* A note to the customer is a response too (SPEC R1.2). */
  if (hd_ticket_get_first_response_at (ticket) == 0)
    {
      hd_ticket_set_first_response_at (ticket, now);
      changed = ticket;
    }

  g_ptr_array_add (events, hd_event_new_for_ticket (ticket, HD_EVENT_NOTE, author, now, stripped, data));
  return hd_store_apply_ticket_change (store, changed, events, now, error);
}

gboolean
hd_ticket_commands_set_result (HdStore     *store,
                               const char  *uuid,
                               const char  *result,
                               const char  *author,
                               gint64       now,
                               GError     **error)
{
  g_autoptr(HdTicket) ticket = load (store, uuid, error);
  g_autoptr(GPtrArray) events = events_new ();
  g_autofree char *stripped = NULL;
  JsonBuilder *data;

  if (ticket == NULL)
    return FALSE;
  stripped = g_strstrip (g_strdup (result != NULL ? result : ""));
  if (g_strcmp0 (stripped, hd_ticket_get_result (ticket) ? hd_ticket_get_result (ticket) : "") == 0)
    return TRUE;

  data = hd_event_data_begin ();
  json_builder_set_member_name (data, "fields");
  json_builder_begin_object (data);
  json_builder_set_member_name (data, "result");
  json_builder_begin_object (data);
  hd_event_data_add_string (data, "from", hd_ticket_get_result (ticket));
  hd_event_data_add_string (data, "to", stripped);
  json_builder_end_object (data);
  json_builder_end_object (data);

  g_ptr_array_add (events, hd_event_new_for_ticket (ticket, HD_EVENT_FIELD_CHANGE, author, now, NULL, data));
  hd_ticket_set_result (ticket, stripped[0] != '\0' ? stripped : NULL);
  return hd_store_apply_ticket_change (store, ticket, events, now, error);
}

gboolean
hd_ticket_commands_reassign (HdStore     *store,
                             const char  *uuid,
                             const char  *group,
                             const char  *handler,
                             const char  *note,
                             const char  *author,
                             gint64       now,
                             GError     **error)
{
  g_autoptr(HdTicket) ticket = load (store, uuid, error);
  g_autoptr(GPtrArray) events = events_new ();
  JsonBuilder *data;

  if (ticket == NULL)
    return FALSE;
  if (is_blank (handler))
    {
      g_set_error_literal (error, HD_TICKET_COMMAND_ERROR, HD_TICKET_COMMAND_ERROR_INVALID,
                           _("Choose who handles the ticket"));
      return FALSE;
    }

  data = hd_event_data_begin ();
  hd_event_data_add_string (data, "from_handler", hd_ticket_get_handler (ticket));
  hd_event_data_add_string (data, "to_handler", handler);
  hd_event_data_add_string (data, "from_group", hd_ticket_get_group (ticket));
  hd_event_data_add_string (data, "to_group", group != NULL ? group : hd_ticket_get_group (ticket));

  hd_ticket_set_handler (ticket, handler);
  if (group != NULL)
    hd_ticket_set_group (ticket, group);
  g_ptr_array_add (events, hd_event_new_for_ticket (ticket, HD_EVENT_ASSIGNMENT, author, now,
                                      is_blank (note) ? NULL : note, data));
  return hd_store_apply_ticket_change (store, ticket, events, now, error);
}

gboolean
hd_ticket_commands_change_priority (HdStore     *store,
                                    HdConfig    *config,
                                    const char  *uuid,
                                    const char  *priority,
                                    const char  *reason,
                                    const char  *author,
                                    gint64       now,
                                    GError     **error)
{
  g_autoptr(HdTicket) ticket = NULL;
  g_autoptr(GPtrArray) events = events_new ();
  gint64 response_due, resolution_due;
  JsonBuilder *data;

  g_return_val_if_fail (HD_IS_CONFIG (config), FALSE);

  ticket = load (store, uuid, error);
  if (ticket == NULL)
    return FALSE;
  if (priority == NULL || hd_config_get_priority_rank (config, priority) < 0)
    {
      g_set_error (error, HD_TICKET_COMMAND_ERROR, HD_TICKET_COMMAND_ERROR_INVALID,
                   _("“%s” is not a configured priority"), priority ? priority : "");
      return FALSE;
    }
  if (is_blank (reason))
    {
      g_set_error_literal (error, HD_TICKET_COMMAND_ERROR, HD_TICKET_COMMAND_ERROR_INVALID,
                           _("Give a reason for changing the priority"));
      return FALSE;
    }
  if (g_strcmp0 (priority, hd_ticket_get_priority (ticket)) == 0)
    return TRUE;

  hd_sla_compute_deadlines (config, priority, hd_ticket_get_created_at (ticket),
                            &response_due, &resolution_due);

  data = hd_event_data_begin ();
  hd_event_data_add_string (data, "from", hd_ticket_get_priority (ticket));
  hd_event_data_add_string (data, "to", priority);
  json_builder_set_member_name (data, "response_due");
  json_builder_add_int_value (data, response_due);
  json_builder_set_member_name (data, "resolution_due");
  json_builder_add_int_value (data, resolution_due);

  hd_ticket_set_priority (ticket, priority);
  hd_ticket_set_response_due (ticket, response_due);
  hd_ticket_set_resolution_due (ticket, resolution_due);
  g_ptr_array_add (events, hd_event_new_for_ticket (ticket, HD_EVENT_PRIORITY_CHANGE, author, now, reason, data));
  return hd_store_apply_ticket_change (store, ticket, events, now, error);
}

gboolean
hd_ticket_commands_request_escalation (HdStore            *store,
                                       const char         *uuid,
                                       const char * const *departments,
                                       const char         *resources,
                                       const char         *author,
                                       gint64              now,
                                       GError            **error)
{
  g_autoptr(HdTicket) ticket = load (store, uuid, error);
  g_autoptr(GPtrArray) events = events_new ();
  JsonBuilder *data;

  if (ticket == NULL)
    return FALSE;
  if (departments == NULL || departments[0] == NULL)
    {
      g_set_error_literal (error, HD_TICKET_COMMAND_ERROR, HD_TICKET_COMMAND_ERROR_INVALID,
                           _("Name the departments whose help is needed"));
      return FALSE;
    }
  if (is_blank (resources))
    {
      g_set_error_literal (error, HD_TICKET_COMMAND_ERROR, HD_TICKET_COMMAND_ERROR_INVALID,
                           _("Describe the resources needed"));
      return FALSE;
    }
  if (hd_ticket_commands_get_escalation_state (store, uuid) == HD_ESCALATION_STATE_REQUESTED)
    {
      g_set_error_literal (error, HD_TICKET_COMMAND_ERROR, HD_TICKET_COMMAND_ERROR_INVALID,
                           _("An escalation request is already waiting for the team lead"));
      return FALSE;
    }

  data = hd_event_data_begin ();
  json_builder_set_member_name (data, "departments");
  json_builder_begin_array (data);
  for (guint i = 0; departments[i] != NULL; i++)
    json_builder_add_string_value (data, departments[i]);
  json_builder_end_array (data);
  hd_event_data_add_string (data, "resources", resources);

  g_ptr_array_add (events, hd_event_new_for_ticket (ticket, HD_EVENT_ESCALATION_REQUEST, author, now,
                                      resources, data));
  return hd_store_apply_ticket_change (store, NULL, events, now, error);
}

gboolean
hd_ticket_commands_decide_escalation (HdStore     *store,
                                      const char  *uuid,
                                      gboolean     approve,
                                      const char  *note,
                                      const char  *author,
                                      gint64       now,
                                      GError     **error)
{
  g_autoptr(HdTicket) ticket = load (store, uuid, error);
  g_autoptr(GPtrArray) events = events_new ();
  JsonBuilder *data;
  HdTicket *changed = NULL;

  if (ticket == NULL)
    return FALSE;
  if (hd_ticket_commands_get_escalation_state (store, uuid) != HD_ESCALATION_STATE_REQUESTED)
    {
      g_set_error_literal (error, HD_TICKET_COMMAND_ERROR, HD_TICKET_COMMAND_ERROR_NO_REQUEST,
                           _("No escalation request is waiting for a decision"));
      return FALSE;
    }

  data = hd_event_data_begin ();
  json_builder_set_member_name (data, "approved");
  json_builder_add_boolean_value (data, approve);
  if (approve && !hd_ticket_get_escalated (ticket))
    {
      hd_ticket_set_escalated (ticket, TRUE);
      changed = ticket;
    }
  g_ptr_array_add (events, hd_event_new_for_ticket (ticket, HD_EVENT_ESCALATION_DECISION, author, now,
                                      is_blank (note) ? NULL : note, data));
  return hd_store_apply_ticket_change (store, changed, events, now, error);
}

gboolean
hd_ticket_commands_flag_escalated (HdStore               *store,
                                   const char            *uuid,
                                   HdEscalationCondition  condition,
                                   const char            *author,
                                   gint64                 now,
                                   GError               **error)
{
  const char *uuids[] = { uuid, NULL };

  return hd_ticket_commands_flag_escalated_many (store, uuids, &condition, author, now, error);
}

gboolean
hd_ticket_commands_flag_escalated_many (HdStore                     *store,
                                        const char * const          *uuids,
                                        const HdEscalationCondition *conditions,
                                        const char                  *author,
                                        gint64                       now,
                                        GError                     **error)
{
  g_autoptr(GPtrArray) tickets = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) event_lists = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);

  g_return_val_if_fail (HD_IS_STORE (store), FALSE);
  g_return_val_if_fail (uuids != NULL && conditions != NULL, FALSE);

  for (guint i = 0; uuids[i] != NULL; i++)
    {
      g_autoptr(HdTicket) ticket = load (store, uuids[i], error);
      GPtrArray *events;
      JsonBuilder *data;
      HdEscalationCondition condition = conditions[i];

      if (ticket == NULL)
        return FALSE;
      if (hd_ticket_get_escalated (ticket))
        continue;

      data = hd_event_data_begin ();
      hd_event_data_add_string (data, "condition",
                       condition == HD_ESCALATION_NO_INITIAL_SOLUTION ? "no_initial_solution"
                       : condition == HD_ESCALATION_NO_PROGRESS_UPDATE ? "no_progress_update"
                       : "other");
      hd_ticket_set_escalated (ticket, TRUE);
      events = events_new ();
      g_ptr_array_add (events, hd_event_new_for_ticket (ticket, HD_EVENT_ESCALATED, author, now,
                                          hd_escalation_condition_get_label (condition), data));
      g_ptr_array_add (tickets, g_steal_pointer (&ticket));
      g_ptr_array_add (event_lists, events);
    }

  return hd_store_apply_ticket_changes (store, tickets, event_lists, now, error);
}

HdEscalationState
hd_ticket_commands_get_escalation_state (HdStore    *store,
                                         const char *uuid)
{
  g_autoptr(GPtrArray) events = NULL;

  g_return_val_if_fail (HD_IS_STORE (store), HD_ESCALATION_STATE_NONE);
  g_return_val_if_fail (uuid != NULL, HD_ESCALATION_STATE_NONE);

  events = hd_store_list_events (store, uuid, NULL);
  for (guint i = events != NULL ? events->len : 0; i > 0; i--)
    {
      HdEvent *event = g_ptr_array_index (events, i - 1);

      if (hd_event_get_kind (event) == HD_EVENT_ESCALATION_REQUEST)
        return HD_ESCALATION_STATE_REQUESTED;
      if (hd_event_get_kind (event) == HD_EVENT_ESCALATION_DECISION)
        {
          const char *data = hd_event_get_data (event);
          return data != NULL && strstr (data, "\"approved\":true") != NULL
                 ? HD_ESCALATION_STATE_APPROVED : HD_ESCALATION_STATE_DECLINED;
        }
    }
  return HD_ESCALATION_STATE_NONE;
}
