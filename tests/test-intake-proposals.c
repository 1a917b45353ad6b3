/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What the intake form proposes (see test-intake-common.h): the type, the
 * priority and the handler, routing to the duty lead, similar earlier
 * tickets and a known customer, and how the agent's overrides are recorded.
 */
#include "config.h"

#include <string.h>

#include "hd-store-intake.h"
#include "test-intake-common.h"

static void
test_priority_override_needs_reason (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  HdIntakeDialog *dialog = open_dialog (f);
  const char *proposed;
  gboolean recorded = FALSE;

  type_text (dialog, "contact_row", "wechat: abc");
  type_description (dialog, "会员积分上个月没有到账，客户查看了积分明细也没有记录，希望补发积分。");
  proposed = selected_id (dialog, "priority_row");
  g_assert_nonnull (proposed);
  select_id (dialog, "priority_row", g_strcmp0 (proposed, "high") == 0 ? "medium" : "high");
  g_assert_true (gtk_widget_get_visible (field (dialog, "priority_reason_row")));

  gtk_widget_activate_action (GTK_WIDGET (dialog), "intake.save", NULL);
  g_assert_true (gtk_widget_get_visible (field (dialog, "priority_error")));
  g_assert_cmpuint (hd_store_count_tickets (f->store), ==, 0);

  type_text (dialog, "priority_reason_row", "VIP customer, second call today");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "intake.save", NULL);
  g_assert_cmpuint (hd_store_count_tickets (f->store), ==, 1);

  events = hd_store_list_events (f->store, f->saved_uuid, &error);
  for (guint i = 0; i < events->len; i++)
    {
      HdEvent *event = g_ptr_array_index (events, i);
      if (hd_event_get_kind (event) == HD_EVENT_PRIORITY_CHANGE)
        {
          g_assert_cmpstr (hd_event_get_text (event), ==, "VIP customer, second call today");
          recorded = TRUE;
        }
    }
  g_assert_true (recorded);
}

static void
test_override_recorded (Fixture *f, gconstpointer data)
{
  HdIntakeDialog *dialog = open_dialog (f);

  type_text (dialog, "contact_row", "1234");
  type_description (dialog, LOGIN_TEXT);
  HD_TEST_WAIT_FOR (g_strcmp0 (selected_id (dialog, "type_l2_row"), "login") == 0);
  /* The agent knows better: an app error, not a login problem. */
  select_id (dialog, "type_l2_row", "app_crash");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "intake.save", NULL);
  g_assert_cmpuint (hd_store_count_tickets (f->store), ==, 1);
  g_assert_cmpuint (hd_store_count_classification_overrides (f->store), ==, 1);
}

static void
test_resolve_on_the_spot (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdTicket) ticket = NULL;
  HdIntakeDialog *dialog = open_dialog (f);

  type_text (dialog, "contact_row", "1234");
  type_description (dialog, "客户咨询积分兑换规则，想知道积分能否兑换运费券，已经看过帮助中心但没找到。");
  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (field (dialog, "resolve_row")), TRUE);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "intake.save", NULL);
  g_assert_true (gtk_widget_get_visible (field (dialog, "result_error")));
  g_assert_cmpuint (hd_store_count_tickets (f->store), ==, 0);

  /* Only routine tickets: a high priority switches it off. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (field (dialog, "urgency_row")), HD_URGENCY_BLOCKING);
  g_assert_false (gtk_widget_get_sensitive (field (dialog, "resolve_row")));
  g_assert_false (adw_expander_row_get_enable_expansion (ADW_EXPANDER_ROW (field (dialog, "resolve_row"))));
  adw_combo_row_set_selected (ADW_COMBO_ROW (field (dialog, "urgency_row")), HD_URGENCY_INQUIRY);
  g_assert_true (gtk_widget_get_sensitive (field (dialog, "resolve_row")));
  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (field (dialog, "resolve_row")), TRUE);

  type_text (dialog, "result_row", "已告知积分可在会员中心兑换运费券");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "intake.save", NULL);
  ticket = hd_store_get_ticket (f->store, f->saved_uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hd_ticket_get_status (ticket), ==, HD_STATUS_PENDING_CLOSE);
  g_assert_cmpstr (hd_ticket_get_result (ticket), ==, "已告知积分可在会员中心兑换运费券");
  g_assert_cmpstr (hd_ticket_get_handler (ticket), ==, "测试坐席");
}

static void
test_urgent_to_duty_lead (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdTicket) ticket = NULL;
  HdIntakeDialog *dialog = open_dialog (f);

  type_text (dialog, "contact_row", "1234");
  type_description (dialog, "大量客户反映支付失败，订单无法提交，已持续二十分钟，影响所有用户下单。");
  adw_combo_row_set_selected (ADW_COMBO_ROW (field (dialog, "impact_row")), HD_IMPACT_CORE_ALL);
  adw_combo_row_set_selected (ADW_COMBO_ROW (field (dialog, "urgency_row")), HD_URGENCY_BLOCKING);
  g_assert_cmpint (hd_config_get_priority_rank (f->config, selected_id (dialog, "priority_row")), ==, 0);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (field (dialog, "handler_row"))),
                            "李娜"));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "intake.save", NULL);
  ticket = hd_store_get_ticket (f->store, f->saved_uuid, &error);
  g_assert_cmpstr (hd_ticket_get_handler (ticket), ==, "李娜");
}

/* No rule matches, but earlier tickets say what this is. */
static void
test_learned_proposal (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  const char *earlier[] = {
    "订单页面一直显示空白，看不到上周买的东西",
    "历史订单全部不见了，页面空白",
    "订单列表打不开，一直转圈，看不到订单",
  };
  HdIntakeDialog *dialog;
  const char *subtitle;

  for (guint i = 0; i < G_N_ELEMENTS (earlier); i++)
    {
      g_autoptr(HdTicket) ticket = hd_ticket_new ();
      hd_ticket_set_description (ticket, earlier[i]);
      hd_ticket_set_type_l1 (ticket, "fault");
      hd_ticket_set_type_l2 (ticket, "orders");
      g_assert_true (hd_store_create_ticket (f->store, ticket, "tester", &error));
    }

  dialog = open_dialog (f);
  type_description (dialog, "客户说订单页面空白，上周买的东西看不到了");
  HD_TEST_WAIT_FOR (g_strcmp0 (selected_id (dialog, "type_l2_row"), "orders") == 0);
  g_assert_cmpstr (selected_id (dialog, "type_l1_row"), ==, "fault");
  subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (field (dialog, "proposal_row")));
  g_assert_true (g_str_has_prefix (subtitle, "Like "));
  g_assert_true (g_str_has_suffix (subtitle, "earlier tickets"));
  destroy (dialog);
}

static void
test_customer_search_and_duplicates (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdTicket) earlier = hd_ticket_new ();
  HdIntakeDialog *dialog;
  GtkListBox *results;

  hd_ticket_set_customer_label (earlier, "客户Q-2024");
  hd_ticket_set_customer_number (earlier, "C20240101007");
  hd_ticket_set_contact (earlier, "尾号8888");
  hd_ticket_set_description (earlier, "客户反映订单页面一直显示空白，看不到上周购买的商品");
  g_assert_true (hd_store_create_ticket (f->store, earlier, "tester", &error));
  g_assert_true (hd_store_remember_customer (f->store, earlier, &error));

  dialog = open_dialog (f);
  type_text (dialog, "search_row", "8888");
  results = GTK_LIST_BOX (field (dialog, "customer_results"));
  HD_TEST_WAIT_FOR (gtk_widget_get_visible (GTK_WIDGET (results)));
  g_signal_emit_by_name (gtk_list_box_get_row_at_index (results, 0), "activate");
  HD_TEST_WAIT_FOR (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (field (dialog, "label_row"))), "客户Q-2024") == 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field (dialog, "number_row"))), ==, "C20240101007");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field (dialog, "contact_row"))), ==, "尾号8888");

  type_description (dialog, "订单页面一直空白，看不到购买的商品");
  HD_TEST_WAIT_FOR (gtk_widget_get_visible (field (dialog, "duplicate_list")));
  maybe_screenshot (dialog, "intake-duplicate.png");
  destroy (dialog);
}

static GtkWidget *
find_named (GtkWidget *root, const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The team lead marks an agent away: new tickets go to someone else, and
 * the state is remembered. */
static void
test_availability (Fixture *f, gconstpointer data)
{
  g_autoptr(GSettings) settings = g_settings_new ("org.helpdesk.HelpDesk");
  g_autoptr(GVariant) states = NULL;
  HdIntakeDialog *dialog = open_dialog (f);
  const char *state = NULL;
  GtkWidget *chen;

  type_text (dialog, "contact_row", "1234");
  type_description (dialog, LOGIN_TEXT);
  HD_TEST_WAIT_FOR (g_strcmp0 (selected_id (dialog, "type_l2_row"), "login") == 0);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (field (dialog, "handler_row"))), "陈宇"));

  chen = find_named (field (dialog, "availability_row"), "chen");
  g_assert_nonnull (chen);
  adw_combo_row_set_selected (ADW_COMBO_ROW (chen), HD_AGENT_AWAY);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (field (dialog, "handler_row"))), "赵丽"));

  states = g_settings_get_value (settings, "agent-states");
  g_assert_true (g_variant_lookup (states, "chen", "&s", &state));
  g_assert_cmpstr (state, ==, "away");

  gtk_widget_activate_action (GTK_WIDGET (dialog), "intake.save", NULL);
  {
    g_autoptr(HdTicket) ticket = hd_store_get_ticket (f->store, f->saved_uuid, NULL);
    g_assert_cmpstr (hd_ticket_get_handler (ticket), ==, "赵丽");
  }
  g_settings_reset (settings, "agent-states");
  hd_roster_set_agent_state (f->roster, "chen", HD_AGENT_IDLE);
}

int
main (int argc, char *argv[])
{
  intake_test_init (&argc, &argv);

#define ADD(path, func) g_test_add (path, Fixture, NULL, intake_fixture_set_up, func, intake_fixture_tear_down)
  ADD ("/intake/priority-override", test_priority_override_needs_reason);
  ADD ("/intake/classification-override", test_override_recorded);
  ADD ("/intake/resolve-on-the-spot", test_resolve_on_the_spot);
  ADD ("/intake/urgent", test_urgent_to_duty_lead);
  ADD ("/intake/learned-proposal", test_learned_proposal);
  ADD ("/intake/customer-and-duplicates", test_customer_search_and_duplicates);
  ADD ("/intake/availability", test_availability);
#undef ADD

  return g_test_run ();
}
