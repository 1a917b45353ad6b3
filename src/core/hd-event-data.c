/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "hd-event-data.h"
#include "hd-uuid.h"

JsonBuilder *
hd_event_data_begin (void)
{
  JsonBuilder *builder = json_builder_new ();

  json_builder_begin_object (builder);
  return builder;
}

void
hd_event_data_add_string (JsonBuilder *builder,
                          const char  *name,
                          const char  *value)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));
  g_return_if_fail (name != NULL);

  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

char *
hd_event_data_finish (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (JSON_IS_BUILDER (builder), NULL);

  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (gen, root);
  g_object_unref (builder);
  return json_generator_to_data (gen, NULL);
}

HdEvent *
hd_event_new_for_ticket (HdTicket    *ticket,
                         HdEventKind  kind,
                         const char  *author,
                         gint64       now,
                         const char  *text,
                         JsonBuilder *data)
{
  g_autofree char *uuid = hd_uuid_new ();
  g_autofree char *json = data != NULL ? hd_event_data_finish (data) : NULL;

  g_return_val_if_fail (HD_IS_TICKET (ticket), NULL);

  return hd_event_new (uuid, hd_ticket_get_uuid (ticket), kind, author, now, text, json);
}
