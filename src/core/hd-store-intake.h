/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hd-classifier.h"
#include "hd-store.h"

G_BEGIN_DECLS

/* Store queries for the intake form (docs/intake.md). */

#define HD_TYPE_CUSTOMER (hd_customer_get_type ())
G_DECLARE_FINAL_TYPE (HdCustomer, hd_customer, HD, CUSTOMER, GObject)

/* A known customer: anonymised label (客户A-2023), number, type and the
 * contact as the customer gave it. Immutable. */
HdCustomer *hd_customer_new          (const char *label,
                                      const char *number,
                                      const char *name,
                                      const char *type,
                                      const char *contact);
const char *hd_customer_get_label    (HdCustomer *self);
const char *hd_customer_get_number   (HdCustomer *self);
const char *hd_customer_get_name     (HdCustomer *self);
const char *hd_customer_get_type_id  (HdCustomer *self);
const char *hd_customer_get_contact  (HdCustomer *self);

#define HD_CUSTOMER_SEARCH_MAX 20

/* Customers whose label, number or contact contains @text (most recently
 * seen first), at most @limit (≤ HD_CUSTOMER_SEARCH_MAX). */
GPtrArray  *hd_store_search_customers      (HdStore     *self,
                                            const char  *text,
                                            guint        limit,
                                            GError     **error);
/* Adds or refreshes the customer of @ticket (by its label). */
gboolean    hd_store_remember_customer     (HdStore     *self,
                                            HdTicket    *ticket,
                                            GError     **error);
/* The next free anonymised label "<prefix>A-<year>", "<prefix>B-<year>"… */
char       *hd_store_next_customer_label   (HdStore     *self,
                                            const char  *prefix,
                                            int          year,
                                            GError     **error);

/* Open tickets of a customer (by label), newest first, at most 20. */
GPtrArray  *hd_store_list_open_for_customer (HdStore    *self,
                                             const char *customer_label,
                                             GError    **error);

/* Drafts: one JSON object per key, autosaved. NULL (no error) when none. */
gboolean    hd_store_save_draft            (HdStore     *self,
                                            const char  *key,
                                            const char  *payload,
                                            GError     **error);
char       *hd_store_load_draft            (HdStore     *self,
                                            const char  *key,
                                            GError     **error);
gboolean    hd_store_delete_draft          (HdStore     *self,
                                            const char  *key,
                                            GError     **error);

/* Sensitive fields, already sealed by HdSecretBox: the store never sees
 * the plaintext. */
gboolean    hd_store_set_sensitive_field   (HdStore     *self,
                                            const char  *ticket_uuid,
                                            const char  *field,
                                            const char  *sealed,
                                            GError     **error);
char       *hd_store_get_sensitive_field   (HdStore     *self,
                                            const char  *ticket_uuid,
                                            const char  *field,
                                            GError     **error);

/* The agent chose another type than proposed: kept to improve the rules. */
gboolean    hd_store_record_classification_override (HdStore    *self,
                                                     const char *ticket_uuid,
                                                     const char *source,
                                                     const char *rule_id,
                                                     const char *proposed_l1,
                                                     const char *proposed_l2,
                                                     const char *chosen_l1,
                                                     const char *chosen_l2,
                                                     const char *author,
                                                     GError    **error);
guint       hd_store_count_classification_overrides (HdStore *self);

/* Handler id → GUINT_TO_POINTER (open tickets), for routing. */
GHashTable *hd_store_count_open_by_handler (HdStore     *self,
                                            GError     **error);

/* Teaches @classifier the types of the newest @limit classified tickets. */
guint       hd_store_train_classifier      (HdStore      *self,
                                            HdClassifier *classifier,
                                            guint         limit,
                                            GError      **error);

/* The same on a read connection in a worker thread; the result is a new
 * HdClassifier (transfer full). */
void          hd_store_train_classifier_async  (HdStore             *self,
                                                guint                limit,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
HdClassifier *hd_store_train_classifier_finish (HdStore             *self,
                                                GAsyncResult        *result,
                                                GError             **error);

G_END_DECLS
