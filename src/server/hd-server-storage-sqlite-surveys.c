/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-server-storage"

#include "config.h"

#include "hd-server-storage-sqlite-private.h"

/* Satisfaction surveys: one row per survey, found by uuid, by its one-time
 * token (the survey page) or as a ticket's latest (a batch). */

#define SURVEY_COLUMNS "uuid, ticket_uuid, token, created_at, answered_at, rating, comment, via"

static HdSurvey *
survey_from_row (sqlite3_stmt *stmt)
{
  HdSurvey *survey = g_new0 (HdSurvey, 1);
  const char *rating = (const char *) sqlite3_column_text (stmt, 5);
  const char *via = (const char *) sqlite3_column_text (stmt, 7);

  survey->uuid = hd_sqlite_column_text (stmt, 0);
  survey->ticket_uuid = hd_sqlite_column_text (stmt, 1);
  survey->token = hd_sqlite_column_text (stmt, 2);
  survey->created_at = sqlite3_column_int64 (stmt, 3);
  survey->answered_at = sqlite3_column_int64 (stmt, 4);
  if (!hd_satisfaction_from_id (rating, &survey->rating))
    survey->rating = HD_SATISFACTION_NONE;
  survey->comment = hd_sqlite_column_text (stmt, 6);
  if (!hd_survey_via_from_id (via, &survey->via))
    survey->via = HD_SURVEY_VIA_NONE;
  return survey;
}

static HdSurvey *
survey_lookup (HdServerStorage *storage,
               const char      *sql,
               const char      *key,
               GError         **error)
{
  HdSqliteStorage *self = (HdSqliteStorage *) storage;
  g_autoptr(HdStmt) stmt = hd_sqlite_prepare_key (self, sql, key, error);

  if (stmt == NULL || !hd_sqlite_step_row (self, stmt, error))
    return NULL;
  return survey_from_row (stmt);
}

gboolean
hd_sqlite_survey_put (HdServerStorage *storage,
                      const HdSurvey  *survey,
                      gboolean         insert,
                      GError         **error)
{
  HdSqliteStorage *self = (HdSqliteStorage *) storage;
  g_autoptr(HdStmt) stmt = NULL;
  const char *sql = insert
    ? "INSERT INTO surveys (" SURVEY_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
    : "UPDATE surveys SET ticket_uuid = ?2, token = ?3, created_at = ?4, answered_at = ?5,"
      " rating = ?6, comment = ?7, via = ?8 WHERE uuid = ?1";

  g_return_val_if_fail (survey != NULL && survey->token != NULL, FALSE);

  stmt = hd_sqlite_prepare_key (self, sql, survey->uuid, error);
  if (stmt == NULL)
    return FALSE;
  hd_sqlite_bind_text (stmt, 2, survey->ticket_uuid);
  hd_sqlite_bind_text (stmt, 3, survey->token);
  sqlite3_bind_int64 (stmt, 4, survey->created_at);
  sqlite3_bind_int64 (stmt, 5, survey->answered_at);
  hd_sqlite_bind_text (stmt, 6, hd_satisfaction_to_id (survey->rating));
  hd_sqlite_bind_text (stmt, 7, survey->comment);
  hd_sqlite_bind_text (stmt, 8, hd_survey_via_to_id (survey->via));
  if (!hd_sqlite_step_done (self, stmt, error))
    return FALSE;
  if (!insert && sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, HD_SERVER_STORAGE_ERROR, HD_SERVER_STORAGE_ERROR_FAILED,
                   "No survey %s to update", survey->uuid);
      return FALSE;
    }
  return TRUE;
}

HdSurvey *
hd_sqlite_survey_get (HdServerStorage *storage,
                      const char      *uuid,
                      GError         **error)
{
  return survey_lookup (storage, "SELECT " SURVEY_COLUMNS " FROM surveys WHERE uuid = ?1",
                        uuid, error);
}

HdSurvey *
hd_sqlite_survey_get_by_token (HdServerStorage *storage,
                               const char      *token,
                               GError         **error)
{
  return survey_lookup (storage, "SELECT " SURVEY_COLUMNS " FROM surveys WHERE token = ?1",
                        token, error);
}

HdSurvey *
hd_sqlite_survey_get_latest (HdServerStorage *storage,
                             const char      *ticket_uuid,
                             GError         **error)
{
  return survey_lookup (storage, "SELECT " SURVEY_COLUMNS " FROM surveys WHERE ticket_uuid = ?1"
                                 " ORDER BY created_at DESC, rowid DESC LIMIT 1",
                        ticket_uuid, error);
}
