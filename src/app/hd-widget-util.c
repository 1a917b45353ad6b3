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

void
hd_name_drop_down_buttons (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_TOGGLE_BUTTON (child) && GTK_IS_DROP_DOWN (root))
        gtk_accessible_update_relation (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                        root, NULL, -1);
      hd_name_drop_down_buttons (child);
    }
}
