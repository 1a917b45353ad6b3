/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>

#include "hd-classifier-rules.h"
#include "hd-priority.h"
#include "hd-sla.h"
#include "hd-transitions.h"

#define MINUTE 60
#define HOUR 3600

static HdConfig *
load_default (void)
{
  g_autoptr(GError) error = NULL;
  HdConfig *config = hd_config_load_default (&error);

  g_assert_no_error (error);
  return config;
}

/* Unix time of a wall-clock time in Shanghai, the default calendar's zone. */
static gint64
sh (int year, int month, int day, int hour, int minute)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Shanghai");
  g_autoptr(GDateTime) dt = g_date_time_new (tz, year, month, day, hour, minute, 0);
  return g_date_time_to_unix (dt);
}

/* Priority (SPEC R2.2) ------------------------------------------------------------ */

static void
test_priority_matrix (void)
{
  g_autoptr(HdConfig) config = load_default ();
  /* [impact][urgency]: rows single, many, core_all; columns blocking, degraded, inquiry. */
  const char *q[3][3] = {
    { "high", "high", "medium" },
    { "urgent", "high", "medium" },
    { "urgent", "urgent", "medium" },
  };
  const char *p[3][3] = {
    { "p1", "p1", "p2" },
    { "p0", "p1", "p2" },
    { "p0", "p0", "p2" },
  };

  for (guint i = 0; i < 3; i++)
    for (guint j = 0; j < 3; j++)
      g_assert_cmpstr (hd_priority_compute (config, i, j, NULL), ==, q[i][j]);

  g_assert_true (hd_config_set_active_priority_scheme (config, "p", NULL));
  for (guint i = 0; i < 3; i++)
    for (guint j = 0; j < 3; j++)
      g_assert_cmpstr (hd_priority_compute (config, i, j, NULL), ==, p[i][j]);
}

static void
test_priority_reason (void)
{
  g_autoptr(HdConfig) config = load_default ();
  g_autofree char *reason = NULL;
  g_autofree char *reason_p = NULL;

  g_assert_cmpstr (hd_priority_compute (config, HD_IMPACT_CORE_ALL, HD_URGENCY_BLOCKING, &reason), ==, "urgent");
  g_assert_cmpstr (reason, ==, "Core function for all customers × Cannot use the service or losing money → Urgent");

  g_assert_true (hd_config_set_active_priority_scheme (config, "p", NULL));
  g_assert_cmpstr (hd_priority_compute (config, HD_IMPACT_SINGLE, HD_URGENCY_INQUIRY, &reason_p), ==, "p2");
  g_assert_cmpstr (reason_p, ==, "One customer × Inquiry → P2 Normal");
}

/* SLA (SPEC R4.1) ------------------------------------------------------------------ */

typedef struct {
  const char *priority;
  gint64 created;
  gint64 response;
  gint64 resolution;
} DeadlineCase;

static void
test_sla_deadlines (void)
{
  g_autoptr(HdConfig) config = load_default ();
  gint64 tue = sh (2024, 9, 24, 10, 0);
  gint64 fri = sh (2024, 9, 27, 17, 0);
  DeadlineCase cases[] = {
    /* Tuesday 10:00, an ordinary week. */
    { "urgent", tue, tue + 10 * MINUTE, tue + 24 * HOUR },
    { "high", tue, tue + 4 * HOUR, tue + 48 * HOUR },
    { "medium", tue, tue + 8 * HOUR, sh (2024, 9, 27, 10, 0) },
    /* 5 working days: Wed, Thu, Fri, the make-up Sunday, Mon. */
    { "low", tue, sh (2024, 9, 25, 10, 0), sh (2024, 9, 30, 10, 0) },
    /* Friday 17:00 before National Day: clock targets ignore holidays… */
    { "urgent", fri, fri + 10 * MINUTE, fri + 24 * HOUR },
    { "high", fri, fri + 4 * HOUR, fri + 48 * HOUR },
    /* …working-day targets skip them: 1 h Fri, 8 h Sun 29, 8 h Mon 30, 7 h Tue 8. */
    { "medium", fri, fri + 8 * HOUR, sh (2024, 10, 8, 17, 0) },
    { "low", fri, sh (2024, 9, 29, 17, 0), sh (2024, 10, 10, 17, 0) },
    /* Scheme P: response 1 h / 4 h / 24 h. */
    { "p0", tue, tue + HOUR, tue + 24 * HOUR },
    { "p1", tue, tue + 4 * HOUR, tue + 48 * HOUR },
    { "p2", tue, tue + 24 * HOUR, sh (2024, 9, 30, 10, 0) },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 response = -1, resolution = -1;

      g_assert_true (hd_sla_compute_deadlines (config, cases[i].priority, cases[i].created,
                                               &response, &resolution));
      g_assert_cmpint (response, ==, cases[i].response);
      g_assert_cmpint (resolution, ==, cases[i].resolution);
    }

  {
    gint64 response = -1, resolution = -1;

    g_assert_false (hd_sla_compute_deadlines (config, "nope", tue, &response, &resolution));
    g_assert_cmpint (response, ==, 0);
    g_assert_cmpint (resolution, ==, 0);
  }
}

static void
test_escalation (void)
{
  g_autoptr(HdConfig) config = load_default ();
  gint64 t0 = sh (2024, 9, 24, 10, 0);
  gint64 fri = sh (2024, 9, 27, 17, 0);
  gint64 triggered, next;

  /* Urgent: no initial solution after 2 h. */
  g_assert_cmpint (hd_sla_evaluate_escalation (config, "urgent", t0, 0, FALSE, t0 + HOUR, &triggered, &next),
                   ==, HD_ESCALATION_NONE);
  g_assert_cmpint (triggered, ==, 0);
  g_assert_cmpint (next, ==, t0 + 2 * HOUR);
  g_assert_cmpint (hd_sla_evaluate_escalation (config, "urgent", t0, 0, FALSE, t0 + 2 * HOUR, &triggered, &next),
                   ==, HD_ESCALATION_NO_INITIAL_SOLUTION);
  g_assert_cmpint (triggered, ==, t0 + 2 * HOUR);
  g_assert_cmpint (next, ==, 0);
  g_assert_cmpint (hd_sla_evaluate_escalation (config, "urgent", t0, 0, TRUE, t0 + 3 * HOUR, &triggered, &next),
                   ==, HD_ESCALATION_NONE);
  g_assert_cmpint (next, ==, 0);

  /* High: no progress update for 12 h, counted from the last update. */
  g_assert_cmpint (hd_sla_evaluate_escalation (config, "high", t0, t0 + 5 * HOUR, FALSE, t0 + 6 * HOUR, &triggered, &next),
                   ==, HD_ESCALATION_NONE);
  g_assert_cmpint (next, ==, t0 + 17 * HOUR);
  g_assert_cmpint (hd_sla_evaluate_escalation (config, "high", t0, t0 + 5 * HOUR, FALSE, t0 + 18 * HOUR, &triggered, &next),
                   ==, HD_ESCALATION_NO_PROGRESS_UPDATE);
  g_assert_cmpint (triggered, ==, t0 + 17 * HOUR);
  /* Without any update, from creation. */
  g_assert_cmpint (hd_sla_evaluate_escalation (config, "high", t0, 0, FALSE, t0 + 13 * HOUR, &triggered, NULL),
                   ==, HD_ESCALATION_NO_PROGRESS_UPDATE);
  g_assert_cmpint (triggered, ==, t0 + 12 * HOUR);

  /* Medium: 24 h without an update. */
  g_assert_cmpint (hd_sla_evaluate_escalation (config, "medium", t0, t0 + HOUR, TRUE, t0 + 2 * HOUR, NULL, &next),
                   ==, HD_ESCALATION_NONE);
  g_assert_cmpint (next, ==, t0 + 25 * HOUR);

  /* Low: 3 working days without an update, holidays skipped. */
  g_assert_cmpint (hd_sla_evaluate_escalation (config, "low", fri, 0, FALSE, sh (2024, 10, 3, 12, 0), &triggered, &next),
                   ==, HD_ESCALATION_NONE);
  g_assert_cmpint (next, ==, sh (2024, 10, 8, 17, 0));
  g_assert_cmpint (hd_sla_evaluate_escalation (config, "low", fri, 0, FALSE, sh (2024, 10, 8, 17, 0), &triggered, &next),
                   ==, HD_ESCALATION_NO_PROGRESS_UPDATE);

  /* Unknown priority: nothing to watch. */
  g_assert_cmpint (hd_sla_evaluate_escalation (config, "nope", t0, 0, FALSE, t0, &triggered, &next),
                   ==, HD_ESCALATION_NONE);
  g_assert_cmpint (next, ==, 0);

  g_assert_cmpstr (hd_escalation_condition_get_label (HD_ESCALATION_NO_PROGRESS_UPDATE), ==,
                   "No progress update in time");
}

static void
test_escalation_both (void)
{
  const char *json =
    "{\"groups\": [{\"id\": \"g\", \"label\": \"G\"}],"
    " \"taxonomies\": [{\"id\": \"t\", \"label\": \"T\", \"types\": [{\"id\": \"x\", \"label\": \"X\"}]}],"
    " \"priority_schemes\": [{\"id\": \"s\", \"label\": \"S\", \"priorities\": "
    "   [{\"id\": \"p\", \"label\": \"P\", \"color\": \"#000000\", \"response\": \"1h\", \"resolution\": \"2d\","
    "     \"escalation\": [{\"condition\": \"no_progress_update\", \"after\": \"4h\"},"
    "                      {\"condition\": \"no_initial_solution\", \"after\": \"2h\"}]}],"
    "   \"matrix\": {\"core_all\": {\"blocking\": \"p\", \"degraded\": \"p\", \"inquiry\": \"p\"},"
    "               \"many\": {\"blocking\": \"p\", \"degraded\": \"p\", \"inquiry\": \"p\"},"
    "               \"single\": {\"blocking\": \"p\", \"degraded\": \"p\", \"inquiry\": \"p\"}}}],"
    " \"calendar\": {\"timezone\": \"UTC\", \"working_days\": [\"mon\"], \"working_hours\": [\"09:00-17:00\"]}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(HdConfig) config = hd_config_load_data (json, -1, "both.json", &error);
  gint64 triggered, next;

  g_assert_no_error (error);
  /* At 3 h only the first condition holds; the second comes at 4 h. */
  g_assert_cmpint (hd_sla_evaluate_escalation (config, "p", 1000, 0, FALSE, 1000 + 3 * HOUR, &triggered, &next),
                   ==, HD_ESCALATION_NO_INITIAL_SOLUTION);
  g_assert_cmpint (triggered, ==, 1000 + 2 * HOUR);
  g_assert_cmpint (next, ==, 1000 + 4 * HOUR);
  /* At 5 h both hold: the one that has held longest is reported. */
  g_assert_cmpint (hd_sla_evaluate_escalation (config, "p", 1000, 0, FALSE, 1000 + 5 * HOUR, &triggered, &next),
                   ==, HD_ESCALATION_NO_INITIAL_SOLUTION);
  g_assert_cmpint (next, ==, 0);
  /* An update at 1 h moves the second to 5 h; the first still holds. */
  g_assert_cmpint (hd_sla_evaluate_escalation (config, "p", 1000, 1000 + HOUR, TRUE, 1000 + 4 * HOUR, &triggered, &next),
                   ==, HD_ESCALATION_NONE);
  g_assert_cmpint (next, ==, 1000 + 5 * HOUR);
}

/* Status transitions (SPEC R5, R6) -------------------------------------------------- */

typedef struct {
  HdStatus from;
  HdStatus to;
  const char *handler;
  const char *result;
  HdSatisfaction satisfaction;
  int error_code; /* -1: allowed */
  const char *message;
} TransitionCase;

static const TransitionCase transition_cases[] = {
  /* pending */
  { HD_STATUS_PENDING, HD_STATUS_IN_PROGRESS, "agent-1", NULL, HD_SATISFACTION_NONE, -1, NULL },
  { HD_STATUS_PENDING, HD_STATUS_IN_PROGRESS, NULL, NULL, HD_SATISFACTION_NONE,
    HD_TRANSITION_ERROR_NO_HANDLER, "Assign a handler before moving the ticket to “In Progress”" },
  { HD_STATUS_PENDING, HD_STATUS_IN_PROGRESS, "  ", NULL, HD_SATISFACTION_NONE,
    HD_TRANSITION_ERROR_NO_HANDLER, "Assign a handler before moving the ticket to “In Progress”" },
  { HD_STATUS_PENDING, HD_STATUS_AWAITING_FEEDBACK, "agent-1", "已当场解答积分规则", HD_SATISFACTION_NONE, -1, NULL },
  { HD_STATUS_PENDING, HD_STATUS_AWAITING_FEEDBACK, "agent-1", NULL, HD_SATISFACTION_NONE,
    HD_TRANSITION_ERROR_NO_RESULT, "Add a result before moving the ticket to “Awaiting Feedback”" },
  { HD_STATUS_PENDING, HD_STATUS_PENDING_CLOSE, "agent-1", "done", HD_SATISFACTION_SATISFIED,
    HD_TRANSITION_ERROR_NOT_ALLOWED, "A ticket cannot move from “Pending” to “Pending Close”" },
  { HD_STATUS_PENDING, HD_STATUS_CLOSED, "agent-1", "done", HD_SATISFACTION_SATISFIED,
    HD_TRANSITION_ERROR_NOT_ALLOWED, "A ticket cannot move from “Pending” to “Closed”" },
  { HD_STATUS_PENDING, HD_STATUS_PENDING, NULL, NULL, HD_SATISFACTION_NONE,
    HD_TRANSITION_ERROR_UNCHANGED, "The ticket is already in “Pending”" },
  /* in progress */
  { HD_STATUS_IN_PROGRESS, HD_STATUS_PENDING, NULL, NULL, HD_SATISFACTION_NONE, -1, NULL },
  { HD_STATUS_IN_PROGRESS, HD_STATUS_AWAITING_FEEDBACK, "agent-1", "修复验证码接口", HD_SATISFACTION_NONE, -1, NULL },
  { HD_STATUS_IN_PROGRESS, HD_STATUS_AWAITING_FEEDBACK, "agent-1", "", HD_SATISFACTION_NONE,
    HD_TRANSITION_ERROR_NO_RESULT, "Add a result before moving the ticket to “Awaiting Feedback”" },
  { HD_STATUS_IN_PROGRESS, HD_STATUS_PENDING_CLOSE, "agent-1", "fixed", HD_SATISFACTION_NONE, -1, NULL },
  { HD_STATUS_IN_PROGRESS, HD_STATUS_PENDING_CLOSE, "agent-1", NULL, HD_SATISFACTION_NONE,
    HD_TRANSITION_ERROR_NO_RESULT, "Add a result before moving the ticket to “Pending Close”" },
  { HD_STATUS_IN_PROGRESS, HD_STATUS_CLOSED, "agent-1", "fixed", HD_SATISFACTION_SATISFIED,
    HD_TRANSITION_ERROR_NOT_ALLOWED, "A ticket cannot move from “In Progress” to “Closed”" },
  /* awaiting feedback */
  { HD_STATUS_AWAITING_FEEDBACK, HD_STATUS_PENDING_CLOSE, "agent-1", "fixed", HD_SATISFACTION_VERY_SATISFIED, -1, NULL },
  { HD_STATUS_AWAITING_FEEDBACK, HD_STATUS_PENDING_CLOSE, "agent-1", "fixed", HD_SATISFACTION_NEUTRAL, -1, NULL },
  { HD_STATUS_AWAITING_FEEDBACK, HD_STATUS_PENDING_CLOSE, "agent-1", "fixed", HD_SATISFACTION_NONE, -1, NULL },
  { HD_STATUS_AWAITING_FEEDBACK, HD_STATUS_PENDING_CLOSE, "agent-1", "fixed", HD_SATISFACTION_DISSATISFIED,
    HD_TRANSITION_ERROR_DISSATISFIED,
    "The customer is not satisfied: a ticket closes only when the customer is satisfied or the survey "
    "went unanswered. Record the feedback and move the ticket back to “In Progress”" },
  { HD_STATUS_AWAITING_FEEDBACK, HD_STATUS_IN_PROGRESS, "agent-1", "fixed", HD_SATISFACTION_DISSATISFIED, -1, NULL },
  { HD_STATUS_AWAITING_FEEDBACK, HD_STATUS_CLOSED, "agent-1", "fixed", HD_SATISFACTION_SATISFIED,
    HD_TRANSITION_ERROR_NOT_ALLOWED, "A ticket cannot move from “Awaiting Feedback” to “Closed”" },
  { HD_STATUS_AWAITING_FEEDBACK, HD_STATUS_PENDING, "agent-1", "fixed", HD_SATISFACTION_NONE,
    HD_TRANSITION_ERROR_NOT_ALLOWED, "A ticket cannot move from “Awaiting Feedback” to “Pending”" },
  /* pending close */
  { HD_STATUS_PENDING_CLOSE, HD_STATUS_CLOSED, "agent-1", "fixed", HD_SATISFACTION_SATISFIED, -1, NULL },
  { HD_STATUS_PENDING_CLOSE, HD_STATUS_CLOSED, "agent-1", "fixed", HD_SATISFACTION_NONE, -1, NULL },
  { HD_STATUS_PENDING_CLOSE, HD_STATUS_CLOSED, "agent-1", NULL, HD_SATISFACTION_SATISFIED,
    HD_TRANSITION_ERROR_NO_RESULT, "Add a result before moving the ticket to “Closed”" },
  { HD_STATUS_PENDING_CLOSE, HD_STATUS_CLOSED, "agent-1", "fixed", HD_SATISFACTION_DISSATISFIED,
    HD_TRANSITION_ERROR_DISSATISFIED,
    "The customer is not satisfied: a ticket closes only when the customer is satisfied or the survey "
    "went unanswered. Record the feedback and move the ticket back to “In Progress”" },
  { HD_STATUS_PENDING_CLOSE, HD_STATUS_IN_PROGRESS, "agent-1", "fixed", HD_SATISFACTION_NONE, -1, NULL },
  { HD_STATUS_PENDING_CLOSE, HD_STATUS_AWAITING_FEEDBACK, "agent-1", "fixed", HD_SATISFACTION_NONE,
    HD_TRANSITION_ERROR_NOT_ALLOWED, "A ticket cannot move from “Pending Close” to “Awaiting Feedback”" },
  /* closed */
  { HD_STATUS_CLOSED, HD_STATUS_IN_PROGRESS, "agent-1", "fixed", HD_SATISFACTION_SATISFIED, -1, NULL },
  { HD_STATUS_CLOSED, HD_STATUS_PENDING, "agent-1", "fixed", HD_SATISFACTION_SATISFIED,
    HD_TRANSITION_ERROR_NOT_ALLOWED, "A ticket cannot move from “Closed” to “Pending”" },
  { HD_STATUS_CLOSED, HD_STATUS_PENDING_CLOSE, "agent-1", "fixed", HD_SATISFACTION_SATISFIED,
    HD_TRANSITION_ERROR_NOT_ALLOWED, "A ticket cannot move from “Closed” to “Pending Close”" },
};

static HdTicket *
make_ticket (HdStatus status, const char *handler, const char *result, HdSatisfaction satisfaction)
{
  HdTicket *ticket = hd_ticket_new ();

  hd_ticket_set_status (ticket, status);
  hd_ticket_set_handler (ticket, handler);
  hd_ticket_set_result (ticket, result);
  hd_ticket_set_satisfaction (ticket, satisfaction);
  return ticket;
}

static void
test_transitions (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (transition_cases); i++)
    {
      const TransitionCase *c = &transition_cases[i];
      g_autoptr(HdTicket) ticket = make_ticket (c->from, c->handler, c->result, c->satisfaction);
      g_autoptr(GError) error = NULL;
      gboolean ok = hd_transitions_check (ticket, c->to, &error);

      if (c->error_code < 0)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
        }
      else
        {
          g_assert_false (ok);
          g_assert_error (error, HD_TRANSITION_ERROR, c->error_code);
          g_assert_cmpstr (error->message, ==, c->message);
        }
    }
}

static void
test_transitions_graph (void)
{
  /* Every pair is either an edge of the graph or refused as not allowed. */
  for (guint from = 0; from < HD_N_STATUSES; from++)
    for (guint to = 0; to < HD_N_STATUSES; to++)
      {
        g_autoptr(HdTicket) ticket = make_ticket (from, "agent-1", "fixed", HD_SATISFACTION_SATISFIED);
        g_autoptr(GError) error = NULL;
        const HdStatus *targets;
        guint n;
        gboolean edge = FALSE;

        targets = hd_transitions_get_targets (from, &n);
        for (guint k = 0; k < n; k++)
          edge |= targets[k] == to;
        if (from == to)
          {
            g_assert_false (hd_transitions_check (ticket, to, &error));
            g_assert_error (error, HD_TRANSITION_ERROR, HD_TRANSITION_ERROR_UNCHANGED);
          }
        else if (edge)
          {
            g_assert_true (hd_transitions_check (ticket, to, &error));
            g_assert_no_error (error);
          }
        else
          {
            g_assert_false (hd_transitions_check (ticket, to, &error));
            g_assert_error (error, HD_TRANSITION_ERROR, HD_TRANSITION_ERROR_NOT_ALLOWED);
          }
      }
}

static void
test_transitions_list (void)
{
  g_autoptr(HdTicket) fresh = make_ticket (HD_STATUS_PENDING, NULL, NULL, HD_SATISFACTION_NONE);
  g_autoptr(HdTicket) unhappy = make_ticket (HD_STATUS_AWAITING_FEEDBACK, "a", "r", HD_SATISFACTION_DISSATISFIED);
  g_autoptr(HdTicket) working = make_ticket (HD_STATUS_IN_PROGRESS, "a", "r", HD_SATISFACTION_NONE);
  g_autoptr(GArray) none = hd_transitions_list_allowed (fresh);
  g_autoptr(GArray) reopen = hd_transitions_list_allowed (unhappy);
  g_autoptr(GArray) all = hd_transitions_list_allowed (working);

  /* No handler, no result: a fresh ticket can go nowhere yet. */
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_cmpuint (reopen->len, ==, 1);
  g_assert_cmpint (g_array_index (reopen, HdStatus, 0), ==, HD_STATUS_IN_PROGRESS);
  g_assert_cmpuint (all->len, ==, 3);
  g_assert_cmpint (g_array_index (all, HdStatus, 0), ==, HD_STATUS_PENDING);
  g_assert_cmpint (g_array_index (all, HdStatus, 1), ==, HD_STATUS_AWAITING_FEEDBACK);
  g_assert_cmpint (g_array_index (all, HdStatus, 2), ==, HD_STATUS_PENDING_CLOSE);
}

/* Keyword rules (SPEC R2.3) ---------------------------------------------------------- */

typedef struct {
  const char *text;
  const char *rule; /* NULL: no match */
  const char *keyword;
  const char *type_l1;
  const char *type_l2;
  const char *group;
} RuleCase;

static void
check_rule_cases (HdConfig *config, const RuleCase *cases, guint n_cases)
{
  for (guint i = 0; i < n_cases; i++)
    {
      HdRuleMatch match;
      gboolean found = hd_classifier_rules_match (config, cases[i].text, &match);

      if (cases[i].rule == NULL)
        {
          g_assert_false (found);
          g_assert_null (match.rule_id);
          continue;
        }
      g_assert_true (found);
      g_assert_cmpstr (match.rule_id, ==, cases[i].rule);
      g_assert_cmpstr (match.keyword, ==, cases[i].keyword);
      g_assert_cmpstr (match.type_l1, ==, cases[i].type_l1);
      g_assert_cmpstr (match.type_l2, ==, cases[i].type_l2);
      g_assert_cmpstr (match.group, ==, cases[i].group);
    }
}

static void
test_keyword_rules (void)
{
  g_autoptr(HdConfig) config = load_default ();
  const RuleCase taxonomy_a[] = {
    { "客户反馈APP提示无法登录，已尝试重新获取验证码3次", "login", "无法登录", "fault", "login", "technical" },
    { "登录异常", "login", "登录异常", "fault", "login", "technical" },
    { "I can't LOGIN to my account", "login", "login", "fault", "login", "technical" },
    { "ｌｏｇｉｎ fails since today", "login", "login", "fault", "login", "technical" },
    { "Sign In button does nothing", "login", "sign in", "fault", "login", "technical" },
    { "关于上月的账务争议", "billing-dispute", "账务争议", "after_sales", "billing_dispute", "billing" },
    { "I was charged twice", "billing-dispute", "charged twice", "after_sales", "billing_dispute", "billing" },
    { "咨询VIP会员积分兑换规则", "points", "积分", "inquiry", "points", "product" },
    { "申请退款", "refund", "退款", "after_sales", "refund", "billing" },
    { "APP打开就闪退", "app-error", "闪退", "fault", "app_crash", "technical" },
    { "客服态度差，我要投诉", "complaint-attitude", "态度差", "complaint", "attitude", "complaints" },
    { "建议增加夜间模式", "suggestion", "建议", "suggestion", "feature_request", "product" },
    { "The weather is nice", NULL, NULL, NULL, NULL, NULL },
    { "", NULL, NULL, NULL, NULL, NULL },
  };
  const RuleCase taxonomy_b[] = {
    { "登录异常，提示验证码错误", "login", "登录异常", "tech_support", "login", "technical" },
    { "账务异常", "billing-dispute", "账务异常", "complaint", "billing_dispute", "billing" },
    { "Found a BUG in reports", "defect", "bug", "tech_support", "defect", "technical" },
    { "积分怎么用", NULL, NULL, NULL, NULL, NULL },
  };
  HdRuleMatch match;

  check_rule_cases (config, taxonomy_a, G_N_ELEMENTS (taxonomy_a));
  g_assert_true (hd_classifier_rules_match (config, "无法登录", &match));
  g_assert_cmpstr (match.rule_name, ==, "Login problem");
  g_assert_false (hd_classifier_rules_match (config, "\xff\xfe", &match));

  g_assert_true (hd_config_set_active_taxonomy (config, "b", NULL));
  check_rule_cases (config, taxonomy_b, G_N_ELEMENTS (taxonomy_b));
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rules/priority/matrix", test_priority_matrix);
  g_test_add_func ("/rules/priority/reason", test_priority_reason);
  g_test_add_func ("/rules/sla/deadlines", test_sla_deadlines);
  g_test_add_func ("/rules/sla/escalation", test_escalation);
  g_test_add_func ("/rules/sla/escalation-both", test_escalation_both);
  g_test_add_func ("/rules/transitions/cases", test_transitions);
  g_test_add_func ("/rules/transitions/graph", test_transitions_graph);
  g_test_add_func ("/rules/transitions/list", test_transitions_list);
  g_test_add_func ("/rules/classifier/keywords", test_keyword_rules);

  return g_test_run ();
}
