/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "hd-config.h"
#include "hd-sample-data.h"
#include "hd-store-surveys.h"
#include "hd-test-sync.h"
#include "hd-ticket-commands.h"

/*
 * Issue #6, "Done when": a survey answered through the real server's page
 * over HTTP, as a browser would, reaches the client by sync — the ticket
 * moves to pending close, or reopens escalated when the customer is
 * dissatisfied.
 */

typedef HdTestTeam Fixture;

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  hd_test_team_start (fx);
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  hd_test_team_stop (fx);
}

static void
sync_ok (HdTestClient *client)
{
  g_autoptr(GError) error = NULL;

  hd_test_client_sync (client, &error);
  g_assert_no_error (error);
}

static gint64
now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* On the client, offline: a new ticket handled, its result sent to the
 * customer (awaiting feedback). */
static char *
send_result (HdTestClient *client,
             guint32       seed)
{
  g_autoptr(HdConfig) config = hd_config_load_default (NULL);
  g_autoptr(GPtrArray) samples = hd_sample_data_generate (config, 1, seed, now ());
  HdTicket *ticket = g_ptr_array_index (samples, 0);
  g_autoptr(GError) error = NULL;
  const char *uuid;

  hd_ticket_set_status (ticket, HD_STATUS_PENDING);
  hd_ticket_set_handler (ticket, client->user);
  hd_ticket_set_result (ticket, NULL);
  hd_ticket_set_satisfaction (ticket, HD_SATISFACTION_NONE);
  hd_ticket_set_escalated (ticket, FALSE);
  hd_store_create_ticket (client->store, ticket, client->user, &error);
  g_assert_no_error (error);
  uuid = hd_ticket_get_uuid (ticket);

  hd_ticket_commands_change_status (client->store, uuid, HD_STATUS_IN_PROGRESS, client->user,
                                    now (), NULL, &error);
  g_assert_no_error (error);
  hd_ticket_commands_set_result (client->store, uuid, "已重置密码并验证登录", client->user, now (), &error);
  g_assert_no_error (error);
  hd_ticket_commands_change_status (client->store, uuid, HD_STATUS_AWAITING_FEEDBACK, client->user,
                                    now (), NULL, &error);
  g_assert_no_error (error);
  return g_strdup (uuid);
}

static HdTicket *
local_ticket (HdTestClient *client,
              const char   *uuid)
{
  g_autoptr(GError) error = NULL;
  HdTicket *ticket = hd_store_get_ticket (client->store, uuid, &error);

  g_assert_no_error (error);
  g_assert_nonnull (ticket);
  return ticket;
}

/* The client's copy of the ticket's survey, which came by sync. */
static HdSurvey *
local_survey (HdTestClient *client,
              const char   *uuid)
{
  g_autoptr(GError) error = NULL;
  HdSurvey *survey = hd_store_get_latest_survey (client->store, uuid, &error);

  g_assert_no_error (error);
  g_assert_nonnull (survey);
  return survey;
}

/* Whether the ticket's local timeline has an event of @kind; @data_out
 * (optional) receives the first one's data. */
static gboolean
timeline_has (HdTestClient *client,
              const char   *uuid,
              HdEventKind   kind,
              const char  **data_out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = hd_store_list_events (client->store, uuid, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < events->len; i++)
    if (hd_event_get_kind (g_ptr_array_index (events, i)) == kind)
      {
        if (data_out != NULL)
          *data_out = g_intern_string (hd_event_get_data (g_ptr_array_index (events, i)));
        return TRUE;
      }
  return FALSE;
}

/* A browser: opens the link from the SMS, then sends the form. */
static guint
browser (HdTestServer *server,
         const char   *method,
         const char   *link,
         const char   *form,
         char        **page)
{
  g_autoptr(SoupMessage) msg = soup_message_new (method, link);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (msg);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept-Language",
                                "zh-CN,zh;q=0.9");
  if (form != NULL)
    {
      g_autoptr(GBytes) body = g_bytes_new (form, strlen (form));
      soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", body);
    }
  bytes = soup_session_send_and_read (server->session, msg, NULL, &error);
  g_assert_no_error (error);
  *page = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  return soup_message_get_status (msg);
}

/* The survey link (SERVER_URL/survey/TOKEN), opened then answered. */
static void
answer_on_the_web (HdTestServer   *server,
                   const HdSurvey *survey,
                   const char     *form)
{
  g_autofree char *link = g_strconcat (server->url, "/survey/", survey->token, NULL);
  g_autofree char *page = NULL;
  g_autofree char *thanks = NULL;
  g_autofree char *action = NULL;
  g_autofree char *post_to = NULL;
  const char *start, *end;

  g_assert_cmpuint (browser (server, "GET", link, NULL, &page), ==, 200);
  g_assert_nonnull (strstr (page, "非常满意"));
  g_assert_nonnull (strstr (page, "不满意"));

  /* Post where the form says, as a browser resolves its action. */
  start = strstr (page, "action=\"");
  g_assert_nonnull (start);
  start += strlen ("action=\"");
  end = strchr (start, '"');
  action = g_strndup (start, end - start);
  {
    g_autoptr(GUri) base = g_uri_parse (link, G_URI_FLAGS_NONE, NULL);
    g_autoptr(GUri) target = g_uri_parse_relative (base, action, G_URI_FLAGS_NONE, NULL);

    g_assert_nonnull (target);
    post_to = g_uri_to_string (target);
  }
  g_assert_true (g_str_has_suffix (post_to, "?lang=zh_CN"));
  g_assert_cmpuint (browser (server, "POST", post_to, form, &thanks), ==, 200);
}

static void
test_satisfied_then_pending_close (Fixture       *fx,
                                   gconstpointer  data)
{
  g_autofree char *uuid = send_result (fx->a, 11);
  g_autoptr(HdSurvey) survey = NULL;
  g_autoptr(HdSurvey) answered = NULL;
  g_autoptr(HdTicket) waiting = NULL;
  g_autoptr(HdTicket) ticket = NULL;
  const char *answer_data = NULL;

  sync_ok (fx->a);
  waiting = local_ticket (fx->a, uuid);
  g_assert_cmpint (hd_ticket_get_status (waiting), ==, HD_STATUS_AWAITING_FEEDBACK);
  g_assert_false (hd_ticket_get_number_provisional (waiting));
  survey = local_survey (fx->a, uuid);
  g_assert_true (hd_survey_token_is_valid (survey->token));
  g_assert_cmpint (survey->answered_at, ==, 0);

  answer_on_the_web (fx->server, survey, "rating=satisfied&comment=%E5%BE%88%E5%BF%AB");

  sync_ok (fx->a);
  ticket = local_ticket (fx->a, uuid);
  g_assert_cmpint (hd_ticket_get_status (ticket), ==, HD_STATUS_PENDING_CLOSE);
  g_assert_cmpint (hd_ticket_get_satisfaction (ticket), ==, HD_SATISFACTION_SATISFIED);
  g_assert_false (hd_ticket_get_escalated (ticket));
  g_assert_true (timeline_has (fx->a, uuid, HD_EVENT_SURVEY_ANSWER, &answer_data));
  g_assert_nonnull (strstr (answer_data, "\"web\""));
  g_assert_false (timeline_has (fx->a, uuid, HD_EVENT_ESCALATED, NULL));
  answered = local_survey (fx->a, uuid);
  g_assert_cmpstr (answered->uuid, ==, survey->uuid);
  g_assert_cmpint (answered->via, ==, HD_SURVEY_VIA_WEB);
  g_assert_cmpint (answered->rating, ==, HD_SATISFACTION_SATISFIED);
  g_assert_cmpstr (answered->comment, ==, "很快");

  /* The other agent's client sees the same. */
  sync_ok (fx->b);
  hd_test_assert_converged (fx->a, fx->b);
}

static void
test_dissatisfied_reopens (Fixture       *fx,
                           gconstpointer  data)
{
  g_autofree char *uuid = send_result (fx->a, 12);
  g_autoptr(HdSurvey) survey = NULL;
  g_autoptr(HdSurvey) answered = NULL;
  g_autoptr(HdTicket) ticket = NULL;
  const char *escalated_data = NULL;

  sync_ok (fx->a);
  survey = local_survey (fx->a, uuid);
  answer_on_the_web (fx->server, survey, "rating=dissatisfied&comment=%E8%BF%98%E6%98%AF%E4%B8%8D%E8%A1%8C");

  sync_ok (fx->a);
  ticket = local_ticket (fx->a, uuid);
  g_assert_cmpint (hd_ticket_get_status (ticket), ==, HD_STATUS_IN_PROGRESS);
  g_assert_cmpint (hd_ticket_get_satisfaction (ticket), ==, HD_SATISFACTION_DISSATISFIED);
  g_assert_true (hd_ticket_get_escalated (ticket));
  g_assert_true (timeline_has (fx->a, uuid, HD_EVENT_SURVEY_ANSWER, NULL));
  g_assert_true (timeline_has (fx->a, uuid, HD_EVENT_ESCALATED, &escalated_data));
  g_assert_nonnull (strstr (escalated_data, "dissatisfied"));
  answered = local_survey (fx->a, uuid);
  g_assert_cmpint (answered->rating, ==, HD_SATISFACTION_DISSATISFIED);
  g_assert_cmpint (answered->via, ==, HD_SURVEY_VIA_WEB);

  /* The reopened ticket is the agent's to work on again: an edit syncs. */
  hd_test_client_edit (fx->a, uuid, "transfer_note", "回访后重新处理");
  sync_ok (fx->a);
  g_assert_cmpuint (hd_store_outbox_count (fx->a->store), ==, 0);
}

/* The customer answers on the page while the agent, offline, records a
 * different answer from a call: the server keeps the customer's, refuses the
 * agent's op, and the client rolls back to the server's copy. */
static void
test_agent_answer_after_web (Fixture       *fx,
                             gconstpointer  data)
{
  g_autofree char *uuid = send_result (fx->a, 13);
  g_autoptr(HdSurvey) survey = NULL;
  g_autoptr(HdSurvey) kept = NULL;
  g_autoptr(HdTicket) offline = NULL;
  g_autoptr(HdTicket) ticket = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;
  HdSyncConflict *conflict;

  sync_ok (fx->a);
  survey = local_survey (fx->a, uuid);
  answer_on_the_web (fx->server, survey, "rating=very_satisfied");

  hd_ticket_commands_record_survey_answer (fx->a->store, uuid, HD_SATISFACTION_DISSATISFIED,
                                           "电话里说不满意", fx->a->user, now (), &error);
  g_assert_no_error (error);
  offline = local_ticket (fx->a, uuid);
  g_assert_cmpint (hd_ticket_get_status (offline), ==, HD_STATUS_IN_PROGRESS);

  sync_ok (fx->a);
  ticket = local_ticket (fx->a, uuid);
  g_assert_cmpint (hd_ticket_get_status (ticket), ==, HD_STATUS_PENDING_CLOSE);
  g_assert_cmpint (hd_ticket_get_satisfaction (ticket), ==, HD_SATISFACTION_VERY_SATISFIED);
  g_assert_false (hd_ticket_get_escalated (ticket));
  g_assert_false (timeline_has (fx->a, uuid, HD_EVENT_ESCALATED, NULL));
  kept = local_survey (fx->a, uuid);
  g_assert_cmpint (kept->via, ==, HD_SURVEY_VIA_WEB);
  g_assert_cmpint (kept->rating, ==, HD_SATISFACTION_VERY_SATISFIED);
  g_assert_cmpuint (hd_store_outbox_count (fx->a->store), ==, 0);

  conflicts = hd_store_list_conflicts (fx->a->store, uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  conflict = g_ptr_array_index (conflicts, 0);
  g_assert_cmpstr (conflict->kind, ==, "rejected");
  g_assert_nonnull (strstr (conflict->message, "The customer already answered this survey on the web"));

  sync_ok (fx->b);
  hd_test_assert_converged (fx->a, fx->b);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("HELPDESK_LOCALEDIR", HD_TEST_LOCALEDIR, TRUE);

  g_test_add ("/survey-sync/satisfied", Fixture, NULL, fixture_setup,
              test_satisfied_then_pending_close, fixture_teardown);
  g_test_add ("/survey-sync/dissatisfied", Fixture, NULL, fixture_setup,
              test_dissatisfied_reopens, fixture_teardown);
  g_test_add ("/survey-sync/agent-after-web", Fixture, NULL, fixture_setup,
              test_agent_answer_after_web, fixture_teardown);
  return g_test_run ();
}
