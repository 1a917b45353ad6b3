/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-routing"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "hd-routing.h"

typedef struct {
  guint8 days;   /* bit 0 = Monday … bit 6 = Sunday */
  int start;     /* minutes after midnight */
  int end;       /* ≤ start: the shift runs past midnight */
  char *lead;
} Shift;

struct _HdRoster
{
  GObject parent_instance;

  GTimeZone *tz;
  GPtrArray *agents; /* HdRosterAgent * */
  GArray *shifts;    /* Shift */
};

G_DEFINE_FINAL_TYPE (HdRoster, hd_roster, G_TYPE_OBJECT)
G_DEFINE_QUARK (hd-routing-error-quark, hd_routing_error)

static const char * const state_ids[] = { "idle", "busy", "away" };
static const char * const role_ids[] = { "agent", "team_lead", "supervisor", "technical_lead", "after_sales_lead" };
static const char * const day_ids[] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };

const char *
hd_agent_state_to_id (HdAgentState state)
{
  return (guint) state < G_N_ELEMENTS (state_ids) ? state_ids[state] : NULL;
}

gboolean
hd_agent_state_from_id (const char   *id,
                        HdAgentState *out)
{
  for (guint i = 0; i < G_N_ELEMENTS (state_ids); i++)
    if (g_strcmp0 (id, state_ids[i]) == 0)
      {
        if (out)
          *out = i;
        return TRUE;
      }
  return FALSE;
}

const char *
hd_agent_state_get_label (HdAgentState state)
{
  switch (state)
    {
    case HD_AGENT_IDLE: return C_("agent state", "Idle");
    case HD_AGENT_BUSY: return C_("agent state", "Busy");
    case HD_AGENT_AWAY: return C_("agent state", "Away");
    default: return NULL;
    }
}

static void
roster_agent_free (HdRosterAgent *agent)
{
  g_free (agent->id);
  g_free (agent->name);
  g_free (agent->group);
  g_strfreev (agent->skills);
  g_free (agent);
}

static void
shift_clear (Shift *shift)
{
  g_free (shift->lead);
}

static void
hd_roster_finalize (GObject *object)
{
  HdRoster *self = (HdRoster *) object;

  g_clear_pointer (&self->tz, g_time_zone_unref);
  g_clear_pointer (&self->agents, g_ptr_array_unref);
  g_clear_pointer (&self->shifts, g_array_unref);

  G_OBJECT_CLASS (hd_roster_parent_class)->finalize (object);
}

static void
hd_roster_class_init (HdRosterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hd_roster_finalize;
}

static void
hd_roster_init (HdRoster *self)
{
  self->agents = g_ptr_array_new_with_free_func ((GDestroyNotify) roster_agent_free);
  self->shifts = g_array_new (FALSE, TRUE, sizeof (Shift));
  g_array_set_clear_func (self->shifts, (GDestroyNotify) shift_clear);
}

static gboolean
invalid (GError **error, const char *what)
{
  g_set_error (error, HD_ROUTING_ERROR, HD_ROUTING_ERROR_INVALID,
               _("The duty roster is not valid: %s"), what);
  return FALSE;
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
parse_time (const char *text, int *minutes)
{
  int h, m;
  char tail;

  if (text == NULL || sscanf (text, "%2d:%2d%c", &h, &m, &tail) != 2 ||
      h < 0 || h > 24 || m < 0 || m > 59 || (h == 24 && m != 0))
    return FALSE;
  *minutes = h * 60 + m;
  return TRUE;
}

static gboolean
parse_agent (HdRoster   *self,
             JsonNode   *node,
             GError    **error)
{
  JsonObject *object;
  JsonArray *skills;
  HdRosterAgent *agent;
  const char *id, *name, *group, *role, *state;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, "agents[] must be objects");
  object = json_node_get_object (node);
  id = member_string (object, "id");
  name = member_string (object, "name");
  group = member_string (object, "group");
  role = member_string (object, "role");
  state = member_string (object, "state");
  if (id == NULL || *id == '\0' || name == NULL || strlen (id) > 64 || strlen (name) > 128)
    return invalid (error, "an agent needs an id and a name");
  if (hd_roster_find_agent (self, id) != NULL)
    return invalid (error, "duplicate agent id");

  agent = g_new0 (HdRosterAgent, 1);
  agent->id = g_strdup (id);
  agent->name = g_strdup (name);
  agent->group = g_strdup (group);
  agent->role = HD_ROSTER_ROLE_AGENT;
  if (role != NULL)
    {
      guint i;
      for (i = 0; i < G_N_ELEMENTS (role_ids); i++)
        if (strcmp (role, role_ids[i]) == 0)
          break;
      if (i == G_N_ELEMENTS (role_ids))
        {
          roster_agent_free (agent);
          return invalid (error, "unknown role");
        }
      agent->role = i;
    }
  if (state != NULL && !hd_agent_state_from_id (state, &agent->state))
    {
      roster_agent_free (agent);
      return invalid (error, "unknown agent state");
    }

  skills = json_object_has_member (object, "skills") ? json_object_get_array_member (object, "skills") : NULL;
  {
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
    guint n = skills ? MIN (json_array_get_length (skills), 32) : 0;

    for (guint i = 0; i < n; i++)
      {
        const char *skill = json_array_get_string_element (skills, i);
        if (skill != NULL)
          g_strv_builder_add (builder, skill);
      }
    agent->skills = g_strv_builder_end (builder);
  }
  g_ptr_array_add (self->agents, agent);
  return TRUE;
}

static gboolean
parse_shift (HdRoster *self,
             JsonNode *node,
             GError  **error)
{
  JsonObject *object;
  JsonArray *days;
  Shift shift = { 0 };
  const char *lead;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, "shifts[] must be objects");
  object = json_node_get_object (node);
  lead = member_string (object, "lead");
  if (lead == NULL || hd_roster_find_agent (self, lead) == NULL)
    return invalid (error, "a shift’s lead must be an agent id");
  if (!parse_time (member_string (object, "start"), &shift.start) ||
      !parse_time (member_string (object, "end"), &shift.end))
    return invalid (error, "shift times are written HH:MM");
  days = json_object_has_member (object, "days") ? json_object_get_array_member (object, "days") : NULL;
  if (days == NULL || json_array_get_length (days) == 0 || json_array_get_length (days) > 7)
    return invalid (error, "a shift needs its weekdays");
  for (guint i = 0; i < json_array_get_length (days); i++)
    {
      const char *day = json_array_get_string_element (days, i);
      guint d;

      for (d = 0; d < 7; d++)
        if (g_strcmp0 (day, day_ids[d]) == 0)
          break;
      if (d == 7)
        return invalid (error, "unknown weekday");
      shift.days |= 1 << d;
    }
  shift.lead = g_strdup (lead);
  g_array_append_val (self->shifts, shift);
  return TRUE;
}

HdRoster *
hd_roster_load_data (const char  *json,
                     gssize       length,
                     GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(HdRoster) self = NULL;
  JsonObject *root;
  JsonArray *agents, *shifts;
  const char *tz;

  g_return_val_if_fail (json != NULL, NULL);

  if (length < 0)
    length = strlen (json);
  if (length > HD_ROSTER_MAX_BYTES)
    {
      g_set_error (error, HD_ROUTING_ERROR, HD_ROUTING_ERROR_TOO_LARGE,
                   _("The duty roster is larger than %d KiB"), HD_ROSTER_MAX_BYTES / 1024);
      return NULL;
    }
  if (!json_parser_load_from_data (parser, json, length, error))
    return NULL;

  root = JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser))
         ? json_node_get_object (json_parser_get_root (parser)) : NULL;
  if (root == NULL || json_object_get_int_member_with_default (root, "format", 0) != 1)
    {
      invalid (error, "expected an object with \"format\": 1");
      return NULL;
    }

  self = g_object_new (HD_TYPE_ROSTER, NULL);
  tz = member_string (root, "timezone");
  self->tz = tz ? g_time_zone_new_identifier (tz) : g_time_zone_new_local ();
  if (self->tz == NULL)
    {
      invalid (error, "unknown timezone");
      return NULL;
    }

  agents = json_object_has_member (root, "agents") ? json_object_get_array_member (root, "agents") : NULL;
  shifts = json_object_has_member (root, "shifts") ? json_object_get_array_member (root, "shifts") : NULL;
  if (agents == NULL || shifts == NULL)
    {
      invalid (error, "\"agents\" and \"shifts\" are required");
      return NULL;
    }
  if (json_array_get_length (agents) > HD_ROSTER_MAX_AGENTS ||
      json_array_get_length (shifts) > HD_ROSTER_MAX_SHIFTS)
    {
      g_set_error (error, HD_ROUTING_ERROR, HD_ROUTING_ERROR_TOO_LARGE,
                   _("The duty roster has more than %d agents or %d shifts"),
                   HD_ROSTER_MAX_AGENTS, HD_ROSTER_MAX_SHIFTS);
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (agents); i++)
    if (!parse_agent (self, json_array_get_element (agents, i), error))
      return NULL;
  for (guint i = 0; i < json_array_get_length (shifts); i++)
    if (!parse_shift (self, json_array_get_element (shifts, i), error))
      return NULL;

  return g_steal_pointer (&self);
}

HdRoster *
hd_roster_load_default (GError **error)
{
  g_autoptr(GBytes) bytes = g_resources_lookup_data ("/org/helpdesk/HelpDesk/presets/roster.json",
                                                     G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return NULL;
  return hd_roster_load_data (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), error);
}

guint
hd_roster_get_n_agents (HdRoster *self)
{
  g_return_val_if_fail (HD_IS_ROSTER (self), 0);
  return self->agents->len;
}

const HdRosterAgent *
hd_roster_get_agent (HdRoster *self,
                     guint     index)
{
  g_return_val_if_fail (HD_IS_ROSTER (self), NULL);
  g_return_val_if_fail (index < self->agents->len, NULL);
  return g_ptr_array_index (self->agents, index);
}

const HdRosterAgent *
hd_roster_find_agent (HdRoster   *self,
                      const char *id)
{
  g_return_val_if_fail (HD_IS_ROSTER (self), NULL);

  for (guint i = 0; id != NULL && i < self->agents->len; i++)
    {
      HdRosterAgent *agent = g_ptr_array_index (self->agents, i);
      if (strcmp (agent->id, id) == 0)
        return agent;
    }
  return NULL;
}

gboolean
hd_roster_set_agent_state (HdRoster     *self,
                           const char   *id,
                           HdAgentState  state)
{
  HdRosterAgent *agent;

  g_return_val_if_fail (HD_IS_ROSTER (self), FALSE);
  g_return_val_if_fail (hd_agent_state_to_id (state) != NULL, FALSE);

  agent = (HdRosterAgent *) hd_roster_find_agent (self, id);
  if (agent == NULL)
    return FALSE;
  agent->state = state;
  return TRUE;
}

const HdRosterAgent *
hd_roster_get_on_duty_lead (HdRoster *self,
                            gint64    now)
{
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) utc = NULL;
  int day, minute, yesterday;

  g_return_val_if_fail (HD_IS_ROSTER (self), NULL);

  utc = g_date_time_new_from_unix_utc (now);
  if (utc == NULL)
    return NULL;
  local = g_date_time_to_timezone (utc, self->tz);
  day = g_date_time_get_day_of_week (local) - 1;
  yesterday = (day + 6) % 7;
  minute = g_date_time_get_hour (local) * 60 + g_date_time_get_minute (local);

  for (guint i = 0; i < self->shifts->len; i++)
    {
      Shift *s = &g_array_index (self->shifts, Shift, i);
      gboolean on;

      if (s->end > s->start)
        on = (s->days & (1 << day)) && minute >= s->start && minute < s->end;
      else /* overnight: the evening part today, the morning part from yesterday's shift */
        on = ((s->days & (1 << day)) && minute >= s->start) ||
             ((s->days & (1 << yesterday)) && minute < s->end);
      if (on)
        return hd_roster_find_agent (self, s->lead);
    }
  return NULL;
}

void
hd_routing_proposal_clear (HdRoutingProposal *proposal)
{
  g_clear_pointer (&proposal->notify, g_ptr_array_unref);
  g_clear_pointer (&proposal->reason, g_free);
  proposal->handler = NULL;
  proposal->urgent = FALSE;
}

static gboolean
has_skill (const HdRosterAgent *agent,
           const char          *skill)
{
  return skill != NULL && agent->skills != NULL &&
         g_strv_contains ((const char * const *) agent->skills, skill);
}

gboolean
hd_routing_propose (HdRoster          *roster,
                    HdConfig          *config,
                    const char        *priority_id,
                    const char        *group,
                    const char        *skill,
                    GHashTable        *loads,
                    gint64             now,
                    HdRoutingProposal *proposal)
{
  const HdRosterAgent *best = NULL;
  guint best_load = G_MAXUINT;
  gboolean skill_known = FALSE;

  g_return_val_if_fail (HD_IS_ROSTER (roster), FALSE);
  g_return_val_if_fail (HD_IS_CONFIG (config), FALSE);
  g_return_val_if_fail (proposal != NULL, FALSE);

  memset (proposal, 0, sizeof *proposal);
  proposal->notify = g_ptr_array_new ();

  if (priority_id != NULL && hd_config_get_priority_rank (config, priority_id) == 0)
    {
      proposal->urgent = TRUE;
      proposal->handler = hd_roster_get_on_duty_lead (roster, now);
      for (guint i = 0; i < roster->agents->len; i++)
        {
          const HdRosterAgent *agent = g_ptr_array_index (roster->agents, i);
          if (agent->role == HD_ROSTER_ROLE_SUPERVISOR || agent->role == HD_ROSTER_ROLE_TECHNICAL_LEAD ||
              agent->role == HD_ROSTER_ROLE_AFTER_SALES_LEAD)
            g_ptr_array_add (proposal->notify, (gpointer) agent);
        }
      if (proposal->handler != NULL)
        proposal->reason = g_strdup_printf (_("Urgent: goes to the on-duty team lead %s, who contacts the customer within 10 minutes"),
                                            proposal->handler->name);
      else
        proposal->reason = g_strdup (_("Urgent, but no team lead is on duty now: assign it by hand"));
      return proposal->handler != NULL;
    }

  for (guint i = 0; i < roster->agents->len; i++)
    {
      const HdRosterAgent *agent = g_ptr_array_index (roster->agents, i);
      if (g_strcmp0 (agent->group, group) == 0 && agent->state != HD_AGENT_AWAY &&
          has_skill (agent, skill))
        skill_known = TRUE;
    }

  for (guint i = 0; i < roster->agents->len; i++)
    {
      const HdRosterAgent *agent = g_ptr_array_index (roster->agents, i);
      guint load;

      if (agent->role != HD_ROSTER_ROLE_AGENT && agent->role != HD_ROSTER_ROLE_TEAM_LEAD)
        continue;
      if (g_strcmp0 (agent->group, group) != 0 || agent->state == HD_AGENT_AWAY)
        continue;
      if (skill_known && !has_skill (agent, skill))
        continue;
      load = loads ? GPOINTER_TO_UINT (g_hash_table_lookup (loads, agent->id)) : 0;
      /* Idle before busy, then the lightest load; ties keep roster order. */
      if (agent->state == HD_AGENT_BUSY)
        load += 1000000;
      if (best == NULL || load < best_load)
        {
          best = agent;
          best_load = load;
        }
    }

  proposal->handler = best;
  if (best == NULL)
    {
      proposal->reason = g_strdup (_("Nobody in this group is available: the team lead assigns it"));
      return FALSE;
    }
  proposal->reason = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "%s: %s, %u open ticket",
                                                   "%s: %s, %u open tickets",
                                                   best_load % 1000000),
                                      best->name, hd_agent_state_get_label (best->state),
                                      best_load % 1000000);
  return TRUE;
}
