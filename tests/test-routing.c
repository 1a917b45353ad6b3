/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "hd-routing.h"

static const char roster_json[] =
  "{ \"format\": 1, \"timezone\": \"Asia/Shanghai\","
  "  \"agents\": ["
  "    { \"id\": \"sup\", \"name\": \"Supervisor\", \"role\": \"supervisor\" },"
  "    { \"id\": \"tech\", \"name\": \"Tech lead\", \"role\": \"technical_lead\" },"
  "    { \"id\": \"after\", \"name\": \"After-sales lead\", \"role\": \"after_sales_lead\" },"
  "    { \"id\": \"day\", \"name\": \"Day lead\", \"role\": \"team_lead\", \"group\": \"technical\" },"
  "    { \"id\": \"night\", \"name\": \"Night lead\", \"role\": \"team_lead\", \"group\": \"complaints\" },"
  "    { \"id\": \"a\", \"name\": \"A\", \"group\": \"technical\", \"skills\": [\"login\"] },"
  "    { \"id\": \"b\", \"name\": \"B\", \"group\": \"technical\", \"skills\": [\"login\", \"payment\"] },"
  "    { \"id\": \"c\", \"name\": \"C\", \"group\": \"technical\", \"skills\": [\"payment\"] },"
  "    { \"id\": \"d\", \"name\": \"D\", \"group\": \"billing\", \"skills\": [\"refund\"] }"
  "  ],"
  "  \"shifts\": ["
  "    { \"days\": [\"mon\",\"tue\",\"wed\",\"thu\",\"fri\"], \"start\": \"08:00\", \"end\": \"20:00\", \"lead\": \"day\" },"
  "    { \"days\": [\"mon\",\"tue\",\"wed\",\"thu\",\"fri\"], \"start\": \"20:00\", \"end\": \"08:00\", \"lead\": \"night\" }"
  "  ] }";

/* 2024-05-01 (a Wednesday) at HH:MM in Shanghai, as Unix seconds. */
static gint64
shanghai (int day, int hour, int minute)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Shanghai");
  g_autoptr(GDateTime) dt = g_date_time_new (tz, 2024, 5, day, hour, minute, 0);
  return g_date_time_to_unix (dt);
}

static HdRoster *
load_roster (void)
{
  g_autoptr(GError) error = NULL;
  HdRoster *roster = hd_roster_load_data (roster_json, -1, &error);

  g_assert_no_error (error);
  return roster;
}

static void
test_duty_lead (void)
{
  g_autoptr(HdRoster) roster = load_roster ();

  g_assert_cmpstr (hd_roster_get_on_duty_lead (roster, shanghai (1, 9, 0))->id, ==, "day");
  g_assert_cmpstr (hd_roster_get_on_duty_lead (roster, shanghai (1, 21, 30))->id, ==, "night");
  /* Thursday 03:00 is still Wednesday's night shift. */
  g_assert_cmpstr (hd_roster_get_on_duty_lead (roster, shanghai (2, 3, 0))->id, ==, "night");
  /* Saturday afternoon: nobody (night shift of Friday ended at 08:00). */
  g_assert_null (hd_roster_get_on_duty_lead (roster, shanghai (4, 15, 0)));
  /* Saturday 02:00 belongs to Friday's night shift. */
  g_assert_cmpstr (hd_roster_get_on_duty_lead (roster, shanghai (4, 2, 0))->id, ==, "night");
}

static void
test_urgent_goes_to_duty_lead (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdConfig) config = hd_config_load_default (&error);
  g_autoptr(HdRoster) roster = load_roster ();
  HdRoutingProposal proposal;
  gboolean tech = FALSE, after = FALSE, sup = FALSE;

  g_assert_no_error (error);
  g_assert_true (hd_config_set_active_priority_scheme (config, "p", &error));
  g_assert_true (hd_routing_propose (roster, config, "p0", "billing", "refund", NULL,
                                     shanghai (1, 22, 0), &proposal));
  g_assert_true (proposal.urgent);
  g_assert_cmpstr (proposal.handler->id, ==, "night");
  for (guint i = 0; i < proposal.notify->len; i++)
    {
      const HdRosterAgent *agent = g_ptr_array_index (proposal.notify, i);
      sup |= g_str_equal (agent->id, "sup");
      tech |= g_str_equal (agent->id, "tech");
      after |= g_str_equal (agent->id, "after");
    }
  g_assert_true (sup && tech && after);
  g_assert_nonnull (strstr (proposal.reason, "Night lead"));
  hd_routing_proposal_clear (&proposal);

  /* P1 is routed normally. */
  g_assert_true (hd_routing_propose (roster, config, "p1", "billing", "refund", NULL,
                                     shanghai (1, 22, 0), &proposal));
  g_assert_false (proposal.urgent);
  g_assert_cmpstr (proposal.handler->id, ==, "d");
  hd_routing_proposal_clear (&proposal);
}

static void
test_least_loaded_with_skill (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdConfig) config = hd_config_load_default (&error);
  g_autoptr(HdRoster) roster = load_roster ();
  g_autoptr(GHashTable) loads = g_hash_table_new (g_str_hash, g_str_equal);
  HdRoutingProposal proposal;
  gint64 now = shanghai (1, 10, 0);

  g_hash_table_insert (loads, "a", GUINT_TO_POINTER (5));
  g_hash_table_insert (loads, "b", GUINT_TO_POINTER (2));
  g_hash_table_insert (loads, "c", GUINT_TO_POINTER (0));
  g_hash_table_insert (loads, "day", GUINT_TO_POINTER (9));

  /* c has no login skill: b, with fewer open tickets than a. */
  g_assert_true (hd_routing_propose (roster, config, "medium", "technical", "login", loads, now, &proposal));
  g_assert_cmpstr (proposal.handler->id, ==, "b");
  hd_routing_proposal_clear (&proposal);

  /* Busy agents come after idle ones, whatever their load. */
  hd_roster_set_agent_state (roster, "b", HD_AGENT_BUSY);
  g_assert_true (hd_routing_propose (roster, config, "medium", "technical", "login", loads, now, &proposal));
  g_assert_cmpstr (proposal.handler->id, ==, "a");
  hd_routing_proposal_clear (&proposal);

  /* Away agents take nothing; with nobody skilled left, the group's least loaded. */
  hd_roster_set_agent_state (roster, "a", HD_AGENT_AWAY);
  hd_roster_set_agent_state (roster, "b", HD_AGENT_AWAY);
  g_assert_true (hd_routing_propose (roster, config, "medium", "technical", "login", loads, now, &proposal));
  g_assert_cmpstr (proposal.handler->id, ==, "c");
  hd_routing_proposal_clear (&proposal);

  /* A group with nobody: no proposal, and the reason says so. */
  g_assert_false (hd_routing_propose (roster, config, "medium", "product", NULL, loads, now, &proposal));
  g_assert_null (proposal.handler);
  g_assert_nonnull (proposal.reason);
  hd_routing_proposal_clear (&proposal);
}

static void
test_invalid_rosters (void)
{
  const char *bad[] = {
    "[]",
    "{ \"format\": 2, \"agents\": [], \"shifts\": [] }",
    "{ \"format\": 1, \"agents\": [ { \"id\": \"x\" } ], \"shifts\": [] }",
    "{ \"format\": 1, \"agents\": [], \"shifts\": [ { \"days\": [\"mon\"], \"start\": \"08:00\", \"end\": \"09:00\", \"lead\": \"nobody\" } ] }",
    "{ \"format\": 1, \"agents\": [ { \"id\": \"x\", \"name\": \"X\" } ], \"shifts\": [ { \"days\": [\"someday\"], \"start\": \"08:00\", \"end\": \"09:00\", \"lead\": \"x\" } ] }",
    "{ \"format\": 1, \"agents\": [ { \"id\": \"x\", \"name\": \"X\" } ], \"shifts\": [ { \"days\": [\"mon\"], \"start\": \"25:00\", \"end\": \"09:00\", \"lead\": \"x\" } ] }",
    "{ \"format\": 1, \"timezone\": \"Nowhere/Place\", \"agents\": [], \"shifts\": [] }",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HdRoster) roster = hd_roster_load_data (bad[i], -1, &error);

      g_assert_null (roster);
      g_assert_nonnull (error);
    }
}

static void
test_default_roster (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdRoster) roster = hd_roster_load_default (&error);

  g_assert_no_error (error);
  g_assert_cmpuint (hd_roster_get_n_agents (roster), >, 5);
  /* Someone leads every hour of the week. */
  for (int day = 1; day <= 7; day++)
    for (int hour = 0; hour < 24; hour++)
      g_assert_nonnull (hd_roster_get_on_duty_lead (roster, shanghai (day, hour, 30)));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/routing/duty-lead", test_duty_lead);
  g_test_add_func ("/routing/urgent", test_urgent_goes_to_duty_lead);
  g_test_add_func ("/routing/least-loaded", test_least_loaded_with_skill);
  g_test_add_func ("/routing/invalid", test_invalid_rosters);
  g_test_add_func ("/routing/default", test_default_roster);

  return g_test_run ();
}
