/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-ticket-fields"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "hd-attachment.h"
#include "hd-store-intake.h"
#include "hd-ticket-commands.h"
#include "hd-ticket-fields-private.h"
#include "hd-ticket-validation.h"

G_DEFINE_FINAL_TYPE (HdTicketFields, hd_ticket_fields, GTK_TYPE_WIDGET)

enum { TOAST, N_SIGNALS };
static guint signals[N_SIGNALS];

#define MASKED "••••••••"

/* Field names (the store's JSON members) and their titles. */
static const struct {
  const char *name;
  const char *title;
} field_titles[] = {
  { "customer_label", N_("Customer label") },
  { "customer_name", N_("Customer name") },
  { "customer_number", N_("Customer number") },
  { "customer_type", N_("Customer type") },
  { "contact", N_("Contact") },
  { "channel", N_("Channel") },
  { "emotion", N_("Emotion") },
  { "occurred_at", N_("Occurred") },
  { "description", N_("Description") },
  { "type_l1", N_("Type") },
  { "type_l2", N_("Sub-type") },
  { "impact", N_("Impact") },
  { "urgency", N_("Urgency") },
  { "priority", N_("Priority") },
  { "response_due", N_("First response due") },
  { "resolution_due", N_("Resolution due") },
  { "transfer_department", N_("Transfer to") },
  { "transfer_contact", N_("Contact person") },
  { "transfer_note", N_("Request note") },
  { "cc_departments", N_("Copied departments") },
  { "result", N_("Result") },
  { "receiver", N_("Receiver") },
  { "group", N_("Group") },
  { "handler", N_("Handler") },
  { "first_response_at", N_("First response") },
  { "satisfaction", N_("Satisfaction") },
  { "escalated", N_("Escalated") },
  { "attachments", N_("Attachments") },
  { HD_TICKET_SENSITIVE_FIELD, N_("Sensitive data") },
};

const char *
hd_ticket_fields_field_title (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (field_titles); i++)
    if (g_str_equal (field_titles[i].name, name))
      return _(field_titles[i].title);
  return name;
}

void
hd_ticket_fields_toast (HdTicketFields *self,
                        const char     *message)
{
  g_autoptr(AdwToast) toast = adw_toast_new (message);

  g_signal_emit (self, signals[TOAST], 0, toast);
}

/* The key ----------------------------------------------------------------------- */

static void
secret_box_ready (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  HdSecretBox *box = hd_secret_box_open_default_finish (result, &error);
  HdTicketFields *self;

  /* Cancelled in dispose: the widget is gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  if (self->secret_box != NULL)
    {
      g_clear_object (&box);
      return;
    }
  self->secret_box = box;
  self->secret_box_tried = TRUE;
}

/* Found off the main thread as soon as it may be needed (a keyring round
 * trip); asked for here only when the user needs it before the answer. */
static void
prepare_secret_box (HdTicketFields *self)
{
  if (self->secret_box != NULL || self->secret_box_tried || self->cancellable != NULL)
    return;
  self->cancellable = g_cancellable_new ();
  hd_secret_box_open_default_async (self->key_file, g_getenv ("HELPDESK_NO_KEYRING") == NULL,
                                    self->cancellable, secret_box_ready, self);
}

HdSecretBox *
hd_ticket_fields_get_secret_box (HdTicketFields *self)
{
  g_autoptr(GError) error = NULL;

  if (self->secret_box == NULL && !self->secret_box_tried)
    {
      self->secret_box = hd_secret_box_open_default (self->key_file,
                                                     g_getenv ("HELPDESK_NO_KEYRING") == NULL, &error);
      self->secret_box_tried = TRUE;
      if (self->secret_box == NULL)
        g_debug ("No field key: %s", error->message);
    }
  return self->secret_box;
}

static void
forget_revealed (HdTicketFields *self)
{
  g_clear_pointer (&self->revealed, hd_secret_free);
}

/* Showing --------------------------------------------------------------------- */

static void
add_view_row (HdTicketFields *self,
              const char     *title,
              const char     *value)
{
  GtkWidget *row;

  if (value == NULL || value[0] == '\0')
    return;
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  gtk_widget_add_css_class (row, "property");
  gtk_list_box_append (self->view_list, row);
  g_ptr_array_add (self->view_rows, row);
}

static void
add_sensitive_row (HdTicketFields *self)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_toggle_button_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Sensitive data"));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), self->revealed != NULL ? self->revealed : MASKED);
  gtk_widget_add_css_class (row, "property");
  gtk_button_set_icon_name (GTK_BUTTON (button), self->revealed != NULL ? "view-conceal-symbolic"
                                                                        : "view-reveal-symbolic");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), self->revealed != NULL);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "fields.reveal");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, self->revealed != NULL ? _("Hide Sensitive Data")
                                                              : _("Show Sensitive Data"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Show or Hide Sensitive Data"), -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  gtk_list_box_append (self->view_list, row);
  g_ptr_array_add (self->view_rows, row);
}

static gboolean
has_sensitive (HdTicketFields *self)
{
  g_autofree char *sealed = NULL;

  if (self->ticket == NULL || hd_ticket_get_uuid (self->ticket) == NULL)
    return FALSE;
  sealed = hd_store_get_sensitive_field (self->store, hd_ticket_get_uuid (self->ticket),
                                         HD_TICKET_SENSITIVE_FIELD, NULL);
  return sealed != NULL;
}

static void
show_view (HdTicketFields *self)
{
  HdTicket *t = self->ticket;
  g_autofree char *occurred = NULL;
  g_autofree char *type = NULL;
  g_autofree char *cc = NULL;
  const char *l1, *l2;

  for (guint i = 0; i < self->view_rows->len; i++)
    gtk_list_box_remove (self->view_list, g_ptr_array_index (self->view_rows, i));
  g_ptr_array_set_size (self->view_rows, 0);
  if (t == NULL)
    return;

  l1 = hd_ticket_get_type_l1 (t);
  l2 = hd_ticket_get_type_l2 (t);
  if (l1 != NULL)
    type = g_strdup_printf ("%s%s%s", hd_config_get_type_label (self->config, l1, NULL) ?: l1,
                            l2 ? " / " : "", l2 ? (hd_config_get_type_label (self->config, l1, l2) ?: l2) : "");
  if (hd_ticket_get_occurred_at (t) > 0)
    occurred = hd_ticket_format_local_time (hd_ticket_get_occurred_at (t));
  if (hd_ticket_get_cc_departments (t) != NULL)
    cc = g_strjoinv (_(", "), (char **) hd_ticket_get_cc_departments (t));

  add_view_row (self, _("Customer label"), hd_ticket_get_customer_label (t));
  add_view_row (self, _("Customer name"), hd_ticket_get_customer_name (t));
  add_view_row (self, _("Customer number"), hd_ticket_get_customer_number (t));
  add_view_row (self, _("Customer type"), hd_ticket_get_customer_type (t));
  add_view_row (self, _("Contact"), hd_ticket_get_contact (t));
  add_view_row (self, _("Channel"), hd_channel_get_label (hd_ticket_get_channel (t)));
  add_view_row (self, _("Emotion"), hd_emotion_get_label (hd_ticket_get_emotion (t)));
  add_view_row (self, _("Occurred"), occurred);
  add_view_row (self, _("Type"), type);
  add_view_row (self, _("Impact"), hd_impact_get_label (hd_ticket_get_impact (t)));
  add_view_row (self, _("Urgency"), hd_urgency_get_label (hd_ticket_get_urgency (t)));
  add_view_row (self, _("Priority"), hd_config_get_priority_label (self->config, hd_ticket_get_priority (t) ?: ""));
  add_view_row (self, _("Transfer to"), hd_ticket_get_transfer_department (t));
  add_view_row (self, _("Contact person"), hd_ticket_get_transfer_contact (t));
  add_view_row (self, _("Request note"), hd_ticket_get_transfer_note (t));
  add_view_row (self, _("Copied departments"), cc);
  hd_ticket_fields_attachments_show (self);
  if (has_sensitive (self))
    {
      add_sensitive_row (self);
      prepare_secret_box (self);
    }
  else
    forget_revealed (self);
}

static void
set_editing (HdTicketFields *self,
             gboolean        editing)
{
  self->editing = editing;
  if (!editing)
    g_clear_object (&self->base);
  gtk_stack_set_visible_child_name (self->stack, editing ? "edit" : "view");
  gtk_widget_set_visible (self->edit_button, !editing);
  gtk_widget_set_visible (self->cancel_button, editing);
  gtk_widget_set_visible (self->save_button, editing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "fields.edit", !editing && self->ticket != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "fields.save", editing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "fields.cancel", editing);
  hd_ticket_fields_attachments_set_editing (self, editing);
  if (editing)
    gtk_widget_add_css_class (GTK_WIDGET (self), "editing");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "editing");
}

void
hd_ticket_fields_set_ticket (HdTicketFields *self,
                             HdTicket       *ticket)
{
  gboolean same;

  g_return_if_fail (HD_IS_TICKET_FIELDS (self));
  g_return_if_fail (ticket == NULL || HD_IS_TICKET (ticket));

  same = ticket != NULL && self->ticket != NULL &&
         g_strcmp0 (hd_ticket_get_uuid (ticket), hd_ticket_get_uuid (self->ticket)) == 0;
  if (!same)
    forget_revealed (self);
  g_set_object (&self->ticket, ticket);
  /* Another ticket ends the edit; the same one, changed elsewhere, keeps
   * what was typed (the save merges into the stored ticket). */
  if (self->editing && !same)
    {
      hd_ticket_fields_editors_clear_problems (self);
      set_editing (self, FALSE);
    }
  show_view (self);
  set_editing (self, self->editing);
}

gboolean
hd_ticket_fields_get_editing (HdTicketFields *self)
{
  g_return_val_if_fail (HD_IS_TICKET_FIELDS (self), FALSE);
  return self->editing;
}

void
hd_ticket_fields_edit (HdTicketFields *self)
{
  g_return_if_fail (HD_IS_TICKET_FIELDS (self));

  if (self->ticket == NULL)
    return;
  if (!self->editing)
    {
      hd_ticket_fields_editors_fill (self);
      g_set_object (&self->base, self->ticket);
      gtk_widget_set_visible (GTK_WIDGET (self->sensitive_remove), has_sensitive (self));
      prepare_secret_box (self);
      set_editing (self, TRUE);
    }
  gtk_widget_grab_focus (GTK_WIDGET (self->label_row));
}

gboolean
hd_ticket_fields_save (HdTicketFields *self)
{
  g_return_val_if_fail (HD_IS_TICKET_FIELDS (self), FALSE);

  if (!self->editing)
    return TRUE;
  if (!hd_ticket_fields_editors_save (self))
    return FALSE;
  set_editing (self, FALSE);
  gtk_widget_grab_focus (self->edit_button);
  return TRUE;
}

void
hd_ticket_fields_cancel (HdTicketFields *self)
{
  g_return_if_fail (HD_IS_TICKET_FIELDS (self));

  if (!self->editing)
    return;
  hd_ticket_fields_editors_clear_problems (self);
  gtk_editable_set_text (GTK_EDITABLE (self->sensitive_row), "");
  set_editing (self, FALSE);
  gtk_widget_grab_focus (self->edit_button);
}

static void
edit_activated (GtkWidget *widget, const char *name, GVariant *parameter)
{
  hd_ticket_fields_edit (HD_TICKET_FIELDS (widget));
}

static void
save_activated (GtkWidget *widget, const char *name, GVariant *parameter)
{
  hd_ticket_fields_save (HD_TICKET_FIELDS (widget));
}

static void
cancel_activated (GtkWidget *widget, const char *name, GVariant *parameter)
{
  hd_ticket_fields_cancel (HD_TICKET_FIELDS (widget));
}

/* Explicit request only: the plaintext is never shown otherwise, and is
 * wiped as soon as it is hidden again. */
static void
reveal_activated (GtkWidget *widget, const char *name, GVariant *parameter)
{
  HdTicketFields *self = HD_TICKET_FIELDS (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *sealed = NULL;
  HdSecretBox *box;

  if (self->revealed != NULL || self->ticket == NULL)
    {
      forget_revealed (self);
      show_view (self);
      return;
    }
  sealed = hd_store_get_sensitive_field (self->store, hd_ticket_get_uuid (self->ticket),
                                         HD_TICKET_SENSITIVE_FIELD, &error);
  box = sealed != NULL ? hd_ticket_fields_get_secret_box (self) : NULL;
  if (box != NULL)
    self->revealed = hd_secret_box_unseal (box, sealed, &error);
  if (self->revealed == NULL)
    /* The message names the failure, never the value. */
    hd_ticket_fields_toast (self, _("The sensitive data cannot be decrypted on this computer"));
  show_view (self);
}

/* The timeline's line for a field_change ------------------------------------------ */

static char *
format_value (HdConfig   *config,
              const char *field,
              JsonNode   *node)
{
  const char *s;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("—");
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      g_autoptr(GString) text = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (array) && i < HD_TICKET_MAX_CC; i++)
        g_string_append_printf (text, "%s%s", i ? _(", ") : "", json_array_get_string_element (array, i));
      return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : g_strdup ("—");
    }
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    {
      gint64 when = json_node_get_int (node);
      return when > 0 ? hd_ticket_format_local_time (when) : g_strdup ("—");
    }
  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (node) ? _("Yes") : _("No"));
  if (json_node_get_value_type (node) != G_TYPE_STRING)
    return g_strdup ("?");

  s = json_node_get_string (node);
  if (g_str_equal (field, "channel"))
    {
      HdChannel v;
      if (hd_channel_from_id (s, &v))
        return g_strdup (hd_channel_get_label (v));
    }
  else if (g_str_equal (field, "emotion"))
    {
      HdEmotion v;
      if (hd_emotion_from_id (s, &v))
        return g_strdup (hd_emotion_get_label (v));
    }
  else if (g_str_equal (field, "impact"))
    {
      HdImpact v;
      if (hd_impact_from_id (s, &v))
        return g_strdup (hd_impact_get_label (v));
    }
  else if (g_str_equal (field, "urgency"))
    {
      HdUrgency v;
      if (hd_urgency_from_id (s, &v))
        return g_strdup (hd_urgency_get_label (v));
    }
  else if (g_str_equal (field, "priority"))
    return g_strdup (hd_config_get_priority_label (config, s) ?: s);
  else if (g_str_equal (field, "satisfaction"))
    {
      HdSatisfaction v;
      if (hd_satisfaction_from_id (s, &v))
        return g_strdup (hd_satisfaction_get_label (v));
    }
  else if (g_str_equal (field, "group"))
    return g_strdup (hd_config_get_group_label (config, s) ?: s);
  else if (g_str_equal (field, "type_l1"))
    return g_strdup (hd_config_get_type_label (config, s, NULL) ?: s);
  return g_strdup (s);
}

/* @object's array @member as "a.png, b.log", or NULL when empty. */
static char *
join_names (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autoptr(GString) names = g_string_new (NULL);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array) && i < HD_ATTACHMENT_MAX_PER_TICKET; i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
        g_string_append_printf (names, "%s%s", names->len > 0 ? _(", ") : "", json_node_get_string (element));
    }
  return names->len > 0 ? g_string_free (g_steal_pointer (&names), FALSE) : NULL;
}

static void
describe_attachments (GString    *text,
                      JsonObject *object)
{
  g_autofree char *added = join_names (object, "added");
  g_autofree char *removed = join_names (object, "removed");
  const char *title = hd_ticket_fields_field_title ("attachments");

  if (added != NULL && removed != NULL)
    /* Translators: on the timeline: "Attachments: added a.png; removed b.log" */
    g_string_append_printf (text, _("%s: added %s; removed %s"), title, added, removed);
  else if (added != NULL)
    /* Translators: on the timeline: "Attachments: added a.png, b.log" */
    g_string_append_printf (text, _("%s: added %s"), title, added);
  else if (removed != NULL)
    /* Translators: on the timeline: "Attachments: removed b.log" */
    g_string_append_printf (text, _("%s: removed %s"), title, removed);
  else
    g_string_append_printf (text, _("%s: changed"), title);
}

char *
hd_ticket_fields_describe_change (HdConfig   *config,
                                  const char *data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GList) names = NULL;
  JsonObject *root, *fields;
  const char *reason;

  g_return_val_if_fail (HD_IS_CONFIG (config), NULL);

  if (data == NULL || !json_parser_load_from_data (parser, data, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;
  root = json_node_get_object (json_parser_get_root (parser));
  if (!json_object_has_member (root, "fields") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "fields")))
    return NULL;
  fields = json_object_get_object_member (root, "fields");
  names = json_object_get_members (fields);
  for (GList *l = names; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *change = json_object_get_member (fields, name);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (change) ? json_node_get_object (change) : NULL;

      if (text->len > 0)
        g_string_append (text, _("; "));
      if (object != NULL && g_str_equal (name, "attachments"))
        describe_attachments (text, object);
      else if (object == NULL)
        g_string_append (text, hd_ticket_fields_field_title (name));
      else if (json_object_has_member (object, "removed"))
        /* Translators: on the timeline, e.g. "Sensitive data: removed" */
        g_string_append_printf (text, _("%s: removed"), hd_ticket_fields_field_title (name));
      else if (!json_object_has_member (object, "to"))
        /* Translators: on the timeline, for a value that is never shown */
        g_string_append_printf (text, _("%s: changed"), hd_ticket_fields_field_title (name));
      else if (g_str_equal (name, "description") || g_str_equal (name, "transfer_note"))
        g_string_append_printf (text, _("%s: changed"), hd_ticket_fields_field_title (name));
      else
        {
          g_autofree char *from = format_value (config, name, json_object_get_member (object, "from"));
          g_autofree char *to = format_value (config, name, json_object_get_member (object, "to"));

          /* Translators: on the timeline, a field's old and new value */
          g_string_append_printf (text, _("%s: %s → %s"), hd_ticket_fields_field_title (name), from, to);
        }
    }
  reason = json_object_get_string_member_with_default (root, "priority_reason", NULL);
  if (reason != NULL)
    /* Translators: after the changed fields, why the priority changed */
    g_string_append_printf (text, _(" (%s)"), reason);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Object ----------------------------------------------------------------------- */

HdTicketFields *
hd_ticket_fields_new (HdStore    *store,
                      HdConfig   *config,
                      const char *author)
{
  HdTicketFields *self;
  g_autofree char *store_dir = NULL;

  g_return_val_if_fail (HD_IS_STORE (store), NULL);
  g_return_val_if_fail (HD_IS_CONFIG (config), NULL);

  self = g_object_new (HD_TYPE_TICKET_FIELDS, NULL);
  self->store = g_object_ref (store);
  self->config = g_object_ref (config);
  self->author = g_strdup (author);
  /* The key sits next to the store, as for the intake form. */
  store_dir = g_path_get_dirname (hd_store_get_path (store));
  self->key_file = g_build_filename (store_dir, "field-key", NULL);
  hd_ticket_fields_editors_setup (self);
  hd_ticket_fields_attachments_setup (self);
  set_editing (self, FALSE);
  return self;
}

static void
hd_ticket_fields_dispose (GObject *object)
{
  HdTicketFields *self = HD_TICKET_FIELDS (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->copying);
  g_clear_object (&self->copying);
  g_cancellable_cancel (self->exporting);
  g_clear_object (&self->exporting);
  forget_revealed (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), HD_TYPE_TICKET_FIELDS);
  /* GTK 4.8 leaves template children without an id in place. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_object (&self->ticket);
  g_clear_object (&self->base);
  g_clear_object (&self->secret_box);
  g_clear_object (&self->store);
  g_clear_object (&self->config);
  g_clear_pointer (&self->view_rows, g_ptr_array_unref);
  g_clear_object (&self->attachments);

  G_OBJECT_CLASS (hd_ticket_fields_parent_class)->dispose (object);
}

static void
hd_ticket_fields_finalize (GObject *object)
{
  HdTicketFields *self = HD_TICKET_FIELDS (object);

  g_free (self->author);
  g_free (self->key_file);
  g_free (self->proposed_priority);
  g_free (self->attachment_dir);

  G_OBJECT_CLASS (hd_ticket_fields_parent_class)->finalize (object);
}

static void
hd_ticket_fields_class_init (HdTicketFieldsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hd_ticket_fields_dispose;
  object_class->finalize = hd_ticket_fields_finalize;

  signals[TOAST] = g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, ADW_TYPE_TOAST);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/hd-ticket-fields.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, HdTicketFields, name)
  BIND (edit_button); BIND (cancel_button); BIND (save_button); BIND (stack); BIND (view_list);
  BIND (label_row); BIND (name_row); BIND (number_row); BIND (customer_type_row); BIND (contact_row);
  BIND (channel_row); BIND (emotion_row); BIND (customer_error); BIND (occurred_row);
  BIND (occurred_error); BIND (description_frame); BIND (description_view); BIND (description_error);
  BIND (description_hint); BIND (type_l1_row); BIND (type_l2_row); BIND (impact_row);
  BIND (urgency_row); BIND (priority_row); BIND (reason_row); BIND (deadlines_row);
  BIND (classification_error); BIND (transfer_department_row); BIND (transfer_contact_row);
  BIND (transfer_note_row); BIND (cc_row); BIND (transfer_error); BIND (sensitive_row);
  BIND (sensitive_remove); BIND (sensitive_error); BIND (add_attachment_button);
  BIND (attachment_list); BIND (attachments_error); BIND (order_row); BIND (error_code_row);
#undef BIND

  gtk_widget_class_install_action (widget_class, "fields.edit", NULL, edit_activated);
  gtk_widget_class_install_action (widget_class, "fields.save", NULL, save_activated);
  gtk_widget_class_install_action (widget_class, "fields.cancel", NULL, cancel_activated);
  gtk_widget_class_install_action (widget_class, "fields.reveal", NULL, reveal_activated);
  gtk_widget_class_install_action (widget_class, "fields.add-attachment", NULL,
                                   hd_ticket_fields_add_attachment_activated);
  gtk_widget_class_install_action (widget_class, "fields.open-attachment", "u",
                                   hd_ticket_fields_open_attachment_activated);
  gtk_widget_class_install_action (widget_class, "fields.save-attachment", "u",
                                   hd_ticket_fields_save_attachment_activated);
  gtk_widget_class_install_action (widget_class, "fields.copy-attachment", "u",
                                   hd_ticket_fields_copy_attachment_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "fields.edit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "fields.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "fields.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "fields.cancel", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "ticketfields");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
hd_ticket_fields_init (HdTicketFields *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->view_rows = g_ptr_array_new ();
}
