/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "hd-store-private.h"
#include "hd-store-surveys.h"

/* The surveys table (schema v6): upserts from the change feed, the agent's
 * answers, and the dissatisfied answers a pull brought. */

#define SURVEY_COLUMNS "uuid, ticket_uuid, token, created_at, answered_at, rating, comment, via"

/* The server's copy wins, except that an answer is never undone: a copy
 * still waiting (the server has not seen our answer yet) keeps ours. */
static const char upsert_sql[] =
  "INSERT INTO surveys (" SURVEY_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
  " ON CONFLICT (uuid) DO UPDATE SET"
  " ticket_uuid = excluded.ticket_uuid,"
  " token = COALESCE(excluded.token, surveys.token),"
  " created_at = excluded.created_at,"
  " answered_at = CASE WHEN excluded.answered_at = 0 THEN surveys.answered_at ELSE excluded.answered_at END,"
  " rating = CASE WHEN excluded.answered_at = 0 THEN surveys.rating ELSE excluded.rating END,"
  " comment = CASE WHEN excluded.answered_at = 0 THEN surveys.comment ELSE excluded.comment END,"
  " via = CASE WHEN excluded.answered_at = 0 THEN surveys.via ELSE excluded.via END";

static gboolean
put_survey (HdStore        *self,
            const HdSurvey *survey,
            GError        **error)
{
  g_autoptr(HdCachedStmt) stmt = hd_store_prepare (self, upsert_sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, survey->uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, survey->ticket_uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, survey->token, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, survey->created_at);
  sqlite3_bind_int64 (stmt, 5, survey->answered_at);
  sqlite3_bind_text (stmt, 6, hd_satisfaction_to_id (survey->rating), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, survey->comment, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, hd_survey_via_to_id (survey->via), -1, SQLITE_STATIC);
  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    return hd_store_fail (self, error, rc);
  return TRUE;
}

static gboolean
check_survey (const HdSurvey *survey,
              GError        **error)
{
  if (survey->uuid == NULL || !g_uuid_string_is_valid (survey->uuid) ||
      survey->ticket_uuid == NULL || !g_uuid_string_is_valid (survey->ticket_uuid) ||
      (survey->token != NULL && !hd_survey_token_is_valid (survey->token)) ||
      survey->created_at <= 0 || (guint) survey->rating > HD_SATISFACTION_DISSATISFIED)
    {
      g_set_error_literal (error, HD_STORE_ERROR, HD_STORE_ERROR_INVALID,
                           _("The survey record is incomplete"));
      return FALSE;
    }
  return TRUE;
}

gboolean
hd_store_sync_put_survey (HdStore        *self,
                          const HdSurvey *survey,
                          GHashTable     *touched,
                          GError        **error)
{
  g_return_val_if_fail (HD_IS_STORE (self), FALSE);
  g_return_val_if_fail (survey != NULL, FALSE);

  if (!check_survey (survey, error))
    {
      hd_store_rollback (self);
      return FALSE;
    }
  if (!put_survey (self, survey, error))
    return FALSE;
  if (touched != NULL)
    g_hash_table_add (touched, g_strdup (survey->ticket_uuid));
  return TRUE;
}

gboolean
hd_store_upsert_survey (HdStore        *self,
                        const HdSurvey *survey,
                        GError        **error)
{
  g_return_val_if_fail (HD_IS_STORE (self), FALSE);
  g_return_val_if_fail (survey != NULL, FALSE);

  if (!check_survey (survey, error))
    return FALSE;
  if (!hd_store_begin (self, error))
    return FALSE;
  if (!put_survey (self, survey, error))
    return FALSE;
  if (!hd_store_commit (self, error))
    return FALSE;
  hd_store_emit_events_changed (self, survey->ticket_uuid);
  return TRUE;
}

static HdSurvey *
survey_from_row (sqlite3_stmt *stmt)
{
  HdSurvey *survey = g_new0 (HdSurvey, 1);

  survey->uuid = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  survey->ticket_uuid = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  survey->token = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  survey->created_at = sqlite3_column_int64 (stmt, 3);
  survey->answered_at = sqlite3_column_int64 (stmt, 4);
  if (!hd_satisfaction_from_id ((const char *) sqlite3_column_text (stmt, 5), &survey->rating))
    survey->rating = HD_SATISFACTION_NONE;
  survey->comment = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
  if (!hd_survey_via_from_id ((const char *) sqlite3_column_text (stmt, 7), &survey->via))
    survey->via = HD_SURVEY_VIA_NONE;
  return survey;
}

GPtrArray *
hd_store_list_surveys (HdStore     *self,
                       const char  *ticket_uuid,
                       GError     **error)
{
  g_autoptr(HdCachedStmt) stmt = NULL;
  g_autoptr(GPtrArray) surveys = NULL;
  int rc;

  g_return_val_if_fail (HD_IS_STORE (self), NULL);
  g_return_val_if_fail (ticket_uuid != NULL, NULL);

  stmt = hd_store_prepare (self, "SELECT " SURVEY_COLUMNS " FROM surveys WHERE ticket_uuid = ?1"
                                 " ORDER BY created_at, rowid", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, ticket_uuid, -1, SQLITE_STATIC);
  surveys = g_ptr_array_new_with_free_func ((GDestroyNotify) hd_survey_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (surveys, survey_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      hd_store_fail (self, error, rc);
      return NULL;
    }
  return g_steal_pointer (&surveys);
}

HdSurvey *
hd_store_get_latest_survey (HdStore     *self,
                            const char  *ticket_uuid,
                            GError     **error)
{
  g_autoptr(HdCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (HD_IS_STORE (self), NULL);
  g_return_val_if_fail (ticket_uuid != NULL, NULL);

  stmt = hd_store_prepare (self, "SELECT " SURVEY_COLUMNS " FROM surveys WHERE ticket_uuid = ?1"
                                 " ORDER BY created_at DESC, rowid DESC LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, ticket_uuid, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return survey_from_row (stmt);
  if (rc != SQLITE_DONE)
    hd_store_fail (self, error, rc);
  return NULL;
}

gboolean
hd_store_mark_survey_answered (HdStore        *self,
                               const char     *survey_uuid,
                               HdSatisfaction  rating,
                               const char     *comment,
                               HdSurveyVia     via,
                               gint64          answered_at,
                               GError        **error)
{
  g_autoptr(HdCachedStmt) stmt = NULL;
  g_autofree char *ticket_uuid = NULL;
  int rc;

  g_return_val_if_fail (HD_IS_STORE (self), FALSE);
  g_return_val_if_fail (survey_uuid != NULL, FALSE);
  g_return_val_if_fail (rating != HD_SATISFACTION_NONE && via != HD_SURVEY_VIA_NONE, FALSE);
  g_return_val_if_fail (answered_at > 0, FALSE);

  if (!hd_store_begin (self, error))
    return FALSE;
  stmt = hd_store_prepare (self, "UPDATE surveys SET answered_at = ?2, rating = ?3, comment = ?4, via = ?5"
                                 " WHERE uuid = ?1 AND answered_at = 0 RETURNING ticket_uuid", error);
  if (stmt == NULL)
    {
      hd_store_rollback (self);
      return FALSE;
    }
  sqlite3_bind_text (stmt, 1, survey_uuid, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, answered_at);
  sqlite3_bind_text (stmt, 3, hd_satisfaction_to_id (rating), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, comment != NULL && comment[0] != '\0' ? comment : NULL, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, hd_survey_via_to_id (via), -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      ticket_uuid = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      rc = sqlite3_step (stmt);
    }
  if (rc != SQLITE_DONE)
    return hd_store_fail (self, error, rc);
  g_clear_pointer (&stmt, sqlite3_reset);
  if (!hd_store_commit (self, error))
    return FALSE;
  if (ticket_uuid != NULL)
    hd_store_emit_events_changed (self, ticket_uuid);
  return TRUE;
}

/* Complaints ------------------------------------------------------------------ */

void
hd_survey_complaint_free (HdSurveyComplaint *complaint)
{
  if (complaint == NULL)
    return;
  g_free (complaint->ticket_uuid);
  g_free (complaint->number);
  g_free (complaint->handler);
  g_free (complaint->comment);
  g_free (complaint);
}

gint64
hd_store_get_last_event_id (HdStore *self)
{
  g_autoptr(HdCachedStmt) stmt = NULL;

  g_return_val_if_fail (HD_IS_STORE (self), 0);

  stmt = hd_store_prepare (self, "SELECT COALESCE(MAX(id), 0) FROM events", NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  return sqlite3_column_int64 (stmt, 0);
}

/* Rows written by this client's commands are 'pending' when first seen;
 * the server's echo of them later updates the same row (same id), so only
 * answers recorded elsewhere appear as new synced rows. */
GPtrArray *
hd_store_list_survey_complaints (HdStore     *self,
                                 gint64       after_id,
                                 gint64      *last_id,
                                 GError     **error)
{
  g_autoptr(HdCachedStmt) stmt = NULL;
  g_autoptr(GPtrArray) complaints = NULL;
  gint64 newest = after_id;
  int rc;

  g_return_val_if_fail (HD_IS_STORE (self), NULL);

  stmt = hd_store_prepare (self,
                           "SELECT e.id, e.sync_state = 'synced'"
                           " AND json_extract(e.data, '$.rating') = 'dissatisfied',"
                           " e.ticket_uuid, t.number, t.handler, e.text"
                           " FROM events e LEFT JOIN tickets t ON t.uuid = e.ticket_uuid"
                           " WHERE e.id > ?1 AND e.kind = 'survey_answer' ORDER BY e.id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, after_id);
  complaints = g_ptr_array_new_with_free_func ((GDestroyNotify) hd_survey_complaint_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HdSurveyComplaint *complaint;

      newest = MAX (newest, sqlite3_column_int64 (stmt, 0));
      if (!sqlite3_column_int (stmt, 1))
        continue;
      complaint = g_new0 (HdSurveyComplaint, 1);
      complaint->event_id = sqlite3_column_int64 (stmt, 0);
      complaint->ticket_uuid = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      complaint->number = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      complaint->handler = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      complaint->comment = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      g_ptr_array_add (complaints, complaint);
    }
  if (rc != SQLITE_DONE)
    {
      hd_store_set_error (self, error, rc, sqlite3_errmsg (hd_store_get_db (self)));
      return NULL;
    }
  /* Only rows already there: anything newer is for the next call. */
  if (last_id != NULL)
    *last_id = newest;
  return g_steal_pointer (&complaints);
}
