/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "hd-config.h"
#include "hd-config-item.h"

static const char *
item_label (GListModel *model, guint position)
{
  g_autoptr(HdConfigItem) item = g_list_model_get_item (model, position);
  /* The configuration keeps its own copy of every label alive. */
  return g_intern_string (hd_config_item_get_label (item));
}

static const char *
item_id (GListModel *model, guint position)
{
  g_autoptr(HdConfigItem) item = g_list_model_get_item (model, position);
  return g_intern_string (hd_config_item_get_id (item));
}

static void
test_default_taxonomy_a (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdConfig) config = hd_config_load_default (&error);
  g_autoptr(GListModel) types = NULL;
  g_autoptr(GListModel) subtypes = NULL;
  g_autoptr(GListModel) groups = NULL;
  g_autoptr(GListModel) taxonomies = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (hd_config_get_source_name (config), ==, "presets/default.json");
  g_assert_cmpstr (hd_config_get_active_taxonomy (config), ==, "a");
  g_assert_cmpstr (hd_config_get_active_priority_scheme (config), ==, "q");

  taxonomies = hd_config_list_taxonomies (config);
  g_assert_cmpuint (g_list_model_get_n_items (taxonomies), ==, 2);
  g_assert_cmpstr (item_id (taxonomies, 1), ==, "b");

  types = hd_config_list_types (config);
  g_assert_cmpuint (g_list_model_get_n_items (types), ==, 5);
  g_assert_cmpstr (item_id (types, 0), ==, "inquiry");
  g_assert_cmpstr (item_label (types, 0), ==, "Product Inquiry");
  g_assert_cmpstr (item_label (types, 1), ==, "Functional Fault");
  g_assert_cmpstr (item_label (types, 2), ==, "Service Complaint");
  g_assert_cmpstr (item_label (types, 3), ==, "After-Sales Request");
  g_assert_cmpstr (item_label (types, 4), ==, "Suggestion");

  subtypes = hd_config_list_subtypes (config, "fault");
  g_assert_cmpuint (g_list_model_get_n_items (subtypes), ==, 4);
  g_assert_cmpstr (item_id (subtypes, 0), ==, "login");
  g_assert_cmpstr (item_label (subtypes, 0), ==, "Login Problem");
  {
    g_autoptr(HdConfigItem) item = g_list_model_get_item (subtypes, 0);
    g_assert_cmpstr (hd_config_item_get_parent_id (item), ==, "fault");
  }
  g_clear_object (&subtypes);
  subtypes = hd_config_list_subtypes (config, "no-such-type");
  g_assert_cmpuint (g_list_model_get_n_items (subtypes), ==, 0);

  groups = hd_config_list_groups (config);
  g_assert_cmpuint (g_list_model_get_n_items (groups), ==, 4);
  g_assert_cmpstr (item_id (groups, 0), ==, "technical");
  g_assert_cmpstr (item_id (groups, 1), ==, "billing");
  g_assert_cmpstr (item_id (groups, 2), ==, "complaints");
  g_assert_cmpstr (item_id (groups, 3), ==, "product");
  g_assert_cmpstr (hd_config_get_group_label (config, "billing"), ==, "Billing Group");
  g_assert_cmpstr (hd_config_get_group_skills (config, "billing")[1], ==, "refund");
  g_assert_null (hd_config_get_group_label (config, "legal"));

  g_assert_cmpstr (hd_config_get_type_label (config, "fault", NULL), ==, "Functional Fault");
  g_assert_cmpstr (hd_config_get_type_label (config, "fault", "login"), ==, "Login Problem");
  g_assert_null (hd_config_get_type_label (config, "fault", "refund"));
  /* Types of the other taxonomy still have labels (older tickets). */
  g_assert_cmpstr (hd_config_get_type_label (config, "tech_support", NULL), ==, "Technical Support");

  g_assert_cmpstr (hd_config_get_type_group (config, "fault", "payment"), ==, "technical");
  g_assert_cmpstr (hd_config_get_type_group (config, "after_sales", "refund"), ==, "billing");
  g_assert_cmpstr (hd_config_get_type_group (config, "suggestion", NULL), ==, "product");
}

static void
count_notify (GObject *object, GParamSpec *pspec, guint *count)
{
  (*count)++;
}

static void
test_default_taxonomy_b (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdConfig) config = hd_config_load_default (&error);
  g_autoptr(GListModel) types = NULL;
  g_autoptr(GListModel) subtypes = NULL;
  guint notified = 0;

  g_assert_no_error (error);
  g_signal_connect (config, "notify::active-taxonomy", G_CALLBACK (count_notify), &notified);

  g_assert_true (hd_config_set_active_taxonomy (config, "b", &error));
  g_assert_no_error (error);
  g_assert_true (hd_config_set_active_taxonomy (config, "b", &error)); /* no change */
  g_assert_cmpstr (hd_config_get_active_taxonomy (config), ==, "b");
  g_assert_cmpuint (notified, ==, 1);

  types = hd_config_list_types (config);
  g_assert_cmpuint (g_list_model_get_n_items (types), ==, 5);
  g_assert_cmpstr (item_label (types, 0), ==, "Inquiry");
  g_assert_cmpstr (item_label (types, 1), ==, "Complaint");
  g_assert_cmpstr (item_label (types, 2), ==, "Technical Support");
  g_assert_cmpstr (item_label (types, 3), ==, "Suggestion");
  g_assert_cmpstr (item_label (types, 4), ==, "Other");
  subtypes = hd_config_list_subtypes (config, "tech_support");
  g_assert_cmpuint (g_list_model_get_n_items (subtypes), ==, 3);
  g_assert_cmpstr (item_id (subtypes, 0), ==, "login");
  /* "inquiry" exists in both: the active taxonomy wins. */
  g_assert_cmpstr (hd_config_get_type_label (config, "inquiry", NULL), ==, "Inquiry");

  g_assert_false (hd_config_set_active_taxonomy (config, "z", &error));
  g_assert_error (error, HD_CONFIG_ERROR, HD_CONFIG_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "No taxonomy “z” in presets/default.json");
  g_assert_cmpstr (hd_config_get_active_taxonomy (config), ==, "b");
}

static void
test_default_schemes (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdConfig) config = hd_config_load_default (&error);
  g_autoptr(GListModel) priorities = NULL;
  g_autoptr(GListModel) schemes = NULL;
  HdDuration response, resolution;
  const HdEscalationRule *rules;
  guint n_rules, notified = 0;

  g_assert_no_error (error);
  g_signal_connect (config, "notify::active-priority-scheme", G_CALLBACK (count_notify), &notified);

  schemes = hd_config_list_priority_schemes (config);
  g_assert_cmpuint (g_list_model_get_n_items (schemes), ==, 2);

  /* Scheme Q: the SPEC R4.1 table. */
  priorities = hd_config_list_priorities (config);
  g_assert_cmpuint (g_list_model_get_n_items (priorities), ==, 4);
  g_assert_cmpstr (item_label (priorities, 0), ==, "Urgent");
  g_assert_cmpstr (item_label (priorities, 3), ==, "Low");
  {
    g_autoptr(HdConfigItem) item = g_list_model_get_item (priorities, 2);
    g_assert_cmpstr (hd_config_item_get_id (item), ==, "medium");
    g_assert_cmpstr (hd_config_item_get_color (item), ==, "#e5a50a");
    g_assert_cmpuint (hd_config_item_get_rank (item), ==, 2);
  }
  g_assert_cmpint (hd_config_get_priority_rank (config, "high"), ==, 1);
  g_assert_cmpint (hd_config_get_priority_rank (config, "nope"), ==, -1);
  g_assert_cmpstr (hd_config_get_priority_color (config, "urgent"), ==, "#e01b24");

  g_assert_true (hd_config_get_priority_targets (config, "urgent", &response, &resolution));
  g_assert_true (hd_duration_equal (&response, &(HdDuration) { HD_DURATION_CLOCK, 600 }));
  g_assert_true (hd_duration_equal (&resolution, &(HdDuration) { HD_DURATION_CLOCK, 24 * 3600 }));
  g_assert_true (hd_config_get_priority_targets (config, "medium", &response, &resolution));
  g_assert_true (hd_duration_equal (&response, &(HdDuration) { HD_DURATION_CLOCK, 8 * 3600 }));
  g_assert_true (hd_duration_equal (&resolution, &(HdDuration) { HD_DURATION_WORKING_DAYS, 3 }));
  g_assert_true (hd_config_get_priority_targets (config, "low", &response, &resolution));
  g_assert_true (hd_duration_equal (&response, &(HdDuration) { HD_DURATION_WORKING_DAYS, 1 }));
  g_assert_true (hd_duration_equal (&resolution, &(HdDuration) { HD_DURATION_WORKING_DAYS, 5 }));
  g_assert_false (hd_config_get_priority_targets (config, "p7", NULL, NULL));

  rules = hd_config_get_escalation_rules (config, "urgent", &n_rules);
  g_assert_cmpuint (n_rules, ==, 1);
  g_assert_cmpint (rules[0].condition, ==, HD_ESCALATION_NO_INITIAL_SOLUTION);
  g_assert_cmpint (rules[0].after.amount, ==, 7200);
  rules = hd_config_get_escalation_rules (config, "low", &n_rules);
  g_assert_cmpuint (n_rules, ==, 1);
  g_assert_cmpint (rules[0].condition, ==, HD_ESCALATION_NO_PROGRESS_UPDATE);
  g_assert_true (hd_duration_equal (&rules[0].after, &(HdDuration) { HD_DURATION_WORKING_DAYS, 3 }));

  /* Scheme P: 1 h / 4 h / 24 h response (seed 000). */
  g_assert_true (hd_config_set_active_priority_scheme (config, "p", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (notified, ==, 1);
  g_clear_object (&priorities);
  priorities = hd_config_list_priorities (config);
  g_assert_cmpuint (g_list_model_get_n_items (priorities), ==, 3);
  g_assert_cmpstr (item_label (priorities, 0), ==, "P0 Urgent");
  g_assert_cmpstr (item_label (priorities, 1), ==, "P1 Important");
  g_assert_cmpstr (item_label (priorities, 2), ==, "P2 Normal");
  g_assert_true (hd_config_get_priority_targets (config, "p1", &response, NULL));
  g_assert_cmpint (response.amount, ==, 4 * 3600);
  g_assert_true (hd_config_get_priority_targets (config, "p2", &response, NULL));
  g_assert_cmpint (response.amount, ==, 24 * 3600);
  /* Priorities of the inactive scheme are still known by id. */
  g_assert_cmpstr (hd_config_get_priority_label (config, "high"), ==, "High");

  g_assert_false (hd_config_set_active_priority_scheme (config, "x", &error));
  g_assert_error (error, HD_CONFIG_ERROR, HD_CONFIG_ERROR_NOT_FOUND);
  g_assert_cmpuint (notified, ==, 1);
}

static void
test_default_calendar (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdConfig) config = hd_config_load_default (&error);
  HdCalendar *calendar;
  GDate date;
  guint start, end;

  g_assert_no_error (error);
  calendar = hd_config_get_calendar (config);
  g_assert_cmpstr (g_time_zone_get_identifier (hd_calendar_get_timezone (calendar)), ==, "Asia/Shanghai");
  g_assert_cmpuint (hd_calendar_get_working_weekdays (calendar), ==, HD_CALENDAR_MONDAY_TO_FRIDAY);
  g_assert_cmpuint (hd_calendar_get_n_spans (calendar), ==, 2);
  hd_calendar_get_span (calendar, 1, &start, &end);
  g_assert_cmpuint (start, ==, 13 * 60);
  g_assert_cmpuint (end, ==, 18 * 60);
  g_assert_cmpint (hd_calendar_get_working_seconds_per_day (calendar), ==, 8 * 3600);

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 3, G_DATE_OCTOBER, 2024);     /* National Day week */
  g_assert_false (hd_calendar_is_working_day (calendar, &date));
  g_date_set_dmy (&date, 29, G_DATE_SEPTEMBER, 2024);  /* a Sunday made a working day */
  g_assert_true (hd_calendar_is_working_day (calendar, &date));
  g_date_set_dmy (&date, 8, G_DATE_OCTOBER, 2024);
  g_assert_true (hd_calendar_is_working_day (calendar, &date));
}

static void
test_labels_follow_language (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdConfig) config = NULL;
  g_autofree char *saved = g_strdup (g_getenv ("LANGUAGE"));

  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  config = hd_config_load_default (&error);
  if (saved != NULL)
    g_setenv ("LANGUAGE", saved, TRUE);
  else
    g_unsetenv ("LANGUAGE");

  g_assert_no_error (error);
  g_assert_cmpstr (hd_config_get_type_label (config, "inquiry", NULL), ==, "产品咨询");
  g_assert_cmpstr (hd_config_get_type_label (config, "fault", "login"), ==, "登录异常");
  g_assert_cmpstr (hd_config_get_group_label (config, "technical"), ==, "技术咨询组");
  g_assert_cmpstr (hd_config_get_group_label (config, "billing"), ==, "账务组");
  g_assert_cmpstr (hd_config_get_group_label (config, "complaints"), ==, "投诉处理组");
  g_assert_cmpstr (hd_config_get_group_label (config, "product"), ==, "产品反馈组");
  g_assert_cmpstr (hd_config_get_priority_label (config, "urgent"), ==, "紧急");
  g_assert_cmpstr (hd_config_get_priority_label (config, "p1"), ==, "P1 重要");
}

static void
test_label_fallback (void)
{
  const char *head = "{\"groups\": [{\"id\": \"g\", \"label\": ";
  const char *tail =
    "}],"
    " \"taxonomies\": [{\"id\": \"t\", \"label\": \"T\", \"types\": [{\"id\": \"x\", \"label\": \"X\"}]}],"
    " \"priority_schemes\": [{\"id\": \"s\", \"label\": \"S\", \"priorities\": "
    "   [{\"id\": \"p\", \"label\": \"P\", \"color\": \"#000000\", \"response\": \"1h\", \"resolution\": \"2h\"}],"
    "   \"matrix\": {\"core_all\": {\"blocking\": \"p\", \"degraded\": \"p\", \"inquiry\": \"p\"},"
    "               \"many\": {\"blocking\": \"p\", \"degraded\": \"p\", \"inquiry\": \"p\"},"
    "               \"single\": {\"blocking\": \"p\", \"degraded\": \"p\", \"inquiry\": \"p\"}}}],"
    " \"calendar\": {\"timezone\": \"UTC\", \"working_days\": [\"mon\"], \"working_hours\": [\"09:00-17:00\"]}}";
  struct {
    const char *label;
    const char *expected;
  } cases[] = {
    { "\"Plain\"", "Plain" },
    { "{\"de\": \"Gruppe\", \"en\": \"Group\"}", "Group" },
    { "{\"de\": \"Gruppe\", \"fr\": \"Groupe\"}", "Gruppe" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = g_strconcat (head, cases[i].label, tail, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(HdConfig) config = hd_config_load_data (json, -1, "inline", &error);

      g_assert_no_error (error);
      g_assert_cmpstr (hd_config_get_group_label (config, "g"), ==, cases[i].expected);
      /* No "active": the first taxonomy and scheme. */
      g_assert_cmpstr (hd_config_get_active_taxonomy (config), ==, "t");
      g_assert_cmpstr (hd_config_get_active_priority_scheme (config), ==, "s");
      g_assert_cmpstr (g_time_zone_get_identifier (hd_calendar_get_timezone (hd_config_get_calendar (config))), ==, "UTC");
    }
}

static void
test_minimal_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "config-minimal.json", NULL);
  g_autoptr(HdConfig) config = hd_config_load_file (path, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (hd_config_get_source_name (config), ==, path);
  g_assert_cmpstr (hd_config_get_type_label (config, "fault", "login"), ==, "Login");
  g_assert_cmpstr (hd_config_get_priority_label (config, "p2"), ==, "P2");
  g_assert_cmpstr (hd_config_get_group_label (config, "billing"), ==, "Billing");
}

static void
test_missing_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdConfig) config = hd_config_load_file ("/nonexistent/helpdesk.json", &error);

  g_assert_null (config);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
}

typedef struct {
  const char *file;
  int code;
  const char *message; /* after "<path>:" */
} InvalidCase;

static const InvalidCase invalid_cases[] = {
  { "duration", HD_CONFIG_ERROR_INVALID,
    "42: key “priority_schemes[0].priorities[2].response”: expected a duration such as “4h” or “3 working days”" },
  { "unknown-key", HD_CONFIG_ERROR_INVALID,
    "43: key “priority_schemes[0].priorities[2].resolutoin”: unknown key" },
  { "missing-key", HD_CONFIG_ERROR_INVALID,
    "38: key “priority_schemes[0].priorities[2].response”: required key is missing" },
  { "wrong-type", HD_CONFIG_ERROR_INVALID,
    "10: key “taxonomies[0].label”: expected a string or an object of translations such as {\"en\": \"…\", \"zh_CN\": \"…\"}" },
  { "duplicate-id", HD_CONFIG_ERROR_INVALID,
    "5: key “groups[1].id”: duplicate id “technical”" },
  { "duplicate-key", HD_CONFIG_ERROR_INVALID,
    "25: key “taxonomies[0].rules[0].type”: given twice in the same object" },
  { "matrix", HD_CONFIG_ERROR_INVALID,
    "48: key “priority_schemes[0].matrix.many.degraded”: unknown priority “p9”" },
  { "subtype-parent", HD_CONFIG_ERROR_INVALID,
    "17: key “taxonomies[0].subtypes[1].type”: unknown level-1 type “aftersales”" },
  { "rule-group", HD_CONFIG_ERROR_INVALID,
    "26: key “taxonomies[0].rules[0].group”: unknown group “legal”" },
  { "rule-subtype", HD_CONFIG_ERROR_INVALID,
    "25: key “taxonomies[0].rules[0].subtype”: unknown sub-type “refund” of “fault”" },
  { "timezone", HD_CONFIG_ERROR_INVALID,
    "54: key “calendar.timezone”: unknown timezone “Mars/Olympus_Mons”; expected a name such as “Asia/Shanghai”" },
  { "hours", HD_CONFIG_ERROR_INVALID,
    "56: key “calendar.working_hours[1]”: Working hours must be in order and must not overlap" },
  { "date", HD_CONFIG_ERROR_INVALID,
    "57: key “calendar.holidays[0]”: expected a date such as “2024-10-01” or a range such as “2024-10-01/2024-10-07”" },
  { "active", HD_CONFIG_ERROR_INVALID,
    "3: key “active.taxonomy”: unknown taxonomy “x”" },
  { "syntax", HD_CONFIG_ERROR_SYNTAX,
    "49: not valid JSON: " },
};

static void
test_invalid_file (gconstpointer data)
{
  const InvalidCase *c = data;
  g_autofree char *name = g_strdup_printf ("config-invalid-%s.json", c->file);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", name, NULL);
  g_autofree char *expected = g_strdup_printf ("%s:%s", path, c->message);
  g_autoptr(GError) error = NULL;
  g_autoptr(HdConfig) config = hd_config_load_file (path, &error);

  g_assert_null (config);
  g_assert_error (error, HD_CONFIG_ERROR, c->code);
  if (c->code == HD_CONFIG_ERROR_SYNTAX)
    g_assert_true (g_str_has_prefix (error->message, expected));
  else
    g_assert_cmpstr (error->message, ==, expected);
}

static HdConfig *
load_with (const char *key, const char *value, GError **error)
{
  /* The minimal document with one top-level member replaced. */
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "config-minimal.json", NULL);
  g_autofree char *text = NULL;
  g_autofree char *json = NULL;
  g_autofree char *marker = g_strdup_printf ("  \"%s\":", key);
  char *at;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  /* Turn the original member into a comment ("_roups") and put the
   * replacement on line 1. */
  at = strstr (text, marker);
  if (at != NULL)
    at[3] = '_';
  json = g_strdup_printf ("{ \"%s\": %s,\n%s", key, value, text + 1);
  return hd_config_load_data (json, -1, "inline.json", error);
}

static void
test_bounds (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) many = g_string_new ("[");
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(HdConfig) config = NULL;
  g_autofree char *long_label = NULL;
  g_autofree char *value = NULL;

  /* 65 groups, one more than allowed. */
  for (guint i = 0; i < 65; i++)
    g_string_append_printf (many, "%s{\"id\": \"g%u\", \"label\": \"G\"}", i ? ", " : "", i);
  g_string_append (many, "]");
  config = load_with ("groups", many->str, &error);
  g_assert_null (config);
  g_assert_error (error, HD_CONFIG_ERROR, HD_CONFIG_ERROR_TOO_LARGE);
  g_assert_cmpstr (error->message, ==, "inline.json:1: key “groups”: more than 64 entries");
  g_clear_error (&error);

  long_label = g_strnfill (257, 'x');
  value = g_strdup_printf ("[{\"id\": \"technical\", \"label\": \"%s\"}]", long_label);
  config = load_with ("groups", value, &error);
  g_assert_error (error, HD_CONFIG_ERROR, HD_CONFIG_ERROR_TOO_LARGE);
  g_assert_cmpstr (error->message, ==, "inline.json:1: key “groups[0].label”: longer than 256 bytes");
  g_clear_error (&error);

  for (guint i = 0; i < 40; i++)
    g_string_append_c (deep, '[');
  config = hd_config_load_data (deep->str, -1, "deep.json", &error);
  g_assert_error (error, HD_CONFIG_ERROR, HD_CONFIG_ERROR_TOO_LARGE);
  g_assert_cmpstr (error->message, ==, "deep.json:1: nested more than 16 levels deep");
  g_clear_error (&error);

  config = hd_config_load_data ("[]", -1, "array.json", &error);
  g_assert_error (error, HD_CONFIG_ERROR, HD_CONFIG_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "array.json:1: expected an object");
  g_clear_error (&error);

  config = hd_config_load_data ("{\"x\": \"\xff\"}", -1, "bad.json", &error);
  g_assert_error (error, HD_CONFIG_ERROR, HD_CONFIG_ERROR_SYNTAX);
  g_assert_cmpstr (error->message, ==, "bad.json:1: not valid UTF-8");
  g_clear_error (&error);

  config = load_with ("format", "2", &error);
  g_assert_error (error, HD_CONFIG_ERROR, HD_CONFIG_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "inline.json:1: key “format”: expected 1, the only format version");
  g_clear_error (&error);

  config = load_with ("colour", "\"red\"", &error);
  g_assert_error (error, HD_CONFIG_ERROR, HD_CONFIG_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "inline.json:1: key “colour”: unknown key");
  g_clear_error (&error);
}

static void
test_comments_allowed (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "config-minimal.json", NULL);
  g_autofree char *text = NULL;
  g_autofree char *json = NULL;
  g_autoptr(HdConfig) config = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  json = g_strdup_printf ("{ \"_comment\": \"hello\",%s", text + 1);
  config = hd_config_load_data (json, -1, "comment.json", &error);
  g_assert_no_error (error);
  g_assert_nonnull (config);
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/config/default/taxonomy-a", test_default_taxonomy_a);
  g_test_add_func ("/config/default/taxonomy-b", test_default_taxonomy_b);
  g_test_add_func ("/config/default/schemes", test_default_schemes);
  g_test_add_func ("/config/default/calendar", test_default_calendar);
  g_test_add_func ("/config/labels/language", test_labels_follow_language);
  g_test_add_func ("/config/labels/fallback", test_label_fallback);
  g_test_add_func ("/config/file/minimal", test_minimal_file);
  g_test_add_func ("/config/file/missing", test_missing_file);
  g_test_add_func ("/config/bounds", test_bounds);
  g_test_add_func ("/config/comments", test_comments_allowed);
  for (guint i = 0; i < G_N_ELEMENTS (invalid_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/config/invalid/%s", invalid_cases[i].file);
      g_test_add_data_func (name, &invalid_cases[i], test_invalid_file);
    }

  return g_test_run ();
}
