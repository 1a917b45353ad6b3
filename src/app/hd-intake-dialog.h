/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "hd-config.h"
#include "hd-routing.h"
#include "hd-store.h"

G_BEGIN_DECLS

#define HD_TYPE_INTAKE_DIALOG (hd_intake_dialog_get_type ())
G_DECLARE_FINAL_TYPE (HdIntakeDialog, hd_intake_dialog, HD, INTAKE_DIALOG, AdwWindow)

/*
 * The intake form (SPEC R1–R3, docs/intake.md): one window per new ticket,
 * autosaved as a draft in @store until it is saved or discarded.
 * "ticket-saved" (HdTicket *ticket) is emitted after the store committed it.
 * @agent is recorded as the receiver and author.
 */
HdIntakeDialog *hd_intake_dialog_new        (GtkWindow  *parent,
                                             HdStore    *store,
                                             HdConfig   *config,
                                             HdRoster   *roster,
                                             const char *agent);
/* The same as Ctrl+Return; FALSE when validation failed (the form says why). */
gboolean        hd_intake_dialog_save       (HdIntakeDialog *self);
gboolean        hd_intake_dialog_is_dirty   (HdIntakeDialog *self);
/* Writes the draft now instead of after the autosave delay. */
void            hd_intake_dialog_save_draft (HdIntakeDialog *self);
/* Where attached files are copied (default: <user cache>/helpdesk/attachments). */
void            hd_intake_dialog_set_attachment_dir (HdIntakeDialog *self,
                                                     const char     *dir);
/* Attaches @file as if it had been dropped on the form (async). */
void            hd_intake_dialog_add_file   (HdIntakeDialog *self,
                                             GFile          *file);
/* Files still being copied into the cache. */
guint           hd_intake_dialog_get_pending_files (HdIntakeDialog *self);

G_END_DECLS
