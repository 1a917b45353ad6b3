/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-sync-conflicts"

#include "config.h"

#include <glib/gi18n.h>

#include "hd-store-sync.h"
#include "hd-sync-conflicts.h"
#include "hd-sync-controller.h"
#include "hd-ticket-view.h"

struct _HdSyncConflicts
{
  GtkWidget parent_instance;

  GtkBox *box;
  HdStore *store;
  char *ticket_uuid;
  guint count;
  gulong changed_id;
  guint follow_id;
};

G_DEFINE_FINAL_TYPE (HdSyncConflicts, hd_sync_conflicts, GTK_TYPE_WIDGET)

static void refresh (HdSyncConflicts *self);

/* A JSON value as the user reads it: strings without quotes, null as "empty". */
static char *
readable (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *node;

  if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL) ||
      (node = json_parser_get_root (parser)) == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup (_("(empty)"));
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return g_strdup (json);
}

static void
on_action (GtkButton       *button,
           HdSyncConflicts *self)
{
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (button), "conflict-id");
  gboolean reapply = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "reapply"));
  HdSyncController *controller = hd_sync_controller_get_default ();
  g_autoptr(GError) error = NULL;

  if (!hd_store_resolve_conflict (self->store, id, reapply,
                                  controller != NULL ? hd_sync_controller_get_username (controller) : NULL,
                                  &error))
    g_warning ("%s", error->message);
  refresh (self);
}

static GtkWidget *
action_button (HdSyncConflicts *self,
               const char      *label,
               gint64           id,
               gboolean         reapply)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  g_object_set_data_full (G_OBJECT (button), "conflict-id", g_memdup2 (&id, sizeof id), g_free);
  g_object_set_data (G_OBJECT (button), "reapply", GINT_TO_POINTER (reapply));
  g_signal_connect (button, "clicked", G_CALLBACK (on_action), self);
  return button;
}

static void
refresh (HdSyncConflicts *self)
{
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->box))) != NULL)
    gtk_box_remove (self->box, child);
  self->count = 0;

  if (self->store != NULL && self->ticket_uuid != NULL)
    conflicts = hd_store_list_conflicts (self->store, self->ticket_uuid, &error);
  for (guint i = 0; conflicts != NULL && i < conflicts->len; i++)
    {
      HdSyncConflict *c = g_ptr_array_index (conflicts, i);
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *label = gtk_label_new (NULL);
      g_autofree char *text = NULL;

      if (g_strcmp0 (c->kind, "replaced") == 0)
        {
          g_autofree char *lost = readable (c->lost_value);
          g_autofree char *value = readable (c->winning_value);
          /* TRANSLATORS: field name, the value now in force, who set it, our lost value */
          text = g_strdup_printf (_("Your change to %s was replaced by “%s” (%s); yours was “%s”."),
                                  c->field, value, c->winner != NULL ? c->winner : _("another user"), lost);
        }
      else
        /* TRANSLATORS: the server's own words (English) follow */
        text = g_strdup_printf (_("The server refused your change: %s"),
                                c->message != NULL ? c->message : "");

      gtk_label_set_text (GTK_LABEL (label), text);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_box_append (GTK_BOX (row), gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
      gtk_box_append (GTK_BOX (row), label);
      if (g_strcmp0 (c->kind, "replaced") == 0)
        gtk_box_append (GTK_BOX (row), action_button (self, _("_Re-apply"), c->id, TRUE));
      gtk_box_append (GTK_BOX (row), action_button (self, _("_Dismiss"), c->id, FALSE));
      gtk_widget_add_css_class (row, "card");
      gtk_widget_set_margin_top (row, 3);
      gtk_box_append (self->box, row);
      self->count++;
    }
  gtk_widget_set_visible (GTK_WIDGET (self), self->count > 0);
}

void
hd_sync_conflicts_set_ticket (HdSyncConflicts *self,
                              HdStore         *store,
                              const char      *ticket_uuid)
{
  g_return_if_fail (HD_IS_SYNC_CONFLICTS (self));

  if (store != self->store)
    {
      if (self->store != NULL)
        g_clear_signal_handler (&self->changed_id, self->store);
      g_set_object (&self->store, store);
      if (store != NULL)
        self->changed_id = g_signal_connect_swapped (store, "tickets-changed", G_CALLBACK (refresh), self);
    }
  if (g_strcmp0 (ticket_uuid, self->ticket_uuid) != 0)
    {
      g_free (self->ticket_uuid);
      self->ticket_uuid = g_strdup (ticket_uuid);
    }
  refresh (self);
}

guint
hd_sync_conflicts_get_count (HdSyncConflicts *self)
{
  g_return_val_if_fail (HD_IS_SYNC_CONFLICTS (self), 0);
  return self->count;
}

/* Inside a ticket view: follow its ticket (the view has no notification). */
static gboolean
follow_view (gpointer data)
{
  HdSyncConflicts *self = data;
  GtkWidget *view = gtk_widget_get_ancestor (GTK_WIDGET (self), HD_TYPE_TICKET_VIEW);
  HdSyncController *controller = hd_sync_controller_get_default ();
  const char *uuid = view != NULL ? hd_ticket_view_get_uuid (HD_TICKET_VIEW (view)) : NULL;

  if (controller != NULL && view != NULL &&
      (g_strcmp0 (uuid, self->ticket_uuid) != 0 || self->store == NULL))
    hd_sync_conflicts_set_ticket (self, hd_sync_controller_get_store (controller), uuid);
  return G_SOURCE_CONTINUE;
}

static void
hd_sync_conflicts_root (GtkWidget *widget)
{
  HdSyncConflicts *self = HD_SYNC_CONFLICTS (widget);

  GTK_WIDGET_CLASS (hd_sync_conflicts_parent_class)->root (widget);
  if (self->follow_id == 0 && gtk_widget_get_ancestor (widget, HD_TYPE_TICKET_VIEW) != NULL)
    {
      follow_view (self);
      self->follow_id = g_timeout_add (500, follow_view, self);
    }
}

static void
hd_sync_conflicts_unroot (GtkWidget *widget)
{
  HdSyncConflicts *self = HD_SYNC_CONFLICTS (widget);

  g_clear_handle_id (&self->follow_id, g_source_remove);
  GTK_WIDGET_CLASS (hd_sync_conflicts_parent_class)->unroot (widget);
}

GtkWidget *
hd_sync_conflicts_new (void)
{
  return g_object_new (HD_TYPE_SYNC_CONFLICTS, NULL);
}

static void
hd_sync_conflicts_dispose (GObject *object)
{
  HdSyncConflicts *self = HD_SYNC_CONFLICTS (object);

  g_clear_handle_id (&self->follow_id, g_source_remove);
  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_object (&self->store);
  g_clear_pointer ((GtkWidget **) &self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (hd_sync_conflicts_parent_class)->dispose (object);
}

static void
hd_sync_conflicts_finalize (GObject *object)
{
  g_free (HD_SYNC_CONFLICTS (object)->ticket_uuid);
  G_OBJECT_CLASS (hd_sync_conflicts_parent_class)->finalize (object);
}

static void
hd_sync_conflicts_class_init (HdSyncConflictsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hd_sync_conflicts_dispose;
  object_class->finalize = hd_sync_conflicts_finalize;
  widget_class->root = hd_sync_conflicts_root;
  widget_class->unroot = hd_sync_conflicts_unroot;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "syncconflicts");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
hd_sync_conflicts_init (HdSyncConflicts *self)
{
  self->box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 6));
  gtk_widget_set_parent (GTK_WIDGET (self->box), GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}
