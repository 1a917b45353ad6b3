/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-intake"

#include "config.h"

#include <json-glib/json-glib.h>

#include "hd-intake-dialog-private.h"

/*
 * The intake draft: every field but the sensitive one, as a JSON object in
 * the store (table drafts), written a second after the last change and when
 * the window closes, so neither a closed window nor a crash loses a call.
 */


typedef struct {
  const char *key;
  gsize offset; /* of an AdwEntryRow * in HdIntakeDialog */
} EntryField;

static const EntryField entry_fields[] = {
  { "customer_label", G_STRUCT_OFFSET (HdIntakeDialog, label_row) },
  { "customer_number", G_STRUCT_OFFSET (HdIntakeDialog, number_row) },
  { "customer_name", G_STRUCT_OFFSET (HdIntakeDialog, name_row) },
  { "customer_type", G_STRUCT_OFFSET (HdIntakeDialog, type_row) },
  { "contact", G_STRUCT_OFFSET (HdIntakeDialog, contact_row) },
  { "priority_reason", G_STRUCT_OFFSET (HdIntakeDialog, priority_reason_row) },
  { "transfer_department", G_STRUCT_OFFSET (HdIntakeDialog, transfer_department_row) },
  { "transfer_contact", G_STRUCT_OFFSET (HdIntakeDialog, transfer_contact_row) },
  { "transfer_note", G_STRUCT_OFFSET (HdIntakeDialog, transfer_note_row) },
  { "cc", G_STRUCT_OFFSET (HdIntakeDialog, cc_row) },
  { "result", G_STRUCT_OFFSET (HdIntakeDialog, result_row) },
};

#define ENTRY(self, field) (*(AdwEntryRow **) G_STRUCT_MEMBER_P ((self), (field)->offset))

typedef struct {
  const char *key;
  gsize offset; /* of an AdwComboRow * */
} ComboField;

static const ComboField index_fields[] = {
  { "channel", G_STRUCT_OFFSET (HdIntakeDialog, channel_row) },
  { "emotion", G_STRUCT_OFFSET (HdIntakeDialog, emotion_row) },
  { "impact", G_STRUCT_OFFSET (HdIntakeDialog, impact_row) },
  { "urgency", G_STRUCT_OFFSET (HdIntakeDialog, urgency_row) },
};

#define COMBO(self, field) (*(AdwComboRow **) G_STRUCT_MEMBER_P ((self), (field)->offset))

static void
add_string (JsonBuilder *builder, const char *key, const char *value)
{
  json_builder_set_member_name (builder, key);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

char *
hd_intake_draft_serialize (HdIntakeDialog *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *description = hd_intake_dialog_get_description (self);
  GListModel *attachments = G_LIST_MODEL (self->attachments);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_int_value (builder, 1);
  for (guint i = 0; i < G_N_ELEMENTS (entry_fields); i++)
    add_string (builder, entry_fields[i].key,
                gtk_editable_get_text (GTK_EDITABLE (ENTRY (self, &entry_fields[i]))));
  for (guint i = 0; i < G_N_ELEMENTS (index_fields); i++)
    {
      json_builder_set_member_name (builder, index_fields[i].key);
      json_builder_add_int_value (builder, adw_combo_row_get_selected (COMBO (self, &index_fields[i])));
    }
  add_string (builder, "description", description);
  add_string (builder, "type_l1", hd_intake_dialog_selected_id (self->type_l1_row));
  add_string (builder, "type_l2", hd_intake_dialog_selected_id (self->type_l2_row));
  add_string (builder, "priority", hd_intake_dialog_selected_id (self->priority_row));
  add_string (builder, "group", hd_intake_dialog_selected_id (self->group_row));
  add_string (builder, "handler", hd_intake_selected_handler (self));
  json_builder_set_member_name (builder, "type_by_hand");
  json_builder_add_boolean_value (builder, self->type_chosen_by_hand);
  json_builder_set_member_name (builder, "handler_by_hand");
  json_builder_add_boolean_value (builder, self->handler_chosen_by_hand);
  json_builder_set_member_name (builder, "occurred_at");
  json_builder_add_int_value (builder, self->occurred_at);
  json_builder_set_member_name (builder, "created_at");
  json_builder_add_int_value (builder, self->created_at);
  json_builder_set_member_name (builder, "transfer");
  json_builder_add_boolean_value (builder, adw_expander_row_get_enable_expansion (self->transfer_row));
  json_builder_set_member_name (builder, "resolved");
  json_builder_add_boolean_value (builder, adw_expander_row_get_enable_expansion (self->resolve_row));

  json_builder_set_member_name (builder, "attachments");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (attachments); i++)
    {
      g_autoptr(HdAttachment) a = g_list_model_get_item (attachments, i);

      json_builder_begin_object (builder);
      add_string (builder, "kind", hd_attachment_kind_to_id (hd_attachment_get_kind (a)));
      add_string (builder, "name", hd_attachment_get_name (a));
      add_string (builder, "mime_type", hd_attachment_get_mime_type (a));
      add_string (builder, "sha256", hd_attachment_get_sha256 (a));
      add_string (builder, "text", hd_attachment_get_text (a));
      json_builder_set_member_name (builder, "size");
      json_builder_add_int_value (builder, hd_attachment_get_size (a));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

static const char *
get_string (JsonObject *object, const char *key)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

gboolean
hd_intake_draft_restore (HdIntakeDialog *self,
                         const char     *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  JsonArray *attachments;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (!json_parser_load_from_data (parser, json, -1, &error) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_warning ("Ignoring an unreadable draft");
      return FALSE;
    }
  object = json_node_get_object (json_parser_get_root (parser));
  if (json_object_get_int_member_with_default (object, "format", 0) != 1)
    return FALSE;

  self->updating++;
  for (guint i = 0; i < G_N_ELEMENTS (entry_fields); i++)
    {
      const char *value = get_string (object, entry_fields[i].key);
      if (value != NULL)
        gtk_editable_set_text (GTK_EDITABLE (ENTRY (self, &entry_fields[i])), value);
    }
  for (guint i = 0; i < G_N_ELEMENTS (index_fields); i++)
    {
      AdwComboRow *row = COMBO (self, &index_fields[i]);
      gint64 index = json_object_get_int_member_with_default (object, index_fields[i].key, -1);
      GListModel *model = adw_combo_row_get_model (row);

      if (index >= 0 && model != NULL && index < g_list_model_get_n_items (model))
        adw_combo_row_set_selected (row, index);
    }
  {
    gint64 occurred = json_object_get_int_member_with_default (object, "occurred_at", 0);
    gint64 created = json_object_get_int_member_with_default (object, "created_at", 0);

    if (occurred > 0 && occurred <= now)
      self->occurred_at = occurred;
    if (created > 0 && created <= now)
      self->created_at = created;
  }
  adw_expander_row_set_enable_expansion (self->transfer_row,
                                         json_object_get_boolean_member_with_default (object, "transfer", FALSE));
  adw_expander_row_set_enable_expansion (self->resolve_row,
                                         json_object_get_boolean_member_with_default (object, "resolved", FALSE));

  attachments = json_object_has_member (object, "attachments")
                ? json_object_get_array_member (object, "attachments") : NULL;
  for (guint i = 0; attachments != NULL && i < MIN (json_array_get_length (attachments), HD_ATTACHMENT_MAX_PER_TICKET); i++)
    {
      JsonNode *node = json_array_get_element (attachments, i);
      JsonObject *a;
      HdAttachmentKind kind;
      g_autoptr(HdAttachment) attachment = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      a = json_node_get_object (node);
      if (!hd_attachment_kind_from_id (get_string (a, "kind"), &kind))
        continue;
      if (kind == HD_ATTACHMENT_FILE)
        {
          if (get_string (a, "sha256") == NULL)
            continue;
          attachment = hd_attachment_new_file (get_string (a, "name"), get_string (a, "mime_type"),
                                               json_object_get_int_member_with_default (a, "size", 0),
                                               get_string (a, "sha256"));
        }
      else if (get_string (a, "text") != NULL)
        attachment = hd_attachment_new_text (kind, get_string (a, "text"));
      if (attachment != NULL)
        g_list_store_append (self->attachments, attachment);
    }
  hd_intake_attachments_reload (self);

  {
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->description_view);
    const char *description = get_string (object, "description");

    gtk_text_buffer_set_text (buffer, description ? description : "", -1);
  }
  self->updating--;

  /* Classification first (it may pick a group), then the agent's choices. */
  hd_intake_classify_update (self);
  self->updating++;
  if (json_object_get_boolean_member_with_default (object, "type_by_hand", FALSE))
    {
      hd_intake_dialog_select_id (self->type_l1_row, get_string (object, "type_l1"));
      hd_intake_dialog_select_id (self->type_l2_row, get_string (object, "type_l2"));
      self->type_chosen_by_hand = TRUE;
    }
  hd_intake_dialog_select_id (self->group_row, get_string (object, "group"));
  self->updating--;
  hd_intake_priority_update (self);
  /* Not under "updating": a priority other than the proposal shows its reason row. */
  hd_intake_dialog_select_id (self->priority_row, get_string (object, "priority"));
  if (json_object_get_boolean_member_with_default (object, "handler_by_hand", FALSE))
    {
      hd_intake_select_handler (self, get_string (object, "handler"));
      self->handler_chosen_by_hand = TRUE;
    }
  hd_intake_routing_update (self);
  hd_intake_duplicates_update (self);
  return TRUE;
}
