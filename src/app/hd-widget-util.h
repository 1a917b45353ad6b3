/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Spins only while on screen. In GTK 4.8 a spinning GtkSpinner on a hidden
 * GtkStack page still drives its CSS animation every frame, re-allocating
 * the stack: about a tenth of a core for as long as the window is open. */
void hd_spinner_spin_while_mapped (GtkSpinner *spinner);

/* GTK 4.8 exposes the button inside a GtkDropDown to screen readers as
 * "GtkToggleButton", whatever the drop-down's own label: names the button
 * of every drop-down under @root by its drop-down. */
void hd_name_drop_down_buttons (GtkWidget *root);

G_END_DECLS
