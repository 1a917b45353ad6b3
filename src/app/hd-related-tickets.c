/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-related-tickets"

#include "config.h"

#include <glib/gi18n.h>

#include "hd-related-tickets.h"
#include "hd-widget-util.h"
#include "hd-ticket-links.h"
#include "hd-ticket-view.h"

/* Search results offered in the popover, and the search text's length. */
#define MAX_RESULTS 8
#define MAX_SEARCH_CHARS 200

struct _HdRelatedTickets
{
  GtkWidget parent_instance;

  HdStore *store;
  char *uuid;
  char *author;
  GPtrArray *links;          /* HdTicketLink */
  char *shown;               /* what the rows show, to skip needless rebuilds */

  AdwPreferencesGroup *group;
  GtkListBox *list;
  GtkMenuButton *link_button;
  GtkPopover *popover;
  GtkSearchEntry *search;
  GtkDropDown *relation;
  GtkListBox *results;
  GtkLabel *results_status;
};

G_DEFINE_FINAL_TYPE (HdRelatedTickets, hd_related_tickets, GTK_TYPE_WIDGET)

static void
toast (HdRelatedTickets *self,
       const char       *message)
{
  GtkWidget *view = gtk_widget_get_ancestor (GTK_WIDGET (self), HD_TYPE_TICKET_VIEW);
  g_autoptr(AdwToast) t = NULL;

  if (view == NULL)
    {
      g_message ("%s", message);
      return;
    }
  t = adw_toast_new (message);
  g_signal_emit_by_name (view, "toast", t);
}

static gint64
now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static void
clear_list_box (GtkListBox *list)
{
  GtkWidget *child;

  /* gtk_list_box_remove_all() is GTK 4.12. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/* The links --------------------------------------------------------------------- */

static GtkWidget *
create_link_row (HdTicketLink *link)
{
  const char *number = link->number != NULL ? link->number : _("Ticket not in this copy");
  const char *relation = hd_link_relation_get_label (link->relation, link->outgoing);
  g_autofree char *subtitle = NULL;
  g_autofree char *remove_label = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");

  if (link->number != NULL)
    /* Translators: a linked ticket's relation and status, e.g. "Duplicate of · In Progress" */
    subtitle = g_strdup_printf (_("%s · %s"), relation, hd_status_get_label (link->status));
  else
    subtitle = g_strdup (relation);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), number);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), link->number != NULL);
  if (link->number != NULL)
    {
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "related.open");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", link->ticket_uuid);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
    }

  /* Translators: the accessible name of a linked ticket's remove button */
  remove_label = g_strdup_printf (_("Remove the link to %s"), number);
  gtk_widget_set_tooltip_text (remove, _("Remove Link"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label, -1);
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "related.remove");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "s", link->ticket_uuid);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  return row;
}

static void
reload (HdRelatedTickets *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) shown = g_string_new (NULL);
  GPtrArray *links = NULL;

  if (self->store != NULL && self->uuid != NULL)
    {
      links = hd_ticket_links_list (self->store, self->uuid, &error);
      if (links == NULL)
        g_warning ("Could not list the linked tickets: %s", error->message);
    }
  if (links == NULL)
    links = g_ptr_array_new_with_free_func ((GDestroyNotify) hd_ticket_link_free);
  g_clear_pointer (&self->links, g_ptr_array_unref);
  self->links = links;

  for (guint i = 0; i < links->len; i++)
    {
      HdTicketLink *link = g_ptr_array_index (links, i);
      g_string_append_printf (shown, "%s %s %d %d %d\n", link->ticket_uuid,
                              link->number ? link->number : "", link->status, link->relation, link->outgoing);
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->link_button), self->uuid != NULL);
  if (g_strcmp0 (shown->str, self->shown) == 0)
    return;
  g_free (self->shown);
  self->shown = g_string_free (g_steal_pointer (&shown), FALSE);

  clear_list_box (self->list);
  for (guint i = 0; i < links->len; i++)
    gtk_list_box_append (self->list, create_link_row (g_ptr_array_index (links, i)));
  gtk_widget_set_visible (GTK_WIDGET (self->list), links->len > 0);
  adw_preferences_group_set_description (self->group, links->len > 0 ? NULL
                                         : _("None yet: link duplicates, causes and related problems"));
}

static void
on_store_changed (HdRelatedTickets *self)
{
  reload (self);
}

/* Linking ------------------------------------------------------------------------ */

static void
link_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  HdRelatedTickets *self = HD_RELATED_TICKETS (widget);
  g_autoptr(GError) error = NULL;
  const char *other, *relation_id;
  HdLinkRelation relation;

  g_variant_get (parameter, "(&s&s)", &other, &relation_id);
  if (self->store == NULL || self->uuid == NULL || !hd_link_relation_from_id (relation_id, &relation))
    return;
  if (!hd_ticket_links_add (self->store, self->uuid, other, relation, self->author, now (), &error))
    {
      toast (self, error->message);
      return;
    }
  gtk_popover_popdown (self->popover);
  gtk_editable_set_text (GTK_EDITABLE (self->search), "");
  reload (self);
}

static void
remove_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  HdRelatedTickets *self = HD_RELATED_TICKETS (widget);
  g_autoptr(GError) error = NULL;

  if (self->store == NULL || self->uuid == NULL)
    return;
  if (!hd_ticket_links_remove (self->store, self->uuid, g_variant_get_string (parameter, NULL),
                               self->author, now (), &error))
    toast (self, error->message);
  else
    reload (self);
}

static void
open_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  const char *uuid = g_variant_get_string (parameter, NULL);

  /* Beside the board, the board opens it; in a ticket window, the app. */
  if (!gtk_widget_activate_action (widget, "board.open-ticket", "s", uuid))
    gtk_widget_activate_action (widget, "app.open-ticket", "s", uuid);
}

/* Searching ---------------------------------------------------------------------- */

static GtkWidget *
create_result_row (HdTicket *ticket)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  g_autofree char *title = g_strdup_printf ("%s · %s", hd_ticket_get_number (ticket),
                                            hd_ticket_get_customer_label (ticket)
                                            ? hd_ticket_get_customer_label (ticket) : "");
  GtkWidget *title_label = gtk_label_new (title);
  GtkWidget *description = gtk_label_new (hd_ticket_get_description (ticket));
  g_autofree char *accessible = g_strdup_printf ("%s, %s", title, hd_status_get_label (hd_ticket_get_status (ticket)));

  gtk_label_set_xalign (GTK_LABEL (title_label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title_label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (title_label, "heading");
  gtk_label_set_xalign (GTK_LABEL (description), 0);
  gtk_label_set_ellipsize (GTK_LABEL (description), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (description), TRUE);
  gtk_widget_add_css_class (description, "dim-label");
  gtk_widget_add_css_class (description, "caption");
  gtk_box_append (GTK_BOX (box), title_label);
  gtk_box_append (GTK_BOX (box), description);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_object_set_data_full (G_OBJECT (row), "uuid", g_strdup (hd_ticket_get_uuid (ticket)), g_free);
  return row;
}

static gboolean
add_result (HdRelatedTickets *self,
            GPtrArray        *seen,
            HdTicket         *ticket)
{
  const char *uuid = hd_ticket_get_uuid (ticket);

  if (seen->len >= MAX_RESULTS || g_strcmp0 (uuid, self->uuid) == 0 ||
      g_ptr_array_find_with_equal_func (seen, uuid, g_str_equal, NULL))
    return FALSE;
  g_ptr_array_add (seen, g_strdup (uuid));
  gtk_list_box_append (self->results, create_result_row (ticket));
  return TRUE;
}

static void
on_search_changed (HdRelatedTickets *self)
{
  g_autofree char *text = g_utf8_substring (gtk_editable_get_text (GTK_EDITABLE (self->search)), 0,
                                            MAX_SEARCH_CHARS);
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(HdTicket) exact = NULL;

  clear_list_box (self->results);
  g_strstrip (text);
  if (self->store == NULL || text[0] == '\0')
    {
      gtk_label_set_text (self->results_status, _("Type a ticket number or words from it"));
      gtk_widget_set_visible (GTK_WIDGET (self->results), FALSE);
      return;
    }

  /* A whole number first, then the store's search (number, customer,
   * description; Chinese and English). */
  exact = hd_store_get_ticket_by_number (self->store, text, NULL);
  if (exact == NULL)
    {
      g_autofree char *upper = g_utf8_strup (text, -1);
      exact = hd_store_get_ticket_by_number (self->store, upper, NULL);
    }
  if (exact != NULL)
    add_result (self, seen, exact);
  found = hd_store_search (self->store, text, MAX_RESULTS + 1, NULL);
  for (guint i = 0; found != NULL && i < found->len; i++)
    add_result (self, seen, g_ptr_array_index (found, i));

  gtk_widget_set_visible (GTK_WIDGET (self->results), seen->len > 0);
  gtk_label_set_text (self->results_status, seen->len > 0 ? "" : _("No tickets found"));
  gtk_widget_set_visible (GTK_WIDGET (self->results_status), seen->len == 0);
}

static void
on_result_activated (GtkListBox       *list,
                     GtkListBoxRow    *row,
                     HdRelatedTickets *self)
{
  const char *uuid = g_object_get_data (G_OBJECT (row), "uuid");
  HdLinkRelation relation = (HdLinkRelation) gtk_drop_down_get_selected (self->relation);

  if (uuid == NULL || (guint) relation >= HD_N_LINK_RELATIONS)
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "related.link", "(ss)", uuid,
                              hd_link_relation_to_id (relation));
}

/* Enter in the search links the first result. */
static void
on_search_activate (HdRelatedTickets *self)
{
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->results, 0);

  if (first != NULL)
    on_result_activated (self->results, first, self);
}

static void
on_popover_shown (HdRelatedTickets *self)
{
  on_search_changed (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->search));
}

/* Building ------------------------------------------------------------------------ */

static GtkWidget *
build_popover (HdRelatedTickets *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *heading = gtk_label_new (_("Link a Ticket"));
  GtkWidget *relation_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *relation_label = gtk_label_new_with_mnemonic (_("_Relation"));
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  g_autoptr(GtkStringList) relations = gtk_string_list_new (NULL);

  gtk_widget_add_css_class (heading, "heading");
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_box_append (GTK_BOX (box), heading);

  self->search = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  g_object_set (self->search, "placeholder-text", _("Ticket number or words"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->search), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Find a ticket to link"), -1);
  g_signal_connect_object (self->search, "search-changed", G_CALLBACK (on_search_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search, "activate", G_CALLBACK (on_search_activate), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->search));

  for (guint i = 0; i < HD_N_LINK_RELATIONS; i++)
    gtk_string_list_append (relations, hd_link_relation_get_label (i, TRUE));
  self->relation = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (relations)), NULL));
  gtk_widget_set_hexpand (GTK_WIDGET (self->relation), TRUE);
  gtk_label_set_mnemonic_widget (GTK_LABEL (relation_label), GTK_WIDGET (self->relation));
  hd_name_drop_down_buttons (GTK_WIDGET (self->relation));
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->relation), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  relation_label, NULL, -1);
  gtk_box_append (GTK_BOX (relation_box), relation_label);
  gtk_box_append (GTK_BOX (relation_box), GTK_WIDGET (self->relation));
  gtk_box_append (GTK_BOX (box), relation_box);

  self->results_status = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->results_status), "dim-label");
  gtk_label_set_wrap (self->results_status, TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->results_status));

  self->results = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->results, GTK_SELECTION_NONE);
  gtk_list_box_set_activate_on_single_click (self->results, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->results), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->results), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Tickets found"), -1);
  g_signal_connect_object (self->results, "row-activated", G_CALLBACK (on_result_activated), self, 0);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 320);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->results));
  gtk_box_append (GTK_BOX (box), scrolled);

  gtk_widget_set_size_request (box, 340, -1);
  self->popover = GTK_POPOVER (gtk_popover_new ());
  gtk_popover_set_child (self->popover, box);
  g_signal_connect_object (self->popover, "show", G_CALLBACK (on_popover_shown), self, G_CONNECT_SWAPPED);
  return GTK_WIDGET (self->popover);
}

GtkWidget *
hd_related_tickets_new (void)
{
  return g_object_new (HD_TYPE_RELATED_TICKETS, NULL);
}

void
hd_related_tickets_set_ticket (HdRelatedTickets *self,
                               HdStore          *store,
                               const char       *ticket_uuid,
                               const char       *author)
{
  g_return_if_fail (HD_IS_RELATED_TICKETS (self));
  g_return_if_fail (store == NULL || HD_IS_STORE (store));

  if (self->store != store)
    {
      if (self->store != NULL)
        g_signal_handlers_disconnect_by_data (self->store, self);
      g_set_object (&self->store, store);
      if (store != NULL)
        {
          g_signal_connect_object (store, "events-changed", G_CALLBACK (on_store_changed), self, G_CONNECT_SWAPPED);
          g_signal_connect_object (store, "tickets-changed", G_CALLBACK (on_store_changed), self, G_CONNECT_SWAPPED);
        }
    }
  g_free (self->author);
  self->author = g_strdup (author);
  if (g_strcmp0 (self->uuid, ticket_uuid) != 0)
    {
      g_free (self->uuid);
      self->uuid = g_strdup (ticket_uuid);
      gtk_popover_popdown (self->popover);
    }
  reload (self);
}

GPtrArray *
hd_related_tickets_get_links (HdRelatedTickets *self)
{
  g_return_val_if_fail (HD_IS_RELATED_TICKETS (self), NULL);
  return self->links;
}

GtkEditable *
hd_related_tickets_get_search (HdRelatedTickets *self)
{
  g_return_val_if_fail (HD_IS_RELATED_TICKETS (self), NULL);
  return GTK_EDITABLE (self->search);
}

GtkDropDown *
hd_related_tickets_get_relation (HdRelatedTickets *self)
{
  g_return_val_if_fail (HD_IS_RELATED_TICKETS (self), NULL);
  return self->relation;
}

GtkListBox *
hd_related_tickets_get_results (HdRelatedTickets *self)
{
  g_return_val_if_fail (HD_IS_RELATED_TICKETS (self), NULL);
  return self->results;
}

GtkListBox *
hd_related_tickets_get_list (HdRelatedTickets *self)
{
  g_return_val_if_fail (HD_IS_RELATED_TICKETS (self), NULL);
  return self->list;
}

static void
hd_related_tickets_dispose (GObject *object)
{
  HdRelatedTickets *self = HD_RELATED_TICKETS (object);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  if (self->group != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->group));
      self->group = NULL;
    }

  G_OBJECT_CLASS (hd_related_tickets_parent_class)->dispose (object);
}

static void
hd_related_tickets_finalize (GObject *object)
{
  HdRelatedTickets *self = HD_RELATED_TICKETS (object);

  g_clear_pointer (&self->links, g_ptr_array_unref);
  g_free (self->uuid);
  g_free (self->author);
  g_free (self->shown);

  G_OBJECT_CLASS (hd_related_tickets_parent_class)->finalize (object);
}

static void
hd_related_tickets_class_init (HdRelatedTicketsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hd_related_tickets_dispose;
  object_class->finalize = hd_related_tickets_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_install_action (widget_class, "related.link", "(ss)", link_activated);
  gtk_widget_class_install_action (widget_class, "related.remove", "s", remove_activated);
  gtk_widget_class_install_action (widget_class, "related.open", "s", open_activated);
}

static void
hd_related_tickets_init (HdRelatedTickets *self)
{
  GtkWidget *button_content;

  self->group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->group, _("Related Tickets"));
  gtk_widget_set_parent (GTK_WIDGET (self->group), GTK_WIDGET (self));

  self->link_button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  button_content = adw_button_content_new ();
  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (button_content), "list-add-symbolic");
  adw_button_content_set_label (ADW_BUTTON_CONTENT (button_content), _("_Link a Ticket…"));
  adw_button_content_set_use_underline (ADW_BUTTON_CONTENT (button_content), TRUE);
  gtk_menu_button_set_child (self->link_button, button_content);
  gtk_menu_button_set_use_underline (self->link_button, TRUE);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->link_button),
                               _("Link a duplicate, a cause or a related problem"));
  gtk_widget_add_css_class (GTK_WIDGET (self->link_button), "flat");
  /* GTK 4.8 names only the button inside a menu button by its content. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->link_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Link a Ticket"), -1);
  gtk_menu_button_set_popover (self->link_button, build_popover (self));
  adw_preferences_group_set_header_suffix (self->group, GTK_WIDGET (self->link_button));

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Related Tickets"), -1);
  adw_preferences_group_add (self->group, GTK_WIDGET (self->list));

  self->links = g_ptr_array_new_with_free_func ((GDestroyNotify) hd_ticket_link_free);
  reload (self);
}
