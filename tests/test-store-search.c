/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Full-text search of the store: FTS5 for terms of three characters and
 * more, the one-character index for shorter ones, hostile input. */
#include "config.h"

#include "hd-config.h"
#include "hd-sample-data.h"
#include "test-store-common.h"

static void
add_with_text (HdStore *store, const char *description, const char *label)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdTicket) t = hd_ticket_new ();

  hd_ticket_set_description (t, description);
  hd_ticket_set_customer_label (t, label);
  hd_ticket_set_contact (t, "1234");
  g_assert_true (hd_store_create_ticket (store, t, NULL, &error));
  g_assert_no_error (error);
}

static guint
n_hits (HdStore *store, const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = hd_store_search (store, text, 100, &error);

  g_assert_no_error (error);
  return hits->len;
}

static void
test_search (StoreFixture *fx, gconstpointer data)
{
  g_autoptr(HdStore) store = open_store (fx);
  g_autoptr(GPtrArray) hits = NULL;

  add_with_text (store, "无法登录，提示密码错误", "客户A-2023");
  add_with_text (store, "退款申请一直没有到账", "客户B-2023");
  add_with_text (store, "App 支付失败，错误码 E1002", "客户C-2024");
  add_with_text (store, "Cannot log in after the update", "Customer D");
  add_with_text (store, "登录后页面空白", "客户E");
  add_with_text (store, "Discount is 100% off_by_one", "Customer F");

  /* Two characters: no trigram, the LIKE fallback. */
  g_assert_cmpuint (n_hits (store, "登录"), ==, 2);
  g_assert_cmpuint (n_hits (store, "退款"), ==, 1);
  /* One character. */
  g_assert_cmpuint (n_hits (store, "款"), ==, 1);
  g_assert_cmpuint (n_hits (store, "客"), ==, 4);
  /* Three or more: FTS5 trigram. */
  g_assert_cmpuint (n_hits (store, "密码错误"), ==, 1);
  g_assert_cmpuint (n_hits (store, "没有到账"), ==, 1);
  g_assert_cmpuint (n_hits (store, "客户A"), ==, 1);
  g_assert_cmpuint (n_hits (store, "2023"), ==, 2);
  g_assert_cmpuint (n_hits (store, "E1002"), ==, 1);
  g_assert_cmpuint (n_hits (store, "e1002"), ==, 1);
  g_assert_cmpuint (n_hits (store, "log in"), ==, 1);
  g_assert_cmpuint (n_hits (store, "LOG"), ==, 1);
  g_assert_cmpuint (n_hits (store, "update"), ==, 1);
  /* Words combine with AND, whatever their length. */
  g_assert_cmpuint (n_hits (store, "登录 密码"), ==, 1);
  g_assert_cmpuint (n_hits (store, "登录 页面空白"), ==, 1);
  g_assert_cmpuint (n_hits (store, "登录 退款"), ==, 0);
  g_assert_cmpuint (n_hits (store, "　登录　"), ==, 2); /* ideographic spaces */
  g_assert_cmpuint (n_hits (store, ""), ==, 0);
  g_assert_cmpuint (n_hits (store, "   "), ==, 0);
  /* The ticket number is searchable. */
  g_assert_cmpuint (n_hits (store, "CS"), ==, 6);
  g_assert_cmpuint (n_hits (store, "-T0003"), ==, 1);

  /* Newest first, limited. */
  hits = hd_store_search (store, "客户", 2, NULL);
  g_assert_cmpuint (hits->len, ==, 2);
  g_assert_cmpstr (hd_ticket_get_customer_label (hits->pdata[0]), ==, "客户E");
}

/* The one-character index answers short terms exactly as the LIKE scan it
 * replaced: LIKE '%term%' over the same columns (ASCII case folded, every
 * other character literal), run here on the same file. Every one- and
 * two-character term of 300 sample tickets (Chinese and English) and their
 * upper-case forms, after creating and after editing. */
static GHashTable *
like_uuids (sqlite3    *db,
            const char *term)
{
  GHashTable *uuids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GString *pattern = g_string_new ("%");
  sqlite3_stmt *stmt = NULL;

  for (const char *p = term; *p; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
  g_string_append_c (pattern, '%');
  g_assert_cmpint (sqlite3_prepare_v2 (db,
      "SELECT uuid FROM tickets WHERE number LIKE ?1 ESCAPE '\\' OR customer_label LIKE ?1 ESCAPE '\\'"
      " OR customer_name LIKE ?1 ESCAPE '\\' OR customer_number LIKE ?1 ESCAPE '\\'"
      " OR contact LIKE ?1 ESCAPE '\\' OR description LIKE ?1 ESCAPE '\\'", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, pattern->str, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_add (uuids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  g_string_free (pattern, TRUE);
  return uuids;
}

static void
add_terms (GHashTable *terms,
           const char *text)
{
  for (const char *p = text; p != NULL && *p; p = g_utf8_next_char (p))
    {
      const char *second = g_utf8_next_char (p);
      const char *third = *second ? g_utf8_next_char (second) : second;

      if (g_unichar_isspace (g_utf8_get_char (p)))
        continue;
      g_hash_table_add (terms, g_strndup (p, second - p));
      if (*second && !g_unichar_isspace (g_utf8_get_char (second)))
        g_hash_table_add (terms, g_strndup (p, third - p));
    }
}

/* The search's hits are exactly the tickets in @expected (uuids). */
static void
assert_hits_are (const char *text,
                 GPtrArray  *hits,
                 GHashTable *expected)
{
  if (hits->len != g_hash_table_size (expected))
    g_error ("“%s”: %u hits, LIKE finds %u", text, hits->len, g_hash_table_size (expected));
  for (guint i = 0; i < hits->len; i++)
    g_assert_true (g_hash_table_contains (expected, hd_ticket_get_uuid (hits->pdata[i])));
}

static void
assert_short_terms_match_like (HdStore    *store,
                               sqlite3    *db,
                               GHashTable *terms)
{
  GHashTableIter iter;
  const char *term;
  guint checked = 0;

  g_hash_table_iter_init (&iter, terms);
  while (g_hash_table_iter_next (&iter, (gpointer *) &term, NULL))
    {
      g_autofree char *upper = g_ascii_strup (term, -1);
      const char *variants[] = { term, upper };

      for (guint v = 0; v < G_N_ELEMENTS (variants); v++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(GPtrArray) hits = hd_store_search (store, variants[v], 0, &error);
          g_autoptr(GHashTable) expected = like_uuids (db, variants[v]);

          g_assert_no_error (error);
          assert_hits_are (variants[v], hits, expected);
          checked++;
        }
    }
  g_assert_cmpuint (checked, >, 500);
}

static void
test_search_short_terms (StoreFixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdStore) store = open_store (fx);
  g_autoptr(HdConfig) config = hd_config_load_default (&error);
  g_autoptr(GPtrArray) tickets = NULL;
  g_autoptr(GHashTable) terms = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3 *db = NULL;

  g_assert_no_error (error);
  tickets = hd_sample_data_generate (config, 300, 11, g_get_real_time () / G_USEC_PER_SEC);
  /* Mixed case, punctuation and LIKE's own wildcards as text. */
  hd_ticket_set_description (tickets->pdata[0], "Login FAILED: error_code 100% (E1002) — 登录失败");
  hd_ticket_set_customer_name (tickets->pdata[1], "Zhang Wei");
  g_assert_true (hd_store_create_tickets (store, tickets, NULL, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < tickets->len; i += 3)
    {
      HdTicket *t = tickets->pdata[i];

      add_terms (terms, hd_ticket_get_description (t));
      add_terms (terms, hd_ticket_get_customer_label (t));
      add_terms (terms, hd_ticket_get_number (t));
    }
  add_terms (terms, "_%\\zq");
  g_assert_cmpint (sqlite3_open_v2 (fx->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  assert_short_terms_match_like (store, db, terms);

  /* Edited text: the index follows the row (its update trigger). */
  for (guint i = 0; i < 30; i++)
    {
      HdTicket *t = tickets->pdata[i];

      hd_ticket_set_description (t, i % 2 ? "Refund not received, 退款未到账" : "页面空白 after UPDATE");
      g_assert_true (hd_store_update_ticket (store, t, NULL, &error));
      g_assert_no_error (error);
    }
  add_terms (terms, "Refund not received, 退款未到账 页面空白 after UPDATE");
  assert_short_terms_match_like (store, db, terms);
  sqlite3_close (db);
}

/* A long and a short term together: what both LIKE scans find. */
static void
test_search_mixed_terms (StoreFixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdStore) store = open_store (fx);
  g_autoptr(HdConfig) config = hd_config_load_default (&error);
  g_autoptr(GPtrArray) tickets = NULL;
  const char *longs[] = { "无法登", "退款申", "E10", "Login", "客户A", "zzz" };
  const char *shorts[] = { "客", "户", "登录", "e", "E1", "款", "qz" };
  guint nonempty = 0;
  sqlite3 *db = NULL;

  g_assert_no_error (error);
  tickets = hd_sample_data_generate (config, 400, 5, g_get_real_time () / G_USEC_PER_SEC);
  hd_ticket_set_description (tickets->pdata[0], "Login FAILED: error_code 100% (E1002) — 登录失败");
  g_assert_true (hd_store_create_tickets (store, tickets, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open_v2 (fx->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);

  for (guint l = 0; l < G_N_ELEMENTS (longs); l++)
    for (guint s = 0; s < G_N_ELEMENTS (shorts); s++)
      {
        g_autofree char *text = g_strdup_printf ("%s %s", shorts[s], longs[l]);
        g_autoptr(GPtrArray) hits = hd_store_search (store, text, 0, &error);
        g_autoptr(GHashTable) long_like = like_uuids (db, longs[l]);
        g_autoptr(GHashTable) short_like = like_uuids (db, shorts[s]);
        GHashTableIter iter;
        gpointer uuid;

        g_assert_no_error (error);
        /* What both scans find. */
        g_hash_table_iter_init (&iter, long_like);
        while (g_hash_table_iter_next (&iter, &uuid, NULL))
          if (!g_hash_table_contains (short_like, uuid))
            g_hash_table_iter_remove (&iter);
        assert_hits_are (text, hits, long_like);
        nonempty += hits->len > 0;
      }
  g_assert_cmpuint (nonempty, >, 5);
  sqlite3_close (db);
}

static void
test_search_hostile (StoreFixture *fx, gconstpointer data)
{
  g_autoptr(HdStore) store = open_store (fx);
  const char *hostile[] = {
    "\"", "\"\"", "*", "**", "NEAR(", "NEAR(a b", "'); DROP TABLE tickets; --",
    "a OR b", "登录 OR 退款", "col:abc", "^abc", "abc*", "(", ")", "\\", "-", "+abc",
    "\"unterminated", "密码\"错误", "AND", "NOT xyz",
  };

  add_with_text (store, "无法登录，提示密码错误", "客户A");
  add_with_text (store, "Discount is 100% off_by_one (see \"terms\")", "Customer F");
  add_with_text (store, "plain text", "Customer G");

  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) hits = hd_store_search (store, hostile[i], 10, &error);
      g_assert_no_error (error);
      g_assert_nonnull (hits);
    }
  g_assert_cmpuint (hd_store_count_tickets (store), ==, 3);

  /* Special characters are literal text. */
  g_assert_cmpuint (n_hits (store, "%"), ==, 1);
  g_assert_cmpuint (n_hits (store, "_"), ==, 1);
  g_assert_cmpuint (n_hits (store, "100%"), ==, 1);
  g_assert_cmpuint (n_hits (store, "\"terms\""), ==, 1);
  g_assert_cmpuint (n_hits (store, "\""), ==, 1);
  g_assert_cmpuint (n_hits (store, "off_by"), ==, 1);
  g_assert_cmpuint (n_hits (store, "*"), ==, 0);
  g_assert_cmpuint (n_hits (store, "a OR b"), ==, 0);
  g_assert_cmpuint (n_hits (store, "NEAR("), ==, 0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/store/" path, StoreFixture, NULL, store_fixture_setup, func, store_fixture_teardown)
  ADD ("search", test_search);
  ADD ("search-hostile", test_search_hostile);
  ADD ("search-short-terms", test_search_short_terms);
  ADD ("search-mixed-terms", test_search_mixed_terms);
#undef ADD

  return g_test_run ();
}
