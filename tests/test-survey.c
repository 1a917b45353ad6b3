/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "hd-store-surveys.h"
#include "hd-survey-alerts.h"
#include "hd-store-sync.h"
#include "hd-survey.h"
#include "hd-ticket-commands.h"
#include "hd-transitions.h"

/* Satisfaction surveys, client side (SPEC R6): the shared answer rules, the
 * survey JSON, the surveys table fed through the real pull path, and the
 * agent's "record answer" command with its outbox operation. */

#define T0 ((gint64) 1709517600)
#define SERVER "http://127.0.0.1:1"
#define SURVEY_UUID "5b0c8f8e-3c1d-4c5e-9a51-0d2b8c1f7a10"
#define TOKEN "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123-_x"

/* Rules ------------------------------------------------------------------------ */

static HdTicket *
awaiting_ticket (void)
{
  HdTicket *ticket = hd_ticket_new ();

  hd_ticket_set_uuid (ticket, "0d8a2c4e-6f1b-4a3d-8e5c-9b7f1a2d3c4e");
  hd_ticket_set_handler (ticket, "王芳");
  hd_ticket_set_result (ticket, "重置了密码");
  hd_ticket_set_status (ticket, HD_STATUS_AWAITING_FEEDBACK);
  hd_ticket_set_first_response_at (ticket, T0 + 5);
  return ticket;
}

static JsonObject *
event_data (HdEvent *event)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_true (json_parser_load_from_data (parser, hd_event_get_data (event), -1, NULL));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
test_apply_answer_ratings (void)
{
  static const struct {
    HdSatisfaction rating;
    HdStatus status;
    gboolean escalated;
  } cases[] = {
    { HD_SATISFACTION_VERY_SATISFIED, HD_STATUS_PENDING_CLOSE, FALSE },
    { HD_SATISFACTION_SATISFIED, HD_STATUS_PENDING_CLOSE, FALSE },
    { HD_SATISFACTION_NEUTRAL, HD_STATUS_PENDING_CLOSE, FALSE },
    { HD_SATISFACTION_DISSATISFIED, HD_STATUS_IN_PROGRESS, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(HdTicket) ticket = awaiting_ticket ();
      g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) answer = NULL;
      g_autoptr(JsonObject) status = NULL;

      g_assert_true (hd_survey_apply_answer (ticket, SURVEY_UUID, cases[i].rating, "态度很好",
                                             HD_SURVEY_VIA_AGENT, "张伟", T0 + 100, events, &error));
      g_assert_no_error (error);
      g_assert_cmpint (hd_ticket_get_satisfaction (ticket), ==, cases[i].rating);
      g_assert_cmpint (hd_ticket_get_status (ticket), ==, cases[i].status);
      g_assert_cmpint (hd_ticket_get_escalated (ticket), ==, cases[i].escalated);
      g_assert_cmpint (hd_ticket_get_first_response_at (ticket), ==, T0 + 5);

      g_assert_cmpuint (events->len, ==, cases[i].escalated ? 3 : 2);
      g_assert_cmpint (hd_event_get_kind (g_ptr_array_index (events, 0)), ==, HD_EVENT_SURVEY_ANSWER);
      g_assert_cmpstr (hd_event_get_text (g_ptr_array_index (events, 0)), ==, "态度很好");
      g_assert_cmpstr (hd_event_get_author (g_ptr_array_index (events, 0)), ==, "张伟");
      g_assert_cmpint (hd_event_get_created_at (g_ptr_array_index (events, 0)), ==, T0 + 100);
      answer = event_data (g_ptr_array_index (events, 0));
      g_assert_cmpstr (json_object_get_string_member (answer, "survey_uuid"), ==, SURVEY_UUID);
      g_assert_cmpstr (json_object_get_string_member (answer, "rating"), ==,
                       hd_satisfaction_to_id (cases[i].rating));
      g_assert_cmpstr (json_object_get_string_member (answer, "via"), ==, "agent");

      g_assert_cmpint (hd_event_get_kind (g_ptr_array_index (events, 1)), ==, HD_EVENT_STATUS_CHANGE);
      status = event_data (g_ptr_array_index (events, 1));
      g_assert_cmpstr (json_object_get_string_member (status, "from"), ==, "awaiting_feedback");
      g_assert_cmpstr (json_object_get_string_member (status, "to"), ==, hd_status_to_id (cases[i].status));
      g_assert_true (json_object_get_boolean_member (status, "survey"));
      if (cases[i].escalated)
        {
          g_autoptr(JsonObject) escalated = event_data (g_ptr_array_index (events, 2));

          g_assert_cmpint (hd_event_get_kind (g_ptr_array_index (events, 2)), ==, HD_EVENT_ESCALATED);
          g_assert_cmpstr (json_object_get_string_member (escalated, "condition"), ==, "dissatisfied");
        }
    }
}

static void
test_apply_answer_refused (void)
{
  g_autoptr(HdTicket) ticket = awaiting_ticket ();
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *long_comment = g_strnfill (HD_SURVEY_MAX_COMMENT + 1, 'x');
  g_autofree char *max_comment = g_strnfill (HD_SURVEY_MAX_COMMENT, 'x');

  g_assert_false (hd_survey_apply_answer (ticket, NULL, HD_SATISFACTION_NONE, NULL, HD_SURVEY_VIA_AGENT,
                                          "张伟", T0, events, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_false (hd_survey_apply_answer (ticket, NULL, HD_SATISFACTION_SATISFIED, long_comment,
                                          HD_SURVEY_VIA_AGENT, "张伟", T0, events, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* Nothing changed by the refusals. */
  g_assert_cmpuint (events->len, ==, 0);
  g_assert_cmpint (hd_ticket_get_status (ticket), ==, HD_STATUS_AWAITING_FEEDBACK);
  g_assert_cmpint (hd_ticket_get_satisfaction (ticket), ==, HD_SATISFACTION_NONE);

  /* Exactly at the bound is fine. */
  g_assert_true (hd_survey_apply_answer (ticket, NULL, HD_SATISFACTION_SATISFIED, max_comment,
                                         HD_SURVEY_VIA_WEB, HD_SURVEY_CUSTOMER_AUTHOR, T0, events, &error));
  g_assert_no_error (error);

  /* Now pending close: a second answer is refused. */
  g_ptr_array_set_size (events, 0);
  g_assert_false (hd_survey_apply_answer (ticket, NULL, HD_SATISFACTION_DISSATISFIED, NULL,
                                          HD_SURVEY_VIA_AGENT, "张伟", T0, events, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_cmpint (hd_ticket_get_satisfaction (ticket), ==, HD_SATISFACTION_SATISFIED);
  g_assert_cmpuint (events->len, ==, 0);
}

/* JSON ------------------------------------------------------------------------- */

static JsonNode *
parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_true (json_parser_load_from_data (parser, text, -1, NULL));
  return json_node_copy (json_parser_get_root (parser));
}

static void
test_json_round_trip (void)
{
  HdSurvey waiting = { (char *) SURVEY_UUID, (char *) "0d8a2c4e-6f1b-4a3d-8e5c-9b7f1a2d3c4e",
                       (char *) TOKEN, T0, 0, HD_SATISFACTION_NONE, NULL, HD_SURVEY_VIA_NONE };
  HdSurvey answered = { (char *) SURVEY_UUID, (char *) "0d8a2c4e-6f1b-4a3d-8e5c-9b7f1a2d3c4e",
                        NULL, T0, T0 + 60, HD_SATISFACTION_DISSATISFIED, (char *) "还是登不上",
                        HD_SURVEY_VIA_WEB };
  const HdSurvey *cases[] = { &waiting, &answered };
  g_autofree char *token = hd_survey_new_token ();

  g_assert_true (hd_survey_token_is_valid (token));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = hd_survey_to_json (cases[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(HdSurvey) back = hd_survey_from_json (node, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (back->uuid, ==, cases[i]->uuid);
      g_assert_cmpstr (back->ticket_uuid, ==, cases[i]->ticket_uuid);
      g_assert_cmpstr (back->token, ==, cases[i]->token);
      g_assert_cmpint (back->created_at, ==, cases[i]->created_at);
      g_assert_cmpint (back->answered_at, ==, cases[i]->answered_at);
      g_assert_cmpint (back->rating, ==, cases[i]->rating);
      g_assert_cmpstr (back->comment, ==, cases[i]->comment);
      g_assert_cmpint (back->via, ==, cases[i]->via);
    }
}

static void
test_json_rejected (void)
{
#define TICKET "\"ticket_uuid\": \"0d8a2c4e-6f1b-4a3d-8e5c-9b7f1a2d3c4e\""
  static const char * const bad[] = {
    "[]",
    "{\"uuid\": \"not-a-uuid\", " TICKET ", \"created_at\": 1, \"answered_at\": 0, \"rating\": \"none\"}",
    "{\"uuid\": 5, " TICKET ", \"created_at\": 1, \"answered_at\": 0, \"rating\": \"none\"}",
    "{\"uuid\": \"" SURVEY_UUID "\", \"ticket_uuid\": \"x\", \"created_at\": 1, \"answered_at\": 0, \"rating\": \"none\"}",
    "{\"uuid\": \"" SURVEY_UUID "\", " TICKET ", \"token\": \"short\", \"created_at\": 1, \"answered_at\": 0, \"rating\": \"none\"}",
    "{\"uuid\": \"" SURVEY_UUID "\", " TICKET ", \"token\": \"abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123+/x\", \"created_at\": 1, \"answered_at\": 0, \"rating\": \"none\"}",
    "{\"uuid\": \"" SURVEY_UUID "\", " TICKET ", \"created_at\": 0, \"answered_at\": 0, \"rating\": \"none\"}",
    "{\"uuid\": \"" SURVEY_UUID "\", " TICKET ", \"created_at\": \"1\", \"answered_at\": 0, \"rating\": \"none\"}",
    "{\"uuid\": \"" SURVEY_UUID "\", " TICKET ", \"created_at\": 1, \"answered_at\": -1, \"rating\": \"none\"}",
    /* rating and answered_at disagree, both ways */
    "{\"uuid\": \"" SURVEY_UUID "\", " TICKET ", \"created_at\": 1, \"answered_at\": 5, \"rating\": \"none\", \"via\": \"web\"}",
    "{\"uuid\": \"" SURVEY_UUID "\", " TICKET ", \"created_at\": 1, \"answered_at\": 0, \"rating\": \"satisfied\"}",
    "{\"uuid\": \"" SURVEY_UUID "\", " TICKET ", \"created_at\": 1, \"answered_at\": 5, \"rating\": \"great\", \"via\": \"web\"}",
    "{\"uuid\": \"" SURVEY_UUID "\", " TICKET ", \"created_at\": 1, \"answered_at\": 5, \"rating\": 2, \"via\": \"web\"}",
    /* via missing on an answer, unknown, or set while waiting */
    "{\"uuid\": \"" SURVEY_UUID "\", " TICKET ", \"created_at\": 1, \"answered_at\": 5, \"rating\": \"satisfied\"}",
    "{\"uuid\": \"" SURVEY_UUID "\", " TICKET ", \"created_at\": 1, \"answered_at\": 5, \"rating\": \"satisfied\", \"via\": \"sms\"}",
    "{\"uuid\": \"" SURVEY_UUID "\", " TICKET ", \"created_at\": 1, \"answered_at\": 0, \"rating\": \"none\", \"via\": \"web\"}",
    "{\"uuid\": \"" SURVEY_UUID "\", " TICKET ", \"created_at\": 1, \"answered_at\": 5, \"rating\": \"satisfied\", \"via\": \"web\", \"comment\": 7}",
  };
#undef TICKET

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) node = parse (bad[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(HdSurvey) survey = hd_survey_from_json (node, &error);

      g_test_message ("case %u: %s", i, bad[i]);
      g_assert_null (survey);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    }
  g_assert_null (hd_survey_from_json (NULL, NULL));
}

static void
test_json_comment_bound (void)
{
  HdSurvey survey = { (char *) SURVEY_UUID, (char *) "0d8a2c4e-6f1b-4a3d-8e5c-9b7f1a2d3c4e",
                      NULL, T0, T0 + 1, HD_SATISFACTION_NEUTRAL, NULL, HD_SURVEY_VIA_WEB };
  g_autofree char *too_long = g_strnfill (HD_SURVEY_MAX_COMMENT + 1, 'x');
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HdSurvey) back = NULL;

  survey.comment = too_long;
  node = hd_survey_to_json (&survey);
  back = hd_survey_from_json (node, &error);
  g_assert_null (back);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

/* Store ------------------------------------------------------------------------ */

typedef struct {
  char *dir;
  HdStore *store;
  char *uuid;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdTicket) ticket = hd_ticket_new ();
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("hd-test-survey-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "tickets.db", NULL);
  f->store = hd_store_open (path, &error);
  g_assert_no_error (error);

  hd_ticket_set_customer_label (ticket, "客户A-2023");
  hd_ticket_set_description (ticket, "无法登录，提示 E1002");
  hd_ticket_set_priority (ticket, "p2");
  hd_ticket_set_created_at (ticket, T0);
  g_assert_true (hd_store_create_ticket (f->store, ticket, "张伟", &error));
  g_assert_no_error (error);
  f->uuid = g_strdup (hd_ticket_get_uuid (ticket));
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autoptr(GDir) d = g_dir_open (f->dir, 0, NULL);
  const char *name;

  g_clear_object (&f->store);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (f->dir, name, NULL);
      g_remove (child);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->uuid);
}

static HdTicket *
get (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  HdTicket *ticket = hd_store_get_ticket (f->store, f->uuid, &error);

  g_assert_no_error (error);
  return ticket;
}

static void
ok (gboolean  result,
    GError   *error)
{
  g_assert_no_error (error);
  g_assert_true (result);
}

/* Handler, in progress, result, awaiting feedback: through the real commands. */
static void
to_awaiting_feedback (Fixture *f)
{
  GError *error = NULL;

  ok (hd_ticket_commands_reassign (f->store, f->uuid, NULL, "王芳", NULL, "张伟", T0 + 10, &error), error);
  ok (hd_ticket_commands_change_status (f->store, f->uuid, HD_STATUS_IN_PROGRESS, "王芳", T0 + 20, NULL, &error), error);
  ok (hd_ticket_commands_set_result (f->store, f->uuid, "重置了密码", "王芳", T0 + 30, &error), error);
  ok (hd_ticket_commands_change_status (f->store, f->uuid, HD_STATUS_AWAITING_FEEDBACK, "王芳", T0 + 40, NULL, &error), error);
}

/* One page of the feed through hd_store_sync_apply_page(). */
static gboolean
pull (Fixture    *f,
      const char *changes_json,
      gint64      next_cursor,
      GError    **error)
{
  g_autoptr(JsonNode) changes = parse (changes_json);

  return hd_store_sync_apply_page (f->store, SERVER, json_node_get_array (changes), next_cursor,
                                   "王芳", error);
}

static char *
survey_change (Fixture    *f,
               gint64      revision,
               const char *token,
               gint64      answered_at,
               const char *rating,
               const char *via)
{
  g_autofree char *token_json = token ? g_strdup_printf ("\"%s\"", token) : g_strdup ("null");
  g_autofree char *via_json = via ? g_strdup_printf ("\"%s\"", via) : g_strdup ("null");

  return g_strdup_printf ("{\"revision\": %" G_GINT64_FORMAT ", \"entity\": \"survey\", \"id\": \"%s\","
                          " \"author\": \"server\", \"data\": {\"uuid\": \"%s\", \"ticket_uuid\": \"%s\","
                          " \"token\": %s, \"created_at\": %" G_GINT64_FORMAT ", \"answered_at\": %" G_GINT64_FORMAT ","
                          " \"rating\": \"%s\", \"comment\": null, \"via\": %s}}",
                          revision, SURVEY_UUID, SURVEY_UUID, f->uuid, token_json, T0 + 40,
                          answered_at, rating, via_json);
}

static void
test_pull_upserts_survey (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first = survey_change (f, 1, TOKEN, 0, "none", NULL);
  g_autofree char *second = survey_change (f, 2, NULL, T0 + 500, "satisfied", "web");
  g_autofree char *page1 = g_strdup_printf ("[%s]", first);
  g_autofree char *page2 = g_strdup_printf ("[%s]", second);
  g_autoptr(HdSurvey) survey = NULL;
  g_autoptr(GPtrArray) all = NULL;

  g_assert_null (hd_store_get_latest_survey (f->store, f->uuid, &error));
  g_assert_no_error (error);

  g_assert_true (pull (f, page1, 1, &error));
  g_assert_no_error (error);
  survey = hd_store_get_latest_survey (f->store, f->uuid, &error);
  g_assert_no_error (error);
  g_assert_nonnull (survey);
  g_assert_cmpstr (survey->uuid, ==, SURVEY_UUID);
  g_assert_cmpstr (survey->token, ==, TOKEN);
  g_assert_cmpint (survey->created_at, ==, T0 + 40);
  g_assert_cmpint (survey->answered_at, ==, 0);
  g_assert_cmpint (survey->rating, ==, HD_SATISFACTION_NONE);
  g_assert_cmpint (survey->via, ==, HD_SURVEY_VIA_NONE);
  g_assert_cmpint (hd_store_sync_get_cursor (f->store, SERVER), ==, 1);
  g_clear_pointer (&survey, hd_survey_free);

  /* Answered on the page; a copy without the token keeps the token known. */
  g_assert_true (pull (f, page2, 2, &error));
  g_assert_no_error (error);
  all = hd_store_list_surveys (f->store, f->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 1);
  survey = hd_store_get_latest_survey (f->store, f->uuid, &error);
  g_assert_cmpstr (survey->token, ==, TOKEN);
  g_assert_cmpint (survey->answered_at, ==, T0 + 500);
  g_assert_cmpint (survey->rating, ==, HD_SATISFACTION_SATISFIED);
  g_assert_cmpint (survey->via, ==, HD_SURVEY_VIA_WEB);
  g_clear_pointer (&survey, hd_survey_free);

  /* An older copy still waiting (applied again) does not undo the answer. */
  g_assert_true (hd_store_upsert_survey (f->store, &(HdSurvey) { (char *) SURVEY_UUID, f->uuid, NULL, T0 + 40, 0,
                                                                 HD_SATISFACTION_NONE, NULL, HD_SURVEY_VIA_NONE },
                                         &error));
  g_assert_no_error (error);
  survey = hd_store_get_latest_survey (f->store, f->uuid, &error);
  g_assert_cmpint (survey->rating, ==, HD_SATISFACTION_SATISFIED);
}

static void
test_pull_rejects_bad_survey (Fixture *f, gconstpointer data)
{
  g_autofree char *good = survey_change (f, 1, TOKEN, 0, "none", NULL);
  g_autofree char *mismatch = survey_change (f, 2, TOKEN, T0 + 5, "none", "web");
  g_autofree char *bad_token = survey_change (f, 2, "short", 0, "none", NULL);
  g_autofree char *other_id = NULL;
  const char *pages[3];

  other_id = g_strdup_printf ("{\"revision\": 2, \"entity\": \"survey\","
                              " \"id\": \"11111111-2222-4333-8444-555555555555\", \"data\": %s}",
                              strstr (good, "\"data\": ") + strlen ("\"data\": "));
  other_id[strlen (other_id) - 1] = '\0'; /* the change's own closing brace, once */
  pages[0] = mismatch;
  pages[1] = bad_token;
  pages[2] = other_id;

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *page = g_strdup_printf ("[%s, %s]", good, pages[i]);

      g_test_message ("page %u: %s", i, page);
      g_assert_false (pull (f, page, 2, &error));
      g_assert_error (error, HD_STORE_ERROR, HD_STORE_ERROR_INVALID);
      /* The whole page is refused: no survey, the cursor did not move. */
      g_assert_null (hd_store_get_latest_survey (f->store, f->uuid, NULL));
      g_assert_cmpint (hd_store_sync_get_cursor (f->store, SERVER), ==, 0);
    }
}

static void
test_entering_awaiting_feedback_resets (Fixture *f, gconstpointer data)
{
  g_autoptr(HdTicket) ticket = NULL;
  GError *error = NULL;

  to_awaiting_feedback (f);
  ok (hd_ticket_commands_record_survey_answer (f->store, f->uuid, HD_SATISFACTION_DISSATISFIED, "没解决",
                                               "王芳", T0 + 50, &error), error);
  ticket = get (f);
  g_assert_cmpint (hd_ticket_get_satisfaction (ticket), ==, HD_SATISFACTION_DISSATISFIED);
  g_assert_cmpint (hd_ticket_get_status (ticket), ==, HD_STATUS_IN_PROGRESS);
  g_assert_true (hd_ticket_get_escalated (ticket));
  g_clear_object (&ticket);

  /* Dissatisfied blocks closing until a new round. */
  g_assert_false (hd_ticket_commands_change_status (f->store, f->uuid, HD_STATUS_PENDING_CLOSE, "王芳",
                                                    T0 + 60, NULL, &error));
  g_assert_error (error, HD_TRANSITION_ERROR, HD_TRANSITION_ERROR_DISSATISFIED);
  g_clear_error (&error);

  ok (hd_ticket_commands_change_status (f->store, f->uuid, HD_STATUS_AWAITING_FEEDBACK, "王芳", T0 + 70,
                                        NULL, &error), error);
  ticket = get (f);
  g_assert_cmpint (hd_ticket_get_status (ticket), ==, HD_STATUS_AWAITING_FEEDBACK);
  g_assert_cmpint (hd_ticket_get_satisfaction (ticket), ==, HD_SATISFACTION_NONE);
  g_clear_object (&ticket);

  /* The second round: satisfied → pending close → closed. */
  ok (hd_ticket_commands_record_survey_answer (f->store, f->uuid, HD_SATISFACTION_SATISFIED, NULL,
                                               "王芳", T0 + 80, &error), error);
  ticket = get (f);
  g_assert_cmpint (hd_ticket_get_status (ticket), ==, HD_STATUS_PENDING_CLOSE);
  g_assert_cmpint (hd_ticket_get_satisfaction (ticket), ==, HD_SATISFACTION_SATISFIED);
  g_clear_object (&ticket);
  ok (hd_ticket_commands_change_status (f->store, f->uuid, HD_STATUS_CLOSED, "王芳", T0 + 90, NULL, &error),
      error);
  ticket = get (f);
  g_assert_cmpint (hd_ticket_get_status (ticket), ==, HD_STATUS_CLOSED);
}

static void
test_record_answer_outbox (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *change = survey_change (f, 1, TOKEN, 0, "none", NULL);
  g_autofree char *page = g_strdup_printf ("[%s]", change);
  g_autoptr(GPtrArray) ops = NULL;
  g_autoptr(JsonNode) payload = NULL;
  g_autoptr(HdSurvey) survey = NULL;
  g_autoptr(GPtrArray) timeline = NULL;
  HdOutboxOp *op;
  JsonObject *object, *changes;
  JsonArray *events;
  JsonObject *answer;
  JsonNode *answer_data;
  g_autoptr(JsonNode) answer_parsed = NULL;
  guint before;

  to_awaiting_feedback (f);
  g_assert_true (pull (f, page, 1, &error));
  g_assert_no_error (error);

  /* Refused while the ticket is not waiting: nothing written. */
  before = hd_store_outbox_count (f->store);
  g_assert_false (hd_ticket_commands_record_survey_answer (f->store, f->uuid, HD_SATISFACTION_NONE, NULL,
                                                           "王芳", T0 + 50, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_cmpuint (hd_store_outbox_count (f->store), ==, before);

  g_assert_true (hd_ticket_commands_record_survey_answer (f->store, f->uuid, HD_SATISFACTION_DISSATISFIED,
                                                          "还是登不上", "王芳", T0 + 50, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (hd_store_outbox_count (f->store), ==, before + 1);

  ops = hd_store_outbox_peek (f->store, 100, &error);
  g_assert_no_error (error);
  op = g_ptr_array_index (ops, ops->len - 1);
  g_assert_cmpstr (op->kind, ==, "ticket.update");
  g_assert_cmpstr (op->entity_uuid, ==, f->uuid);
  payload = parse (op->payload);
  object = json_node_get_object (payload);
  changes = json_object_get_object_member (object, "changes");
  g_assert_cmpstr (json_object_get_string_member (changes, "satisfaction"), ==, "dissatisfied");
  g_assert_cmpstr (json_object_get_string_member (changes, "status"), ==, "in_progress");
  g_assert_true (json_object_get_boolean_member (changes, "escalated"));
  events = json_object_get_array_member (object, "events");
  g_assert_cmpuint (json_array_get_length (events), ==, 3);
  answer = json_array_get_object_element (events, 0);
  g_assert_cmpstr (json_object_get_string_member (answer, "kind"), ==, "survey_answer");
  g_assert_cmpstr (json_object_get_string_member (answer, "text"), ==, "还是登不上");
  answer_data = json_object_get_member (answer, "data");
  if (JSON_NODE_HOLDS_VALUE (answer_data))
    answer_parsed = parse (json_node_get_string (answer_data));
  else
    answer_parsed = json_node_copy (answer_data);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (answer_parsed), "survey_uuid"), ==,
                   SURVEY_UUID);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (events, 1), "kind"), ==,
                   "status_change");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (events, 2), "kind"), ==,
                   "escalated");

  /* The timeline has the answer, and the local survey is answered. */
  timeline = hd_store_list_events (f->store, f->uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hd_event_get_kind (g_ptr_array_index (timeline, timeline->len - 3)), ==,
                   HD_EVENT_SURVEY_ANSWER);
  survey = hd_store_get_latest_survey (f->store, f->uuid, &error);
  g_assert_cmpint (survey->answered_at, ==, T0 + 50);
  g_assert_cmpint (survey->rating, ==, HD_SATISFACTION_DISSATISFIED);
  g_assert_cmpint (survey->via, ==, HD_SURVEY_VIA_AGENT);
  g_assert_cmpstr (survey->comment, ==, "还是登不上");
}

static void
test_record_answer_offline (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) timeline = NULL;
  g_autoptr(JsonObject) answer = NULL;
  HdEvent *event;

  /* No survey reached this client: the answer is recorded without one. */
  to_awaiting_feedback (f);
  g_assert_true (hd_ticket_commands_record_survey_answer (f->store, f->uuid, HD_SATISFACTION_VERY_SATISFIED,
                                                          NULL, "王芳", T0 + 50, &error));
  g_assert_no_error (error);
  timeline = hd_store_list_events (f->store, f->uuid, &error);
  event = g_ptr_array_index (timeline, timeline->len - 2);
  g_assert_cmpint (hd_event_get_kind (event), ==, HD_EVENT_SURVEY_ANSWER);
  g_assert_null (hd_event_get_text (event));
  answer = event_data (event);
  g_assert_true (json_object_get_null_member (answer, "survey_uuid"));
  g_assert_null (hd_store_get_latest_survey (f->store, f->uuid, NULL));

  /* A second answer is refused: the ticket is no longer waiting. */
  g_assert_false (hd_ticket_commands_record_survey_answer (f->store, f->uuid, HD_SATISFACTION_NEUTRAL,
                                                           NULL, "王芳", T0 + 60, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

static void
test_complaints (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) complaints = NULL;
  g_autofree char *page = NULL;
  gint64 mark, last = 0;

  to_awaiting_feedback (f);
  mark = hd_store_get_last_event_id (f->store);
  g_assert_cmpint (mark, >, 0);

  /* Recorded here: the agent knows; not a complaint to announce. */
  g_assert_true (hd_ticket_commands_record_survey_answer (f->store, f->uuid, HD_SATISFACTION_DISSATISFIED,
                                                          NULL, "王芳", T0 + 50, &error));
  complaints = hd_store_list_survey_complaints (f->store, mark, &last, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (complaints->len, ==, 0);
  g_assert_cmpint (last, >, mark);
  mark = last;
  g_clear_pointer (&complaints, g_ptr_array_unref);

  /* The same answer echoed back by the server: still the same row. */
  page = g_strdup_printf ("[{\"revision\": 1, \"entity\": \"event\", \"id\": \"aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee\","
                          " \"data\": {\"ticket_uuid\": \"%s\", \"kind\": \"survey_answer\", \"author\": \"customer\","
                          " \"created_at\": %" G_GINT64_FORMAT ", \"text\": \"太慢了\","
                          " \"data\": {\"survey_uuid\": \"%s\", \"rating\": \"dissatisfied\", \"via\": \"web\"}}},"
                          " {\"revision\": 2, \"entity\": \"event\", \"id\": \"aaaaaaaa-bbbb-4ccc-8ddd-ffffffffffff\","
                          " \"data\": {\"ticket_uuid\": \"%s\", \"kind\": \"survey_answer\", \"author\": \"customer\","
                          " \"created_at\": %" G_GINT64_FORMAT ", \"text\": null,"
                          " \"data\": {\"survey_uuid\": \"%s\", \"rating\": \"satisfied\", \"via\": \"web\"}}}]",
                          f->uuid, T0 + 100, SURVEY_UUID, f->uuid, T0 + 200, SURVEY_UUID);
  g_assert_true (pull (f, page, 2, &error));
  g_assert_no_error (error);
  complaints = hd_store_list_survey_complaints (f->store, mark, &last, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (complaints->len, ==, 1);
  {
    HdSurveyComplaint *c = g_ptr_array_index (complaints, 0);

    g_assert_cmpstr (c->ticket_uuid, ==, f->uuid);
    g_assert_cmpstr (c->handler, ==, "王芳");
    g_assert_nonnull (c->number);
    g_assert_cmpstr (c->comment, ==, "太慢了");
  }
  g_clear_pointer (&complaints, g_ptr_array_unref);

  /* Seen once. */
  complaints = hd_store_list_survey_complaints (f->store, last, &last, &error);
  g_assert_cmpuint (complaints->len, ==, 0);
}

static void
on_complaint (HdSurveyAlerts *alerts,
              const char     *uuid,
              const char     *number,
              const char     *message,
              GPtrArray      *heard)
{
  g_ptr_array_add (heard, g_strdup_printf ("%s|%s|%s", uuid, number, message));
}

/* The server's copy of an answer given on the page, as a pull brings it. */
static void
pull_web_answer (Fixture    *f,
                 gint64      revision,
                 const char *event_uuid,
                 const char *rating)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *page = g_strdup_printf (
    "[{\"revision\": %" G_GINT64_FORMAT ", \"entity\": \"event\", \"id\": \"%s\","
    " \"data\": {\"ticket_uuid\": \"%s\", \"kind\": \"survey_answer\", \"author\": \"customer\","
    " \"created_at\": %" G_GINT64_FORMAT ", \"text\": \"太慢了\","
    " \"data\": {\"survey_uuid\": \"%s\", \"rating\": \"%s\", \"via\": \"web\"}}}]",
    revision, event_uuid, f->uuid, T0 + 100 + revision, SURVEY_UUID, rating);

  g_assert_true (pull (f, page, revision, &error));
  g_assert_no_error (error);
}

static void
test_alerts_recipients (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) heard = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(HdSurveyAlerts) alerts = NULL;
  g_autoptr(HdTicket) ticket = NULL;
  g_autofree char *expected = NULL;

  to_awaiting_feedback (f);
  /* An answer already in the store is not news. */
  pull_web_answer (f, 1, "aaaaaaaa-bbbb-4ccc-8ddd-000000000001", "dissatisfied");
  alerts = hd_survey_alerts_new (f->store);
  g_signal_connect (alerts, "complaint", G_CALLBACK (on_complaint), heard);
  hd_survey_alerts_check (alerts);
  g_assert_cmpuint (heard->len, ==, 0);

  /* Nobody signed in (local mode): nobody to tell. */
  pull_web_answer (f, 2, "aaaaaaaa-bbbb-4ccc-8ddd-000000000002", "dissatisfied");
  g_assert_cmpuint (heard->len, ==, 0);

  /* Another agent: not theirs. */
  hd_survey_alerts_set_user (alerts, "李娜", "agent");
  g_assert_false (hd_survey_alerts_is_recipient (alerts, "王芳"));
  pull_web_answer (f, 3, "aaaaaaaa-bbbb-4ccc-8ddd-000000000003", "dissatisfied");
  g_assert_cmpuint (heard->len, ==, 0);

  /* The handler hears of it, once, with the number and the comment. */
  hd_survey_alerts_set_user (alerts, "王芳", "agent");
  pull_web_answer (f, 4, "aaaaaaaa-bbbb-4ccc-8ddd-000000000004", "dissatisfied");
  g_assert_cmpuint (heard->len, ==, 1);
  ticket = get (f);
  expected = g_strdup_printf ("%s|%s|Customer dissatisfied with %s — reopened and escalated to the team lead: “太慢了”",
                              f->uuid, hd_ticket_get_number (ticket), hd_ticket_get_number (ticket));
  g_assert_cmpstr (g_ptr_array_index (heard, 0), ==, expected);
  hd_survey_alerts_check (alerts);
  g_assert_cmpuint (heard->len, ==, 1);

  /* Satisfied answers are not complaints. */
  pull_web_answer (f, 5, "aaaaaaaa-bbbb-4ccc-8ddd-000000000005", "satisfied");
  g_assert_cmpuint (heard->len, ==, 1);

  /* Team leads, supervisors and admins hear of every ticket's. */
  for (guint i = 0; i < 3; i++)
    {
      static const char * const roles[] = { "team_lead", "supervisor", "admin" };
      g_autofree char *event_uuid = g_strdup_printf ("aaaaaaaa-bbbb-4ccc-8ddd-00000000001%u", i);

      hd_survey_alerts_set_user (alerts, "赵磊", roles[i]);
      g_assert_true (hd_survey_alerts_is_recipient (alerts, "王芳"));
      pull_web_answer (f, 6 + i, event_uuid, "dissatisfied");
      g_assert_cmpuint (heard->len, ==, 2 + i);
    }
}

static void
test_alerts_one_per_ticket (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) heard = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(HdSurveyAlerts) alerts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *page = NULL;

  to_awaiting_feedback (f);
  alerts = hd_survey_alerts_new (f->store);
  hd_survey_alerts_set_user (alerts, "赵磊", "team_lead");
  g_signal_connect (alerts, "complaint", G_CALLBACK (on_complaint), heard);

  /* Recorded on this client by the agent: no announcement. */
  g_assert_true (hd_ticket_commands_record_survey_answer (f->store, f->uuid, HD_SATISFACTION_DISSATISFIED,
                                                          NULL, "王芳", T0 + 50, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (heard->len, ==, 0);

  /* Two answers of one ticket in one page: one announcement. */
  page = g_strdup_printf (
    "[{\"revision\": 1, \"entity\": \"event\", \"id\": \"aaaaaaaa-bbbb-4ccc-8ddd-000000000101\","
    " \"data\": {\"ticket_uuid\": \"%s\", \"kind\": \"survey_answer\", \"author\": \"李娜\","
    " \"created_at\": %" G_GINT64_FORMAT ", \"text\": null,"
    " \"data\": {\"survey_uuid\": null, \"rating\": \"dissatisfied\", \"via\": \"agent\"}}},"
    " {\"revision\": 2, \"entity\": \"event\", \"id\": \"aaaaaaaa-bbbb-4ccc-8ddd-000000000102\","
    " \"data\": {\"ticket_uuid\": \"%s\", \"kind\": \"survey_answer\", \"author\": \"customer\","
    " \"created_at\": %" G_GINT64_FORMAT ", \"text\": null,"
    " \"data\": {\"survey_uuid\": null, \"rating\": \"dissatisfied\", \"via\": \"web\"}}}]",
    f->uuid, T0 + 60, f->uuid, T0 + 70);
  g_assert_true (pull (f, page, 2, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (heard->len, ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/survey/apply-answer/ratings", test_apply_answer_ratings);
  g_test_add_func ("/survey/apply-answer/refused", test_apply_answer_refused);
  g_test_add_func ("/survey/json/round-trip", test_json_round_trip);
  g_test_add_func ("/survey/json/rejected", test_json_rejected);
  g_test_add_func ("/survey/json/comment-bound", test_json_comment_bound);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/survey/store/pull-upserts", test_pull_upserts_survey);
  ADD ("/survey/store/pull-rejects", test_pull_rejects_bad_survey);
  ADD ("/survey/store/awaiting-feedback-resets", test_entering_awaiting_feedback_resets);
  ADD ("/survey/store/record-answer-outbox", test_record_answer_outbox);
  ADD ("/survey/store/record-answer-offline", test_record_answer_offline);
  ADD ("/survey/store/complaints", test_complaints);
  ADD ("/survey/alerts/recipients", test_alerts_recipients);
  ADD ("/survey/alerts/one-per-ticket", test_alerts_one_per_ticket);
#undef ADD

  return g_test_run ();
}
