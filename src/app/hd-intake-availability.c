/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-intake"

#include "config.h"

#include <glib/gi18n.h>

#include "hd-intake-dialog-private.h"

/*
 * Team availability (SPEC R3.2: 空闲 idle / 繁忙 busy, and away): the team
 * lead sets each agent's state on the form; routing proposes available
 * agents only. States are kept in GSettings "agent-states" (agent id →
 * state id) and applied to the roster when it is loaded.
 */

static void
store_states (HdIntakeDialog *self)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
  for (guint i = 0; i < hd_roster_get_n_agents (self->roster); i++)
    {
      const HdRosterAgent *agent = hd_roster_get_agent (self->roster, i);
      g_variant_builder_add (&builder, "{ss}", agent->id, hd_agent_state_to_id (agent->state));
    }
  g_settings_set_value (self->settings, "agent-states", g_variant_builder_end (&builder));
}

static void
on_state_selected (AdwComboRow    *row,
                   GParamSpec     *pspec,
                   HdIntakeDialog *self)
{
  const char *id = g_object_get_data (G_OBJECT (row), "agent-id");
  HdAgentState state = adw_combo_row_get_selected (row);

  if (self->updating > 0 || hd_agent_state_to_id (state) == NULL)
    return;
  hd_roster_set_agent_state (self->roster, id, state);
  store_states (self);
  hd_intake_handlers_refresh (self);
  hd_intake_routing_update (self);
}

void
hd_intake_availability_setup (HdIntakeDialog *self)
{
  for (guint i = 0; i < hd_roster_get_n_agents (self->roster); i++)
    {
      const HdRosterAgent *agent = hd_roster_get_agent (self->roster, i);
      g_autoptr(GtkStringList) states = gtk_string_list_new (NULL);
      g_autofree char *title = NULL;
      GtkWidget *row;
      const char *group;

      if (agent->role != HD_ROSTER_ROLE_AGENT && agent->role != HD_ROSTER_ROLE_TEAM_LEAD)
        continue;
      for (int s = HD_AGENT_IDLE; s <= HD_AGENT_AWAY; s++)
        gtk_string_list_append (states, hd_agent_state_get_label (s));

      row = adw_combo_row_new ();
      title = g_markup_escape_text (agent->name, -1);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      group = agent->group ? hd_config_get_group_label (self->config, agent->group) : NULL;
      if (group != NULL)
        {
          g_autofree char *subtitle = g_markup_escape_text (group, -1);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
        }
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (states));
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), agent->state);
      g_object_set_data_full (G_OBJECT (row), "agent-id", g_strdup (agent->id), g_free);
      gtk_widget_set_name (row, agent->id);
      g_signal_connect (row, "notify::selected", G_CALLBACK (on_state_selected), self);
      adw_expander_row_add_row (self->availability_row, row);
    }
}
