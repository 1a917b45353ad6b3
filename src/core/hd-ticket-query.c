/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-ticket-query"

#include "config.h"

#include <string.h>

#include "hd-store-private.h"
#include "hd-ticket-query.h"

#define MAX_MATCH_TERMS 16
#define MAX_SHORT_TERMS 4

struct _HdTicketQuery
{
  GObject parent_instance;

  int status;
  char *search_text;
  char *handler;
  char *group;
  char *priority;
  char *type_l1;
  gboolean overdue_only;
  gboolean escalated_only;
  HdTicketSort sort;
  GStrv priority_order;
};

G_DEFINE_FINAL_TYPE (HdTicketQuery, hd_ticket_query, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATUS,
  PROP_SEARCH_TEXT,
  PROP_HANDLER,
  PROP_GROUP,
  PROP_PRIORITY,
  PROP_TYPE_L1,
  PROP_OVERDUE_ONLY,
  PROP_ESCALATED_ONLY,
  PROP_SORT,
  PROP_PRIORITY_ORDER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GType
hd_ticket_sort_get_type (void)
{
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { HD_TICKET_SORT_DUE, "HD_TICKET_SORT_DUE", "due" },
        { HD_TICKET_SORT_CREATED, "HD_TICKET_SORT_CREATED", "created" },
        { HD_TICKET_SORT_UPDATED, "HD_TICKET_SORT_UPDATED", "updated" },
        { HD_TICKET_SORT_PRIORITY, "HD_TICKET_SORT_PRIORITY", "priority" },
        { 0, NULL, NULL }
      };
      g_once_init_leave (&type_id, g_enum_register_static (g_intern_static_string ("HdTicketSort"), values));
    }
  return type_id;
}

static void
hd_ticket_query_finalize (GObject *object)
{
  HdTicketQuery *self = (HdTicketQuery *)object;

  g_free (self->search_text);
  g_free (self->handler);
  g_free (self->group);
  g_free (self->priority);
  g_free (self->type_l1);
  g_strfreev (self->priority_order);

  G_OBJECT_CLASS (hd_ticket_query_parent_class)->finalize (object);
}

static void
hd_ticket_query_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  HdTicketQuery *self = HD_TICKET_QUERY (object);

  switch (prop_id)
    {
    case PROP_STATUS: g_value_set_int (value, self->status); break;
    case PROP_SEARCH_TEXT: g_value_set_string (value, self->search_text); break;
    case PROP_HANDLER: g_value_set_string (value, self->handler); break;
    case PROP_GROUP: g_value_set_string (value, self->group); break;
    case PROP_PRIORITY: g_value_set_string (value, self->priority); break;
    case PROP_TYPE_L1: g_value_set_string (value, self->type_l1); break;
    case PROP_OVERDUE_ONLY: g_value_set_boolean (value, self->overdue_only); break;
    case PROP_ESCALATED_ONLY: g_value_set_boolean (value, self->escalated_only); break;
    case PROP_SORT: g_value_set_enum (value, self->sort); break;
    case PROP_PRIORITY_ORDER: g_value_set_boxed (value, self->priority_order); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hd_ticket_query_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  HdTicketQuery *self = HD_TICKET_QUERY (object);

  switch (prop_id)
    {
    case PROP_STATUS: hd_ticket_query_set_status (self, g_value_get_int (value)); break;
    case PROP_SEARCH_TEXT: hd_ticket_query_set_search_text (self, g_value_get_string (value)); break;
    case PROP_HANDLER: hd_ticket_query_set_handler (self, g_value_get_string (value)); break;
    case PROP_GROUP: hd_ticket_query_set_group (self, g_value_get_string (value)); break;
    case PROP_PRIORITY: hd_ticket_query_set_priority (self, g_value_get_string (value)); break;
    case PROP_TYPE_L1: hd_ticket_query_set_type_l1 (self, g_value_get_string (value)); break;
    case PROP_OVERDUE_ONLY: hd_ticket_query_set_overdue_only (self, g_value_get_boolean (value)); break;
    case PROP_ESCALATED_ONLY: hd_ticket_query_set_escalated_only (self, g_value_get_boolean (value)); break;
    case PROP_SORT: hd_ticket_query_set_sort (self, g_value_get_enum (value)); break;
    case PROP_PRIORITY_ORDER: hd_ticket_query_set_priority_order (self, g_value_get_boxed (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hd_ticket_query_class_init (HdTicketQueryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = hd_ticket_query_finalize;
  object_class->get_property = hd_ticket_query_get_property;
  object_class->set_property = hd_ticket_query_set_property;

  properties[PROP_STATUS] = g_param_spec_int ("status", NULL, NULL, -1, HD_N_STATUSES - 1, -1, flags);
  properties[PROP_SEARCH_TEXT] = g_param_spec_string ("search-text", NULL, NULL, NULL, flags);
  properties[PROP_HANDLER] = g_param_spec_string ("handler", NULL, NULL, NULL, flags);
  properties[PROP_GROUP] = g_param_spec_string ("group", NULL, NULL, NULL, flags);
  properties[PROP_PRIORITY] = g_param_spec_string ("priority", NULL, NULL, NULL, flags);
  properties[PROP_TYPE_L1] = g_param_spec_string ("type-l1", NULL, NULL, NULL, flags);
  properties[PROP_OVERDUE_ONLY] = g_param_spec_boolean ("overdue-only", NULL, NULL, FALSE, flags);
  properties[PROP_ESCALATED_ONLY] = g_param_spec_boolean ("escalated-only", NULL, NULL, FALSE, flags);
  properties[PROP_SORT] = g_param_spec_enum ("sort", NULL, NULL, HD_TYPE_TICKET_SORT,
                                             HD_TICKET_SORT_DUE, flags);
  properties[PROP_PRIORITY_ORDER] = g_param_spec_boxed ("priority-order", NULL, NULL, G_TYPE_STRV, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hd_ticket_query_init (HdTicketQuery *self)
{
  self->status = -1;
  self->sort = HD_TICKET_SORT_DUE;
}

HdTicketQuery *
hd_ticket_query_new (void)
{
  return g_object_new (HD_TYPE_TICKET_QUERY, NULL);
}

int
hd_ticket_query_get_status (HdTicketQuery *self)
{
  g_return_val_if_fail (HD_IS_TICKET_QUERY (self), -1);
  return self->status;
}

void
hd_ticket_query_set_status (HdTicketQuery *self,
                            int            status)
{
  g_return_if_fail (HD_IS_TICKET_QUERY (self));
  g_return_if_fail (status >= -1 && status < HD_N_STATUSES);

  if (self->status == status)
    return;
  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

static void
set_string (HdTicketQuery  *self,
            char          **field,
            const char     *value,
            int             prop)
{
  /* An empty filter is no filter. */
  if (value != NULL && *value == '\0')
    value = NULL;
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

#define STRING_ACCESSORS(name, PROP)                                            \
  const char *hd_ticket_query_get_##name (HdTicketQuery *self)                  \
  {                                                                             \
    g_return_val_if_fail (HD_IS_TICKET_QUERY (self), NULL);                     \
    return self->name;                                                          \
  }                                                                             \
  void hd_ticket_query_set_##name (HdTicketQuery *self, const char *value)      \
  {                                                                             \
    g_return_if_fail (HD_IS_TICKET_QUERY (self));                               \
    set_string (self, &self->name, value, PROP);                                \
  }

STRING_ACCESSORS (search_text, PROP_SEARCH_TEXT)
STRING_ACCESSORS (handler, PROP_HANDLER)
STRING_ACCESSORS (group, PROP_GROUP)
STRING_ACCESSORS (priority, PROP_PRIORITY)
STRING_ACCESSORS (type_l1, PROP_TYPE_L1)

#define BOOLEAN_ACCESSORS(name, PROP)                                           \
  gboolean hd_ticket_query_get_##name (HdTicketQuery *self)                     \
  {                                                                             \
    g_return_val_if_fail (HD_IS_TICKET_QUERY (self), FALSE);                    \
    return self->name;                                                          \
  }                                                                             \
  void hd_ticket_query_set_##name (HdTicketQuery *self, gboolean value)         \
  {                                                                             \
    g_return_if_fail (HD_IS_TICKET_QUERY (self));                               \
    value = !!value;                                                            \
    if (self->name == value)                                                    \
      return;                                                                   \
    self->name = value;                                                         \
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP]);               \
  }

BOOLEAN_ACCESSORS (overdue_only, PROP_OVERDUE_ONLY)
BOOLEAN_ACCESSORS (escalated_only, PROP_ESCALATED_ONLY)

HdTicketSort
hd_ticket_query_get_sort (HdTicketQuery *self)
{
  g_return_val_if_fail (HD_IS_TICKET_QUERY (self), HD_TICKET_SORT_DUE);
  return self->sort;
}

void
hd_ticket_query_set_sort (HdTicketQuery *self,
                          HdTicketSort   sort)
{
  g_return_if_fail (HD_IS_TICKET_QUERY (self));
  g_return_if_fail (sort <= HD_TICKET_SORT_PRIORITY);

  if (self->sort == sort)
    return;
  self->sort = sort;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORT]);
}

const char * const *
hd_ticket_query_get_priority_order (HdTicketQuery *self)
{
  g_return_val_if_fail (HD_IS_TICKET_QUERY (self), NULL);
  return (const char * const *) self->priority_order;
}

void
hd_ticket_query_set_priority_order (HdTicketQuery      *self,
                                    const char * const *ids)
{
  g_return_if_fail (HD_IS_TICKET_QUERY (self));

  if (ids != NULL && ids[0] == NULL)
    ids = NULL;
  if (self->priority_order == NULL && ids == NULL)
    return;
  if (self->priority_order != NULL && ids != NULL &&
      g_strv_equal ((const char * const *) self->priority_order, ids))
    return;
  g_strfreev (self->priority_order);
  self->priority_order = g_strdupv ((char **) ids);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRIORITY_ORDER]);
}

/* SQL -------------------------------------------------------------------------- */

static char *
fts_quote (const char *term)
{
  GString *s = g_string_new ("\"");

  /* Inside an FTS5 string only '"' is special, and is doubled. */
  for (const char *p = term; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (s, '"');
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '"');
  return g_string_free (s, FALSE);
}

/* The trigram tokenizer indexes 3-character sequences, so a shorter term (a
 * two-character Chinese word like 登录) cannot be found in tickets_fts:
 * those terms go to tickets_short, where each is one token (hd-store-chars.c). */
gboolean
hd_search_split (const char  *text,
                 char       **match_expr,
                 char       **chars_expr)
{
  g_autoptr(GString) match = g_string_new (NULL);
  g_autoptr(GString) chars = g_string_new (NULL);
  guint n_match = 0, n_chars = 0;
  const char *p = text;

  *match_expr = NULL;
  *chars_expr = NULL;
  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return FALSE;

  while (*p)
    {
      const char *start;
      g_autofree char *term = NULL;
      g_autofree char *quoted = NULL;
      GString *into;

      while (*p && g_unichar_isspace (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      if (!*p)
        break;
      start = p;
      while (*p && !g_unichar_isspace (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      term = g_strndup (start, p - start);

      if (g_utf8_strlen (term, -1) >= 3)
        {
          if (n_match++ >= MAX_MATCH_TERMS)
            continue;
          into = match;
        }
      else
        {
          if (n_chars++ >= MAX_SHORT_TERMS)
            continue;
          into = chars;
        }
      quoted = fts_quote (term);
      if (into->len > 0)
        g_string_append_c (into, ' ');
      g_string_append (into, quoted);
    }

  if (match->len > 0)
    *match_expr = g_string_free (g_steal_pointer (&match), FALSE);
  if (chars->len > 0)
    *chars_expr = g_string_free (g_steal_pointer (&chars), FALSE);

  return *match_expr != NULL || *chars_expr != NULL;
}

static guint
add_bind (GPtrArray  *binds,
          const char *value)
{
  g_ptr_array_add (binds, g_strdup (value));
  return binds->len;
}

/* "SELECT rowid FROM …": the ids whose text matches @text, from the
 * full-text indexes alone (their rowids are ticket ids, kept by triggers).
 * Both kinds of term typed: the two indexes' ids intersected, each read on
 * its own — a "rowid IN (…)" of one inside the other let SQLite look every
 * id of one up in the other (16 s for "refund 客户" in 100 000 tickets).
 * NULL when there is nothing to search for. */
static char *
build_ids_select (const char *text,
                  GPtrArray  *binds)
{
  g_autofree char *match = NULL;
  g_autofree char *chars = NULL;
  GString *sql;
  guint match_bind = 0, chars_bind = 0;

  if (!hd_search_split (text, &match, &chars))
    return NULL;

  if (match != NULL)
    match_bind = add_bind (binds, match);
  if (chars != NULL)
    chars_bind = add_bind (binds, chars);

  sql = g_string_new (NULL);
  if (match != NULL)
    g_string_append_printf (sql, "SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH ?%u", match_bind);
  if (match != NULL && chars != NULL)
    g_string_append (sql, " INTERSECT ");
  if (chars != NULL)
    g_string_append_printf (sql, "SELECT rowid FROM tickets_short WHERE tickets_short MATCH ?%u", chars_bind);
  return g_string_free (sql, FALSE);
}

void
hd_search_append_filter (GString    *sql,
                         const char *id_column,
                         const char *text,
                         GPtrArray  *binds)
{
  g_autofree char *ids = build_ids_select (text, binds);

  if (ids != NULL)
    g_string_append_printf (sql, " AND %s IN (%s)", id_column, ids);
}

/* The ids of the tickets whose text matches @text, ascending (see
 * build_ids_select). */
char *
hd_search_build_ids_sql (const char *text,
                         GPtrArray  *binds)
{
  g_autofree char *ids = build_ids_select (text, binds);

  return ids != NULL ? g_strconcat (ids, " ORDER BY 1", NULL) : NULL;
}

gboolean
hd_store_bind_strings (sqlite3_stmt *stmt,
                       GPtrArray    *binds)
{
  for (guint i = 0; i < binds->len; i++)
    if (sqlite3_bind_text (stmt, i + 1, g_ptr_array_index (binds, i), -1, SQLITE_TRANSIENT) != SQLITE_OK)
      return FALSE;
  return TRUE;
}

/* SELECT id … for the list model; built on the main thread, run in a worker. */
char *
hd_ticket_query_build_id_sql (HdTicketQuery *self,
                              GPtrArray     *binds)
{
  GString *sql = g_string_new ("SELECT id FROM tickets WHERE 1");

  g_return_val_if_fail (HD_IS_TICKET_QUERY (self), NULL);

  if (self->status >= 0)
    g_string_append_printf (sql, " AND status = ?%u", add_bind (binds, hd_status_to_id (self->status)));
  if (self->handler != NULL)
    g_string_append_printf (sql, " AND handler = ?%u", add_bind (binds, self->handler));
  if (self->group != NULL)
    g_string_append_printf (sql, " AND handling_group = ?%u", add_bind (binds, self->group));
  if (self->priority != NULL)
    g_string_append_printf (sql, " AND priority = ?%u", add_bind (binds, self->priority));
  if (self->type_l1 != NULL)
    g_string_append_printf (sql, " AND type_l1 = ?%u", add_bind (binds, self->type_l1));
  if (self->escalated_only)
    g_string_append (sql, " AND escalated = 1");
  if (self->overdue_only)
    {
      /* The deadline the board card counts down (hd-board-card.c): the first
       * response while a pending ticket has none, else the resolution while
       * the ticket is pending or in progress; 0 is no deadline. */
      g_autofree char *now = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / G_USEC_PER_SEC);
      guint pending = add_bind (binds, hd_status_to_id (HD_STATUS_PENDING));
      guint in_progress = add_bind (binds, hd_status_to_id (HD_STATUS_IN_PROGRESS));
      guint n_now = add_bind (binds, now);

      g_string_append_printf (sql,
                              " AND (CASE"
                              " WHEN status = ?%1$u AND first_response_at = 0 AND response_due > 0"
                              " THEN response_due"
                              " WHEN status IN (?%1$u, ?%2$u) THEN resolution_due"
                              " ELSE 0 END) BETWEEN 1 AND CAST(?%3$u AS INTEGER) - 1",
                              pending, in_progress, n_now);
    }
  hd_search_append_filter (sql, "id", self->search_text, binds);

  switch (self->sort)
    {
    case HD_TICKET_SORT_CREATED:
      g_string_append (sql, " ORDER BY created_at DESC, id DESC");
      break;
    case HD_TICKET_SORT_UPDATED:
      g_string_append (sql, " ORDER BY updated_at DESC, id DESC");
      break;
    case HD_TICKET_SORT_PRIORITY:
      if (self->priority_order != NULL)
        {
          guint n = g_strv_length (self->priority_order);

          g_string_append (sql, " ORDER BY CASE priority");
          for (guint i = 0; i < n; i++)
            g_string_append_printf (sql, " WHEN ?%u THEN %u", add_bind (binds, self->priority_order[i]), i);
          g_string_append_printf (sql, " ELSE %u END,", n);
        }
      else
        g_string_append (sql, " ORDER BY priority IS NULL, priority,");
      g_string_append (sql, " resolution_due = 0, resolution_due, id");
      break;
    case HD_TICKET_SORT_DUE:
    default:
      g_string_append (sql, " ORDER BY resolution_due = 0, resolution_due, id");
      break;
    }

  return g_string_free (sql, FALSE);
}
