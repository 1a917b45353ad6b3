/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hd-config.h"

G_BEGIN_DECLS

/* Bounds on what the classifier learns from and reads. */
#define HD_CLASSIFIER_MAX_EXAMPLES   20000
#define HD_CLASSIFIER_MAX_TEXT_CHARS 4000

#define HD_TYPE_CLASSIFIER (hd_classifier_get_type ())
G_DECLARE_FINAL_TYPE (HdClassifier, hd_classifier, HD, CLASSIFIER, GObject)

/*
 * Problem types learned from past tickets (SPEC R2.4): a nearest-neighbour
 * vote over TF-IDF weighted features: character unigrams and bigrams for
 * Chinese (no word segmenter needed), words for Latin scripts.
 */
typedef struct {
  const char *type_l1;  /* owned by the classifier */
  const char *type_l2;  /* NULL when the examples had none */
  double confidence;    /* share of the neighbours' vote, 0…1 */
  double similarity;    /* cosine of the closest example, 0…1 */
  guint n_similar;      /* examples of this type that look alike */
} HdPrediction;

HdClassifier *hd_classifier_new              (void);
/* Returns FALSE (and learns nothing) past HD_CLASSIFIER_MAX_EXAMPLES. */
gboolean      hd_classifier_add_example      (HdClassifier *self,
                                              const char   *text,
                                              const char   *type_l1,
                                              const char   *type_l2);
guint         hd_classifier_get_n_examples   (HdClassifier *self);
gboolean      hd_classifier_predict          (HdClassifier *self,
                                              const char   *text,
                                              HdPrediction *prediction);

/* Cosine similarity of the two texts' features (0…1), for duplicates. */
double        hd_classifier_text_similarity  (const char   *a,
                                              const char   *b);

typedef enum {
  HD_PROPOSAL_NONE,
  HD_PROPOSAL_RULE,    /* a configured keyword rule (SPEC R2.3) */
  HD_PROPOSAL_LEARNED, /* like earlier tickets */
} HdProposalSource;

typedef struct {
  HdProposalSource source;
  const char *type_l1;  /* owned by the config or the classifier */
  const char *type_l2;
  const char *group;    /* the rule's group, else the type's */
  const char *rule_id;
  char *reason;         /* "Matched rule 登录异常", "Like 14 earlier tickets" */
} HdClassification;

void          hd_classification_clear        (HdClassification *classification);

/* Rules first, then what was learned when it is confident (@classifier may
 * be NULL). Returns FALSE with source NONE when nothing fits. */
gboolean      hd_classifier_propose          (HdClassifier     *classifier,
                                              HdConfig         *config,
                                              const char       *text,
                                              HdClassification *classification);

G_END_DECLS
