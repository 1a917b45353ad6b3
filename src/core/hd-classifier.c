/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-classifier"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "hd-classifier.h"
#include "hd-classifier-rules.h"

#define NEIGHBOURS      12
#define MIN_CONFIDENCE  0.35
#define MIN_SIMILARITY  0.12
#define ALIKE_SIMILARITY 0.25
/* Past tickets overrule a keyword rule only when they agree among
 * themselves and look very much like the new one: agents corrected that
 * rule before (their overrides are in the history). */
#define OVERRULE_CONFIDENCE 0.75
#define OVERRULE_SIMILARITY 0.45

typedef struct {
  guint term;
  guint count;
} TermCount;

typedef struct {
  guint label;
  float norm;      /* of the TF-IDF vector, recomputed when stale */
  GArray *terms;   /* TermCount, sorted by term */
} Doc;

typedef struct {
  guint doc;
  guint count;
} Posting;

struct _HdClassifier
{
  GObject parent_instance;

  GHashTable *term_ids;  /* char * → term id + 1 */
  GPtrArray *postings;   /* term id → GArray of Posting */
  GArray *docs;          /* Doc */
  GPtrArray *labels_l1;  /* label id → char * */
  GPtrArray *labels_l2;  /* label id → char * or NULL */
  gboolean norms_stale;
};

G_DEFINE_FINAL_TYPE (HdClassifier, hd_classifier, G_TYPE_OBJECT)

static void
doc_clear (Doc *doc)
{
  g_clear_pointer (&doc->terms, g_array_unref);
}

static void
hd_classifier_finalize (GObject *object)
{
  HdClassifier *self = (HdClassifier *) object;

  g_hash_table_unref (self->term_ids);
  g_ptr_array_unref (self->postings);
  g_array_unref (self->docs);
  g_ptr_array_unref (self->labels_l1);
  g_ptr_array_unref (self->labels_l2);

  G_OBJECT_CLASS (hd_classifier_parent_class)->finalize (object);
}

static void
hd_classifier_class_init (HdClassifierClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hd_classifier_finalize;
}

static void
hd_classifier_init (HdClassifier *self)
{
  self->term_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->postings = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  self->docs = g_array_new (FALSE, TRUE, sizeof (Doc));
  g_array_set_clear_func (self->docs, (GDestroyNotify) doc_clear);
  self->labels_l1 = g_ptr_array_new_with_free_func (g_free);
  self->labels_l2 = g_ptr_array_new_with_free_func (g_free);
}

HdClassifier *
hd_classifier_new (void)
{
  return g_object_new (HD_TYPE_CLASSIFIER, NULL);
}

static gboolean
is_cjk (gunichar c)
{
  return (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) ||
         (c >= 0x3040 && c <= 0x30ff) || (c >= 0xac00 && c <= 0xd7af);
}

/* Calls @emit for each feature of @text: CJK unigrams and bigrams, and
 * words of two or more letters (digits alone, such as order numbers, say
 * nothing about the type). Bounded by HD_CLASSIFIER_MAX_TEXT_CHARS. */
static void
extract_features (const char *text,
                  void      (*emit) (const char *feature, gpointer data),
                  gpointer    data)
{
  g_autofree char *normal = g_utf8_normalize (text, -1, G_NORMALIZE_NFKC);
  g_autofree char *folded = normal ? g_utf8_casefold (normal, -1) : NULL;
  GString *word = g_string_new (NULL);
  gboolean word_has_letter = FALSE;
  gunichar prev_cjk = 0;
  guint n = 0;

  for (const char *p = folded; p != NULL && *p != '\0' && n < HD_CLASSIFIER_MAX_TEXT_CHARS;
       p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (is_cjk (c))
        {
          char buf[16] = "u";
          int len = g_unichar_to_utf8 (c, buf + 1);

          buf[1 + len] = '\0';
          emit (buf, data);
          if (prev_cjk != 0)
            {
              buf[0] = 'b';
              len = g_unichar_to_utf8 (prev_cjk, buf + 1);
              len += g_unichar_to_utf8 (c, buf + 1 + len);
              buf[1 + len] = '\0';
              emit (buf, data);
            }
          prev_cjk = c;
        }
      else
        prev_cjk = 0;

      if (!is_cjk (c) && (g_unichar_isalnum (c) || c == '\''))
        {
          if (word->len == 0)
            g_string_append_c (word, 'w');
          if (c != '\'')
            g_string_append_unichar (word, c);
          word_has_letter |= g_unichar_isalpha (c);
          continue;
        }
      if (word->len > 2 && word_has_letter && word->len < 40)
        emit (word->str, data);
      g_string_truncate (word, 0);
      word_has_letter = FALSE;
    }
  if (word->len > 2 && word_has_letter && word->len < 40)
    emit (word->str, data);
  g_string_free (word, TRUE);
}

static void
count_feature (const char *feature,
               gpointer    data)
{
  GHashTable *counts = data;
  gpointer old = g_hash_table_lookup (counts, feature);

  if (old == NULL)
    g_hash_table_insert (counts, g_strdup (feature), GUINT_TO_POINTER (1));
  else
    g_hash_table_replace (counts, g_strdup (feature), GUINT_TO_POINTER (GPOINTER_TO_UINT (old) + 1));
}

static GHashTable *
count_features (const char *text)
{
  GHashTable *counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  extract_features (text, count_feature, counts);
  return counts;
}

static guint
label_id (HdClassifier *self,
          const char   *type_l1,
          const char   *type_l2)
{
  for (guint i = 0; i < self->labels_l1->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->labels_l1, i), type_l1) == 0 &&
        g_strcmp0 (g_ptr_array_index (self->labels_l2, i), type_l2) == 0)
      return i;
  g_ptr_array_add (self->labels_l1, g_strdup (type_l1));
  g_ptr_array_add (self->labels_l2, g_strdup (type_l2));
  return self->labels_l1->len - 1;
}

static int
compare_term (gconstpointer a, gconstpointer b)
{
  const TermCount *x = a, *y = b;
  return x->term < y->term ? -1 : x->term > y->term;
}

gboolean
hd_classifier_add_example (HdClassifier *self,
                           const char   *text,
                           const char   *type_l1,
                           const char   *type_l2)
{
  g_autoptr(GHashTable) counts = NULL;
  GHashTableIter iter;
  gpointer key, value;
  Doc doc = { 0 };

  g_return_val_if_fail (HD_IS_CLASSIFIER (self), FALSE);
  g_return_val_if_fail (text != NULL && type_l1 != NULL, FALSE);

  if (self->docs->len >= HD_CLASSIFIER_MAX_EXAMPLES || !g_utf8_validate (text, -1, NULL))
    return FALSE;

  counts = count_features (text);
  if (g_hash_table_size (counts) == 0)
    return FALSE;

  doc.label = label_id (self, type_l1, type_l2 && *type_l2 ? type_l2 : NULL);
  doc.terms = g_array_sized_new (FALSE, FALSE, sizeof (TermCount), g_hash_table_size (counts));
  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gpointer id_plus_one;
      TermCount tc;

      if (!g_hash_table_lookup_extended (self->term_ids, key, NULL, &id_plus_one))
        {
          id_plus_one = GUINT_TO_POINTER (self->postings->len + 1);
          g_hash_table_insert (self->term_ids, g_strdup (key), id_plus_one);
          g_ptr_array_add (self->postings, g_array_new (FALSE, FALSE, sizeof (Posting)));
        }
      tc.term = GPOINTER_TO_UINT (id_plus_one) - 1;
      tc.count = GPOINTER_TO_UINT (value);
      g_array_append_val (doc.terms, tc);
      g_array_append_val (g_ptr_array_index (self->postings, tc.term),
                          ((Posting) { self->docs->len, tc.count }));
    }
  g_array_sort (doc.terms, compare_term);
  g_array_append_val (self->docs, doc);
  self->norms_stale = TRUE;
  return TRUE;
}

guint
hd_classifier_get_n_examples (HdClassifier *self)
{
  g_return_val_if_fail (HD_IS_CLASSIFIER (self), 0);
  return self->docs->len;
}

static double
idf (HdClassifier *self,
     guint         term)
{
  GArray *postings = g_ptr_array_index (self->postings, term);
  return log ((self->docs->len + 1.0) / (postings->len + 1.0)) + 1.0;
}

static double
tf (guint count)
{
  return 1.0 + log (count);
}

static void
update_norms (HdClassifier *self)
{
  if (!self->norms_stale)
    return;
  for (guint d = 0; d < self->docs->len; d++)
    {
      Doc *doc = &g_array_index (self->docs, Doc, d);
      double sum = 0;

      for (guint i = 0; i < doc->terms->len; i++)
        {
          TermCount *tc = &g_array_index (doc->terms, TermCount, i);
          double w = tf (tc->count) * idf (self, tc->term);
          sum += w * w;
        }
      doc->norm = sqrt (sum);
    }
  self->norms_stale = FALSE;
}

typedef struct {
  guint doc;
  double score;
} Scored;

static int
compare_scored_desc (gconstpointer a, gconstpointer b)
{
  const Scored *x = a, *y = b;
  return x->score < y->score ? 1 : x->score > y->score ? -1 : (x->doc > y->doc) - (x->doc < y->doc);
}

gboolean
hd_classifier_predict (HdClassifier *self,
                       const char   *text,
                       HdPrediction *prediction)
{
  g_autoptr(GHashTable) counts = NULL;
  g_autofree double *scores = NULL;
  g_autofree double *votes = NULL;
  g_autoptr(GArray) scored = NULL;
  GHashTableIter iter;
  gpointer key, value;
  double qnorm = 0, total = 0;
  guint best = 0, k;

  g_return_val_if_fail (HD_IS_CLASSIFIER (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (prediction != NULL, FALSE);

  memset (prediction, 0, sizeof *prediction);
  if (self->docs->len == 0 || !g_utf8_validate (text, -1, NULL))
    return FALSE;

  update_norms (self);
  counts = count_features (text);
  scores = g_new0 (double, self->docs->len);

  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gpointer id_plus_one;
      GArray *postings;
      double w_idf, qw;

      if (!g_hash_table_lookup_extended (self->term_ids, key, NULL, &id_plus_one))
        continue;
      postings = g_ptr_array_index (self->postings, GPOINTER_TO_UINT (id_plus_one) - 1);
      w_idf = idf (self, GPOINTER_TO_UINT (id_plus_one) - 1);
      qw = tf (GPOINTER_TO_UINT (value)) * w_idf;
      qnorm += qw * qw;
      for (guint i = 0; i < postings->len; i++)
        {
          Posting *p = &g_array_index (postings, Posting, i);
          scores[p->doc] += qw * tf (p->count) * w_idf;
        }
    }
  if (qnorm == 0)
    return FALSE;
  qnorm = sqrt (qnorm);

  scored = g_array_new (FALSE, FALSE, sizeof (Scored));
  for (guint d = 0; d < self->docs->len; d++)
    if (scores[d] > 0)
      {
        Doc *doc = &g_array_index (self->docs, Doc, d);
        Scored s = { d, scores[d] / (qnorm * doc->norm) };
        g_array_append_val (scored, s);
      }
  if (scored->len == 0)
    return FALSE;
  g_array_sort (scored, compare_scored_desc);

  votes = g_new0 (double, self->labels_l1->len);
  k = MIN (scored->len, NEIGHBOURS);
  for (guint i = 0; i < k; i++)
    {
      Scored *s = &g_array_index (scored, Scored, i);
      Doc *doc = &g_array_index (self->docs, Doc, s->doc);
      /* Squared, so one close match outweighs a few loose ones. */
      votes[doc->label] += s->score * s->score;
      total += s->score * s->score;
    }
  for (guint l = 1; l < self->labels_l1->len; l++)
    if (votes[l] > votes[best])
      best = l;

  prediction->type_l1 = g_ptr_array_index (self->labels_l1, best);
  prediction->type_l2 = g_ptr_array_index (self->labels_l2, best);
  prediction->confidence = total > 0 ? votes[best] / total : 0;
  prediction->similarity = g_array_index (scored, Scored, 0).score;
  for (guint i = 0; i < scored->len; i++)
    {
      Scored *s = &g_array_index (scored, Scored, i);
      if (s->score < ALIKE_SIMILARITY)
        break;
      if (g_array_index (self->docs, Doc, s->doc).label == best)
        prediction->n_similar++;
    }
  return TRUE;
}

double
hd_classifier_text_similarity (const char *a,
                               const char *b)
{
  g_autoptr(GHashTable) ca = NULL;
  g_autoptr(GHashTable) cb = NULL;
  GHashTableIter iter;
  gpointer key, value;
  double dot = 0, na = 0, nb = 0;

  g_return_val_if_fail (a != NULL && b != NULL, 0);

  if (!g_utf8_validate (a, -1, NULL) || !g_utf8_validate (b, -1, NULL))
    return 0;
  ca = count_features (a);
  cb = count_features (b);
  g_hash_table_iter_init (&iter, ca);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      double x = GPOINTER_TO_UINT (value);
      na += x * x;
      dot += x * GPOINTER_TO_UINT (g_hash_table_lookup (cb, key));
    }
  g_hash_table_iter_init (&iter, cb);
  while (g_hash_table_iter_next (&iter, &key, &value))
    nb += (double) GPOINTER_TO_UINT (value) * GPOINTER_TO_UINT (value);
  if (na == 0 || nb == 0)
    return 0;
  return dot / (sqrt (na) * sqrt (nb));
}

void
hd_classification_clear (HdClassification *classification)
{
  g_clear_pointer (&classification->reason, g_free);
  memset (classification, 0, sizeof *classification);
}

gboolean
hd_classifier_propose (HdClassifier     *classifier,
                       HdConfig         *config,
                       const char       *text,
                       HdClassification *classification)
{
  HdRuleMatch match;
  HdPrediction prediction;

  g_return_val_if_fail (classifier == NULL || HD_IS_CLASSIFIER (classifier), FALSE);
  g_return_val_if_fail (HD_IS_CONFIG (config), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (classification != NULL, FALSE);

  memset (classification, 0, sizeof *classification);

  gboolean ruled = hd_classifier_rules_match (config, text, &match);
  gboolean learned = classifier != NULL && hd_classifier_predict (classifier, text, &prediction) &&
                     hd_config_get_type_label (config, prediction.type_l1, prediction.type_l2) != NULL;

  if (ruled && learned &&
      prediction.confidence >= OVERRULE_CONFIDENCE && prediction.similarity >= OVERRULE_SIMILARITY &&
      (g_strcmp0 (prediction.type_l1, match.type_l1) != 0 ||
       (match.type_l2 != NULL && g_strcmp0 (prediction.type_l2, match.type_l2) != 0)))
    {
      guint n = MAX (prediction.n_similar, 1);

      classification->source = HD_PROPOSAL_LEARNED;
      classification->type_l1 = prediction.type_l1;
      classification->type_l2 = prediction.type_l2;
      classification->group = hd_config_get_type_group (config, prediction.type_l1, prediction.type_l2);
      /* Translators: %u earlier tickets, then the name of a classification rule */
      classification->reason = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "Like %u earlier ticket, classified otherwise than rule “%s”",
                                                             "Like %u earlier tickets, classified otherwise than rule “%s”", n),
                                                n, match.rule_name);
      return TRUE;
    }

  if (ruled)
    {
      classification->source = HD_PROPOSAL_RULE;
      classification->type_l1 = match.type_l1;
      classification->type_l2 = match.type_l2;
      classification->group = match.group;
      classification->rule_id = match.rule_id;
      /* Translators: the name of a classification rule, e.g. 登录异常 */
      classification->reason = g_strdup_printf (_("Matched rule “%s”"), match.rule_name);
      return TRUE;
    }

  if (learned && prediction.confidence >= MIN_CONFIDENCE && prediction.similarity >= MIN_SIMILARITY)
    {
      guint n = MAX (prediction.n_similar, 1);

      classification->source = HD_PROPOSAL_LEARNED;
      classification->type_l1 = prediction.type_l1;
      classification->type_l2 = prediction.type_l2;
      classification->group = hd_config_get_type_group (config, prediction.type_l1, prediction.type_l2);
      classification->reason = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "Like %u earlier ticket",
                                                             "Like %u earlier tickets", n), n);
      return TRUE;
    }

  return FALSE;
}
