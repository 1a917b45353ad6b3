/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Valid request bodies to mutate: batch bodies with every op kind, a login,
 * a roster and a user. NULL-terminated; each entry is "METHOD PATH\nBODY". */
const char * const *hd_test_mutate_corpus (void);

/* One seeded mutation of @text: byte flips, cuts, duplications, inserted
 * JSON tokens, or (when @text parses) a tree edit that keeps the JSON valid
 * but changes a type, drops or adds a member. */
char               *hd_test_mutate        (GRand      *rand,
                                           const char *text);

/* The seed: $HD_MUTATION_SEED if set, else a fixed one (printed either way). */
guint32             hd_test_mutate_seed   (void);

G_END_DECLS
