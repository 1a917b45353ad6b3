/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-window"

#include "config.h"

#include <glib/gi18n.h>

#include "hd-intake-dialog.h"
#include "hd-window-private.h"

/* Ctrl+N from anywhere: one intake form per window, raised if already open. */

static HdRoster *
get_roster (HdWindow *self)
{
  HdRoster *roster = g_object_get_data (G_OBJECT (self), "hd-intake-roster");
  g_autoptr(GError) error = NULL;

  if (roster != NULL)
    return roster;
  roster = hd_roster_load_default (&error);
  if (roster == NULL)
    {
      g_warning ("No duty roster: %s", error->message);
      roster = hd_roster_load_data ("{\"format\": 1, \"agents\": [], \"shifts\": []}", -1, NULL);
    }
  /* Availability set by the team lead (hd-intake-availability.c). */
  {
    g_autoptr(GSettings) settings = g_settings_new (BASE_ID);
    g_autoptr(GVariant) states = g_settings_get_value (settings, "agent-states");
    GVariantIter iter;
    const char *id, *state_id;

    g_variant_iter_init (&iter, states);
    while (g_variant_iter_next (&iter, "{&s&s}", &id, &state_id))
      {
        HdAgentState state;
        if (hd_agent_state_from_id (state_id, &state))
          hd_roster_set_agent_state (roster, id, state);
      }
  }
  g_object_set_data_full (G_OBJECT (self), "hd-intake-roster", roster, g_object_unref);
  return roster;
}

static void
on_ticket_saved (HdIntakeDialog *dialog,
                 HdTicket       *ticket,
                 HdWindow       *self)
{
  AdwToast *toast = adw_toast_new_format (_("Saved ticket %s"), hd_ticket_get_number (ticket));

  hd_window_add_toast (self, toast);
}

static void
on_dialog_destroy (GtkWidget *dialog,
                   HdWindow  *self)
{
  g_object_set_data (G_OBJECT (self), "hd-intake-dialog", NULL);
}

void
hd_window_open_intake (HdWindow *self)
{
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *agent = NULL;
  GtkWindow *dialog = g_object_get_data (G_OBJECT (self), "hd-intake-dialog");

  if (dialog != NULL)
    {
      gtk_window_present (dialog);
      return;
    }

  settings = g_settings_new (BASE_ID);
  agent = g_settings_get_string (settings, "agent-name");
  if (agent[0] == '\0')
    {
      g_free (agent);
      agent = g_strdup (g_get_real_name ());
    }

  dialog = GTK_WINDOW (hd_intake_dialog_new (GTK_WINDOW (self), hd_window_get_store (self),
                                             hd_window_get_config (self), get_roster (self), agent));
  g_signal_connect_object (dialog, "ticket-saved", G_CALLBACK (on_ticket_saved), self, 0);
  /* Forget the dialog when it goes, so the next Ctrl+N makes a new one. */
  g_object_set_data (G_OBJECT (self), "hd-intake-dialog", dialog);
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (on_dialog_destroy), self, 0);
  gtk_window_present (dialog);
}
