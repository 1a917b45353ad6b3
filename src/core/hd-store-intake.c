/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "hd-store-intake.h"
#include "hd-store-private.h"

#define MAX_DRAFT_BYTES  (256 * 1024)
#define MAX_FIELD_CHARS  512

struct _HdCustomer
{
  GObject parent_instance;
  char *label, *number, *name, *type, *contact;
};

G_DEFINE_FINAL_TYPE (HdCustomer, hd_customer, G_TYPE_OBJECT)

static void
hd_customer_finalize (GObject *object)
{
  HdCustomer *self = (HdCustomer *) object;

  g_free (self->label);
  g_free (self->number);
  g_free (self->name);
  g_free (self->type);
  g_free (self->contact);
  G_OBJECT_CLASS (hd_customer_parent_class)->finalize (object);
}

static void
hd_customer_class_init (HdCustomerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hd_customer_finalize;
}

static void
hd_customer_init (HdCustomer *self)
{
}

HdCustomer *
hd_customer_new (const char *label,
                 const char *number,
                 const char *name,
                 const char *type,
                 const char *contact)
{
  HdCustomer *self;

  g_return_val_if_fail (label != NULL, NULL);

  self = g_object_new (HD_TYPE_CUSTOMER, NULL);
  self->label = g_strdup (label);
  self->number = g_strdup (number);
  self->name = g_strdup (name);
  self->type = g_strdup (type);
  self->contact = g_strdup (contact);
  return self;
}

const char *hd_customer_get_label   (HdCustomer *self) { g_return_val_if_fail (HD_IS_CUSTOMER (self), NULL); return self->label; }
const char *hd_customer_get_number  (HdCustomer *self) { g_return_val_if_fail (HD_IS_CUSTOMER (self), NULL); return self->number; }
const char *hd_customer_get_name    (HdCustomer *self) { g_return_val_if_fail (HD_IS_CUSTOMER (self), NULL); return self->name; }
const char *hd_customer_get_type_id (HdCustomer *self) { g_return_val_if_fail (HD_IS_CUSTOMER (self), NULL); return self->type; }
const char *hd_customer_get_contact (HdCustomer *self) { g_return_val_if_fail (HD_IS_CUSTOMER (self), NULL); return self->contact; }

static const char *
column_text (sqlite3_stmt *stmt, int column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

static char *
like_pattern (const char *text)
{
  GString *pattern = g_string_new ("%");
  guint n = 0;

  for (const char *p = text; *p != '\0' && n < 64; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '%' || c == '_' || c == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_unichar (pattern, c);
    }
  g_string_append_c (pattern, '%');
  return g_string_free (pattern, FALSE);
}

GPtrArray *
hd_store_search_customers (HdStore     *self,
                           const char  *text,
                           guint        limit,
                           GError     **error)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(HdCachedStmt) stmt = NULL;
  g_autofree char *pattern = NULL;
  g_autofree char *stripped = NULL;
  int rc;

  g_return_val_if_fail (HD_IS_STORE (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  limit = CLAMP (limit, 1, HD_CUSTOMER_SEARCH_MAX);
  stripped = g_strstrip (g_strdup (text));
  if (*stripped == '\0' || !g_utf8_validate (stripped, -1, NULL))
    return g_steal_pointer (&result);

  stmt = hd_store_prepare (self,
                           "SELECT label, number, name, type, contact FROM customers"
                           " WHERE label LIKE ?1 ESCAPE '\\' OR number LIKE ?1 ESCAPE '\\'"
                           "    OR contact LIKE ?1 ESCAPE '\\'"
                           " ORDER BY updated_at DESC LIMIT ?2", error);
  if (stmt == NULL)
    return NULL;
  pattern = like_pattern (stripped);
  sqlite3_bind_text (stmt, 1, pattern, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (result, hd_customer_new (column_text (stmt, 0), column_text (stmt, 1),
                                              column_text (stmt, 2), column_text (stmt, 3),
                                              column_text (stmt, 4)));
  if (rc != SQLITE_DONE)
    {
      hd_store_fail (self, error, rc);
      return NULL;
    }
  return g_steal_pointer (&result);
}

static gboolean
run_done (HdStore      *self,
          sqlite3_stmt *stmt,
          GError      **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    return hd_store_fail (self, error, rc);
  return TRUE;
}

gboolean
hd_store_remember_customer (HdStore   *self,
                            HdTicket  *ticket,
                            GError   **error)
{
  g_autoptr(HdCachedStmt) stmt = NULL;
  const char *label;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_return_val_if_fail (HD_IS_STORE (self), FALSE);
  g_return_val_if_fail (HD_IS_TICKET (ticket), FALSE);

  label = hd_ticket_get_customer_label (ticket);
  if (label == NULL || *label == '\0')
    return TRUE;

  stmt = hd_store_prepare (self,
                           "INSERT INTO customers (label, number, name, type, contact, created_at, updated_at)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)"
                           " ON CONFLICT (label) DO UPDATE SET"
                           "  number = COALESCE (excluded.number, number),"
                           "  name = COALESCE (excluded.name, name),"
                           "  type = COALESCE (excluded.type, type),"
                           "  contact = COALESCE (excluded.contact, contact),"
                           "  updated_at = excluded.updated_at", error);
  if (stmt == NULL)
    return FALSE;
#define BIND_OPT(i, v) do { const char *s_ = (v); \
    if (s_ != NULL && *s_ != '\0') sqlite3_bind_text (stmt, i, s_, -1, SQLITE_TRANSIENT); \
    else sqlite3_bind_null (stmt, i); } while (0)
  sqlite3_bind_text (stmt, 1, label, -1, SQLITE_TRANSIENT);
  BIND_OPT (2, hd_ticket_get_customer_number (ticket));
  BIND_OPT (3, hd_ticket_get_customer_name (ticket));
  BIND_OPT (4, hd_ticket_get_customer_type (ticket));
  BIND_OPT (5, hd_ticket_get_contact (ticket));
#undef BIND_OPT
  sqlite3_bind_int64 (stmt, 6, now);
  return run_done (self, stmt, error);
}

static char *
letters (guint n)
{
  /* 0 → A, 25 → Z, 26 → AA (bijective base 26) */
  char buf[16];
  int i = sizeof buf - 1;

  buf[i] = '\0';
  n++;
  while (n > 0 && i > 0)
    {
      n--;
      buf[--i] = 'A' + n % 26;
      n /= 26;
    }
  return g_strdup (buf + i);
}

char *
hd_store_next_customer_label (HdStore     *self,
                              const char  *prefix,
                              int          year,
                              GError     **error)
{
  g_autofree char *suffix = NULL;
  guint n = 0;

  g_return_val_if_fail (HD_IS_STORE (self), NULL);
  g_return_val_if_fail (prefix != NULL, NULL);

  suffix = g_strdup_printf ("%%-%d", year);
  {
    g_autoptr(HdCachedStmt) count = hd_store_prepare (self,
                                                     "SELECT COUNT(*) FROM customers WHERE label LIKE ?1", error);
    if (count == NULL)
      return NULL;
    sqlite3_bind_text (count, 1, suffix, -1, SQLITE_TRANSIENT);
    if (sqlite3_step (count) == SQLITE_ROW)
      n = sqlite3_column_int (count, 0);
  }

  for (guint attempt = 0; attempt < 1000; attempt++, n++)
    {
      g_autofree char *code = letters (n);
      g_autofree char *label = g_strdup_printf ("%s%s-%d", prefix, code, year);
      g_autoptr(HdCachedStmt) exists = hd_store_prepare (self,
                                                        "SELECT 1 FROM customers WHERE label = ?1", error);
      if (exists == NULL)
        return NULL;
      sqlite3_bind_text (exists, 1, label, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (exists) != SQLITE_ROW)
        return g_steal_pointer (&label);
    }
  g_set_error_literal (error, HD_STORE_ERROR, HD_STORE_ERROR_INVALID,
                       _("No free customer label is left for this year"));
  return NULL;
}

GPtrArray *
hd_store_list_open_for_customer (HdStore    *self,
                                 const char *customer_label,
                                 GError    **error)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(HdCachedStmt) stmt = NULL;
  g_autofree char *sql = NULL;
  int rc;

  g_return_val_if_fail (HD_IS_STORE (self), NULL);

  if (customer_label == NULL || *customer_label == '\0')
    return g_steal_pointer (&result);

  sql = g_strdup_printf ("SELECT %s FROM tickets WHERE customer_label = ?1 AND status <> ?2"
                         " ORDER BY created_at DESC LIMIT 20", hd_store_ticket_columns ());
  stmt = hd_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, customer_label, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, hd_status_to_id (HD_STATUS_CLOSED), -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (result, hd_store_ticket_from_row (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      hd_store_fail (self, error, rc);
      return NULL;
    }
  return g_steal_pointer (&result);
}

gboolean
hd_store_save_draft (HdStore     *self,
                     const char  *key,
                     const char  *payload,
                     GError     **error)
{
  g_autoptr(HdCachedStmt) stmt = NULL;

  g_return_val_if_fail (HD_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL && payload != NULL, FALSE);

  if (strlen (payload) > MAX_DRAFT_BYTES)
    {
      g_set_error_literal (error, HD_STORE_ERROR, HD_STORE_ERROR_INVALID,
                           _("The draft is too large to keep"));
      return FALSE;
    }
  stmt = hd_store_prepare (self,
                           "INSERT OR REPLACE INTO drafts (key, payload, updated_at) VALUES (?1, ?2, ?3)",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, payload, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time () / G_USEC_PER_SEC);
  return run_done (self, stmt, error);
}

char *
hd_store_load_draft (HdStore     *self,
                     const char  *key,
                     GError     **error)
{
  g_autoptr(HdCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (HD_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  stmt = hd_store_prepare (self, "SELECT payload FROM drafts WHERE key = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return g_strdup (column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    hd_store_fail (self, error, rc);
  return NULL;
}

gboolean
hd_store_delete_draft (HdStore     *self,
                       const char  *key,
                       GError     **error)
{
  g_autoptr(HdCachedStmt) stmt = NULL;

  g_return_val_if_fail (HD_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  stmt = hd_store_prepare (self, "DELETE FROM drafts WHERE key = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  return run_done (self, stmt, error);
}

gboolean
hd_store_set_sensitive_field (HdStore     *self,
                              const char  *ticket_uuid,
                              const char  *field,
                              const char  *sealed,
                              GError     **error)
{
  g_autoptr(HdCachedStmt) stmt = NULL;

  g_return_val_if_fail (HD_IS_STORE (self), FALSE);
  g_return_val_if_fail (ticket_uuid != NULL && field != NULL && sealed != NULL, FALSE);
  g_return_val_if_fail (g_str_has_prefix (sealed, "hdsb1:"), FALSE);

  stmt = hd_store_prepare (self,
                           "INSERT OR REPLACE INTO sensitive_fields (ticket_uuid, field, sealed, created_at)"
                           " VALUES (?1, ?2, ?3, ?4)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, ticket_uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, field, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, sealed, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, g_get_real_time () / G_USEC_PER_SEC);
  return run_done (self, stmt, error);
}

char *
hd_store_get_sensitive_field (HdStore     *self,
                              const char  *ticket_uuid,
                              const char  *field,
                              GError     **error)
{
  g_autoptr(HdCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (HD_IS_STORE (self), NULL);
  g_return_val_if_fail (ticket_uuid != NULL && field != NULL, NULL);

  stmt = hd_store_prepare (self,
                           "SELECT sealed FROM sensitive_fields WHERE ticket_uuid = ?1 AND field = ?2",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, ticket_uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, field, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return g_strdup (column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    hd_store_fail (self, error, rc);
  return NULL;
}

gboolean
hd_store_record_classification_override (HdStore    *self,
                                         const char *ticket_uuid,
                                         const char *source,
                                         const char *rule_id,
                                         const char *proposed_l1,
                                         const char *proposed_l2,
                                         const char *chosen_l1,
                                         const char *chosen_l2,
                                         const char *author,
                                         GError    **error)
{
  g_autoptr(HdCachedStmt) stmt = NULL;
  const char *values[] = { ticket_uuid, source, rule_id, proposed_l1, proposed_l2,
                           chosen_l1, chosen_l2, author };

  g_return_val_if_fail (HD_IS_STORE (self), FALSE);
  g_return_val_if_fail (ticket_uuid != NULL && source != NULL, FALSE);

  stmt = hd_store_prepare (self,
                           "INSERT INTO classification_overrides (ticket_uuid, source, rule_id,"
                           " proposed_type_l1, proposed_type_l2, chosen_type_l1, chosen_type_l2,"
                           " author, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      if (values[i] != NULL)
        sqlite3_bind_text (stmt, i + 1, values[i], MIN (strlen (values[i]), MAX_FIELD_CHARS), SQLITE_TRANSIENT);
      else
        sqlite3_bind_null (stmt, i + 1);
    }
  sqlite3_bind_int64 (stmt, 9, g_get_real_time () / G_USEC_PER_SEC);
  return run_done (self, stmt, error);
}

guint
hd_store_count_classification_overrides (HdStore *self)
{
  g_autoptr(HdCachedStmt) stmt = NULL;

  g_return_val_if_fail (HD_IS_STORE (self), 0);

  stmt = hd_store_prepare (self, "SELECT COUNT(*) FROM classification_overrides", NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  return sqlite3_column_int (stmt, 0);
}

GHashTable *
hd_store_count_open_by_handler (HdStore  *self,
                                GError  **error)
{
  g_autoptr(GHashTable) loads = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(HdCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (HD_IS_STORE (self), NULL);

  stmt = hd_store_prepare (self,
                           "SELECT handler, COUNT(*) FROM tickets"
                           " WHERE handler IS NOT NULL AND status <> ?1 GROUP BY handler", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, hd_status_to_id (HD_STATUS_CLOSED), -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (loads, g_strdup (column_text (stmt, 0)),
                         GUINT_TO_POINTER (sqlite3_column_int (stmt, 1)));
  if (rc != SQLITE_DONE)
    {
      hd_store_fail (self, error, rc);
      return NULL;
    }
  return g_steal_pointer (&loads);
}

#define TRAIN_SQL "SELECT description, type_l1, type_l2 FROM tickets" \
                  " WHERE type_l1 IS NOT NULL AND description IS NOT NULL" \
                  " ORDER BY created_at DESC LIMIT ?1"

static void
train_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  HdStore *self = source;
  guint limit = GPOINTER_TO_UINT (task_data);
  g_autoptr(HdClassifier) classifier = hd_classifier_new ();
  GError *error = NULL;
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db;
  int rc;

  db = hd_store_acquire_reader (self, &error);
  if (db == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  rc = sqlite3_prepare_v2 (db, TRAIN_SQL, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int (stmt, 1, MIN (limit, HD_CLASSIFIER_MAX_EXAMPLES));
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW && !g_cancellable_is_cancelled (cancellable))
        hd_classifier_add_example (classifier, column_text (stmt, 0),
                                   column_text (stmt, 1), column_text (stmt, 2));
      if (rc == SQLITE_ROW)
        rc = SQLITE_DONE; /* stopped early: cancelled */
    }
  if (rc != SQLITE_DONE)
    hd_store_set_error (self, &error, rc, sqlite3_errmsg (db));
  sqlite3_finalize (stmt);
  hd_store_release_reader (self, db);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&classifier), g_object_unref);
}

void
hd_store_train_classifier_async (HdStore             *self,
                                 guint                limit,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (HD_IS_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hd_store_train_classifier_async);
  g_task_set_task_data (task, GUINT_TO_POINTER (limit), NULL);
  g_task_run_in_thread (task, train_thread);
}

HdClassifier *
hd_store_train_classifier_finish (HdStore       *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

guint
hd_store_train_classifier (HdStore      *self,
                           HdClassifier *classifier,
                           guint         limit,
                           GError      **error)
{
  g_autoptr(HdCachedStmt) stmt = NULL;
  guint n = 0;
  int rc;

  g_return_val_if_fail (HD_IS_STORE (self), 0);
  g_return_val_if_fail (HD_IS_CLASSIFIER (classifier), 0);

  limit = MIN (limit, HD_CLASSIFIER_MAX_EXAMPLES);
  stmt = hd_store_prepare (self, TRAIN_SQL, error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int (stmt, 1, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (hd_classifier_add_example (classifier, column_text (stmt, 0),
                                   column_text (stmt, 1), column_text (stmt, 2)))
      n++;
  if (rc != SQLITE_DONE)
    hd_store_fail (self, error, rc);
  return n;
}
