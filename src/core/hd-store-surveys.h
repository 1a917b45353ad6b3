/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "hd-store.h"
#include "hd-survey.h"

G_BEGIN_DECLS

/*
 * The surveys table (SPEC R6; docs/surveys.md "In the app"). Rows come from
 * the server's change feed (entity "survey"); an answer an agent records
 * marks the open survey answered locally until the server's copy arrives.
 * An answer is never undone: a pulled copy that still waits does not clear
 * an answer recorded here.
 */

/* Inserts or replaces @survey (by uuid), in its own transaction. */
gboolean   hd_store_upsert_survey        (HdStore        *self,
                                          const HdSurvey *survey,
                                          GError        **error);
/* @ticket_uuid's surveys (HdSurvey items), oldest first. */
GPtrArray *hd_store_list_surveys         (HdStore        *self,
                                          const char     *ticket_uuid,
                                          GError        **error);
/* The newest survey of @ticket_uuid, or NULL (no error) when it has none. */
HdSurvey  *hd_store_get_latest_survey    (HdStore        *self,
                                          const char     *ticket_uuid,
                                          GError        **error);
/* Records the answer on the survey @survey_uuid, in its own transaction;
 * a survey already answered keeps its first answer. */
gboolean   hd_store_mark_survey_answered (HdStore        *self,
                                          const char     *survey_uuid,
                                          HdSatisfaction  rating,
                                          const char     *comment,
                                          HdSurveyVia     via,
                                          gint64          answered_at,
                                          GError        **error);

/* A customer's dissatisfied answer that reached this client. */
typedef struct {
  gint64  event_id;
  char   *ticket_uuid;
  char   *number;
  char   *handler;
  char   *comment;
} HdSurveyComplaint;

void       hd_survey_complaint_free      (HdSurveyComplaint *complaint);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HdSurveyComplaint, hd_survey_complaint_free)

/* The id of the newest timeline row (0 when none): a starting point for
 * hd_store_list_survey_complaints(). */
gint64     hd_store_get_last_event_id    (HdStore        *self);
/* Dissatisfied survey answers on the timeline rows after @after_id that
 * came from the server (not recorded on this client), oldest first
 * (HdSurveyComplaint items). Sets @last_id to the newest row id seen. */
GPtrArray *hd_store_list_survey_complaints (HdStore      *self,
                                            gint64        after_id,
                                            gint64       *last_id,
                                            GError      **error);

/* For hd-store-sync-apply.c, inside the page's transaction: stores a survey
 * of the change feed and adds its ticket to @touched (uuid → NULL). */
gboolean   hd_store_sync_put_survey      (HdStore        *self,
                                          const HdSurvey *survey,
                                          GHashTable     *touched,
                                          GError        **error);

G_END_DECLS
