/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "hd-event-data.h"
#include "hd-survey.h"
#include "hd-uuid.h"

void
hd_survey_free (HdSurvey *survey)
{
  if (survey == NULL)
    return;
  g_free (survey->uuid);
  g_free (survey->ticket_uuid);
  g_free (survey->token);
  g_free (survey->comment);
  g_free (survey);
}

const char *
hd_survey_via_to_id (HdSurveyVia via)
{
  switch (via)
    {
    case HD_SURVEY_VIA_AGENT:
      return "agent";
    case HD_SURVEY_VIA_WEB:
      return "web";
    case HD_SURVEY_VIA_NONE:
    default:
      return NULL;
    }
}

gboolean
hd_survey_via_from_id (const char  *id,
                       HdSurveyVia *via)
{
  HdSurveyVia value;

  if (id == NULL)
    value = HD_SURVEY_VIA_NONE;
  else if (g_str_equal (id, "agent"))
    value = HD_SURVEY_VIA_AGENT;
  else if (g_str_equal (id, "web"))
    value = HD_SURVEY_VIA_WEB;
  else
    return FALSE;

  if (via != NULL)
    *via = value;
  return TRUE;
}

char *
hd_survey_new_token (void)
{
  guint8 bytes[HD_SURVEY_TOKEN_BYTES];
  char encoded[sodium_base64_ENCODED_LEN (HD_SURVEY_TOKEN_BYTES,
                                          sodium_base64_VARIANT_URLSAFE_NO_PADDING)];

  if (sodium_init () < 0)
    g_error ("libsodium could not be initialised");
  randombytes_buf (bytes, sizeof bytes);
  sodium_bin2base64 (encoded, sizeof encoded, bytes, sizeof bytes,
                     sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero (bytes, sizeof bytes);
  return g_strdup (encoded);
}

gboolean
hd_survey_token_is_valid (const char *token)
{
  if (token == NULL || strlen (token) != HD_SURVEY_TOKEN_LENGTH)
    return FALSE;
  for (const char *p = token; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

JsonNode *
hd_survey_to_json (const HdSurvey *survey)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (survey != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "uuid");
  json_builder_add_string_value (builder, survey->uuid);
  json_builder_set_member_name (builder, "ticket_uuid");
  json_builder_add_string_value (builder, survey->ticket_uuid);
  json_builder_set_member_name (builder, "token");
  if (survey->token != NULL)
    json_builder_add_string_value (builder, survey->token);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "created_at");
  json_builder_add_int_value (builder, survey->created_at);
  json_builder_set_member_name (builder, "answered_at");
  json_builder_add_int_value (builder, survey->answered_at);
  json_builder_set_member_name (builder, "rating");
  json_builder_add_string_value (builder, hd_satisfaction_to_id (survey->rating));
  json_builder_set_member_name (builder, "comment");
  if (survey->comment != NULL)
    json_builder_add_string_value (builder, survey->comment);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "via");
  if (survey->via != HD_SURVEY_VIA_NONE)
    json_builder_add_string_value (builder, hd_survey_via_to_id (survey->via));
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static gboolean
invalid (GError    **error,
         const char *member)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("The survey record has a missing or invalid “%s”"), member);
  return FALSE;
}

/* A string member, or NULL when absent/null; FALSE when of another type. */
static gboolean
get_string (JsonObject  *object,
            const char  *member,
            const char **out)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;
  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
get_time (JsonObject *object,
          const char *member,
          gint64     *out)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_int (node);
  return *out >= 0;
}

HdSurvey *
hd_survey_from_json (JsonNode  *node,
                     GError   **error)
{
  g_autoptr(HdSurvey) survey = g_new0 (HdSurvey, 1);
  JsonObject *object;
  const char *uuid, *ticket_uuid, *token, *rating, *comment, *via;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The survey record is not a JSON object"));
      return NULL;
    }
  object = json_node_get_object (node);

  if (!get_string (object, "uuid", &uuid) || uuid == NULL || !g_uuid_string_is_valid (uuid))
    return invalid (error, "uuid"), NULL;
  if (!get_string (object, "ticket_uuid", &ticket_uuid) || ticket_uuid == NULL ||
      !g_uuid_string_is_valid (ticket_uuid))
    return invalid (error, "ticket_uuid"), NULL;
  if (!get_string (object, "token", &token) || (token != NULL && !hd_survey_token_is_valid (token)))
    return invalid (error, "token"), NULL;
  if (!get_time (object, "created_at", &survey->created_at) || survey->created_at == 0)
    return invalid (error, "created_at"), NULL;
  if (!get_time (object, "answered_at", &survey->answered_at))
    return invalid (error, "answered_at"), NULL;
  if (!get_string (object, "rating", &rating) || rating == NULL ||
      !hd_satisfaction_from_id (rating, &survey->rating) ||
      (survey->rating == HD_SATISFACTION_NONE) != (survey->answered_at == 0))
    return invalid (error, "rating"), NULL;
  if (!get_string (object, "comment", &comment) ||
      (comment != NULL && (strlen (comment) > HD_SURVEY_MAX_COMMENT ||
                           !g_utf8_validate (comment, -1, NULL))))
    return invalid (error, "comment"), NULL;
  if (!get_string (object, "via", &via) || !hd_survey_via_from_id (via, &survey->via) ||
      (survey->via == HD_SURVEY_VIA_NONE) != (survey->answered_at == 0))
    return invalid (error, "via"), NULL;

  survey->uuid = g_strdup (uuid);
  survey->ticket_uuid = g_strdup (ticket_uuid);
  survey->token = g_strdup (token);
  survey->comment = g_strdup (comment);
  return g_steal_pointer (&survey);
}

HdStatus
hd_survey_outcome_status (HdSatisfaction rating)
{
  return rating == HD_SATISFACTION_DISSATISFIED ? HD_STATUS_IN_PROGRESS : HD_STATUS_PENDING_CLOSE;
}

gboolean
hd_survey_outcome_escalates (HdSatisfaction rating)
{
  return rating == HD_SATISFACTION_DISSATISFIED;
}

gboolean
hd_survey_apply_answer (HdTicket       *ticket,
                        const char     *survey_uuid,
                        HdSatisfaction  rating,
                        const char     *comment,
                        HdSurveyVia     via,
                        const char     *author,
                        gint64          now,
                        GPtrArray      *events,
                        GError        **error)
{
  JsonBuilder *answer, *status;
  HdStatus from, to;

  g_return_val_if_fail (HD_IS_TICKET (ticket), FALSE);
  g_return_val_if_fail (events != NULL, FALSE);
  g_return_val_if_fail (via != HD_SURVEY_VIA_NONE, FALSE);

  if (rating == HD_SATISFACTION_NONE || (guint) rating > HD_SATISFACTION_DISSATISFIED)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Choose how satisfied the customer is"));
      return FALSE;
    }
  if (comment != NULL && (strlen (comment) > HD_SURVEY_MAX_COMMENT ||
                          !g_utf8_validate (comment, -1, NULL)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The comment is too long (at most %d bytes)"), HD_SURVEY_MAX_COMMENT);
      return FALSE;
    }
  from = hd_ticket_get_status (ticket);
  if (from != HD_STATUS_AWAITING_FEEDBACK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("This ticket is not waiting for a survey answer"));
      return FALSE;
    }

  to = hd_survey_outcome_status (rating);
  hd_ticket_set_satisfaction (ticket, rating);
  hd_ticket_set_status (ticket, to);
  if (hd_survey_outcome_escalates (rating))
    hd_ticket_set_escalated (ticket, TRUE);

  answer = hd_event_data_begin ();
  hd_event_data_add_string (answer, "survey_uuid", survey_uuid);
  hd_event_data_add_string (answer, "rating", hd_satisfaction_to_id (rating));
  hd_event_data_add_string (answer, "via", hd_survey_via_to_id (via));
  g_ptr_array_add (events, hd_event_new_for_ticket (ticket, HD_EVENT_SURVEY_ANSWER, author, now,
                                      comment != NULL && *comment != '\0' ? comment : NULL,
                                      answer));

  status = hd_event_data_begin ();
  hd_event_data_add_string (status, "from", hd_status_to_id (from));
  hd_event_data_add_string (status, "to", hd_status_to_id (to));
  json_builder_set_member_name (status, "survey");
  json_builder_add_boolean_value (status, TRUE);
  g_ptr_array_add (events, hd_event_new_for_ticket (ticket, HD_EVENT_STATUS_CHANGE, author, now, NULL, status));

  if (hd_survey_outcome_escalates (rating))
    {
      JsonBuilder *escalated = hd_event_data_begin ();

      hd_event_data_add_string (escalated, "condition", "dissatisfied");
      g_ptr_array_add (events, hd_event_new_for_ticket (ticket, HD_EVENT_ESCALATED, author, now,
                                          _("The customer is dissatisfied"), escalated));
    }

  return TRUE;
}
