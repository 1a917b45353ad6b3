/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "hd-classifier.h"
#include "hd-classifier-rules.h"

/*
 * Classifier accuracy on tests/data/labelled-tickets.tsv (tests/data/
 * make-labelled-tickets.py), by cross-validation, beside the keyword rules
 * alone. Two splits: random 5-fold, and held-out phrasings (every ticket of
 * a template in the same fold), which is the fairer test for text the
 * classifier has never seen phrased that way. --check fails unless the
 * combined proposal beats the rules alone.
 *
 *   bench-classifier [--check] [FILE]
 */

#define FOLDS 5

typedef struct {
  char *lang, *l1, *l2, *template, *text;
  guint fold_random, fold_template;
} Row;

typedef struct {
  guint n, l1_ok, l2_ok, answered, answered_l2_ok;
} Score;

static void
row_free (Row *row)
{
  g_free (row->lang);
  g_free (row->l1);
  g_free (row->l2);
  g_free (row->template);
  g_free (row->text);
  g_free (row);
}

static GPtrArray *
load_rows (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  g_autoptr(GHashTable) template_folds = g_hash_table_new (g_str_hash, g_str_equal);
  GRand *rand = g_rand_new_with_seed (7);

  if (!g_file_get_contents (path, &contents, NULL, &error))
    g_error ("%s", error->message);
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = NULL;
      Row *row;

      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      f = g_strsplit (lines[i], "\t", 5);
      if (g_strv_length (f) != 5)
        g_error ("%s:%u: expected 5 columns", path, i + 1);
      row = g_new0 (Row, 1);
      row->lang = g_strdup (f[0]);
      row->l1 = g_strdup (f[1]);
      row->l2 = g_strdup (f[2]);
      row->template = g_strdup (f[3]);
      row->text = g_strdup (f[4]);
      row->fold_random = g_rand_int_range (rand, 0, FOLDS);
      g_ptr_array_add (rows, row);
    }
  /* Templates dealt round-robin in order of first appearance (rows are shuffled). */
  for (guint i = 0; i < rows->len; i++)
    {
      Row *row = g_ptr_array_index (rows, i);
      gpointer fold;

      if (!g_hash_table_lookup_extended (template_folds, row->template, NULL, &fold))
        {
          fold = GUINT_TO_POINTER (g_hash_table_size (template_folds) % FOLDS);
          g_hash_table_insert (template_folds, row->template, fold);
        }
      row->fold_template = GPOINTER_TO_UINT (fold);
    }
  g_rand_free (rand);
  return rows;
}

static void
score_add (Score *s, const Row *row, const char *l1, const char *l2)
{
  s->n++;
  if (l1 == NULL)
    return;
  s->answered++;
  if (g_strcmp0 (l1, row->l1) == 0)
    {
      s->l1_ok++;
      if (g_strcmp0 (l2, row->l2) == 0)
        {
          s->l2_ok++;
          s->answered_l2_ok++;
        }
    }
}

static void
print_score (const char *name, const Score *s)
{
  printf ("  %-26s %6.1f %%  %6.1f %%  %6.1f %%  %6.1f %%\n", name,
          100.0 * s->l1_ok / MAX (s->n, 1), 100.0 * s->l2_ok / MAX (s->n, 1),
          100.0 * s->answered / MAX (s->n, 1),
          100.0 * s->answered_l2_ok / MAX (s->answered, 1));
}

/* Returns the combined level-2 accuracy. */
static double
evaluate (HdConfig   *config,
          GPtrArray  *rows,
          gboolean    by_template,
          const char *title)
{
  Score rules = { 0 }, learned = { 0 }, combined = { 0 };
  Score by_lang[2] = { { 0 } };

  for (guint fold = 0; fold < FOLDS; fold++)
    {
      g_autoptr(HdClassifier) classifier = hd_classifier_new ();

      for (guint i = 0; i < rows->len; i++)
        {
          Row *row = g_ptr_array_index (rows, i);
          if ((by_template ? row->fold_template : row->fold_random) != fold)
            hd_classifier_add_example (classifier, row->text, row->l1, row->l2);
        }
      for (guint i = 0; i < rows->len; i++)
        {
          Row *row = g_ptr_array_index (rows, i);
          HdRuleMatch match;
          HdPrediction prediction;
          HdClassification proposal;

          if ((by_template ? row->fold_template : row->fold_random) != fold)
            continue;
          if (hd_classifier_rules_match (config, row->text, &match))
            score_add (&rules, row, match.type_l1, match.type_l2);
          else
            score_add (&rules, row, NULL, NULL);
          if (hd_classifier_predict (classifier, row->text, &prediction))
            score_add (&learned, row, prediction.type_l1, prediction.type_l2);
          else
            score_add (&learned, row, NULL, NULL);
          hd_classifier_propose (classifier, config, row->text, &proposal);
          score_add (&combined, row, proposal.type_l1, proposal.type_l2);
          score_add (&by_lang[g_str_equal (row->lang, "zh") ? 0 : 1], row, proposal.type_l1, proposal.type_l2);
          hd_classification_clear (&proposal);
        }
    }

  printf ("\n%s (%u tickets, %d folds)\n", title, rows->len, FOLDS);
  printf ("  %-26s %8s  %8s  %8s  %8s\n", "", "level 1", "level 2", "answers", "l2 when answering");
  print_score ("keyword rules alone", &rules);
  print_score ("learned (n-gram kNN) alone", &learned);
  print_score ("combined, as in the form", &combined);
  print_score ("  - Chinese tickets", &by_lang[0]);
  print_score ("  - English tickets", &by_lang[1]);
  return (double) combined.l2_ok / MAX (combined.n, 1) - (double) rules.l2_ok / MAX (rules.n, 1);
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HdConfig) config = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *path = NULL;
  gboolean check = FALSE;
  double gain_random, gain_template;
  gint64 start;

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--check") == 0)
        check = TRUE;
      else
        path = g_strdup (argv[i]);
    }
  if (path == NULL)
    path = g_build_filename (g_getenv ("G_TEST_SRCDIR") ? g_getenv ("G_TEST_SRCDIR") : "tests",
                             "data", "labelled-tickets.tsv", NULL);

  config = hd_config_load_default (&error);
  if (config == NULL || !hd_config_set_active_taxonomy (config, "a", &error))
    g_error ("%s", error->message);
  rows = load_rows (path);

  start = g_get_monotonic_time ();
  gain_random = evaluate (config, rows, FALSE, "Random 5-fold cross-validation");
  gain_template = evaluate (config, rows, TRUE, "Held-out phrasings (grouped by template)");
  printf ("\n(%.2f s; level 2 = the type and sub-type both right; "
          "answers = share of tickets given a proposal)\n",
          (g_get_monotonic_time () - start) / 1e6);

  if (check && (gain_random <= 0 || gain_template <= 0))
    {
      fprintf (stderr, "the combined proposal does not beat the keyword rules\n");
      return 1;
    }
  return 0;
}
