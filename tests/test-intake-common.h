/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "hd-intake-dialog.h"
#include "hd-test-ui.h"

G_BEGIN_DECLS

/*
 * The intake form driven through its real widgets under Xvfb: typed text,
 * selected rows, toggled switches and activated actions, then the store is
 * checked. HD_INTAKE_SCREENSHOT_DIR=… also renders the form to PNG there.
 * test-intake.c covers the form itself (fields, validation, drafts,
 * keyboard, the main window's shortcut); test-intake-proposals.c what it
 * proposes (type, priority, handler, similar tickets) and the overrides.
 */

#define LOGIN_TEXT "客户反映从昨天开始无法登录，输入验证码后提示错误码E1002。已尝试重启手机和重装App，仍然不行。客户希望今天内恢复，以便查看订单。"

/* A store, the default configuration and a roster of seven agents (one
 * team lead on duty around the clock) in a temporary folder. */
typedef struct {
  char *dir;
  char *path;
  HdStore *store;
  HdConfig *config;
  HdRoster *roster;
  AdwApplication *app;
  char *saved_uuid; /* of the last ticket the dialog saved */
} Fixture;

/* gtk_test_init() and libadwaita, keyring off; the locale of
 * HELPDESK_LOCALEDIR when set (for screenshots in another language). */
void             intake_test_init           (int             *argc,
                                             char          ***argv);

void             intake_fixture_set_up      (Fixture         *f,
                                             gconstpointer    data);
void             intake_fixture_tear_down   (Fixture         *f,
                                             gconstpointer    data);

/* A presented intake dialog on the fixture's store; @height 0: natural. */
HdIntakeDialog  *open_dialog_sized          (Fixture         *f,
                                             int              height);
HdIntakeDialog  *open_dialog                (Fixture         *f);
/* Destroys the dialog (unless it closed itself) and lets it go. */
void             destroy                    (HdIntakeDialog  *dialog);

/* The template child @name of the dialog. */
GtkWidget       *field                      (HdIntakeDialog  *dialog,
                                             const char      *name);
void             type_text                  (HdIntakeDialog  *dialog,
                                             const char      *name,
                                             const char      *text);
void             type_description           (HdIntakeDialog  *dialog,
                                             const char      *text);
/* The id of the configuration item selected in combo row @name, or NULL. */
const char      *selected_id                (HdIntakeDialog  *dialog,
                                             const char      *name);
void             select_id                  (HdIntakeDialog  *dialog,
                                             const char      *name,
                                             const char      *id);

/* Renders the dialog to @name in HD_INTAKE_SCREENSHOT_DIR, if set. */
void             maybe_screenshot           (HdIntakeDialog  *dialog,
                                             const char      *name);

G_END_DECLS
