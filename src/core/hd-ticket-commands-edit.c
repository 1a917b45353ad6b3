/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-ticket-commands"

#include "config.h"

#include <json-glib/json-glib.h>
#include <glib/gi18n-lib.h>

#include "hd-attachment.h"
#include "hd-priority.h"
#include "hd-sla.h"
#include "hd-store-commands.h"
#include "hd-store-intake.h"
#include "hd-ticket-commands.h"
#include "hd-ticket-validation.h"
#include "hd-uuid.h"

/*
 * Editing a ticket's intake fields and attachments from the ticket view: the
 * same rules as the intake form (hd-ticket-validation.c), one field_change
 * event derived
 * from the store's change detection, one outbox operation.
 */

static char *
stripped_or_null (const char *text)
{
  char *copy;

  if (text == NULL)
    return NULL;
  copy = g_strstrip (g_strdup (text));
  if (*copy == '\0')
    g_clear_pointer (&copy, g_free);
  return copy;
}

static gboolean
same_text (const char *a,
           const char *b)
{
  g_autofree char *x = stripped_or_null (a);
  g_autofree char *y = stripped_or_null (b);

  return g_strcmp0 (x, y) == 0;
}

static gboolean
same_strv (const char * const *a,
           const char * const *b)
{
  gboolean empty_a = a == NULL || a[0] == NULL, empty_b = b == NULL || b[0] == NULL;

  return (empty_a && empty_b) || (!empty_a && !empty_b && g_strv_equal (a, b));
}

/* A field is taken from @edited unless @base says the editor left it as it
 * was: then a change made meanwhile elsewhere (sync, another window) stands. */
#define TAKE_TEXT(field) G_STMT_START {                                              if (base == NULL || !same_text (hd_ticket_get_##field (base), hd_ticket_get_##field (edited)))       {                                                                                   g_autofree char *v_ = stripped_or_null (hd_ticket_get_##field (edited));          hd_ticket_set_##field (ticket, v_);                                             }                                                                             } G_STMT_END
#define TAKE_VALUE(field) G_STMT_START {                                             if (base == NULL || hd_ticket_get_##field (base) != hd_ticket_get_##field (edited))       hd_ticket_set_##field (ticket, hd_ticket_get_##field (edited));              } G_STMT_END

/* The attachments the editor removed (in @base, not in @edited) leave
 * @list, those it added join at the end; the ones added or removed
 * elsewhere meanwhile stay as they are. Without @base, @edited's list. */
static void
take_attachments (GListStore *list,
                  GListModel *base,
                  GListModel *edited)
{
  guint position;

  if (base == NULL)
    {
      g_list_store_remove_all (list);
      for (guint i = 0; i < g_list_model_get_n_items (edited); i++)
        {
          g_autoptr(HdAttachment) a = g_list_model_get_item (edited, i);
          g_list_store_append (list, a);
        }
      return;
    }
  if (hd_attachment_lists_equal (base, edited))
    return;
  for (guint i = 0; i < g_list_model_get_n_items (base); i++)
    {
      g_autoptr(HdAttachment) a = g_list_model_get_item (base, i);

      if (!hd_attachment_list_find (edited, a, NULL) &&
          hd_attachment_list_find (G_LIST_MODEL (list), a, &position))
        g_list_store_remove (list, position);
    }
  for (guint i = 0; i < g_list_model_get_n_items (edited); i++)
    {
      g_autoptr(HdAttachment) a = g_list_model_get_item (edited, i);

      if (!hd_attachment_list_find (base, a, NULL) &&
          !hd_attachment_list_find (G_LIST_MODEL (list), a, NULL))
        g_list_store_append (list, a);
    }
}

/* The fields this command edits; the rest of @ticket stays as stored. */
static void
copy_editable (HdTicket *ticket,
               HdTicket *base,
               HdTicket *edited)
{
  const char * const *cc = hd_ticket_get_cc_departments (edited);

  TAKE_TEXT (customer_label);
  TAKE_TEXT (customer_name);
  TAKE_TEXT (customer_number);
  TAKE_TEXT (customer_type);
  TAKE_TEXT (contact);
  TAKE_VALUE (channel);
  TAKE_VALUE (emotion);
  TAKE_VALUE (occurred_at);
  TAKE_TEXT (description);
  TAKE_TEXT (type_l1);
  TAKE_TEXT (type_l2);
  TAKE_VALUE (impact);
  TAKE_VALUE (urgency);
  TAKE_TEXT (transfer_department);
  TAKE_TEXT (transfer_contact);
  TAKE_TEXT (transfer_note);
  if (base == NULL || !same_strv (hd_ticket_get_cc_departments (base), cc))
    hd_ticket_set_cc_departments (ticket, cc != NULL && cc[0] != NULL ? cc : NULL);
  take_attachments (hd_ticket_get_attachments (ticket),
                    base != NULL ? G_LIST_MODEL (hd_ticket_get_attachments (base)) : NULL,
                    G_LIST_MODEL (hd_ticket_get_attachments (edited)));
}

#undef TAKE_TEXT
#undef TAKE_VALUE

static gboolean
refuse (GPtrArray   *found,
        GPtrArray  **problems,
        GError     **error)
{
  const HdFieldProblem *first = g_ptr_array_index (found, 0);

  g_set_error_literal (error, HD_TICKET_COMMAND_ERROR, HD_TICKET_COMMAND_ERROR_INVALID,
                       first->message);
  if (problems != NULL)
    *problems = g_ptr_array_ref (found);
  return FALSE;
}

static gboolean
is_blank (const char *text)
{
  g_autofree char *copy = stripped_or_null (text);

  return copy == NULL;
}

static HdEvent *
field_change_event (HdTicket   *ticket,
                    JsonNode   *diff,
                    const char *sensitive_change,
                    const char *priority_reason,
                    const char *author,
                    gint64      now)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *uuid = hd_uuid_new ();
  g_autofree char *data = NULL;
  JsonObject *fields = diff != NULL ? json_node_get_object (diff) : NULL;
  g_autoptr(GList) names = fields != NULL ? json_object_get_members (fields) : NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "fields");
  json_builder_begin_object (builder);
  for (GList *l = names; l != NULL; l = l->next)
    {
      json_builder_set_member_name (builder, l->data);
      json_builder_add_value (builder, json_node_copy (json_object_get_member (fields, l->data)));
    }
  /* Only that it changed: the value, sealed or not, never leaves the
   * sensitive_fields table. */
  if (sensitive_change != NULL)
    {
      json_builder_set_member_name (builder, HD_TICKET_SENSITIVE_FIELD);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, sensitive_change);
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  if (priority_reason != NULL)
    {
      json_builder_set_member_name (builder, "priority_reason");
      json_builder_add_string_value (builder, priority_reason);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  data = json_generator_to_data (generator, NULL);
  return hd_event_new (uuid, hd_ticket_get_uuid (ticket), HD_EVENT_FIELD_CHANGE, author, now, NULL, data);
}

gboolean
hd_ticket_commands_edit_fields (HdStore     *store,
                                HdConfig    *config,
                                const char  *uuid,
                                HdTicket    *base,
                                HdTicket    *edited,
                                const char  *priority_reason,
                                const char  *sealed_sensitive,
                                const char  *author,
                                gint64       now,
                                GPtrArray  **problems,
                                GError     **error)
{
  g_autoptr(HdTicket) stored = NULL;
  g_autoptr(HdTicket) ticket = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(JsonNode) diff = NULL;
  g_autofree char *explanation = NULL;
  g_autofree char *reason = stripped_or_null (priority_reason);
  const char *sensitive_change = NULL;
  const char *proposed;
  gboolean priority_changed;

  g_return_val_if_fail (HD_IS_STORE (store), FALSE);
  g_return_val_if_fail (HD_IS_CONFIG (config), FALSE);
  g_return_val_if_fail (uuid != NULL, FALSE);
  g_return_val_if_fail (base == NULL || HD_IS_TICKET (base), FALSE);
  g_return_val_if_fail (HD_IS_TICKET (edited), FALSE);
  g_return_val_if_fail (problems == NULL || *problems == NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stored = hd_store_get_ticket (store, uuid, error);
  if (stored == NULL)
    return FALSE;
  ticket = hd_store_get_ticket (store, uuid, error);
  if (ticket == NULL)
    return FALSE;

  copy_editable (ticket, base, edited);

  /* A priority named by hand stands (with a reason when it is not the
   * proposal); otherwise a new impact or urgency moves it to the matrix's. */
  proposed = hd_priority_compute (config, hd_ticket_get_impact (ticket),
                                  hd_ticket_get_urgency (ticket), &explanation);
  if (g_strcmp0 (hd_ticket_get_priority (edited),
                 hd_ticket_get_priority (base != NULL ? base : stored)) != 0)
    hd_ticket_set_priority (ticket, hd_ticket_get_priority (edited));
  else if ((hd_ticket_get_impact (ticket) != hd_ticket_get_impact (stored) ||
            hd_ticket_get_urgency (ticket) != hd_ticket_get_urgency (stored)) && proposed != NULL)
    hd_ticket_set_priority (ticket, proposed);

  found = hd_ticket_validate (ticket, config, stored, reason, FALSE, now);
  if (sealed_sensitive != NULL && *sealed_sensitive != '\0' &&
      !g_str_has_prefix (sealed_sensitive, "hdsb1:"))
    /* Never store what may be the plaintext. */
    {
      HdFieldProblem *problem = g_new0 (HdFieldProblem, 1);

      problem->field = g_strdup (HD_TICKET_SENSITIVE_FIELD);
      problem->message = g_strdup (_("The sensitive field must be encrypted before it is saved"));
      g_ptr_array_add (found, problem);
    }
  if (found->len > 0)
    return refuse (found, problems, error);

  priority_changed = g_strcmp0 (hd_ticket_get_priority (ticket), hd_ticket_get_priority (stored)) != 0;
  if (priority_changed && hd_ticket_get_priority (ticket) != NULL)
    {
      gint64 response_due = 0, resolution_due = 0;

      if (hd_sla_compute_deadlines (config, hd_ticket_get_priority (ticket),
                                    hd_ticket_get_created_at (ticket), &response_due, &resolution_due))
        {
          hd_ticket_set_response_due (ticket, response_due);
          hd_ticket_set_resolution_due (ticket, resolution_due);
        }
    }

  if (sealed_sensitive != NULL)
    {
      g_autofree char *current = hd_store_get_sensitive_field (store, uuid, HD_TICKET_SENSITIVE_FIELD, NULL);

      if (*sealed_sensitive != '\0')
        sensitive_change = "changed";
      else if (current != NULL)
        sensitive_change = "removed";
    }

  diff = hd_store_diff_ticket_fields (stored, ticket);
  if (diff == NULL && sensitive_change == NULL)
    return TRUE;

  events = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (events, field_change_event (ticket, diff, sensitive_change,
                                               !priority_changed ? NULL
                                               : !is_blank (reason) ? reason : explanation,
                                               author, now));
  return hd_store_apply_ticket_edit (store, ticket, events,
                                     sensitive_change != NULL ? HD_TICKET_SENSITIVE_FIELD : NULL,
                                     sensitive_change != NULL && *sealed_sensitive != '\0'
                                     ? sealed_sensitive : NULL,
                                     now, error);
}
