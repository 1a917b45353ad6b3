/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-widget-util"

#include "config.h"

#include "hd-widget-util.h"

static void
on_spinner_map (GtkSpinner *spinner)
{
  gtk_spinner_start (spinner);
}

static void
on_spinner_unmap (GtkSpinner *spinner)
{
  gtk_spinner_stop (spinner);
}

void
hd_spinner_spin_while_mapped (GtkSpinner *spinner)
{
  g_return_if_fail (GTK_IS_SPINNER (spinner));

  gtk_spinner_set_spinning (spinner, gtk_widget_get_mapped (GTK_WIDGET (spinner)));
  g_signal_connect (spinner, "map", G_CALLBACK (on_spinner_map), NULL);
  g_signal_connect (spinner, "unmap", G_CALLBACK (on_spinner_unmap), NULL);
}
