/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "hd-classifier.h"
#include "hd-store-intake.h"

static const struct { const char *text, *l1, *l2; } examples[] = {
  { "会员积分到账了吗，上个月的积分没有显示", "inquiry", "points" },
  { "积分兑换的优惠券在哪里看", "inquiry", "points" },
  { "我的积分怎么少了两百", "inquiry", "points" },
  { "订单页面一直显示空白，看不到上周买的东西", "fault", "orders" },
  { "订单列表打不开，一直转圈", "fault", "orders" },
  { "历史订单全部不见了", "fault", "orders" },
  { "客服电话一直打不通，等了半小时没人接", "complaint", "slow_response" },
  { "在线客服回复太慢了，两个小时才回", "complaint", "slow_response" },
  { "The order history page is blank and my orders are gone", "fault", "orders" },
  { "Nobody answered my email for three days, very slow reply", "complaint", "slow_response" },
  { "How many points do I get for each purchase", "inquiry", "points" },
};

static HdClassifier *
trained (void)
{
  HdClassifier *classifier = hd_classifier_new ();

  for (guint i = 0; i < G_N_ELEMENTS (examples); i++)
    g_assert_true (hd_classifier_add_example (classifier, examples[i].text,
                                              examples[i].l1, examples[i].l2));
  g_assert_cmpuint (hd_classifier_get_n_examples (classifier), ==, G_N_ELEMENTS (examples));
  return classifier;
}

static void
test_learned (void)
{
  g_autoptr(HdClassifier) classifier = trained ();
  HdPrediction prediction;

  /* Chinese without a segmenter: shared characters and bigrams. */
  g_assert_true (hd_classifier_predict (classifier, "订单显示不出来，页面空白", &prediction));
  g_assert_cmpstr (prediction.type_l1, ==, "fault");
  g_assert_cmpstr (prediction.type_l2, ==, "orders");
  g_assert_cmpuint (prediction.n_similar, >=, 1);

  g_assert_true (hd_classifier_predict (classifier, "电话打不通，没人接听", &prediction));
  g_assert_cmpstr (prediction.type_l2, ==, "slow_response");

  g_assert_true (hd_classifier_predict (classifier, "my orders are not shown on the order page", &prediction));
  g_assert_cmpstr (prediction.type_l2, ==, "orders");

  /* Nothing in common: no prediction. */
  g_assert_false (hd_classifier_predict (classifier, "xyzzy", &prediction));
  g_assert_false (hd_classifier_predict (classifier, "", &prediction));
}

static void
test_propose_rules_first (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdConfig) config = hd_config_load_default (&error);
  g_autoptr(HdClassifier) classifier = trained ();
  HdClassification c;

  g_assert_no_error (error);

  /* A configured keyword wins, and says which rule. */
  g_assert_true (hd_classifier_propose (classifier, config, "客户反映无法登录，验证码收不到", &c));
  g_assert_cmpint (c.source, ==, HD_PROPOSAL_RULE);
  g_assert_cmpstr (c.type_l1, ==, "fault");
  g_assert_cmpstr (c.type_l2, ==, "login");
  g_assert_cmpstr (c.group, ==, "technical");
  g_assert_cmpstr (c.rule_id, ==, "login");
  g_assert_nonnull (strstr (c.reason, "Login problem"));
  hd_classification_clear (&c);

  /* No rule: learned from past tickets, with how many look alike. */
  g_assert_true (hd_classifier_propose (classifier, config, "历史订单页面空白，什么都看不到", &c));
  g_assert_cmpint (c.source, ==, HD_PROPOSAL_LEARNED);
  g_assert_cmpstr (c.type_l2, ==, "orders");
  g_assert_cmpstr (c.group, ==, "technical");
  g_assert_true (g_str_has_prefix (c.reason, "Like "));
  hd_classification_clear (&c);

  /* Neither. */
  g_assert_false (hd_classifier_propose (classifier, config, "你好", &c));
  g_assert_cmpint (c.source, ==, HD_PROPOSAL_NONE);
  g_assert_false (hd_classifier_propose (NULL, config, "订单页面空白", &c));
}

static void
test_similarity (void)
{
  g_assert_cmpfloat (hd_classifier_text_similarity ("订单页面空白", "订单页面空白"), >, 0.99);
  g_assert_cmpfloat (hd_classifier_text_similarity ("订单页面一直空白", "订单页面空白，看不到订单"), >, 0.5);
  g_assert_cmpfloat (hd_classifier_text_similarity ("订单页面空白", "积分兑换优惠券"), <, 0.2);
  g_assert_cmpfloat (hd_classifier_text_similarity ("", "abc"), ==, 0);
}

static void
test_bounds (void)
{
  g_autoptr(HdClassifier) classifier = hd_classifier_new ();
  g_autofree char *huge = g_strnfill (100000, 'a');
  HdPrediction prediction;

  g_assert_false (hd_classifier_add_example (classifier, "\xff\xfe", "x", NULL));
  g_assert_false (hd_classifier_add_example (classifier, "!!!", "x", NULL));
  /* One 100 000-letter word is longer than any word we keep. */
  g_assert_false (hd_classifier_add_example (classifier, huge, "x", NULL));
  g_assert_false (hd_classifier_predict (classifier, "\xff", &prediction));
}

/* --- store queries of the intake form --- */

static HdTicket *
make_ticket (const char *label, const char *contact, const char *description,
             const char *handler, const char *l1, const char *l2)
{
  HdTicket *ticket = hd_ticket_new ();

  hd_ticket_set_customer_label (ticket, label);
  hd_ticket_set_contact (ticket, contact);
  hd_ticket_set_description (ticket, description);
  hd_ticket_set_handler (ticket, handler);
  hd_ticket_set_type_l1 (ticket, l1);
  hd_ticket_set_type_l2 (ticket, l2);
  return ticket;
}

static void
test_store_intake (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hd-test-intake-store-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "tickets.db", NULL);
  g_autoptr(HdStore) store = hd_store_open (path, &error);
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(GHashTable) loads = NULL;
  g_autoptr(HdClassifier) classifier = hd_classifier_new ();
  g_autofree char *label = NULL;
  g_autofree char *draft = NULL;
  HdTicket *t;

  g_assert_no_error (error);

  label = hd_store_next_customer_label (store, "客户", 2023, &error);
  g_assert_cmpstr (label, ==, "客户A-2023");

  t = make_ticket ("客户A-2023", "1234", "订单页面空白", "chen.yu", "fault", "orders");
  hd_ticket_set_customer_number (t, "C20240501001");
  g_assert_true (hd_store_create_ticket (store, t, "tester", &error));
  g_assert_true (hd_store_remember_customer (store, t, &error));
  g_object_unref (t);
  t = make_ticket ("客户B-2023", "alice@example", "积分没到账", "chen.yu", "inquiry", "points");
  g_assert_true (hd_store_create_ticket (store, t, "tester", &error));
  g_assert_true (hd_store_remember_customer (store, t, &error));
  hd_ticket_set_status (t, HD_STATUS_CLOSED);
  g_assert_true (hd_store_update_ticket (store, t, "tester", &error));
  g_object_unref (t);
  g_assert_no_error (error);

  /* A ticket that arrives another way (sync, import) makes its customer known. */
  t = make_ticket ("客户C-2023", "9999", "发票抬头错了", NULL, "after_sales", "invoice");
  g_assert_true (hd_store_create_ticket (store, t, "tester", &error));
  g_object_unref (t);

  g_clear_pointer (&label, g_free);
  label = hd_store_next_customer_label (store, "客户", 2023, &error);
  g_assert_cmpstr (label, ==, "客户D-2023");

  /* By number, label or contact, as typed. */
  found = hd_store_search_customers (store, "C2024", 10, &error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (hd_customer_get_label (g_ptr_array_index (found, 0)), ==, "客户A-2023");
  g_clear_pointer (&found, g_ptr_array_unref);
  found = hd_store_search_customers (store, "alice", 10, &error);
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = hd_store_search_customers (store, "客户", 10, &error);
  g_assert_cmpuint (found->len, ==, 3);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = hd_store_search_customers (store, "%", 10, &error);   /* LIKE metacharacters are literal */
  g_assert_cmpuint (found->len, ==, 0);

  open = hd_store_list_open_for_customer (store, "客户A-2023", &error);
  g_assert_cmpuint (open->len, ==, 1);
  g_clear_pointer (&open, g_ptr_array_unref);
  open = hd_store_list_open_for_customer (store, "客户B-2023", &error);
  g_assert_cmpuint (open->len, ==, 0);

  loads = hd_store_count_open_by_handler (store, &error);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (loads, "chen.yu")), ==, 1);

  g_assert_cmpuint (hd_store_train_classifier (store, classifier, 100, &error), ==, 3);

  g_assert_null (hd_store_load_draft (store, "intake", &error));
  g_assert_no_error (error);
  g_assert_true (hd_store_save_draft (store, "intake", "{\"contact\":\"1234\"}", &error));
  draft = hd_store_load_draft (store, "intake", &error);
  g_assert_cmpstr (draft, ==, "{\"contact\":\"1234\"}");
  g_assert_true (hd_store_delete_draft (store, "intake", &error));
  g_clear_pointer (&draft, g_free);
  draft = hd_store_load_draft (store, "intake", &error);
  g_assert_null (draft);

  g_assert_cmpuint (hd_store_count_classification_overrides (store), ==, 0);
  g_assert_true (hd_store_record_classification_override (store, "uuid-1", "rule", "login",
                                                          "fault", "login", "fault", "app_crash",
                                                          "tester", &error));
  g_assert_cmpuint (hd_store_count_classification_overrides (store), ==, 1);

  g_clear_object (&store);
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;
    while ((name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *child = g_build_filename (dir, name, NULL);
        g_remove (child);
      }
  }
  g_rmdir (dir);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/classifier/learned", test_learned);
  g_test_add_func ("/classifier/propose-rules-first", test_propose_rules_first);
  g_test_add_func ("/classifier/similarity", test_similarity);
  g_test_add_func ("/classifier/bounds", test_bounds);
  g_test_add_func ("/classifier/store-intake", test_store_intake);

  return g_test_run ();
}
