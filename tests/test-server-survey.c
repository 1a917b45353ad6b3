/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "hd-survey.h"
#include "hd-test-server.h"

/* Satisfaction surveys against the real server: creation by the batch, the
 * public page /survey/TOKEN as a browser uses it, agent-recorded answers. */

#define CREATED_AT G_GINT64_CONSTANT (1700000000)

typedef struct {
  HdTestServer *server;
  char *admin;
  char *agent;
} Fixture;

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  fixture->server = hd_test_server_start (NULL, NULL);
  fixture->admin = hd_test_login (fixture->server, "root", HD_TEST_ADMIN_PASSWORD);
  fixture->agent = hd_test_add_user (fixture->server, fixture->admin, "agent1", "agent", "technical");
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  hd_test_server_stop (fixture->server);
  g_free (fixture->admin);
  g_free (fixture->agent);
}

/* Batches ------------------------------------------------------------------------- */

static char *
create_op (const char *ticket_uuid,
           const char *status,
           const char *result)
{
  g_autofree char *op_uuid = g_uuid_string_random ();
  g_autofree char *event_uuid = g_uuid_string_random ();
  g_autofree char *result_json = result != NULL ? g_strdup_printf ("\"%s\"", result) : g_strdup ("null");

  return g_strdup_printf (
    "{\"op_uuid\":\"%s\",\"kind\":\"ticket.create\",\"entity_uuid\":\"%s\",\"created_at\":%" G_GINT64_FORMAT ","
    "\"payload\":{\"ticket\":{\"uuid\":\"%s\",\"customer_label\":\"客户A\",\"channel\":\"phone\","
    "\"description\":\"无法登录\",\"group\":\"technical\",\"handler\":\"agent1\","
    "\"created_at\":%" G_GINT64_FORMAT ",\"result\":%s,\"satisfaction\":\"none\",\"status\":\"%s\","
    "\"escalated\":false},"
    "\"events\":[{\"uuid\":\"%s\",\"ticket_uuid\":\"%s\",\"kind\":\"created\",\"author\":\"x\","
    "\"created_at\":%" G_GINT64_FORMAT ",\"text\":null,\"data\":null}]}}",
    op_uuid, ticket_uuid, CREATED_AT, ticket_uuid, CREATED_AT, result_json, status,
    event_uuid, ticket_uuid, CREATED_AT);
}

static char *
update_op (const char *ticket_uuid,
           const char *changes,
           const char *events)
{
  g_autofree char *op_uuid = g_uuid_string_random ();

  return g_strdup_printf (
    "{\"op_uuid\":\"%s\",\"kind\":\"ticket.update\",\"entity_uuid\":\"%s\","
    "\"payload\":{\"uuid\":\"%s\",\"base_revision\":0,\"changes\":%s,\"events\":%s}}",
    op_uuid, ticket_uuid, ticket_uuid, changes, events != NULL ? events : "[]");
}

/* The agent's recording of a phone answer, as the client sends it. */
static char *
agent_answer_op (const char *ticket_uuid,
                 const char *survey_uuid,
                 const char *rating,
                 const char *status)
{
  g_autofree char *event_uuid = g_uuid_string_random ();
  g_autofree char *changes = g_strdup_printf ("{\"status\":\"%s\",\"satisfaction\":\"%s\"}",
                                              status, rating);
  g_autofree char *events = g_strdup_printf (
    "[{\"uuid\":\"%s\",\"ticket_uuid\":\"%s\",\"kind\":\"survey_answer\",\"author\":\"agent1\","
    "\"created_at\":%" G_GINT64_FORMAT ",\"text\":\"电话回访\","
    "\"data\":{\"survey_uuid\":\"%s\",\"rating\":\"%s\",\"via\":\"agent\"}}]",
    event_uuid, ticket_uuid, CREATED_AT + 100, survey_uuid, rating);

  return update_op (ticket_uuid, changes, events);
}

/* Sends one op; returns the reply's result object (a new reference). */
static JsonObject *
send_op (Fixture    *fixture,
         const char *op)
{
  g_autofree char *body = g_strdup_printf ("{\"ops\":[%s]}", op);
  g_autoptr(JsonNode) reply = NULL;
  JsonArray *results;

  g_assert_cmpuint (hd_test_request (fixture->server, "POST", "/api/v1/batch", fixture->agent,
                                     body, -1, &reply), ==, 200);
  results = json_object_get_array_member (json_node_get_object (reply), "results");
  return json_object_ref (json_array_get_object_element (results, 0));
}

static void
assert_applied (JsonObject *result)
{
  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "applied");
}

/* Creates a ticket and sends its result to the customer (awaiting feedback). */
static char *
ticket_awaiting_feedback (Fixture *fixture)
{
  char *ticket = g_uuid_string_random ();
  g_autofree char *create = create_op (ticket, "in_progress", NULL);
  g_autofree char *send = update_op (ticket, "{\"result\":\"已重置密码\",\"status\":\"awaiting_feedback\"}",
                                     NULL);
  g_autoptr(JsonObject) r1 = send_op (fixture, create);
  g_autoptr(JsonObject) r2 = send_op (fixture, send);

  assert_applied (r1);
  assert_applied (r2);
  return ticket;
}

/* Change feed ---------------------------------------------------------------------- */

static JsonNode *
get_feed (Fixture *fixture)
{
  JsonNode *feed = NULL;

  g_assert_cmpuint (hd_test_request (fixture->server, "GET", "/api/v1/changes?since=0&limit=500",
                                     fixture->agent, NULL, 0, &feed), ==, 200);
  return feed;
}

static gint64
feed_head (Fixture *fixture)
{
  g_autoptr(JsonNode) feed = get_feed (fixture);

  return json_object_get_int_member (json_node_get_object (feed), "head");
}

/* The feed's records of @entity whose data's @member is @value, in order. */
static GPtrArray *
records (JsonNode   *feed,
         const char *entity,
         const char *member,
         const char *value)
{
  JsonArray *changes = json_object_get_array_member (json_node_get_object (feed), "changes");
  GPtrArray *found = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *change = json_array_get_object_element (changes, i);
      JsonObject *data = json_object_get_object_member (change, "data");

      if (g_str_equal (json_object_get_string_member (change, "entity"), entity) &&
          g_strcmp0 (json_object_get_string_member (data, member), value) == 0)
        g_ptr_array_add (found, json_object_ref (data));
    }
  return found;
}

/* The ticket's surveys as the feed last describes them, oldest first. */
static GPtrArray *
surveys_of (Fixture    *fixture,
            const char *ticket)
{
  g_autoptr(JsonNode) feed = get_feed (fixture);
  g_autoptr(GPtrArray) all = records (feed, "survey", "ticket_uuid", ticket);
  GPtrArray *latest = g_ptr_array_new_with_free_func ((GDestroyNotify) hd_survey_free);

  for (guint i = 0; i < all->len; i++)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), g_ptr_array_index (all, i));
      g_autoptr(GError) error = NULL;
      HdSurvey *survey = hd_survey_from_json (node, &error);
      gboolean replaced = FALSE;

      g_assert_no_error (error);
      for (guint j = 0; j < latest->len && !replaced; j++)
        if (g_str_equal (((HdSurvey *) g_ptr_array_index (latest, j))->uuid, survey->uuid))
          {
            hd_survey_free (latest->pdata[j]);
            latest->pdata[j] = survey;
            replaced = TRUE;
          }
      if (!replaced)
        g_ptr_array_add (latest, survey);
    }
  return latest;
}

static HdSurvey *
the_survey (Fixture    *fixture,
            const char *ticket)
{
  g_autoptr(GPtrArray) surveys = surveys_of (fixture, ticket);
  HdSurvey *survey;

  g_assert_cmpuint (surveys->len, ==, 1);
  survey = g_ptr_array_steal_index (surveys, 0);
  return survey;
}

/* The ticket's data in its last feed record. */
static JsonObject *
ticket_state (Fixture    *fixture,
              const char *ticket)
{
  g_autoptr(JsonNode) feed = get_feed (fixture);
  g_autoptr(GPtrArray) found = records (feed, "ticket", "uuid", ticket);

  g_assert_cmpuint (found->len, >, 0);
  return json_object_ref (g_ptr_array_index (found, found->len - 1));
}

/* The kinds of the ticket's events, in order, joined by spaces. */
static char *
event_kinds (Fixture    *fixture,
             const char *ticket)
{
  g_autoptr(JsonNode) feed = get_feed (fixture);
  g_autoptr(GPtrArray) found = records (feed, "event", "ticket_uuid", ticket);
  GString *kinds = g_string_new (NULL);

  for (guint i = 0; i < found->len; i++)
    g_string_append_printf (kinds, "%s%s", i > 0 ? " " : "",
                            json_object_get_string_member (g_ptr_array_index (found, i), "kind"));
  return g_string_free (kinds, FALSE);
}

static JsonObject *
last_event (Fixture    *fixture,
            const char *ticket,
            const char *kind)
{
  g_autoptr(JsonNode) feed = get_feed (fixture);
  g_autoptr(GPtrArray) found = records (feed, "event", "ticket_uuid", ticket);

  for (guint i = found->len; i > 0; i--)
    if (g_str_equal (json_object_get_string_member (g_ptr_array_index (found, i - 1), "kind"), kind))
      return json_object_ref (g_ptr_array_index (found, i - 1));
  g_assert_not_reached ();
}

/* The page, as a browser --------------------------------------------------------------- */

typedef struct {
  guint status;
  char *body;
  SoupMessageHeaders *headers;
} Response;

static void
response_clear (Response *response)
{
  g_free (response->body);
  g_clear_pointer (&response->headers, soup_message_headers_unref);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Response, response_clear)

static void
browse (Fixture    *fixture,
        const char *method,
        const char *path,
        const char *accept_language,
        const char *form,
        gssize      form_length,
        Response   *response)
{
  g_autofree char *uri = g_strconcat (fixture->server->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (msg);
  if (accept_language != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept-Language",
                                  accept_language);
  if (form != NULL)
    {
      g_autoptr(GBytes) body = g_bytes_new (form, form_length < 0 ? strlen (form) : (gsize) form_length);
      soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", body);
    }
  bytes = soup_session_send_and_read (fixture->server->session, msg, NULL, &error);
  g_assert_no_error (error);
  response->status = soup_message_get_status (msg);
  response->body = g_bytes_get_size (bytes) > 0
                 ? g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes))
                 : g_strdup ("");
  response->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  g_assert_true (g_utf8_validate (response->body, -1, NULL));
}

static char *
page_path (const HdSurvey *survey,
           const char     *query)
{
  return g_strconcat ("/survey/", survey->token, query, NULL);
}

static void
assert_page_headers (Response *response)
{
  SoupMessageHeaders *h = response->headers;

  g_assert_cmpstr (soup_message_headers_get_one (h, "Content-Type"), ==, "text/html; charset=utf-8");
  g_assert_cmpstr (soup_message_headers_get_one (h, "Content-Security-Policy"), ==,
                   "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
  g_assert_cmpstr (soup_message_headers_get_one (h, "X-Frame-Options"), ==, "DENY");
  g_assert_cmpstr (soup_message_headers_get_one (h, "Referrer-Policy"), ==, "no-referrer");
  g_assert_cmpstr (soup_message_headers_get_one (h, "Cache-Control"), ==, "no-store");
  g_assert_nonnull (strstr (response->body, "<meta name=\"viewport\""));
  g_assert_null (strstr (response->body, "<script"));
}

static void
answer (Fixture        *fixture,
        const HdSurvey *survey,
        const char     *form,
        guint           expected_status,
        const char     *expected_text)
{
  g_autofree char *path = page_path (survey, "?lang=en");
  g_auto(Response) response = { 0 };

  browse (fixture, "POST", path, NULL, form, -1, &response);
  g_assert_cmpuint (response.status, ==, expected_status);
  assert_page_headers (&response);
  g_assert_nonnull (strstr (response.body, expected_text));
}

/* Tests --------------------------------------------------------------------------------- */

static void
test_created_once (Fixture      *fixture,
                   gconstpointer data)
{
  g_autofree char *ticket = g_uuid_string_random ();
  g_autofree char *create = create_op (ticket, "in_progress", NULL);
  g_autofree char *send = update_op (ticket, "{\"result\":\"已重置密码\",\"status\":\"awaiting_feedback\"}", NULL);
  g_autofree char *again = NULL;
  g_autofree char *note = update_op (ticket, "{\"description\":\"无法登录（已解决）\"}", NULL);
  g_autofree char *direct = g_uuid_string_random ();
  g_autofree char *direct_create = create_op (direct, "awaiting_feedback", "现场解决");
  g_autoptr(JsonObject) r1 = send_op (fixture, create);
  g_autoptr(JsonObject) r2 = NULL;
  g_autoptr(JsonObject) r3 = NULL;
  g_autoptr(JsonObject) r4 = NULL;
  g_autoptr(JsonObject) r5 = NULL;
  g_autoptr(HdSurvey) survey = NULL;
  g_autoptr(HdSurvey) direct_survey = NULL;
  g_autoptr(GPtrArray) none = surveys_of (fixture, ticket);

  assert_applied (r1);
  g_assert_cmpuint (none->len, ==, 0);

  r2 = send_op (fixture, send);
  assert_applied (r2);
  survey = the_survey (fixture, ticket);
  g_assert_true (hd_survey_token_is_valid (survey->token));
  g_assert_cmpstr (survey->ticket_uuid, ==, ticket);
  g_assert_cmpint (survey->answered_at, ==, 0);
  g_assert_cmpint (survey->rating, ==, HD_SATISFACTION_NONE);
  g_assert_cmpint (survey->via, ==, HD_SURVEY_VIA_NONE);
  g_assert_cmpint (survey->created_at, >, 0);

  /* Exactly once: the replayed op (lost reply) creates no second survey. */
  r3 = send_op (fixture, send);
  g_assert_cmpint (json_object_get_int_member (r3, "revision"), ==,
                   json_object_get_int_member (r2, "revision"));
  g_clear_pointer (&survey, hd_survey_free);
  survey = the_survey (fixture, ticket);

  /* Neither does another change while it waits, nor setting the same status. */
  r4 = send_op (fixture, note);
  assert_applied (r4);
  again = update_op (ticket, "{\"status\":\"awaiting_feedback\"}", NULL);
  r5 = send_op (fixture, again);
  assert_applied (r5);
  g_clear_pointer (&survey, hd_survey_free);
  survey = the_survey (fixture, ticket);

  /* A ticket created already awaiting feedback (solved on the spot). */
  g_clear_pointer (&r1, json_object_unref);
  r1 = send_op (fixture, direct_create);
  assert_applied (r1);
  direct_survey = the_survey (fixture, direct);
  g_assert_cmpstr (direct_survey->token, !=, survey->token);
}

static void
test_page_shows_form (Fixture      *fixture,
                      gconstpointer data)
{
  g_autofree char *ticket = ticket_awaiting_feedback (fixture);
  g_autoptr(HdSurvey) survey = the_survey (fixture, ticket);
  g_autoptr(JsonObject) state = ticket_state (fixture, ticket);
  const char *number = json_object_get_string_member (state, "number");
  g_autofree char *path = page_path (survey, "");
  g_autofree char *zh_path = page_path (survey, "?lang=zh_CN");
  g_autofree char *scan_path = page_path (survey, "?rating=satisfied&comment=scan");
  gint64 head = feed_head (fixture);

  {
    g_auto(Response) response = { 0 };

    browse (fixture, "GET", path, "en-GB,en;q=0.8", NULL, 0, &response);
    g_assert_cmpuint (response.status, ==, 200);
    assert_page_headers (&response);
    g_assert_nonnull (strstr (response.body, number));
    g_assert_nonnull (strstr (response.body, "<html lang=\"en\">"));
    g_assert_nonnull (strstr (response.body, "method=\"post\""));
    g_assert_nonnull (strstr (response.body, "Very Satisfied"));
    g_assert_nonnull (strstr (response.body, "value=\"very_satisfied\""));
    g_assert_nonnull (strstr (response.body, "value=\"satisfied\""));
    g_assert_nonnull (strstr (response.body, "value=\"neutral\""));
    g_assert_nonnull (strstr (response.body, "value=\"dissatisfied\""));
    g_assert_nonnull (strstr (response.body, "Not Satisfied"));
    g_assert_nonnull (strstr (response.body, "maxlength=\"4000\""));
    g_assert_nonnull (strstr (response.body, "prefers-color-scheme:dark"));
    /* The action keeps the language; a link switches it. */
    g_assert_nonnull (strstr (response.body, "?lang=en\""));
    g_assert_nonnull (strstr (response.body, "?lang=zh_CN\""));
  }

  /* Chinese: from Accept-Language, and from ?lang= over the header. */
  {
    g_auto(Response) by_header = { 0 };
    g_auto(Response) by_query = { 0 };
    g_auto(Response) english = { 0 };
    g_autofree char *en_path = page_path (survey, "?lang=en");

    browse (fixture, "GET", path, "zh-CN,zh;q=0.9,en;q=0.5", NULL, 0, &by_header);
    browse (fixture, "GET", zh_path, "en", NULL, 0, &by_query);
    browse (fixture, "GET", en_path, "zh-CN", NULL, 0, &english);
    for (guint i = 0; i < 2; i++)
      {
        Response *response = i == 0 ? &by_header : &by_query;

        g_assert_cmpuint (response->status, ==, 200);
        assert_page_headers (response);
        g_assert_nonnull (strstr (response->body, "<html lang=\"zh-CN\">"));
        g_assert_nonnull (strstr (response->body, "非常满意"));
        g_assert_nonnull (strstr (response->body, "满意"));
        g_assert_nonnull (strstr (response->body, "一般"));
        g_assert_nonnull (strstr (response->body, "不满意"));
        g_assert_null (strstr (response->body, "Very Satisfied"));
        g_assert_nonnull (strstr (response->body, "?lang=zh_CN\""));
        g_assert_nonnull (strstr (response->body, ">English</a>"));
      }
    g_assert_nonnull (strstr (english.body, "Very Satisfied"));
    g_assert_null (strstr (english.body, "非常满意"));
  }

  /* Opening the link — even with answer-like parameters, or HEAD — changes
   * nothing. */
  {
    g_auto(Response) scan = { 0 };
    g_auto(Response) head_response = { 0 };
    g_autoptr(HdSurvey) after = NULL;

    browse (fixture, "GET", scan_path, NULL, NULL, 0, &scan);
    g_assert_cmpuint (scan.status, ==, 200);
    g_assert_nonnull (strstr (scan.body, "method=\"post\""));
    browse (fixture, "HEAD", path, NULL, NULL, 0, &head_response);
    g_assert_cmpuint (head_response.status, ==, 200);
    g_assert_cmpint (feed_head (fixture), ==, head);
    after = the_survey (fixture, ticket);
    g_assert_cmpint (after->answered_at, ==, 0);
  }
}

static void
test_answer_satisfied (Fixture      *fixture,
                       gconstpointer data)
{
  g_autofree char *ticket = ticket_awaiting_feedback (fixture);
  g_autoptr(HdSurvey) survey = the_survey (fixture, ticket);
  g_autoptr(HdSurvey) answered = NULL;
  g_autoptr(JsonObject) state = NULL;
  g_autoptr(JsonObject) answer_event = NULL;
  g_autoptr(JsonObject) status_event = NULL;
  g_autofree char *kinds = NULL;
  gint64 head = feed_head (fixture);

  /* No rating: the form again, with the error and the comment kept
   * (escaped). Nothing stored. */
  {
    g_autofree char *path = page_path (survey, "?lang=en");
    g_auto(Response) response = { 0 };

    browse (fixture, "POST", path, NULL, "rating=great&comment=%3Cb%3Ehi%3C%2Fb%3E", -1, &response);
    g_assert_cmpuint (response.status, ==, 400);
    assert_page_headers (&response);
    g_assert_nonnull (strstr (response.body, "Please choose one of the answers."));
    g_assert_nonnull (strstr (response.body, "&lt;b&gt;hi&lt;/b&gt;</textarea>"));
    g_assert_null (strstr (response.body, "<b>hi"));
    g_assert_cmpint (feed_head (fixture), ==, head);
  }

  answer (fixture, survey, "rating=satisfied&comment=%E8%B0%A2%E8%B0%A2+%26+bye", 200,
          "Thank you! Your answer has been recorded.");

  state = ticket_state (fixture, ticket);
  g_assert_cmpstr (json_object_get_string_member (state, "status"), ==, "pending_close");
  g_assert_cmpstr (json_object_get_string_member (state, "satisfaction"), ==, "satisfied");
  g_assert_false (json_object_get_boolean_member (state, "escalated"));
  g_assert_cmpstr (json_object_get_string_member (state, "result"), ==, "已重置密码");
  kinds = event_kinds (fixture, ticket);
  g_assert_true (g_str_has_suffix (kinds, "survey_answer status_change"));
  answer_event = last_event (fixture, ticket, "survey_answer");
  g_assert_cmpstr (json_object_get_string_member (answer_event, "author"), ==, HD_SURVEY_CUSTOMER_AUTHOR);
  g_assert_cmpstr (json_object_get_string_member (answer_event, "text"), ==, "谢谢 & bye");
  {
    JsonObject *event_data = json_object_get_object_member (answer_event, "data");
    g_assert_cmpstr (json_object_get_string_member (event_data, "survey_uuid"), ==, survey->uuid);
    g_assert_cmpstr (json_object_get_string_member (event_data, "rating"), ==, "satisfied");
    g_assert_cmpstr (json_object_get_string_member (event_data, "via"), ==, "web");
  }
  status_event = last_event (fixture, ticket, "status_change");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (status_event, "data"), "to"),
                   ==, "pending_close");

  answered = the_survey (fixture, ticket);
  g_assert_cmpint (answered->answered_at, >, 0);
  g_assert_cmpint (answered->rating, ==, HD_SATISFACTION_SATISFIED);
  g_assert_cmpint (answered->via, ==, HD_SURVEY_VIA_WEB);
  g_assert_cmpstr (answered->comment, ==, "谢谢 & bye");

  /* Twice: refused politely; and the link now says so. */
  head = feed_head (fixture);
  answer (fixture, survey, "rating=dissatisfied", 409,
          "You have already answered this survey — thank you.");
  g_assert_cmpint (feed_head (fixture), ==, head);
  {
    g_autofree char *path = page_path (survey, "");
    g_auto(Response) response = { 0 };

    browse (fixture, "GET", path, NULL, NULL, 0, &response);
    g_assert_cmpuint (response.status, ==, 200);
    g_assert_nonnull (strstr (response.body, "You have already answered this survey"));
    g_assert_null (strstr (response.body, "<form"));
  }
}

static void
test_answer_dissatisfied (Fixture      *fixture,
                          gconstpointer data)
{
  g_autofree char *ticket = ticket_awaiting_feedback (fixture);
  g_autoptr(HdSurvey) survey = the_survey (fixture, ticket);
  g_autoptr(JsonObject) state = NULL;
  g_autoptr(JsonObject) escalated = NULL;
  g_autoptr(GPtrArray) surveys = NULL;
  g_autofree char *kinds = NULL;
  g_autofree char *resend = NULL;
  g_autoptr(JsonObject) result = NULL;

  answer (fixture, survey, "rating=dissatisfied&comment=", 200, "Thank you!");
  state = ticket_state (fixture, ticket);
  g_assert_cmpstr (json_object_get_string_member (state, "status"), ==, "in_progress");
  g_assert_cmpstr (json_object_get_string_member (state, "satisfaction"), ==, "dissatisfied");
  g_assert_true (json_object_get_boolean_member (state, "escalated"));
  kinds = event_kinds (fixture, ticket);
  g_assert_true (g_str_has_suffix (kinds, "survey_answer status_change escalated"));
  escalated = last_event (fixture, ticket, "escalated");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (escalated, "data"),
                                                  "condition"), ==, "dissatisfied");

  /* The next result sent is a new round: a new survey. */
  resend = update_op (ticket, "{\"result\":\"已更换设备\",\"status\":\"awaiting_feedback\"}", NULL);
  result = send_op (fixture, resend);
  assert_applied (result);
  surveys = surveys_of (fixture, ticket);
  g_assert_cmpuint (surveys->len, ==, 2);
  g_assert_cmpint (((HdSurvey *) surveys->pdata[0])->via, ==, HD_SURVEY_VIA_WEB);
  g_assert_cmpint (((HdSurvey *) surveys->pdata[1])->answered_at, ==, 0);
}

static void
test_agent_answer (Fixture      *fixture,
                   gconstpointer data)
{
  g_autofree char *ticket = ticket_awaiting_feedback (fixture);
  g_autoptr(HdSurvey) survey = the_survey (fixture, ticket);
  g_autoptr(HdSurvey) answered = NULL;
  g_autofree char *op = agent_answer_op (ticket, survey->uuid, "very_satisfied", "pending_close");
  g_autoptr(JsonObject) result = send_op (fixture, op);

  assert_applied (result);
  answered = the_survey (fixture, ticket);
  g_assert_cmpint (answered->via, ==, HD_SURVEY_VIA_AGENT);
  g_assert_cmpint (answered->rating, ==, HD_SATISFACTION_VERY_SATISFIED);
  g_assert_cmpstr (answered->comment, ==, "电话回访");
  g_assert_cmpint (answered->answered_at, >, 0);

  /* The customer opens the link afterwards: refused politely. */
  answer (fixture, survey, "rating=neutral", 409, "You have already answered this survey");
}

static void
test_web_before_agent (Fixture      *fixture,
                       gconstpointer data)
{
  g_autofree char *ticket = ticket_awaiting_feedback (fixture);
  g_autoptr(HdSurvey) survey = the_survey (fixture, ticket);
  g_autoptr(HdSurvey) after = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonObject) state = NULL;
  g_autofree char *op = agent_answer_op (ticket, survey->uuid, "dissatisfied", "in_progress");
  JsonObject *error;
  gint64 head;

  answer (fixture, survey, "rating=very_satisfied", 200, "Thank you!");
  head = feed_head (fixture);

  /* The agent, offline, recorded a phone answer meanwhile: rejected. */
  result = send_op (fixture, op);
  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "rejected");
  error = json_object_get_object_member (result, "error");
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, "conflict");
  g_assert_cmpstr (json_object_get_string_member (error, "message"), ==,
                   "The customer already answered this survey on the web");
  g_assert_cmpint (feed_head (fixture), ==, head);
  state = ticket_state (fixture, ticket);
  g_assert_cmpstr (json_object_get_string_member (state, "status"), ==, "pending_close");
  g_assert_cmpstr (json_object_get_string_member (state, "satisfaction"), ==, "very_satisfied");
  after = the_survey (fixture, ticket);
  g_assert_cmpint (after->via, ==, HD_SURVEY_VIA_WEB);
}

static void
test_refusals (Fixture      *fixture,
               gconstpointer data)
{
  g_autofree char *ticket = ticket_awaiting_feedback (fixture);
  g_autoptr(HdSurvey) survey = the_survey (fixture, ticket);
  g_autofree char *unknown_token = hd_survey_new_token ();
  g_autofree char *unknown = g_strconcat ("/survey/", unknown_token, NULL);
  g_autofree char *nested = g_strconcat ("/survey/", survey->token, "/x", NULL);
  const char *malformed[] = {
    "/survey/", "/survey", "/survey/short", "/survey/a%2Fb",
    "/survey/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA%27", nested, unknown,
  };
  gint64 head = feed_head (fixture);

  for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      g_auto(Response) get = { 0 };
      g_auto(Response) post = { 0 };

      browse (fixture, "GET", malformed[i], NULL, NULL, 0, &get);
      g_assert_cmpuint (get.status, ==, 404);
      assert_page_headers (&get);
      g_assert_nonnull (strstr (get.body, "This survey link is not valid"));
      browse (fixture, "POST", malformed[i], NULL, "rating=satisfied", -1, &post);
      g_assert_cmpuint (post.status, ==, 404);
    }

  /* A body past the page's bound is refused from its headers. */
  {
    gsize size = 64 * 1024;
    g_autofree char *big = g_malloc (size);
    g_autofree char *path = page_path (survey, "");
    g_auto(Response) response = { 0 };

    memset (big, 'a', size);
    memcpy (big, "rating=satisfied&comment=", 25);
    browse (fixture, "POST", path, NULL, big, size, &response);
    g_assert_cmpuint (response.status, ==, 413);
    assert_page_headers (&response);
  }

  /* A comment past HD_SURVEY_MAX_COMMENT bytes inside the bound: the form
   * again with the error. */
  {
    GString *form = g_string_new ("rating=satisfied&comment=");
    g_autofree char *path = page_path (survey, "");
    g_auto(Response) response = { 0 };

    for (guint i = 0; i < HD_SURVEY_MAX_COMMENT / 3 + 1; i++)
      g_string_append (form, "%E5%A5%BD"); /* 好: 3 bytes */
    browse (fixture, "POST", path, NULL, form->str, form->len, &response);
    g_string_free (form, TRUE);
    g_assert_cmpuint (response.status, ==, 400);
    g_assert_nonnull (strstr (response.body, "The comment is too long"));
  }

  /* Other methods. */
  {
    g_autofree char *path = page_path (survey, "");
    g_auto(Response) response = { 0 };

    browse (fixture, "PUT", path, NULL, "rating=satisfied", -1, &response);
    g_assert_cmpuint (response.status, ==, 405);
  }
  g_assert_cmpint (feed_head (fixture), ==, head);

  /* The ticket moved on without an answer (reopened by the agent): closed. */
  {
    g_autofree char *reopen = update_op (ticket, "{\"status\":\"in_progress\"}", NULL);
    g_autoptr(JsonObject) result = send_op (fixture, reopen);
    g_autofree char *path = page_path (survey, "");
    g_auto(Response) response = { 0 };

    assert_applied (result);
    answer (fixture, survey, "rating=satisfied", 409, "This ticket is no longer waiting for your answer.");
    browse (fixture, "GET", path, NULL, NULL, 0, &response);
    g_assert_cmpuint (response.status, ==, 200);
    g_assert_nonnull (strstr (response.body, "This survey is closed"));
  }
}

int
main (int argc, char *argv[])
{
  g_autofree char *mo = g_build_filename (HD_TEST_LOCALEDIR, "zh_CN", "LC_MESSAGES",
                                          GETTEXT_PACKAGE ".mo", NULL);

  g_test_init (&argc, &argv, NULL);
  /* The server reads the built catalogue: this test runs without any zh_CN
   * system locale. */
  if (!g_file_test (mo, G_FILE_TEST_EXISTS))
    g_error ("%s is missing: build the helpdesk-gmo target", mo);
  g_setenv ("HELPDESK_LOCALEDIR", HD_TEST_LOCALEDIR, TRUE);
  g_unsetenv ("LANGUAGE");

#define ADD(path, func) \
  g_test_add ("/server-survey/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("created-once", test_created_once);
  ADD ("page/form", test_page_shows_form);
  ADD ("page/satisfied", test_answer_satisfied);
  ADD ("page/dissatisfied", test_answer_dissatisfied);
  ADD ("page/refusals", test_refusals);
  ADD ("agent/answer", test_agent_answer);
  ADD ("agent/after-web", test_web_before_agent);
#undef ADD

  return g_test_run ();
}
