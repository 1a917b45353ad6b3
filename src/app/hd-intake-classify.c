/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-intake"

#include "config.h"

#include <glib/gi18n.h>

#include "hd-due-format.h"
#include "hd-intake-dialog-private.h"
#include "hd-priority.h"
#include "hd-sla.h"
#include "hd-store-intake.h"

/*
 * The classification panel of the intake form: problem type proposed from
 * rules and past tickets (SPEC R2.3/R2.4), priority from impact × urgency
 * (R2.2), deadlines (R4.1) and the proposed handler (R3).
 */

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

static void
fill_subtypes (HdIntakeDialog *self)
{
  const char *type_l1 = hd_intake_dialog_selected_id (self->type_l1_row);
  g_autoptr(GListModel) subtypes = type_l1 ? hd_config_list_subtypes (self->config, type_l1) : NULL;
  g_autoptr(GListModel) model = with_placeholder (subtypes, C_("sub-type", "None"));

  self->updating++;
  set_item_model (self->type_l2_row, model);
  self->updating--;
}

const char *
hd_intake_selected_handler (HdIntakeDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->handler_row);
  const char *id;
  const HdRosterAgent *agent;

  if (selected == GTK_INVALID_LIST_POSITION || selected >= self->handler_ids->len)
    return NULL;
  id = g_ptr_array_index (self->handler_ids, selected);
  agent = hd_roster_find_agent (self->roster, id);
  return agent ? agent->name : NULL;
}

void
hd_intake_select_handler (HdIntakeDialog *self,
                          const char     *handler)
{
  for (guint i = 0; i < self->handler_ids->len; i++)
    {
      const HdRosterAgent *agent = hd_roster_find_agent (self->roster, g_ptr_array_index (self->handler_ids, i));
      if ((agent == NULL && handler == NULL) ||
          (agent != NULL && g_strcmp0 (agent->name, handler) == 0))
        {
          self->updating++;
          adw_combo_row_set_selected (self->handler_row, i);
          self->updating--;
          return;
        }
    }
}

/* Only routine tickets (P2, 中, 低: the third rank and below) are resolved
 * on the spot (SPEC R3.3); anything more urgent goes to a handler. */
static void
update_resolve_row (HdIntakeDialog *self)
{
  const char *priority = hd_intake_dialog_selected_id (self->priority_row);
  gboolean routine = priority == NULL || hd_config_get_priority_rank (self->config, priority) >= 2;

  if (!routine)
    adw_expander_row_set_enable_expansion (self->resolve_row, FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->resolve_row), routine);
  adw_expander_row_set_subtitle (self->resolve_row,
                                 routine ? _("The customer’s question was answered during this contact")
                                         : _("Only routine tickets are resolved on the spot; this one goes to a handler"));
}

static void
update_deadlines (HdIntakeDialog *self)
{
  const char *priority = hd_intake_dialog_selected_id (self->priority_row);
  gint64 response = 0, resolution = 0;
  g_autoptr(GDateTime) r = NULL;
  g_autoptr(GDateTime) s = NULL;
  g_autofree char *r_text = NULL;
  g_autofree char *s_text = NULL;
  g_autofree char *text = NULL;

  if (priority == NULL ||
      !hd_sla_compute_deadlines (self->config, priority, self->created_at, &response, &resolution))
    {
      adw_action_row_set_subtitle (self->deadlines_row, _("No targets for this priority"));
      return;
    }
  r = g_date_time_new_from_unix_local (response);
  s = g_date_time_new_from_unix_local (resolution);
  r_text = g_date_time_format (r, _("%m-%d %H:%M"));
  s_text = g_date_time_format (s, _("%m-%d %H:%M"));
  /* Translators: the deadlines of a new ticket, e.g. "Respond by 05-01 10:40 · Resolve by 05-02 18:00" */
  text = g_strdup_printf (_("Respond by %s · Resolve by %s"), r_text, s_text);
  adw_action_row_set_subtitle (self->deadlines_row, text);
}

static void
update_priority_reason_row (HdIntakeDialog *self)
{
  const char *selected = hd_intake_dialog_selected_id (self->priority_row);
  gboolean overridden = self->proposed_priority != NULL &&
                        g_strcmp0 (selected, self->proposed_priority) != 0;

  gtk_widget_set_visible (GTK_WIDGET (self->priority_reason_row), overridden);
  if (!overridden)
    gtk_widget_set_visible (self->priority_error, FALSE);
}

void
hd_intake_priority_update (HdIntakeDialog *self)
{
  g_autofree char *reason = NULL;
  const char *selected = hd_intake_dialog_selected_id (self->priority_row);
  gboolean was_proposed = g_strcmp0 (selected, self->proposed_priority) == 0 ||
                          self->proposed_priority == NULL;
  const char *proposed;

  proposed = hd_priority_compute (self->config,
                                  adw_combo_row_get_selected (self->impact_row),
                                  adw_combo_row_get_selected (self->urgency_row),
                                  &reason);
  g_free (self->proposed_priority);
  self->proposed_priority = g_strdup (proposed);
  g_free (self->priority_reason);
  self->priority_reason = g_strdup (reason);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->priority_row), reason);

  if (was_proposed)
    {
      self->updating++;
      hd_intake_dialog_select_id (self->priority_row, proposed);
      self->updating--;
    }
  update_priority_reason_row (self);
  update_deadlines (self);
  update_resolve_row (self);
  hd_intake_routing_update (self);
}

void
hd_intake_routing_update (HdIntakeDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) by_name = NULL;
  HdRoutingProposal proposal;
  const char *group = hd_intake_dialog_selected_id (self->group_row);
  const char *skill = hd_intake_dialog_selected_id (self->type_l2_row);
  const char *priority = hd_intake_dialog_selected_id (self->priority_row);

  /* Tickets name their handler; the roster knows agents by id. Counted once
   * per form: the loads do not change while the agent types. */
  if (self->loads == NULL)
    {
      self->loads = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      by_name = hd_store_count_open_by_handler (self->store, &error);
      if (by_name == NULL)
        g_warning ("Could not count open tickets: %s", error->message);
      for (guint i = 0; by_name != NULL && i < hd_roster_get_n_agents (self->roster); i++)
        {
          const HdRosterAgent *agent = hd_roster_get_agent (self->roster, i);
          gpointer count = g_hash_table_lookup (by_name, agent->name);
          if (count != NULL)
            g_hash_table_insert (self->loads, g_strdup (agent->id), count);
        }
    }

  hd_routing_propose (self->roster, self->config, priority, group, skill, self->loads,
                      g_get_real_time () / G_USEC_PER_SEC, &proposal);

  g_clear_pointer (&self->notify, g_ptr_array_unref);
  self->notify = g_ptr_array_ref (proposal.notify);
  g_free (self->routing_reason);
  self->routing_reason = g_strdup (proposal.reason);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->handler_row), proposal.reason);

  /* An urgent ticket always goes to the duty lead; otherwise the agent's
   * own choice stands. */
  if (!self->handler_chosen_by_hand || proposal.urgent)
    hd_intake_select_handler (self, proposal.handler ? proposal.handler->name : NULL);
  hd_routing_proposal_clear (&proposal);
}

static void
show_proposal (HdIntakeDialog *self)
{
  const char *label;

  if (self->proposal.source == HD_PROPOSAL_NONE)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->proposal_row), _("No Proposal Yet"));
      adw_action_row_set_subtitle (self->proposal_row,
                                   _("Proposed from the classification rules and earlier tickets as you type"));
      gtk_widget_set_sensitive (self->apply_proposal_button, FALSE);
      return;
    }
  label = hd_config_get_type_label (self->config, self->proposal.type_l1, self->proposal.type_l2);
  {
    const char *l1 = hd_config_get_type_label (self->config, self->proposal.type_l1, NULL);
    g_autofree char *title = self->proposal.type_l2 && label
                             ? g_strdup_printf ("%s / %s", l1, label)
                             : g_strdup (l1 ? l1 : self->proposal.type_l1);
    g_autofree char *escaped = g_markup_escape_text (title, -1);
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->proposal_row), escaped);
  }
  {
    g_autofree char *escaped = g_markup_escape_text (self->proposal.reason, -1);
    adw_action_row_set_subtitle (self->proposal_row, escaped);
  }
  gtk_widget_set_sensitive (self->apply_proposal_button,
                            g_strcmp0 (hd_intake_dialog_selected_id (self->type_l1_row), self->proposal.type_l1) != 0 ||
                            g_strcmp0 (hd_intake_dialog_selected_id (self->type_l2_row), self->proposal.type_l2) != 0);
}

void
hd_intake_use_proposal (HdIntakeDialog *self)
{
  if (self->proposal.source == HD_PROPOSAL_NONE)
    return;
  self->updating++;
  hd_intake_dialog_select_id (self->type_l1_row, self->proposal.type_l1);
  fill_subtypes (self);
  hd_intake_dialog_select_id (self->type_l2_row, self->proposal.type_l2);
  if (!self->group_chosen_by_hand && self->proposal.group != NULL)
    hd_intake_dialog_select_id (self->group_row, self->proposal.group);
  self->updating--;
  self->type_chosen_by_hand = FALSE;
  show_proposal (self);
  hd_intake_routing_update (self);
  hd_intake_dialog_changed (self);
}

void
hd_intake_classify_update (HdIntakeDialog *self)
{
  g_autofree char *text = hd_intake_dialog_get_description (self);

  hd_classification_clear (&self->proposal);
  hd_classifier_propose (self->classifier, self->config, text, &self->proposal);
  if (self->proposal.source != HD_PROPOSAL_NONE && !self->type_chosen_by_hand)
    hd_intake_use_proposal (self);
  else
    show_proposal (self);
}

static void
on_type_l1_selected (HdIntakeDialog *self)
{
  fill_subtypes (self);
  if (self->updating > 0)
    return;
  self->type_chosen_by_hand = TRUE;
  if (!self->group_chosen_by_hand)
    {
      const char *group = hd_config_get_type_group (self->config,
                                                    hd_intake_dialog_selected_id (self->type_l1_row), NULL);
      self->updating++;
      hd_intake_dialog_select_id (self->group_row, group);
      self->updating--;
    }
  show_proposal (self);
  hd_intake_routing_update (self);
  hd_intake_dialog_changed (self);
}

static void
on_type_l2_selected (HdIntakeDialog *self)
{
  if (self->updating > 0)
    return;
  self->type_chosen_by_hand = TRUE;
  show_proposal (self);
  hd_intake_routing_update (self);
  hd_intake_dialog_changed (self);
}

static void
on_impact_or_urgency_selected (HdIntakeDialog *self)
{
  if (self->updating > 0)
    return;
  hd_intake_priority_update (self);
  hd_intake_dialog_changed (self);
}

static void
on_priority_selected (HdIntakeDialog *self)
{
  if (self->updating > 0)
    return;
  update_priority_reason_row (self);
  update_deadlines (self);
  update_resolve_row (self);
  hd_intake_routing_update (self);
  hd_intake_dialog_changed (self);
}

static void
on_group_selected (HdIntakeDialog *self)
{
  if (self->updating > 0)
    return;
  self->group_chosen_by_hand = TRUE;
  hd_intake_routing_update (self);
  hd_intake_dialog_changed (self);
}

static void
on_handler_selected (HdIntakeDialog *self)
{
  if (self->updating > 0)
    return;
  self->handler_chosen_by_hand = TRUE;
  hd_intake_dialog_changed (self);
}

/* The handler list shows each agent's state; rebuilt when a state changes,
 * keeping the selection. */
void
hd_intake_handlers_refresh (HdIntakeDialog *self)
{
  g_autoptr(GtkStringList) handlers = gtk_string_list_new (NULL);
  g_autofree char *selected = NULL;

  if (self->handler_ids != NULL)
    selected = g_strdup (hd_intake_selected_handler (self));
  g_clear_pointer (&self->handler_ids, g_ptr_array_unref);
  self->handler_ids = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->handler_ids, g_strdup (""));
  gtk_string_list_append (handlers, _("Unassigned"));
  for (guint i = 0; i < hd_roster_get_n_agents (self->roster); i++)
    {
      const HdRosterAgent *agent = hd_roster_get_agent (self->roster, i);
      g_autofree char *label = NULL;

      if (agent->role != HD_ROSTER_ROLE_AGENT && agent->role != HD_ROSTER_ROLE_TEAM_LEAD)
        continue;
      /* Translators: an agent in the handler list, e.g. "陈宇 (Idle)" */
      label = g_strdup_printf (_("%s (%s)"), agent->name,
                               agent->role == HD_ROSTER_ROLE_TEAM_LEAD && agent->state != HD_AGENT_AWAY
                               ? _("Team lead") : hd_agent_state_get_label (agent->state));
      gtk_string_list_append (handlers, label);
      g_ptr_array_add (self->handler_ids, g_strdup (agent->id));
    }
  self->updating++;
  adw_combo_row_set_model (self->handler_row, G_LIST_MODEL (handlers));
  self->updating--;
  hd_intake_select_handler (self, selected);
}

void
hd_intake_classify_setup (HdIntakeDialog *self)
{
  g_autoptr(GListModel) types = hd_config_list_types (self->config);
  g_autoptr(GListModel) type_model = with_placeholder (types, _("Not Classified"));
  g_autoptr(GListModel) groups = hd_config_list_groups (self->config);
  g_autoptr(GListModel) group_model = with_placeholder (groups, _("No Group"));
  g_autoptr(GListModel) priorities = hd_config_list_priorities (self->config);
  GtkStringList *impacts = gtk_string_list_new (NULL);
  GtkStringList *urgencies = gtk_string_list_new (NULL);

  set_item_model (self->type_l1_row, type_model);
  fill_subtypes (self);
  set_item_model (self->group_row, group_model);
  set_item_model (self->priority_row, priorities);

  for (int i = HD_IMPACT_SINGLE; i <= HD_IMPACT_CORE_ALL; i++)
    gtk_string_list_append (impacts, hd_impact_get_label (i));
  for (int i = HD_URGENCY_BLOCKING; i <= HD_URGENCY_INQUIRY; i++)
    gtk_string_list_append (urgencies, hd_urgency_get_label (i));
  adw_combo_row_set_model (self->impact_row, G_LIST_MODEL (impacts));
  adw_combo_row_set_model (self->urgency_row, G_LIST_MODEL (urgencies));
  g_object_unref (impacts);
  g_object_unref (urgencies);
  adw_combo_row_set_selected (self->impact_row, HD_IMPACT_SINGLE);
  adw_combo_row_set_selected (self->urgency_row, HD_URGENCY_INQUIRY);

  hd_intake_handlers_refresh (self);

  g_signal_connect_swapped (self->type_l1_row, "notify::selected", G_CALLBACK (on_type_l1_selected), self);
  g_signal_connect_swapped (self->type_l2_row, "notify::selected", G_CALLBACK (on_type_l2_selected), self);
  g_signal_connect_swapped (self->impact_row, "notify::selected", G_CALLBACK (on_impact_or_urgency_selected), self);
  g_signal_connect_swapped (self->urgency_row, "notify::selected", G_CALLBACK (on_impact_or_urgency_selected), self);
  g_signal_connect_swapped (self->priority_row, "notify::selected", G_CALLBACK (on_priority_selected), self);
  g_signal_connect_swapped (self->group_row, "notify::selected", G_CALLBACK (on_group_selected), self);
  g_signal_connect_swapped (self->handler_row, "notify::selected", G_CALLBACK (on_handler_selected), self);

  hd_intake_priority_update (self);
}
