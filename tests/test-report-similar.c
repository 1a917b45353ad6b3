/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Reports: the most frequent similar descriptions against an exact
 * trigram Jaccard similarity, computed by brute force over the data set of
 * test-report-fixture.c, which files three clusters of one problem each.
 */
#include "config.h"

#include "hd-report.h"
#include "test-report-fixture.h"

/* Exact trigram Jaccard similarity, by brute force over sets of strings. */
static GHashTable *
trigrams (const char *text)
{
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GString *chars = g_string_new (NULL);
  g_autofree gunichar *u = NULL;
  glong n = 0;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (g_unichar_isalnum (g_utf8_get_char (p)))
      g_string_append_unichar (chars, g_unichar_tolower (g_utf8_get_char (p)));
  u = g_utf8_to_ucs4_fast (chars->str, -1, &n);
  for (glong i = 0; i + 2 < n; i++)
    {
      char buf[32];
      g_snprintf (buf, sizeof buf, "%u.%u.%u", u[i], u[i + 1], u[i + 2]);
      g_hash_table_add (set, g_strdup (buf));
    }
  g_string_free (chars, TRUE);
  return set;
}

static double
jaccard (GHashTable *a, GHashTable *b)
{
  GHashTableIter iter;
  gpointer key;
  guint both = 0;

  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    both += g_hash_table_contains (b, key);
  return (double) both / (g_hash_table_size (a) + g_hash_table_size (b) - both);
}

static void
test_similar (Fixture *f, gconstpointer data)
{
  g_autoptr(HdReportQuery) q = week_query ();
  g_autoptr(HdReport) r = compute_report (f, q);
  g_autoptr(GPtrArray) in = g_ptr_array_new ();
  g_autoptr(GPtrArray) sets = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  g_autofree guint *component = NULL;
  g_autoptr(GArray) sizes = g_array_new (FALSE, TRUE, sizeof (guint));

  for (guint i = 0; i < f->specs->len; i++)
    {
      Spec *s = g_ptr_array_index (f->specs, i);
      if (spec_matches (s, q, q->start, q->end))
        {
          g_ptr_array_add (in, s);
          g_ptr_array_add (sets, trigrams (s->description));
        }
    }

  /* Components of the "Jaccard ≥ 0.5" graph, by repeated relabelling. */
  component = g_new (guint, in->len);
  for (guint i = 0; i < in->len; i++)
    component[i] = i;
  for (gboolean changed = TRUE; changed;)
    {
      changed = FALSE;
      for (guint i = 0; i < in->len; i++)
        for (guint j = i + 1; j < in->len; j++)
          if (component[i] != component[j] &&
              jaccard (g_ptr_array_index (sets, i), g_ptr_array_index (sets, j)) >= 0.5)
            {
              component[i] = component[j] = MIN (component[i], component[j]);
              changed = TRUE;
            }
    }
  g_array_set_size (sizes, in->len);
  for (guint i = 0; i < in->len; i++)
    g_array_index (sizes, guint, component[i])++;
  {
    guint top[3] = { 0 };
    for (guint i = 0; i < in->len; i++)
      {
        guint v = g_array_index (sizes, guint, i);
        if (v > top[0]) { top[2] = top[1]; top[1] = top[0]; top[0] = v; }
        else if (v > top[1]) { top[2] = top[1]; top[1] = v; }
        else if (v > top[2]) top[2] = v;
      }
    g_assert_cmpuint (top[0], ==, G_N_ELEMENTS (report_cluster_a));
    g_assert_cmpuint (top[1], ==, G_N_ELEMENTS (report_cluster_b));
    g_assert_cmpuint (top[2], ==, G_N_ELEMENTS (report_cluster_c));
  }

  g_assert_cmpuint (r->similar_scanned, ==, in->len);
  g_assert_cmpuint (r->top_similar->len, ==, 3);
  {
    const HdReportCluster *a = g_ptr_array_index (r->top_similar, 0);
    const HdReportCluster *b = g_ptr_array_index (r->top_similar, 1);
    const HdReportCluster *c = g_ptr_array_index (r->top_similar, 2);

    g_assert_cmpuint (a->count, ==, G_N_ELEMENTS (report_cluster_a));
    g_assert_cmpstr (a->description, ==, report_cluster_a[G_N_ELEMENTS (report_cluster_a) - 1]);
    g_assert_cmpuint (b->count, ==, G_N_ELEMENTS (report_cluster_b));
    g_assert_cmpstr (b->description, ==, report_cluster_b[G_N_ELEMENTS (report_cluster_b) - 1]);
    g_assert_cmpuint (c->count, ==, G_N_ELEMENTS (report_cluster_c));
    g_assert_cmpstr (c->description, ==, report_cluster_c[G_N_ELEMENTS (report_cluster_c) - 1]);
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/report/similar", Fixture, NULL, report_fixture_set_up, test_similar, report_fixture_tear_down);

  return g_test_run ();
}
