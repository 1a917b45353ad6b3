/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-intake"

#include "config.h"

#include <glib/gi18n.h>

#include "hd-intake-dialog-private.h"
#include "hd-store-intake.h"

/*
 * Customers on the intake form: search as you type by number, label or
 * contact; a new customer gets the next anonymised label (客户A-2023); open
 * tickets of the same customer with a similar description are shown as
 * possible duplicates before saving.
 */

#define SEARCH_DELAY_MS 150
#define SEARCH_RESULTS  6
#define DUPLICATE_SIMILARITY 0.45

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
pick_customer (HdIntakeDialog *self,
               HdCustomer     *customer)
{
  self->updating++;
  gtk_editable_set_text (GTK_EDITABLE (self->label_row), hd_customer_get_label (customer));
  gtk_editable_set_text (GTK_EDITABLE (self->number_row), hd_customer_get_number (customer) ?: "");
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), hd_customer_get_name (customer) ?: "");
  gtk_editable_set_text (GTK_EDITABLE (self->type_row), hd_customer_get_type_id (customer) ?: "");
  gtk_editable_set_text (GTK_EDITABLE (self->contact_row), hd_customer_get_contact (customer) ?: "");
  gtk_editable_set_text (GTK_EDITABLE (self->search_row), "");
  self->updating--;
  self->customer_is_new = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->customer_results), FALSE);
  clear_list (self->customer_results);
  hd_intake_duplicates_update (self);
  hd_intake_dialog_changed (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->contact_row));
}

static void
on_result_activated (AdwActionRow   *row,
                     HdIntakeDialog *self)
{
  HdCustomer *customer = g_object_get_data (G_OBJECT (row), "customer");

  pick_customer (self, customer);
}

static gboolean
search_timeout (gpointer data)
{
  HdIntakeDialog *self = data;

  self->search_timeout_id = 0;
  hd_intake_customer_search (self);
  return G_SOURCE_REMOVE;
}

void
hd_intake_customer_search (HdIntakeDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_row));

  g_clear_handle_id (&self->search_timeout_id, g_source_remove);
  clear_list (self->customer_results);
  found = hd_store_search_customers (self->store, text, SEARCH_RESULTS, &error);
  if (found == NULL)
    {
      g_warning ("Customer search failed: %s", error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->customer_results), FALSE);
      return;
    }

  for (guint i = 0; i < found->len; i++)
    {
      HdCustomer *customer = g_ptr_array_index (found, i);
      GtkWidget *row = adw_action_row_new ();
      g_autoptr(GString) subtitle = g_string_new (NULL);
      const char *parts[] = { hd_customer_get_number (customer), hd_customer_get_type_id (customer),
                              hd_customer_get_contact (customer) };
      g_autofree char *title = g_markup_escape_text (hd_customer_get_label (customer), -1);

      for (guint j = 0; j < G_N_ELEMENTS (parts); j++)
        if (parts[j] != NULL && *parts[j] != '\0')
          {
            if (subtitle->len > 0)
              g_string_append (subtitle, " · ");
            g_string_append (subtitle, parts[j]);
          }
      {
        g_autofree char *escaped = g_markup_escape_text (subtitle->str, -1);
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
      }
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      g_object_set_data_full (G_OBJECT (row), "customer", g_object_ref (customer), g_object_unref);
      g_signal_connect (row, "activated", G_CALLBACK (on_result_activated), self);
      gtk_list_box_append (self->customer_results, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->customer_results), found->len > 0);
}

static void
on_search_changed (HdIntakeDialog *self)
{
  if (self->updating > 0)
    return;
  g_clear_handle_id (&self->search_timeout_id, g_source_remove);
  self->search_timeout_id = g_timeout_add (SEARCH_DELAY_MS, search_timeout, self);
}

static void
on_search_activated (HdIntakeDialog *self)
{
  GtkListBoxRow *first;

  hd_intake_customer_search (self);
  first = gtk_list_box_get_row_at_index (self->customer_results, 0);
  if (first != NULL)
    pick_customer (self, g_object_get_data (G_OBJECT (first), "customer"));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->label_row));
}

static void
on_label_changed (HdIntakeDialog *self)
{
  if (self->updating > 0)
    return;
  hd_intake_duplicates_update (self);
}

static void
on_duplicate_activated (AdwActionRow   *row,
                        HdIntakeDialog *self)
{
  HdTicket *ticket = g_object_get_data (G_OBJECT (row), "ticket");
  g_autofree char *message = g_strdup_printf (_("%s will be noted on the new ticket’s timeline"),
                                              hd_ticket_get_number (ticket));

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

void
hd_intake_duplicates_update (HdIntakeDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) open = NULL;
  g_autofree char *description = hd_intake_dialog_get_description (self);
  const char *label = gtk_editable_get_text (GTK_EDITABLE (self->label_row));

  clear_list (self->duplicate_list);
  g_clear_pointer (&self->duplicates, g_ptr_array_unref);
  self->duplicates = g_ptr_array_new_with_free_func (g_object_unref);

  g_strstrip (description);
  if (*description != '\0')
    open = hd_store_list_open_for_customer (self->store, label, &error);
  if (error != NULL)
    g_warning ("Could not look for duplicates: %s", error->message);

  for (guint i = 0; open != NULL && i < open->len; i++)
    {
      HdTicket *ticket = g_ptr_array_index (open, i);
      double similarity = hd_classifier_text_similarity (description,
                                                         hd_ticket_get_description (ticket) ?: "");
      GtkWidget *row;
      g_autofree char *title = NULL;
      g_autofree char *excerpt = NULL;

      if (similarity < DUPLICATE_SIMILARITY)
        continue;
      g_ptr_array_add (self->duplicates, g_object_ref (ticket));

      row = adw_action_row_new ();
      /* Translators: %s is a ticket number */
      title = g_markup_printf_escaped (_("Possible duplicate: open ticket %s"), hd_ticket_get_number (ticket));
      excerpt = g_markup_escape_text (hd_ticket_get_description (ticket), -1);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), excerpt);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
      gtk_widget_add_css_class (row, "warning");
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "ticket", g_object_ref (ticket), g_object_unref);
      g_signal_connect (row, "activated", G_CALLBACK (on_duplicate_activated), self);
      gtk_list_box_append (self->duplicate_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->duplicate_list), self->duplicates->len > 0);
}

void
hd_intake_customer_setup (HdIntakeDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  /* Translators: the start of an anonymised customer label such as
   * "Customer A-2024"; 客户 gives 客户A-2024. */
  g_autofree char *label = hd_store_next_customer_label (self->store, C_("customer label", "Customer "),
                                                         g_date_time_get_year (now), &error);

  if (label == NULL)
    g_warning ("No customer label: %s", error->message);
  else
    gtk_editable_set_text (GTK_EDITABLE (self->label_row), label);
  self->customer_is_new = TRUE;

  g_signal_connect_swapped (self->search_row, "changed", G_CALLBACK (on_search_changed), self);
  g_signal_connect_swapped (self->search_row, "entry-activated", G_CALLBACK (on_search_activated), self);
  g_signal_connect_swapped (self->label_row, "changed", G_CALLBACK (on_label_changed), self);
}
