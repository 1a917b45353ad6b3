/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-server"

#include "config.h"

#include <string.h>

#include "hd-event.h"
#include "hd-server-surveys.h"
#include "hd-uuid.h"

/* Helpers ------------------------------------------------------------------------ */

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return json_object_new ();
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static const char *
string_member (JsonObject *object,
               const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* Appends the survey's feed record. */
static gboolean
append_survey_change (HdServerStorage *storage,
                      const HdSurvey  *survey,
                      const char      *op_uuid,
                      const char      *author,
                      gint64           now,
                      GError         **error)
{
  g_autoptr(JsonNode) node = hd_survey_to_json (survey);
  g_autofree char *text = hd_json_to_string (node);
  HdServerChange change = {
    .entity = (char *) "survey",
    .entity_uuid = survey->uuid,
    .op_uuid = (char *) op_uuid,
    .author = (char *) author,
    .changed_at = now,
    .data = text,
  };

  return storage->vtable->change_append (storage, &change, error) >= 0;
}

/* Agent answers --------------------------------------------------------------------- */

/* The survey a survey_answer event answers: the one it names, else the
 * ticket's latest. NULL with @error unset when there is none. */
static HdSurvey *
find_answered_survey (HdServerStorage *storage,
                      JsonObject      *event,
                      GError         **rejection,
                      GError         **error)
{
  const char *ticket_uuid = string_member (event, "ticket_uuid");
  JsonNode *data = json_object_get_member (event, "data");
  const char *survey_uuid = NULL;
  g_autoptr(HdSurvey) survey = NULL;

  if (data != NULL && JSON_NODE_HOLDS_OBJECT (data))
    survey_uuid = string_member (json_node_get_object (data), "survey_uuid");
  if (survey_uuid != NULL)
    {
      g_autofree char *lower = g_ascii_strdown (survey_uuid, -1);

      survey = storage->vtable->survey_get (storage, lower, error);
      if (survey == NULL && *error != NULL)
        return NULL;
      if (survey != NULL && g_ascii_strcasecmp (survey->ticket_uuid, ticket_uuid) != 0)
        {
          g_set_error (rejection, HD_API_ERROR, HD_API_ERROR_INVALID,
                       "The survey %s belongs to another ticket", lower);
          return NULL;
        }
    }
  if (survey == NULL)
    {
      g_autofree char *lower = g_ascii_strdown (ticket_uuid, -1);
      survey = storage->vtable->survey_get_latest (storage, lower, error);
    }
  return g_steal_pointer (&survey);
}

static gboolean
is_survey_answer (JsonObject *event)
{
  return g_strcmp0 (string_member (event, "kind"),
                    hd_event_kind_to_id (HD_EVENT_SURVEY_ANSWER)) == 0;
}

gboolean
hd_server_surveys_check_op (HdServerStorage *storage,
                            HdOp            *op,
                            GError         **rejection,
                            GError         **error)
{
  for (guint i = 0; op->events != NULL && i < op->events->len; i++)
    {
      JsonObject *event = g_ptr_array_index (op->events, i);
      g_autoptr(HdSurvey) survey = NULL;
      gboolean exists = FALSE;
      g_autofree char *event_uuid = NULL;

      if (!is_survey_answer (event))
        continue;
      /* An event already stored (a merge) answers nothing new. */
      event_uuid = g_ascii_strdown (string_member (event, "uuid"), -1);
      if (!storage->vtable->event_exists (storage, event_uuid, &exists, error))
        return FALSE;
      if (exists)
        continue;

      survey = find_answered_survey (storage, event, rejection, error);
      if (*error != NULL)
        return FALSE;
      if (*rejection != NULL)
        return TRUE;
      if (survey != NULL && survey->answered_at != 0)
        {
          if (survey->via == HD_SURVEY_VIA_WEB)
            g_set_error_literal (rejection, HD_API_ERROR, HD_API_ERROR_CONFLICT,
                                 "The customer already answered this survey on the web");
          else
            g_set_error_literal (rejection, HD_API_ERROR, HD_API_ERROR_CONFLICT,
                                 "This survey was already answered");
          return TRUE;
        }
    }
  return TRUE;
}

static gboolean
record_agent_answer (HdServerStorage *storage,
                     HdOp            *op,
                     JsonObject      *event,
                     const char      *author,
                     gint64           now,
                     GError         **rejection,
                     GError         **error)
{
  JsonNode *data = json_object_get_member (event, "data");
  const char *rating_id = NULL;
  const char *comment = string_member (event, "text");
  HdSatisfaction rating = HD_SATISFACTION_NONE;
  g_autoptr(HdSurvey) survey = NULL;

  if (data != NULL && JSON_NODE_HOLDS_OBJECT (data))
    rating_id = string_member (json_node_get_object (data), "rating");
  if (rating_id == NULL || !hd_satisfaction_from_id (rating_id, &rating) ||
      rating == HD_SATISFACTION_NONE)
    {
      g_set_error_literal (rejection, HD_API_ERROR, HD_API_ERROR_INVALID,
                           "A survey_answer event needs data.rating, a satisfaction id");
      return TRUE;
    }
  if (comment != NULL && strlen (comment) > HD_SURVEY_MAX_COMMENT)
    {
      g_set_error (rejection, HD_API_ERROR, HD_API_ERROR_INVALID,
                   "A survey answer's text has at most %d bytes", HD_SURVEY_MAX_COMMENT);
      return TRUE;
    }

  survey = find_answered_survey (storage, event, rejection, error);
  if (survey == NULL || *rejection != NULL)
    return *error == NULL;
  if (survey->answered_at != 0)
    return TRUE; /* hd_server_surveys_check_op() refused it already */

  survey->answered_at = now;
  survey->rating = rating;
  g_free (survey->comment);
  survey->comment = comment != NULL && *comment != '\0' ? g_strdup (comment) : NULL;
  survey->via = HD_SURVEY_VIA_AGENT;
  return storage->vtable->survey_put (storage, survey, FALSE, error) &&
         append_survey_change (storage, survey, op->op_uuid, author, now, error);
}

/* Creation ------------------------------------------------------------------------ */

static gboolean
create_survey_if_needed (HdServerStorage *storage,
                         HdOp            *op,
                         const char      *author,
                         gint64           now,
                         GError         **error)
{
  const char *awaiting = hd_status_to_id (HD_STATUS_AWAITING_FEEDBACK);
  g_autoptr(HdServerTicket) ticket = NULL;
  g_autoptr(JsonObject) data = NULL;
  g_autoptr(HdSurvey) latest = NULL;
  g_autoptr(HdSurvey) survey = NULL;

  if (op->fields == NULL || g_strcmp0 (string_member (op->fields, "status"), awaiting) != 0)
    return TRUE;
  ticket = storage->vtable->ticket_get (storage, op->entity_uuid, error);
  if (ticket == NULL)
    return *error == NULL;
  data = parse_object (ticket->data);
  if (g_strcmp0 (string_member (data, "status"), awaiting) != 0)
    return TRUE;

  latest = storage->vtable->survey_get_latest (storage, ticket->uuid, error);
  if (*error != NULL)
    return FALSE;
  if (latest != NULL && latest->answered_at == 0)
    return TRUE;

  survey = g_new0 (HdSurvey, 1);
  survey->uuid = hd_uuid_new ();
  survey->ticket_uuid = g_strdup (ticket->uuid);
  survey->token = hd_survey_new_token ();
  survey->created_at = now;
  return storage->vtable->survey_put (storage, survey, TRUE, error) &&
         append_survey_change (storage, survey, op->op_uuid, author, now, error);
}

gboolean
hd_server_surveys_after_op (HdServerStorage *storage,
                            HdOp            *op,
                            const char      *author,
                            gint64           now,
                            GError         **rejection,
                            GError         **error)
{
  for (guint i = 0; op->events != NULL && i < op->events->len; i++)
    {
      JsonObject *event = g_ptr_array_index (op->events, i);

      if (is_survey_answer (event) &&
          (!record_agent_answer (storage, op, event, author, now, rejection, error) ||
           *rejection != NULL))
        return *error == NULL;
    }
  if (op->kind == HD_OP_EVENT_ADD)
    return TRUE;
  return create_survey_if_needed (storage, op, author, now, error);
}

/* Answers from the survey page ------------------------------------------------------- */

static JsonNode *
event_to_json (HdEvent *event)
{
  g_autoptr(JsonObject) object = json_object_new ();
  const char *text = hd_event_get_text (event);
  const char *data = hd_event_get_data (event);

  json_object_set_string_member (object, "uuid", hd_event_get_uuid (event));
  json_object_set_string_member (object, "ticket_uuid", hd_event_get_ticket_uuid (event));
  json_object_set_string_member (object, "kind", hd_event_kind_to_id (hd_event_get_kind (event)));
  json_object_set_string_member (object, "author", hd_event_get_author (event));
  json_object_set_int_member (object, "created_at", hd_event_get_created_at (event));
  if (text != NULL)
    json_object_set_string_member (object, "text", text);
  else
    json_object_set_null_member (object, "text");
  if (data != NULL)
    json_object_set_object_member (object, "data", parse_object (data));
  else
    json_object_set_null_member (object, "data");
  return json_node_init_object (json_node_alloc (), object);
}

static void
set_field_revision (JsonObject *revisions,
                    const char *name,
                    gint64      revision)
{
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "r", revision);
  json_object_set_string_member (object, "by", HD_SURVEY_CUSTOMER_AUTHOR);
  json_object_set_object_member (revisions, name, object);
}

/* Stores the answered ticket, its events and the survey. */
static gboolean
store_web_answer (HdServerStorage *storage,
                  HdServerTicket  *stored,
                  JsonObject      *data,
                  HdTicket        *ticket,
                  GPtrArray       *events,
                  HdSurvey        *survey,
                  gint64           now,
                  GError         **error)
{
  static const char * const fields[] = { "status", "satisfaction", "escalated", "updated_at" };
  g_autoptr(JsonObject) revisions = parse_object (stored->field_revisions);
  g_autofree char *text = NULL;
  gint64 revision;

  json_object_set_string_member (data, "status", hd_status_to_id (hd_ticket_get_status (ticket)));
  json_object_set_string_member (data, "satisfaction",
                                 hd_satisfaction_to_id (hd_ticket_get_satisfaction (ticket)));
  json_object_set_boolean_member (data, "escalated", hd_ticket_get_escalated (ticket));
  json_object_set_int_member (data, "updated_at", now);
  text = hd_json_object_to_string (data);
  {
    HdServerChange change = {
      .entity = (char *) "ticket",
      .entity_uuid = stored->uuid,
      .author = (char *) HD_SURVEY_CUSTOMER_AUTHOR,
      .changed_at = now,
      .data = text,
    };
    revision = storage->vtable->change_append (storage, &change, error);
    if (revision < 0)
      return FALSE;
  }
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    set_field_revision (revisions, fields[i], revision);
  g_free (stored->data);
  stored->data = g_steal_pointer (&text);
  g_free (stored->field_revisions);
  stored->field_revisions = hd_json_object_to_string (revisions);
  stored->revision = revision;
  if (!storage->vtable->ticket_put (storage, stored, FALSE, error))
    return FALSE;

  for (guint i = 0; i < events->len; i++)
    {
      HdEvent *event = g_ptr_array_index (events, i);
      g_autoptr(JsonNode) node = event_to_json (event);
      g_autofree char *event_text = hd_json_to_string (node);
      HdServerChange change = {
        .entity = (char *) "event",
        .entity_uuid = (char *) hd_event_get_uuid (event),
        .author = (char *) HD_SURVEY_CUSTOMER_AUTHOR,
        .changed_at = now,
        .data = event_text,
      };

      if (!storage->vtable->event_put (storage, hd_event_get_uuid (event), stored->uuid,
                                       event_text, error) ||
          storage->vtable->change_append (storage, &change, error) < 0)
        return FALSE;
    }

  return storage->vtable->survey_put (storage, survey, FALSE, error) &&
         append_survey_change (storage, survey, NULL, HD_SURVEY_CUSTOMER_AUTHOR, now, error);
}

gboolean
hd_server_survey_answer_web (HdServerStorage       *storage,
                             const char            *token,
                             HdSatisfaction         rating,
                             const char            *comment,
                             gint64                 now,
                             HdServerSurveyOutcome *outcome,
                             GError               **error)
{
  g_autoptr(HdSurvey) survey = NULL;
  g_autoptr(HdServerTicket) stored = NULL;
  g_autoptr(JsonObject) data = NULL;
  g_autoptr(HdTicket) ticket = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) refusal = NULL;
  HdStatus status = HD_STATUS_PENDING;
  HdSatisfaction satisfaction = HD_SATISFACTION_NONE;
  JsonNode *escalated;

  if (!hd_server_storage_begin (storage, error))
    return FALSE;

  survey = storage->vtable->survey_get_by_token (storage, token, error);
  if (survey == NULL)
    {
      hd_server_storage_rollback (storage);
      *outcome = HD_SERVER_SURVEY_UNKNOWN;
      return *error == NULL;
    }
  if (survey->answered_at != 0)
    {
      hd_server_storage_rollback (storage);
      *outcome = HD_SERVER_SURVEY_ALREADY;
      return TRUE;
    }
  stored = storage->vtable->ticket_get (storage, survey->ticket_uuid, error);
  if (stored == NULL)
    {
      hd_server_storage_rollback (storage);
      *outcome = HD_SERVER_SURVEY_UNKNOWN;
      return *error == NULL;
    }

  data = parse_object (stored->data);
  hd_status_from_id (string_member (data, "status"), &status);
  hd_satisfaction_from_id (string_member (data, "satisfaction"), &satisfaction);
  escalated = json_object_get_member (data, "escalated");
  ticket = hd_ticket_new ();
  hd_ticket_set_uuid (ticket, stored->uuid);
  hd_ticket_set_status (ticket, status);
  hd_ticket_set_satisfaction (ticket, satisfaction);
  hd_ticket_set_escalated (ticket, escalated != NULL && JSON_NODE_HOLDS_VALUE (escalated) &&
                                   json_node_get_value_type (escalated) == G_TYPE_BOOLEAN &&
                                   json_node_get_boolean (escalated));
  if (status != HD_STATUS_AWAITING_FEEDBACK)
    {
      hd_server_storage_rollback (storage);
      *outcome = HD_SERVER_SURVEY_CLOSED;
      return TRUE;
    }
  if (!hd_survey_apply_answer (ticket, survey->uuid, rating, comment, HD_SURVEY_VIA_WEB,
                               HD_SURVEY_CUSTOMER_AUTHOR, now, events, &refusal))
    {
      hd_server_storage_rollback (storage);
      *outcome = HD_SERVER_SURVEY_INVALID;
      return TRUE;
    }

  survey->answered_at = now;
  survey->rating = rating;
  g_free (survey->comment);
  survey->comment = comment != NULL && *comment != '\0' ? g_strdup (comment) : NULL;
  survey->via = HD_SURVEY_VIA_WEB;
  if (!store_web_answer (storage, stored, data, ticket, events, survey, now, error) ||
      !hd_server_storage_commit (storage, error))
    {
      hd_server_storage_rollback (storage);
      return FALSE;
    }
  *outcome = HD_SERVER_SURVEY_ANSWERED;
  return TRUE;
}
