/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "hd-store.h"

G_BEGIN_DECLS

/*
 * What the UI tests (test-board.c, test-intake*.c, test-reports-view.c,
 * test-window.c) share: a store in a temporary folder, removed afterwards,
 * waiting on the main loop for what widgets do off the main thread, and
 * choosing configured items in combo rows.
 */

/* Spins the main loop until @cond holds, failing after a bound. */
#define HD_TEST_WAIT_FOR(cond) G_STMT_START { \
    gint64 deadline_ = g_get_monotonic_time () + 10 * G_USEC_PER_SEC; \
    while (!(cond) && g_get_monotonic_time () < deadline_) \
      g_main_context_iteration (NULL, FALSE); \
    g_assert_true (cond); \
  } G_STMT_END

/* A new temporary folder named after @template ("hd-test-foo-XXXXXX"). */
char    *hd_test_make_dir          (const char *template);
/* Removes @dir and everything in it. */
void     hd_test_remove_tree       (const char *dir);

/* Opens (creating) the store "tickets.db" in @dir, numbering tickets like
 * the server (final numbers); @path, if not %NULL, gets the file's path. */
HdStore *hd_test_open_store        (const char  *dir,
                                    char       **path);

/* Runs the main loop until nothing is pending, e.g. after destroying a window. */
void     hd_test_drain_main_loop   (void);

/* Selects the HdConfigItem whose id is @id in @row; fails if there is none. */
void     hd_test_select_config_item (AdwComboRow *row,
                                     const char  *id);
/* The first widget of @type in @root's tree (@root included), or NULL. */
GtkWidget *hd_test_find_type       (GtkWidget  *root,
                                    GType       type);
/* The app's style sheet on the default display, as HdApplication loads
 * it: screenshots look like the app. */
void     hd_test_load_app_style    (void);
/* Waits for @widget's window to paint a frame, then renders @widget to a
 * PNG at @path in process (paintable → snapshot → renderer → texture). */
void     hd_test_save_png          (GtkWidget  *widget,
                                    const char *path);

G_END_DECLS
