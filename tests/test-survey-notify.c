/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Surveys end to end, client side (SPEC R6): three clients against the real
 * helpdesk-server. The server's surveys come down the change feed with their
 * token; a customer's "not satisfied" on the survey page reaches the
 * handler's and the team lead's clients as one complaint each, not another
 * agent's; the next round is answered by phone and closes the ticket. */
#include "config.h"

#include <string.h>

#include "hd-store-surveys.h"
#include "hd-survey-alerts.h"
#include "hd-test-server.h"
#include "hd-test-sync.h"
#include "hd-ticket-commands.h"

typedef struct {
  HdTestClient *client;
  HdSurveyAlerts *alerts;
  GPtrArray *heard;
} Member;

static void
on_complaint (HdSurveyAlerts *alerts,
              const char     *uuid,
              const char     *number,
              const char     *message,
              GPtrArray      *heard)
{
  g_ptr_array_add (heard, g_strdup (message));
}

typedef struct {
  gboolean done;
  char *role;
  GError *error;
} RoleWait;

static void
on_role (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  RoleWait *wait = user_data;

  wait->role = hd_sync_fetch_role_finish (HD_SYNC_ENGINE (source), result, &wait->error);
  wait->done = TRUE;
}

static char *
fetch_role (HdTestClient *client)
{
  RoleWait wait = { 0 };

  hd_sync_fetch_role_async (client->engine, NULL, on_role, &wait);
  while (!wait.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (wait.error);
  return wait.role;
}

static void
member_start (Member       *member,
              HdTestServer *server,
              const char   *root_token,
              const char   *name,
              const char   *role,
              const char   *group)
{
  g_autofree char *token = hd_test_add_user (server, root_token, name, role, group);
  g_autofree char *fetched = NULL;

  member->client = hd_test_client_new (server->url, name, token);
  fetched = fetch_role (member->client);
  g_assert_cmpstr (fetched, ==, role);
  member->heard = g_ptr_array_new_with_free_func (g_free);
}

/* After the first sync: only what arrives later is news. */
static void
member_listen (Member *member)
{
  g_autofree char *role = fetch_role (member->client);

  member->alerts = hd_survey_alerts_new (member->client->store);
  hd_survey_alerts_set_user (member->alerts, member->client->user, role);
  g_signal_connect (member->alerts, "complaint", G_CALLBACK (on_complaint), member->heard);
}

static void
member_stop (Member *member)
{
  g_clear_object (&member->alerts);
  hd_test_client_free (member->client);
  g_ptr_array_unref (member->heard);
}

static void
sync_ok (Member *member)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (hd_test_client_sync (member->client, &error));
  g_assert_no_error (error);
}

static void
ok (gboolean  result,
    GError   *error)
{
  g_assert_no_error (error);
  g_assert_true (result);
}

static guint
post_answer (HdTestServer *server,
             const char   *token,
             const char   *form)
{
  g_autofree char *uri = g_strconcat (server->url, "/survey/", token, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
  g_autoptr(GBytes) body = g_bytes_new (form, strlen (form));
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", body);
  reply = soup_session_send_and_read (server->session, msg, NULL, &error);
  g_assert_no_error (error);
  return soup_message_get_status (msg);
}

static HdTicket *
get (Member     *member,
     const char *uuid)
{
  g_autoptr(GError) error = NULL;
  HdTicket *ticket = hd_store_get_ticket (member->client->store, uuid, &error);

  g_assert_no_error (error);
  return ticket;
}

static void
test_round_trip (void)
{
  HdTestServer *server = hd_test_server_start (NULL, NULL);
  g_autofree char *root = NULL;
  g_autofree char *uuid = NULL;
  g_autoptr(HdTicket) ticket = hd_ticket_new ();
  g_autoptr(HdSurvey) survey = NULL;
  g_autoptr(HdSurvey) second = NULL;
  g_autoptr(GError) error = NULL;
  Member agent, lead, other;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint status;

  hd_test_sync_track_server (server);
  root = hd_test_login (server, "root", HD_TEST_ADMIN_PASSWORD);
  member_start (&agent, server, root, "wangfang", "agent", "technical");
  member_start (&lead, server, root, "lead", "team_lead", "technical");
  member_start (&other, server, root, "lina", "agent", "billing");

  /* The agent solves a ticket and sends the result: awaiting feedback. */
  hd_ticket_set_customer_label (ticket, "客户A-2023");
  hd_ticket_set_contact (ticket, "1234");
  hd_ticket_set_description (ticket, "无法登录，提示 E1002");
  hd_ticket_set_priority (ticket, "p2");
  hd_ticket_set_group (ticket, "technical");
  hd_ticket_set_created_at (ticket, now - 3600);
  ok (hd_store_create_ticket (agent.client->store, ticket, "wangfang", &error), error);
  uuid = g_strdup (hd_ticket_get_uuid (ticket));
  ok (hd_ticket_commands_reassign (agent.client->store, uuid, NULL, "wangfang", NULL, "wangfang", now - 3000,
                                   &error), error);
  ok (hd_ticket_commands_change_status (agent.client->store, uuid, HD_STATUS_IN_PROGRESS, "wangfang",
                                        now - 2900, NULL, &error), error);
  ok (hd_ticket_commands_set_result (agent.client->store, uuid, "重置了密码", "wangfang", now - 2000, &error),
      error);
  ok (hd_ticket_commands_change_status (agent.client->store, uuid, HD_STATUS_AWAITING_FEEDBACK, "wangfang",
                                        now - 1000, NULL, &error), error);
  sync_ok (&agent);

  /* The server's survey came back down, with its one-time token. */
  survey = hd_store_get_latest_survey (agent.client->store, uuid, &error);
  g_assert_no_error (error);
  g_assert_nonnull (survey);
  g_assert_true (hd_survey_token_is_valid (survey->token));
  g_assert_cmpint (survey->answered_at, ==, 0);

  sync_ok (&lead);
  sync_ok (&other);
  member_listen (&agent);
  member_listen (&lead);
  member_listen (&other);

  /* The customer is not satisfied, on the page. */
  status = post_answer (server, survey->token, "rating=dissatisfied&comment=%E8%BF%98%E6%98%AF%E7%99%BB%E4%B8%8D%E4%B8%8A");
  g_assert_cmpuint (status, <, 400);
  sync_ok (&agent);
  sync_ok (&lead);
  sync_ok (&other);

  {
    g_autoptr(HdTicket) reopened = get (&agent, uuid);
    g_autoptr(HdSurvey) answered = hd_store_get_latest_survey (agent.client->store, uuid, NULL);

    g_assert_cmpint (hd_ticket_get_status (reopened), ==, HD_STATUS_IN_PROGRESS);
    g_assert_cmpint (hd_ticket_get_satisfaction (reopened), ==, HD_SATISFACTION_DISSATISFIED);
    g_assert_true (hd_ticket_get_escalated (reopened));
    g_assert_cmpstr (answered->uuid, ==, survey->uuid);
    g_assert_cmpint (answered->rating, ==, HD_SATISFACTION_DISSATISFIED);
    g_assert_cmpint (answered->via, ==, HD_SURVEY_VIA_WEB);
    g_assert_cmpstr (answered->comment, ==, "还是登不上");
  }
  /* The handler and the team lead hear of it once; the other agent does not. */
  g_assert_cmpuint (agent.heard->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (agent.heard, 0), "还是登不上"));
  g_assert_cmpuint (lead.heard->len, ==, 1);
  g_assert_cmpuint (other.heard->len, ==, 0);
  sync_ok (&lead);
  g_assert_cmpuint (lead.heard->len, ==, 1);

  /* A second round: a new survey; answered by phone this time. */
  ok (hd_ticket_commands_change_status (agent.client->store, uuid, HD_STATUS_AWAITING_FEEDBACK, "wangfang",
                                        now, NULL, &error), error);
  sync_ok (&agent);
  second = hd_store_get_latest_survey (agent.client->store, uuid, &error);
  g_assert_nonnull (second);
  g_assert_cmpstr (second->uuid, !=, survey->uuid);
  g_assert_cmpint (second->answered_at, ==, 0);
  ok (hd_ticket_commands_record_survey_answer (agent.client->store, uuid, HD_SATISFACTION_SATISFIED, NULL,
                                               "wangfang", now + 10, &error), error);
  sync_ok (&agent);
  sync_ok (&lead);
  {
    g_autoptr(HdTicket) at_lead = get (&lead, uuid);
    g_autoptr(HdSurvey) answered = hd_store_get_latest_survey (lead.client->store, uuid, NULL);

    g_assert_cmpint (hd_ticket_get_status (at_lead), ==, HD_STATUS_PENDING_CLOSE);
    g_assert_cmpint (hd_ticket_get_satisfaction (at_lead), ==, HD_SATISFACTION_SATISFIED);
    g_assert_cmpstr (answered->uuid, ==, second->uuid);
    g_assert_cmpint (answered->via, ==, HD_SURVEY_VIA_AGENT);
    g_assert_cmpint (answered->rating, ==, HD_SATISFACTION_SATISFIED);
  }
  g_assert_cmpuint (lead.heard->len, ==, 1);

  /* Satisfied, with a result: it closes. */
  ok (hd_ticket_commands_change_status (agent.client->store, uuid, HD_STATUS_CLOSED, "wangfang", now + 20,
                                        NULL, &error), error);
  sync_ok (&agent);
  sync_ok (&other);
  {
    g_autoptr(HdTicket) closed = get (&other, uuid);
    g_assert_cmpint (hd_ticket_get_status (closed), ==, HD_STATUS_CLOSED);
  }
  g_assert_cmpuint (hd_store_count_conflicts (agent.client->store), ==, 0);

  member_stop (&agent);
  member_stop (&lead);
  member_stop (&other);
  hd_test_server_stop (server);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/survey-notify/round-trip", test_round_trip);

  return g_test_run ();
}
