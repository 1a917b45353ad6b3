/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-event"

#include "config.h"

#include "hd-enum-types.h"
#include "hd-event.h"

struct _HdEvent
{
  GObject parent_instance;

  char *uuid;
  char *ticket_uuid;
  HdEventKind kind;
  char *author;
  gint64 created_at;
  char *text;
  char *data;
  HdSyncState sync_state;
};

G_DEFINE_FINAL_TYPE (HdEvent, hd_event, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_UUID,
  PROP_TICKET_UUID,
  PROP_KIND,
  PROP_AUTHOR,
  PROP_CREATED_AT,
  PROP_TEXT,
  PROP_DATA,
  PROP_SYNC_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

HdEvent *
hd_event_new (const char  *uuid,
              const char  *ticket_uuid,
              HdEventKind  kind,
              const char  *author,
              gint64       created_at,
              const char  *text,
              const char  *data)
{
  g_return_val_if_fail (uuid != NULL, NULL);
  g_return_val_if_fail (ticket_uuid != NULL, NULL);

  return g_object_new (HD_TYPE_EVENT,
                       "uuid", uuid,
                       "ticket-uuid", ticket_uuid,
                       "kind", kind,
                       "author", author,
                       "created-at", created_at,
                       "text", text,
                       "data", data,
                       NULL);
}

const char *hd_event_get_uuid (HdEvent *self) { g_return_val_if_fail (HD_IS_EVENT (self), NULL); return self->uuid; }
const char *hd_event_get_ticket_uuid (HdEvent *self) { g_return_val_if_fail (HD_IS_EVENT (self), NULL); return self->ticket_uuid; }
HdEventKind hd_event_get_kind (HdEvent *self) { g_return_val_if_fail (HD_IS_EVENT (self), 0); return self->kind; }
const char *hd_event_get_author (HdEvent *self) { g_return_val_if_fail (HD_IS_EVENT (self), NULL); return self->author; }
gint64 hd_event_get_created_at (HdEvent *self) { g_return_val_if_fail (HD_IS_EVENT (self), 0); return self->created_at; }
const char *hd_event_get_text (HdEvent *self) { g_return_val_if_fail (HD_IS_EVENT (self), NULL); return self->text; }
const char *hd_event_get_data (HdEvent *self) { g_return_val_if_fail (HD_IS_EVENT (self), NULL); return self->data; }
HdSyncState hd_event_get_sync_state (HdEvent *self) { g_return_val_if_fail (HD_IS_EVENT (self), 0); return self->sync_state; }

void
hd_event_set_sync_state (HdEvent     *self,
                         HdSyncState  state)
{
  g_return_if_fail (HD_IS_EVENT (self));

  if (self->sync_state == state)
    return;
  self->sync_state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC_STATE]);
}

static void
hd_event_finalize (GObject *object)
{
  HdEvent *self = (HdEvent *) object;

  g_free (self->uuid);
  g_free (self->ticket_uuid);
  g_free (self->author);
  g_free (self->text);
  g_free (self->data);

  G_OBJECT_CLASS (hd_event_parent_class)->finalize (object);
}

static void
hd_event_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  HdEvent *self = HD_EVENT (object);

  switch (prop_id)
    {
    case PROP_UUID: g_value_set_string (value, self->uuid); break;
    case PROP_TICKET_UUID: g_value_set_string (value, self->ticket_uuid); break;
    case PROP_KIND: g_value_set_enum (value, self->kind); break;
    case PROP_AUTHOR: g_value_set_string (value, self->author); break;
    case PROP_CREATED_AT: g_value_set_int64 (value, self->created_at); break;
    case PROP_TEXT: g_value_set_string (value, self->text); break;
    case PROP_DATA: g_value_set_string (value, self->data); break;
    case PROP_SYNC_STATE: g_value_set_enum (value, self->sync_state); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hd_event_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  HdEvent *self = HD_EVENT (object);

  /* Construct-only but for sync state: the timeline is append-only. */
  switch (prop_id)
    {
    case PROP_UUID: self->uuid = g_value_dup_string (value); break;
    case PROP_TICKET_UUID: self->ticket_uuid = g_value_dup_string (value); break;
    case PROP_KIND: self->kind = g_value_get_enum (value); break;
    case PROP_AUTHOR: self->author = g_value_dup_string (value); break;
    case PROP_CREATED_AT: self->created_at = g_value_get_int64 (value); break;
    case PROP_TEXT: self->text = g_value_dup_string (value); break;
    case PROP_DATA: self->data = g_value_dup_string (value); break;
    case PROP_SYNC_STATE: hd_event_set_sync_state (self, g_value_get_enum (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hd_event_class_init (HdEventClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags co = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = hd_event_finalize;
  object_class->get_property = hd_event_get_property;
  object_class->set_property = hd_event_set_property;

  properties[PROP_UUID] = g_param_spec_string ("uuid", NULL, NULL, NULL, co);
  properties[PROP_TICKET_UUID] = g_param_spec_string ("ticket-uuid", NULL, NULL, NULL, co);
  properties[PROP_KIND] = g_param_spec_enum ("kind", NULL, NULL, HD_TYPE_EVENT_KIND, HD_EVENT_NOTE, co);
  properties[PROP_AUTHOR] = g_param_spec_string ("author", NULL, NULL, NULL, co);
  properties[PROP_CREATED_AT] = g_param_spec_int64 ("created-at", NULL, NULL, 0, G_MAXINT64, 0, co);
  properties[PROP_TEXT] = g_param_spec_string ("text", NULL, NULL, NULL, co);
  properties[PROP_DATA] = g_param_spec_string ("data", NULL, NULL, NULL, co);
  properties[PROP_SYNC_STATE] =
    g_param_spec_enum ("sync-state", NULL, NULL, HD_TYPE_SYNC_STATE, HD_SYNC_STATE_PENDING,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hd_event_init (HdEvent *self)
{
}
