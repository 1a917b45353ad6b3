/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-report"

#include "config.h"

#include <string.h>

#include "hd-report-private.h"

/*
 * "Most frequent problems by similar descriptions": descriptions that share
 * most of their character trigrams are one problem. Trigrams of characters
 * work for Chinese (no word segmentation) and English alike. Each description
 * gets a MinHash signature; locality-sensitive hashing over bands of the
 * signature finds candidates, and a candidate joins a group when enough of
 * the signature agrees (an estimate of the trigram Jaccard similarity). The
 * work is linear in the number of descriptions, which is bounded to the
 * newest HD_REPORT_MAX_SIMILAR_SCAN of the period.
 */

#define N_HASHES 32
#define N_BANDS 8
#define ROWS_PER_BAND (N_HASHES / N_BANDS)
/* Estimated Jaccard similarity at which two descriptions are one problem. */
#define MIN_AGREEMENT 16 /* of N_HASHES: 0.5 */

typedef struct {
  guint64 sig[N_HASHES];
  gboolean empty;
} Signature;

static inline guint64
mix64 (guint64 x)
{
  /* splitmix64 finaliser: each seed gives an independent-looking hash. */
  x += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
  x = (x ^ (x >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  x = (x ^ (x >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return x ^ (x >> 31);
}

static void
signature_add (Signature *s, guint64 shingle)
{
  for (guint i = 0; i < N_HASHES; i++)
    {
      guint64 h = mix64 (shingle ^ (G_GUINT64_CONSTANT (0x51ed270b27a3c1f5) * (i + 1)));
      if (h < s->sig[i])
        s->sig[i] = h;
    }
  s->empty = FALSE;
}

/* Letters and digits only, folded to lower case: punctuation, spaces and
 * case do not make two reports of one problem differ. */
static void
hd_report_signature (const char *text, guint64 out[N_HASHES], gboolean *empty)
{
  Signature s;
  gunichar window[3] = { 0 };
  guint n = 0;

  for (guint i = 0; i < N_HASHES; i++)
    s.sig[i] = G_MAXUINT64;
  s.empty = TRUE;

  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isalnum (c))
        continue;
      window[0] = window[1];
      window[1] = window[2];
      window[2] = g_unichar_tolower (c);
      if (++n >= 3)
        signature_add (&s, ((guint64) window[0] << 42) ^ ((guint64) window[1] << 21) ^ window[2]);
    }
  if (n > 0 && n < 3)
    signature_add (&s, ((guint64) window[0] << 42) ^ ((guint64) window[1] << 21) ^ window[2]);

  memcpy (out, s.sig, sizeof s.sig);
  *empty = s.empty;
}

static guint
find_root (guint *parent, guint i)
{
  while (parent[i] != i)
    {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
  return i;
}

static guint
agreement (const guint64 *a, const guint64 *b)
{
  guint same = 0;

  for (guint i = 0; i < N_HASHES; i++)
    same += a[i] == b[i];
  return same;
}

typedef struct {
  guint root;
  guint count;
  guint newest;  /* smallest index: rows come newest first */
} Group;

static int
compare_groups (gconstpointer a, gconstpointer b)
{
  const Group *x = a, *y = b;

  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  return x->newest < y->newest ? -1 : x->newest > y->newest;
}

gboolean
hd_report_group_similar (HdReportRun *run)
{
  g_autoptr(GPtrArray) numbers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) sigs = g_array_new (FALSE, FALSE, sizeof (guint64) * N_HASHES);
  g_autofree guint *parent = NULL;
  g_autoptr(GArray) groups = NULL;
  g_autofree char *tail = g_strdup_printf (" ORDER BY t.created_at DESC, t.id DESC LIMIT %d",
                                           HD_REPORT_MAX_SIMILAR_SCAN);
  sqlite3_stmt *stmt;
  gboolean failed = FALSE;
  guint n;

  stmt = hd_report_run_prepare (run, "SELECT t.number, t.description FROM tickets t WHERE"
                                " t.description IS NOT NULL AND t.description != '' AND", tail);
  if (stmt == NULL)
    return FALSE;
  while (hd_report_run_step (run, stmt, &failed))
    {
      guint64 sig[N_HASHES];
      gboolean empty;
      const char *text = (const char *) sqlite3_column_text (stmt, 1);

      hd_report_signature (text, sig, &empty);
      if (empty)
        continue;
      g_array_append_vals (sigs, sig, 1);
      g_ptr_array_add (numbers, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      g_ptr_array_add (texts, g_strdup (text));
    }
  sqlite3_finalize (stmt);
  if (failed)
    return FALSE;

  n = sigs->len;
  run->report->similar_scanned = n;
  parent = g_new (guint, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    parent[i] = i;

  /* Each band's bucket remembers its first description; later ones in the
   * bucket are compared with it only, so the work stays linear. */
  for (guint band = 0; band < N_BANDS; band++)
    {
      g_autoptr(GHashTable) buckets = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

      for (guint i = 0; i < n; i++)
        {
          const guint64 *sig = (const guint64 *) (sigs->data + (gsize) i * sizeof (guint64) * N_HASHES);
          guint64 key = band;
          gpointer first;

          for (guint r = 0; r < ROWS_PER_BAND; r++)
            key = mix64 (key ^ sig[band * ROWS_PER_BAND + r]);

          if (g_hash_table_lookup_extended (buckets, &key, NULL, &first))
            {
              guint j = GPOINTER_TO_UINT (first);
              const guint64 *other = (const guint64 *) (sigs->data + (gsize) j * sizeof (guint64) * N_HASHES);

              if (agreement (sig, other) >= MIN_AGREEMENT)
                {
                  guint a = find_root (parent, i), b = find_root (parent, j);
                  if (a != b)
                    parent[MAX (a, b)] = MIN (a, b);
                }
            }
          else
            {
              gint64 *stored = g_new (gint64, 1);
              *stored = (gint64) key;
              g_hash_table_insert (buckets, stored, GUINT_TO_POINTER (i));
            }
        }
    }

  {
    g_autoptr(GHashTable) by_root = g_hash_table_new (g_direct_hash, g_direct_equal);

    groups = g_array_new (FALSE, TRUE, sizeof (Group));
    for (guint i = 0; i < n; i++)
      {
        guint root = find_root (parent, i);
        gpointer index;

        if (g_hash_table_lookup_extended (by_root, GUINT_TO_POINTER (root), NULL, &index))
          g_array_index (groups, Group, GPOINTER_TO_UINT (index)).count++;
        else
          {
            Group group = { root, 1, i };
            g_hash_table_insert (by_root, GUINT_TO_POINTER (root), GUINT_TO_POINTER (groups->len));
            g_array_append_val (groups, group);
          }
      }
  }
  g_array_sort (groups, compare_groups);

  for (guint i = 0; i < groups->len && run->report->top_similar->len < 5; i++)
    {
      Group *group = &g_array_index (groups, Group, i);
      HdReportCluster *cluster;

      if (group->count < 2)
        break;
      cluster = g_new0 (HdReportCluster, 1);
      cluster->description = g_strdup (g_ptr_array_index (texts, group->newest));
      cluster->number = g_strdup (g_ptr_array_index (numbers, group->newest));
      cluster->count = group->count;
      g_ptr_array_add (run->report->top_similar, cluster);
    }
  return TRUE;
}
