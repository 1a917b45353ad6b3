/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-ticket"

#include "config.h"

#include "hd-attachment.h"
#include "hd-enum-types.h"
#include "hd-ticket.h"

struct _HdTicket
{
  GObject parent_instance;

  char *uuid;
  char *number;
  gboolean number_provisional;

  char *customer_label;
  char *customer_name;
  char *customer_number;
  char *customer_type;
  char *contact;
  HdChannel channel;
  HdEmotion emotion;

  gint64 occurred_at;
  char *description;
  char *type_l1;
  char *type_l2;
  HdImpact impact;
  HdUrgency urgency;
  char *priority;

  char *receiver;
  char *group;
  char *handler;
  char *transfer_department;
  char *transfer_contact;
  char *transfer_note;
  GStrv cc_departments;

  gint64 created_at;
  gint64 updated_at;
  gint64 first_response_at;
  gint64 response_due;
  gint64 resolution_due;
  char *result;
  HdSatisfaction satisfaction;
  HdStatus status;
  gboolean escalated;

  HdSyncState sync_state;
  gint64 server_revision;

  GListStore *attachments;
};

G_DEFINE_FINAL_TYPE (HdTicket, hd_ticket, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_UUID,
  PROP_NUMBER,
  PROP_NUMBER_PROVISIONAL,
  PROP_CUSTOMER_LABEL,
  PROP_CUSTOMER_NAME,
  PROP_CUSTOMER_NUMBER,
  PROP_CUSTOMER_TYPE,
  PROP_CONTACT,
  PROP_CHANNEL,
  PROP_EMOTION,
  PROP_OCCURRED_AT,
  PROP_DESCRIPTION,
  PROP_TYPE_L1,
  PROP_TYPE_L2,
  PROP_IMPACT,
  PROP_URGENCY,
  PROP_PRIORITY,
  PROP_RECEIVER,
  PROP_GROUP,
  PROP_HANDLER,
  PROP_TRANSFER_DEPARTMENT,
  PROP_TRANSFER_CONTACT,
  PROP_TRANSFER_NOTE,
  PROP_CC_DEPARTMENTS,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  PROP_FIRST_RESPONSE_AT,
  PROP_RESPONSE_DUE,
  PROP_RESOLUTION_DUE,
  PROP_RESULT,
  PROP_SATISFACTION,
  PROP_STATUS,
  PROP_ESCALATED,
  PROP_SYNC_STATE,
  PROP_SERVER_REVISION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Every field has the same accessor shape; these keep 35 of them readable. */
#define DEFINE_STRING(field, PROP)                                         \
  const char *hd_ticket_get_##field (HdTicket *self)                      \
  {                                                                       \
    g_return_val_if_fail (HD_IS_TICKET (self), NULL);                     \
    return self->field;                                                   \
  }                                                                       \
  void hd_ticket_set_##field (HdTicket *self, const char *value)          \
  {                                                                       \
    g_return_if_fail (HD_IS_TICKET (self));                               \
    if (g_set_str (&self->field, value))                                  \
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP]);       \
  }

#define DEFINE_SCALAR(field, Type, PROP)                                   \
  Type hd_ticket_get_##field (HdTicket *self)                             \
  {                                                                       \
    g_return_val_if_fail (HD_IS_TICKET (self), (Type) 0);                 \
    return self->field;                                                   \
  }                                                                       \
  void hd_ticket_set_##field (HdTicket *self, Type value)                 \
  {                                                                       \
    g_return_if_fail (HD_IS_TICKET (self));                               \
    if (self->field == value)                                             \
      return;                                                             \
    self->field = value;                                                  \
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP]);         \
  }

static gboolean
g_set_str (char **str_pointer, const char *new_str)
{
  /* g_set_str() itself is GLib 2.76; this is the same contract. */
  if (*str_pointer == new_str || g_strcmp0 (*str_pointer, new_str) == 0)
    return FALSE;
  g_free (*str_pointer);
  *str_pointer = g_strdup (new_str);
  return TRUE;
}

DEFINE_STRING (uuid, PROP_UUID)
DEFINE_STRING (number, PROP_NUMBER)
DEFINE_STRING (customer_label, PROP_CUSTOMER_LABEL)
DEFINE_STRING (customer_name, PROP_CUSTOMER_NAME)
DEFINE_STRING (customer_number, PROP_CUSTOMER_NUMBER)
DEFINE_STRING (customer_type, PROP_CUSTOMER_TYPE)
DEFINE_STRING (contact, PROP_CONTACT)
DEFINE_STRING (description, PROP_DESCRIPTION)
DEFINE_STRING (type_l1, PROP_TYPE_L1)
DEFINE_STRING (type_l2, PROP_TYPE_L2)
DEFINE_STRING (priority, PROP_PRIORITY)
DEFINE_STRING (receiver, PROP_RECEIVER)
DEFINE_STRING (group, PROP_GROUP)
DEFINE_STRING (handler, PROP_HANDLER)
DEFINE_STRING (transfer_department, PROP_TRANSFER_DEPARTMENT)
DEFINE_STRING (transfer_contact, PROP_TRANSFER_CONTACT)
DEFINE_STRING (transfer_note, PROP_TRANSFER_NOTE)
DEFINE_STRING (result, PROP_RESULT)

DEFINE_SCALAR (number_provisional, gboolean, PROP_NUMBER_PROVISIONAL)
DEFINE_SCALAR (channel, HdChannel, PROP_CHANNEL)
DEFINE_SCALAR (emotion, HdEmotion, PROP_EMOTION)
DEFINE_SCALAR (occurred_at, gint64, PROP_OCCURRED_AT)
DEFINE_SCALAR (impact, HdImpact, PROP_IMPACT)
DEFINE_SCALAR (urgency, HdUrgency, PROP_URGENCY)
DEFINE_SCALAR (created_at, gint64, PROP_CREATED_AT)
DEFINE_SCALAR (updated_at, gint64, PROP_UPDATED_AT)
DEFINE_SCALAR (first_response_at, gint64, PROP_FIRST_RESPONSE_AT)
DEFINE_SCALAR (response_due, gint64, PROP_RESPONSE_DUE)
DEFINE_SCALAR (resolution_due, gint64, PROP_RESOLUTION_DUE)
DEFINE_SCALAR (satisfaction, HdSatisfaction, PROP_SATISFACTION)
DEFINE_SCALAR (status, HdStatus, PROP_STATUS)
DEFINE_SCALAR (escalated, gboolean, PROP_ESCALATED)
DEFINE_SCALAR (sync_state, HdSyncState, PROP_SYNC_STATE)
DEFINE_SCALAR (server_revision, gint64, PROP_SERVER_REVISION)

const char * const *
hd_ticket_get_cc_departments (HdTicket *self)
{
  static const char * const empty[] = { NULL };

  g_return_val_if_fail (HD_IS_TICKET (self), NULL);

  return self->cc_departments ? (const char * const *) self->cc_departments : empty;
}

void
hd_ticket_set_cc_departments (HdTicket           *self,
                              const char * const *departments)
{
  g_return_if_fail (HD_IS_TICKET (self));

  if (departments != NULL && departments[0] == NULL)
    departments = NULL;
  if (self->cc_departments == NULL && departments == NULL)
    return;
  if (self->cc_departments != NULL && departments != NULL &&
      g_strv_equal ((const char * const *) self->cc_departments, departments))
    return;

  g_strfreev (self->cc_departments);
  self->cc_departments = g_strdupv ((char **) departments);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CC_DEPARTMENTS]);
}

GListStore *
hd_ticket_get_attachments (HdTicket *self)
{
  g_return_val_if_fail (HD_IS_TICKET (self), NULL);

  return self->attachments;
}

HdTicket *
hd_ticket_new (void)
{
  return g_object_new (HD_TYPE_TICKET, NULL);
}

static void
hd_ticket_finalize (GObject *object)
{
  HdTicket *self = (HdTicket *) object;

  g_free (self->uuid);
  g_free (self->number);
  g_free (self->customer_label);
  g_free (self->customer_name);
  g_free (self->customer_number);
  g_free (self->customer_type);
  g_free (self->contact);
  g_free (self->description);
  g_free (self->type_l1);
  g_free (self->type_l2);
  g_free (self->priority);
  g_free (self->receiver);
  g_free (self->group);
  g_free (self->handler);
  g_free (self->transfer_department);
  g_free (self->transfer_contact);
  g_free (self->transfer_note);
  g_strfreev (self->cc_departments);
  g_free (self->result);
  g_clear_object (&self->attachments);

  G_OBJECT_CLASS (hd_ticket_parent_class)->finalize (object);
}

static void
hd_ticket_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  HdTicket *self = HD_TICKET (object);

  switch (prop_id)
    {
    case PROP_UUID: g_value_set_string (value, self->uuid); break;
    case PROP_NUMBER: g_value_set_string (value, self->number); break;
    case PROP_NUMBER_PROVISIONAL: g_value_set_boolean (value, self->number_provisional); break;
    case PROP_CUSTOMER_LABEL: g_value_set_string (value, self->customer_label); break;
    case PROP_CUSTOMER_NAME: g_value_set_string (value, self->customer_name); break;
    case PROP_CUSTOMER_NUMBER: g_value_set_string (value, self->customer_number); break;
    case PROP_CUSTOMER_TYPE: g_value_set_string (value, self->customer_type); break;
    case PROP_CONTACT: g_value_set_string (value, self->contact); break;
    case PROP_CHANNEL: g_value_set_enum (value, self->channel); break;
    case PROP_EMOTION: g_value_set_enum (value, self->emotion); break;
    case PROP_OCCURRED_AT: g_value_set_int64 (value, self->occurred_at); break;
    case PROP_DESCRIPTION: g_value_set_string (value, self->description); break;
    case PROP_TYPE_L1: g_value_set_string (value, self->type_l1); break;
    case PROP_TYPE_L2: g_value_set_string (value, self->type_l2); break;
    case PROP_IMPACT: g_value_set_enum (value, self->impact); break;
    case PROP_URGENCY: g_value_set_enum (value, self->urgency); break;
    case PROP_PRIORITY: g_value_set_string (value, self->priority); break;
    case PROP_RECEIVER: g_value_set_string (value, self->receiver); break;
    case PROP_GROUP: g_value_set_string (value, self->group); break;
    case PROP_HANDLER: g_value_set_string (value, self->handler); break;
    case PROP_TRANSFER_DEPARTMENT: g_value_set_string (value, self->transfer_department); break;
    case PROP_TRANSFER_CONTACT: g_value_set_string (value, self->transfer_contact); break;
    case PROP_TRANSFER_NOTE: g_value_set_string (value, self->transfer_note); break;
    case PROP_CC_DEPARTMENTS: g_value_set_boxed (value, self->cc_departments); break;
    case PROP_CREATED_AT: g_value_set_int64 (value, self->created_at); break;
    case PROP_UPDATED_AT: g_value_set_int64 (value, self->updated_at); break;
    case PROP_FIRST_RESPONSE_AT: g_value_set_int64 (value, self->first_response_at); break;
    case PROP_RESPONSE_DUE: g_value_set_int64 (value, self->response_due); break;
    case PROP_RESOLUTION_DUE: g_value_set_int64 (value, self->resolution_due); break;
    case PROP_RESULT: g_value_set_string (value, self->result); break;
    case PROP_SATISFACTION: g_value_set_enum (value, self->satisfaction); break;
    case PROP_STATUS: g_value_set_enum (value, self->status); break;
    case PROP_ESCALATED: g_value_set_boolean (value, self->escalated); break;
    case PROP_SYNC_STATE: g_value_set_enum (value, self->sync_state); break;
    case PROP_SERVER_REVISION: g_value_set_int64 (value, self->server_revision); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hd_ticket_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  HdTicket *self = HD_TICKET (object);

  switch (prop_id)
    {
    case PROP_UUID: hd_ticket_set_uuid (self, g_value_get_string (value)); break;
    case PROP_NUMBER: hd_ticket_set_number (self, g_value_get_string (value)); break;
    case PROP_NUMBER_PROVISIONAL: hd_ticket_set_number_provisional (self, g_value_get_boolean (value)); break;
    case PROP_CUSTOMER_LABEL: hd_ticket_set_customer_label (self, g_value_get_string (value)); break;
    case PROP_CUSTOMER_NAME: hd_ticket_set_customer_name (self, g_value_get_string (value)); break;
    case PROP_CUSTOMER_NUMBER: hd_ticket_set_customer_number (self, g_value_get_string (value)); break;
    case PROP_CUSTOMER_TYPE: hd_ticket_set_customer_type (self, g_value_get_string (value)); break;
    case PROP_CONTACT: hd_ticket_set_contact (self, g_value_get_string (value)); break;
    case PROP_CHANNEL: hd_ticket_set_channel (self, g_value_get_enum (value)); break;
    case PROP_EMOTION: hd_ticket_set_emotion (self, g_value_get_enum (value)); break;
    case PROP_OCCURRED_AT: hd_ticket_set_occurred_at (self, g_value_get_int64 (value)); break;
    case PROP_DESCRIPTION: hd_ticket_set_description (self, g_value_get_string (value)); break;
    case PROP_TYPE_L1: hd_ticket_set_type_l1 (self, g_value_get_string (value)); break;
    case PROP_TYPE_L2: hd_ticket_set_type_l2 (self, g_value_get_string (value)); break;
    case PROP_IMPACT: hd_ticket_set_impact (self, g_value_get_enum (value)); break;
    case PROP_URGENCY: hd_ticket_set_urgency (self, g_value_get_enum (value)); break;
    case PROP_PRIORITY: hd_ticket_set_priority (self, g_value_get_string (value)); break;
    case PROP_RECEIVER: hd_ticket_set_receiver (self, g_value_get_string (value)); break;
    case PROP_GROUP: hd_ticket_set_group (self, g_value_get_string (value)); break;
    case PROP_HANDLER: hd_ticket_set_handler (self, g_value_get_string (value)); break;
    case PROP_TRANSFER_DEPARTMENT: hd_ticket_set_transfer_department (self, g_value_get_string (value)); break;
    case PROP_TRANSFER_CONTACT: hd_ticket_set_transfer_contact (self, g_value_get_string (value)); break;
    case PROP_TRANSFER_NOTE: hd_ticket_set_transfer_note (self, g_value_get_string (value)); break;
    case PROP_CC_DEPARTMENTS: hd_ticket_set_cc_departments (self, g_value_get_boxed (value)); break;
    case PROP_CREATED_AT: hd_ticket_set_created_at (self, g_value_get_int64 (value)); break;
    case PROP_UPDATED_AT: hd_ticket_set_updated_at (self, g_value_get_int64 (value)); break;
    case PROP_FIRST_RESPONSE_AT: hd_ticket_set_first_response_at (self, g_value_get_int64 (value)); break;
    case PROP_RESPONSE_DUE: hd_ticket_set_response_due (self, g_value_get_int64 (value)); break;
    case PROP_RESOLUTION_DUE: hd_ticket_set_resolution_due (self, g_value_get_int64 (value)); break;
    case PROP_RESULT: hd_ticket_set_result (self, g_value_get_string (value)); break;
    case PROP_SATISFACTION: hd_ticket_set_satisfaction (self, g_value_get_enum (value)); break;
    case PROP_STATUS: hd_ticket_set_status (self, g_value_get_enum (value)); break;
    case PROP_ESCALATED: hd_ticket_set_escalated (self, g_value_get_boolean (value)); break;
    case PROP_SYNC_STATE: hd_ticket_set_sync_state (self, g_value_get_enum (value)); break;
    case PROP_SERVER_REVISION: hd_ticket_set_server_revision (self, g_value_get_int64 (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

#define RW (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

static GParamSpec *
string_pspec (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL, RW);
}

static GParamSpec *
time_pspec (const char *name)
{
  return g_param_spec_int64 (name, NULL, NULL, 0, G_MAXINT64, 0, RW);
}

static void
hd_ticket_class_init (HdTicketClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hd_ticket_finalize;
  object_class->get_property = hd_ticket_get_property;
  object_class->set_property = hd_ticket_set_property;

  properties[PROP_UUID] = string_pspec ("uuid");
  properties[PROP_NUMBER] = string_pspec ("number");
  properties[PROP_NUMBER_PROVISIONAL] = g_param_spec_boolean ("number-provisional", NULL, NULL, FALSE, RW);
  properties[PROP_CUSTOMER_LABEL] = string_pspec ("customer-label");
  properties[PROP_CUSTOMER_NAME] = string_pspec ("customer-name");
  properties[PROP_CUSTOMER_NUMBER] = string_pspec ("customer-number");
  properties[PROP_CUSTOMER_TYPE] = string_pspec ("customer-type");
  properties[PROP_CONTACT] = string_pspec ("contact");
  properties[PROP_CHANNEL] = g_param_spec_enum ("channel", NULL, NULL, HD_TYPE_CHANNEL, HD_CHANNEL_PHONE, RW);
  properties[PROP_EMOTION] = g_param_spec_enum ("emotion", NULL, NULL, HD_TYPE_EMOTION, HD_EMOTION_CALM, RW);
  properties[PROP_OCCURRED_AT] = time_pspec ("occurred-at");
  properties[PROP_DESCRIPTION] = string_pspec ("description");
  properties[PROP_TYPE_L1] = string_pspec ("type-l1");
  properties[PROP_TYPE_L2] = string_pspec ("type-l2");
  properties[PROP_IMPACT] = g_param_spec_enum ("impact", NULL, NULL, HD_TYPE_IMPACT, HD_IMPACT_SINGLE, RW);
  properties[PROP_URGENCY] = g_param_spec_enum ("urgency", NULL, NULL, HD_TYPE_URGENCY, HD_URGENCY_INQUIRY, RW);
  properties[PROP_PRIORITY] = string_pspec ("priority");
  properties[PROP_RECEIVER] = string_pspec ("receiver");
  properties[PROP_GROUP] = string_pspec ("group");
  properties[PROP_HANDLER] = string_pspec ("handler");
  properties[PROP_TRANSFER_DEPARTMENT] = string_pspec ("transfer-department");
  properties[PROP_TRANSFER_CONTACT] = string_pspec ("transfer-contact");
  properties[PROP_TRANSFER_NOTE] = string_pspec ("transfer-note");
  properties[PROP_CC_DEPARTMENTS] = g_param_spec_boxed ("cc-departments", NULL, NULL, G_TYPE_STRV, RW);
  properties[PROP_CREATED_AT] = time_pspec ("created-at");
  properties[PROP_UPDATED_AT] = time_pspec ("updated-at");
  properties[PROP_FIRST_RESPONSE_AT] = time_pspec ("first-response-at");
  properties[PROP_RESPONSE_DUE] = time_pspec ("response-due");
  properties[PROP_RESOLUTION_DUE] = time_pspec ("resolution-due");
  properties[PROP_RESULT] = string_pspec ("result");
  properties[PROP_SATISFACTION] = g_param_spec_enum ("satisfaction", NULL, NULL, HD_TYPE_SATISFACTION, HD_SATISFACTION_NONE, RW);
  properties[PROP_STATUS] = g_param_spec_enum ("status", NULL, NULL, HD_TYPE_STATUS, HD_STATUS_PENDING, RW);
  properties[PROP_ESCALATED] = g_param_spec_boolean ("escalated", NULL, NULL, FALSE, RW);
  properties[PROP_SYNC_STATE] = g_param_spec_enum ("sync-state", NULL, NULL, HD_TYPE_SYNC_STATE, HD_SYNC_STATE_PENDING, RW);
  properties[PROP_SERVER_REVISION] = g_param_spec_int64 ("server-revision", NULL, NULL, 0, G_MAXINT64, 0, RW);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hd_ticket_init (HdTicket *self)
{
  self->impact = HD_IMPACT_SINGLE;
  self->urgency = HD_URGENCY_INQUIRY;
  self->attachments = g_list_store_new (HD_TYPE_ATTACHMENT);
}
