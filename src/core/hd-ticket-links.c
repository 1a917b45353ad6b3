/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-ticket-links"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "hd-event-data.h"
#include "hd-store-commands.h"
#include "hd-store-private.h"
#include "hd-ticket-commands.h"
#include "hd-ticket-links.h"

/* The indexed expression of migration 7 (events_link_target). */
#define HD_TICKET_LINKS_TARGET_SQL \
  "(CASE WHEN json_valid (data) THEN json_extract (data, '$.ticket_uuid') END)"

typedef struct {
  const char *id;
  const char *outgoing;  /* untranslated labels */
  const char *incoming;
} RelationEntry;

static const RelationEntry relations[] = {
  /* Translators: a linked ticket's relation */
  { "related",   N_("Related"),     N_("Related") },
  /* Translators: this ticket duplicates the linked one */
  { "duplicate", N_("Duplicate of"), N_("Duplicated by") },
  /* Translators: this ticket was caused by the linked one */
  { "caused_by", N_("Caused by"),   N_("Causes") },
};
G_STATIC_ASSERT (G_N_ELEMENTS (relations) == HD_N_LINK_RELATIONS);

const char *
hd_link_relation_to_id (HdLinkRelation relation)
{
  return (guint) relation < HD_N_LINK_RELATIONS ? relations[relation].id : NULL;
}

gboolean
hd_link_relation_from_id (const char     *id,
                          HdLinkRelation *out)
{
  for (guint i = 0; id != NULL && i < HD_N_LINK_RELATIONS; i++)
    if (g_str_equal (relations[i].id, id))
      {
        if (out != NULL)
          *out = (HdLinkRelation) i;
        return TRUE;
      }
  return FALSE;
}

const char *
hd_link_relation_get_label (HdLinkRelation relation,
                            gboolean       outgoing)
{
  g_return_val_if_fail ((guint) relation < HD_N_LINK_RELATIONS, NULL);

  return g_dgettext (GETTEXT_PACKAGE, outgoing ? relations[relation].outgoing
                                               : relations[relation].incoming);
}

void
hd_ticket_link_free (HdTicketLink *link)
{
  if (link == NULL)
    return;
  g_free (link->ticket_uuid);
  g_free (link->number);
  g_free (link->author);
  g_free (link);
}

/* Folding ----------------------------------------------------------------------- */

static const char *
object_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : NULL;
}

/* other uuid → HdTicketLink, and the order in which pairs were first seen. */
static gboolean
fold_links (HdStore     *store,
            const char  *uuid,
            GHashTable  *links,
            GPtrArray   *order,
            GError     **error)
{
  g_autoptr(HdCachedStmt) stmt = NULL;
  guint rows = 0;
  int rc;

  /* Links made here, and links made on other tickets naming this one (the
   * partial index of migration 7); oldest first, then in arrival order. */
  stmt = hd_store_prepare (store,
                           "SELECT ticket_uuid, kind, author, created_at, data, id FROM events"
                           " WHERE ticket_uuid = ?1 AND kind IN ('link', 'unlink')"
                           " UNION ALL"
                           " SELECT ticket_uuid, kind, author, created_at, data, id FROM events"
                           " WHERE " HD_TICKET_LINKS_TARGET_SQL " = ?1 AND kind IN ('link', 'unlink')"
                           " ORDER BY 4, 6 LIMIT ?2",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, HD_TICKET_LINKS_MAX_EVENTS);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *on = (const char *) sqlite3_column_text (stmt, 0);
      const char *kind = (const char *) sqlite3_column_text (stmt, 1);
      const char *text = (const char *) sqlite3_column_text (stmt, 4);
      g_autoptr(JsonNode) root = text != NULL ? hd_store_parse_json (text) : NULL;
      JsonObject *data = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
      const char *target = object_string (data, "ticket_uuid");
      gboolean outgoing = g_strcmp0 (on, uuid) == 0;
      const char *other = outgoing ? target : on;
      HdLinkRelation relation = HD_LINK_RELATED;
      HdTicketLink *link;

      rows++;
      if (other == NULL || g_str_equal (other, uuid))
        continue;
      if (g_strcmp0 (kind, "unlink") == 0)
        {
          g_hash_table_remove (links, other);
          continue;
        }
      /* An unknown relation (a newer client) reads as "related". */
      hd_link_relation_from_id (object_string (data, "relation"), &relation);
      link = g_new0 (HdTicketLink, 1);
      link->ticket_uuid = g_strdup (other);
      link->relation = relation;
      link->outgoing = outgoing;
      link->author = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      link->linked_at = sqlite3_column_int64 (stmt, 3);
      if (!g_hash_table_contains (links, other))
        g_ptr_array_add (order, g_strdup (other));
      g_hash_table_replace (links, link->ticket_uuid, link);
    }
  if (rc != SQLITE_DONE)
    return hd_store_fail (store, error, rc);
  if (rows >= HD_TICKET_LINKS_MAX_EVENTS)
    g_debug ("%s: only the first %u link events were read", uuid, rows);
  return TRUE;
}

static HdTicketLink *
find_link (HdStore     *store,
           const char  *uuid,
           const char  *other_uuid,
           GError     **error,
           gboolean    *ok)
{
  g_autoptr(GHashTable) links = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                       (GDestroyNotify) hd_ticket_link_free);
  g_autoptr(GPtrArray) order = g_ptr_array_new_with_free_func (g_free);
  HdTicketLink *link = NULL;

  *ok = fold_links (store, uuid, links, order, error);
  if (*ok)
    g_hash_table_steal_extended (links, other_uuid, NULL, (gpointer *) &link);
  return link;
}

GPtrArray *
hd_ticket_links_list (HdStore     *store,
                      const char  *uuid,
                      GError     **error)
{
  g_autoptr(GHashTable) links = NULL;
  g_autoptr(GPtrArray) order = NULL;
  g_autoptr(GPtrArray) result = NULL;

  g_return_val_if_fail (HD_IS_STORE (store), NULL);
  g_return_val_if_fail (uuid != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  links = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) hd_ticket_link_free);
  order = g_ptr_array_new_with_free_func (g_free);
  if (!fold_links (store, uuid, links, order, error))
    return NULL;

  result = g_ptr_array_new_with_free_func ((GDestroyNotify) hd_ticket_link_free);
  for (guint i = 0; i < order->len && result->len < HD_TICKET_LINKS_MAX; i++)
    {
      HdTicketLink *link = NULL;
      g_autoptr(HdTicket) other = NULL;

      if (!g_hash_table_steal_extended (links, g_ptr_array_index (order, i), NULL, (gpointer *) &link))
        continue;  /* unlinked later */
      other = hd_store_get_ticket (store, link->ticket_uuid, NULL);
      if (other != NULL)
        {
          link->number = g_strdup (hd_ticket_get_number (other));
          link->status = hd_ticket_get_status (other);
        }
      g_ptr_array_add (result, link);
    }
  return g_steal_pointer (&result);
}

/* Commands ---------------------------------------------------------------------- */

static gboolean
write_event (HdStore     *store,
             HdTicket    *ticket,
             HdEventKind  kind,
             HdTicket    *other,
             const char  *relation,
             const char  *author,
             gint64       now,
             GError     **error)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  JsonBuilder *data = hd_event_data_begin ();

  hd_event_data_add_string (data, "ticket_uuid", hd_ticket_get_uuid (other));
  if (relation != NULL)
    hd_event_data_add_string (data, "relation", relation);
  /* The text is the other ticket's number, which the timeline shows. */
  g_ptr_array_add (events, hd_event_new_for_ticket (ticket, kind, author, now,
                                                    hd_ticket_get_number (other), data));
  if (!hd_store_apply_ticket_change (store, NULL, events, now, error))
    return FALSE;
  /* The other ticket's links changed too. */
  hd_store_emit_events_changed (store, hd_ticket_get_uuid (other));
  return TRUE;
}

static gboolean
load_pair (HdStore     *store,
           const char  *uuid,
           const char  *other_uuid,
           HdTicket   **ticket,
           HdTicket   **other,
           GError     **error)
{
  g_return_val_if_fail (HD_IS_STORE (store), FALSE);
  g_return_val_if_fail (uuid != NULL && other_uuid != NULL, FALSE);

  if (g_str_equal (uuid, other_uuid))
    {
      g_set_error_literal (error, HD_TICKET_COMMAND_ERROR, HD_TICKET_COMMAND_ERROR_INVALID,
                           _("A ticket cannot be linked to itself"));
      return FALSE;
    }
  *ticket = hd_store_get_ticket (store, uuid, error);
  if (*ticket == NULL)
    return FALSE;
  *other = hd_store_get_ticket (store, other_uuid, NULL);
  if (*other == NULL)
    {
      g_set_error_literal (error, HD_TICKET_COMMAND_ERROR, HD_TICKET_COMMAND_ERROR_INVALID,
                           _("The ticket to link is not in this computer’s copy"));
      return FALSE;
    }
  return TRUE;
}

gboolean
hd_ticket_links_add (HdStore        *store,
                     const char     *uuid,
                     const char     *other_uuid,
                     HdLinkRelation  relation,
                     const char     *author,
                     gint64          now,
                     GError        **error)
{
  g_autoptr(HdTicket) ticket = NULL;
  g_autoptr(HdTicket) other = NULL;
  g_autoptr(HdTicketLink) existing = NULL;
  gboolean ok;

  g_return_val_if_fail ((guint) relation < HD_N_LINK_RELATIONS, FALSE);

  if (!load_pair (store, uuid, other_uuid, &ticket, &other, error))
    return FALSE;
  existing = find_link (store, uuid, other_uuid, error, &ok);
  if (!ok)
    return FALSE;
  if (existing != NULL && existing->relation == relation &&
      (existing->outgoing || relation == HD_LINK_RELATED))
    return TRUE;
  return write_event (store, ticket, HD_EVENT_LINK, other, hd_link_relation_to_id (relation),
                      author, now, error);
}

gboolean
hd_ticket_links_remove (HdStore     *store,
                        const char  *uuid,
                        const char  *other_uuid,
                        const char  *author,
                        gint64       now,
                        GError     **error)
{
  g_autoptr(HdTicket) ticket = NULL;
  g_autoptr(HdTicket) other = NULL;
  g_autoptr(HdTicketLink) existing = NULL;
  gboolean ok;

  if (!load_pair (store, uuid, other_uuid, &ticket, &other, error))
    return FALSE;
  existing = find_link (store, uuid, other_uuid, error, &ok);
  if (!ok)
    return FALSE;
  if (existing == NULL)
    return TRUE;
  return write_event (store, ticket, HD_EVENT_UNLINK, other, NULL, author, now, error);
}
