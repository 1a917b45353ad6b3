/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "hd-test-mutate.h"

#define T1 "11111111-1111-4111-8111-111111111111"
#define T2 "22222222-2222-4222-8222-222222222222"
#define E1 "33333333-3333-4333-8333-333333333333"

static const char * const corpus[] = {
  "POST /api/v1/batch\n"
  "{\"ops\":[{\"op_uuid\":\"" T1 "\",\"kind\":\"ticket.create\",\"entity_uuid\":\"" T2 "\","
  "\"created_at\":1795500000,\"payload\":{\"ticket\":{\"uuid\":\"" T2 "\",\"number\":\"CS20261124-T0001\","
  "\"number_provisional\":true,\"customer_label\":\"客户A\",\"customer_name\":null,\"contact\":\"1234\","
  "\"channel\":\"phone\",\"emotion\":\"calm\",\"occurred_at\":0,\"description\":\"无法登录\","
  "\"type_l1\":\"fault\",\"type_l2\":null,\"impact\":\"single\",\"urgency\":\"degraded\","
  "\"priority\":\"high\",\"group\":\"technical\",\"handler\":null,\"cc_departments\":[\"billing\"],"
  "\"created_at\":1795500000,\"updated_at\":1795500000,\"first_response_at\":0,\"response_due\":0,"
  "\"resolution_due\":0,\"result\":null,\"satisfaction\":\"none\",\"status\":\"pending\","
  "\"escalated\":false,\"sync_state\":\"pending\",\"server_revision\":0,"
  "\"attachments\":[{\"kind\":\"file\",\"name\":\"a.png\",\"mime_type\":\"image/png\",\"size\":3,"
  "\"sha256\":\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\"},"
  "{\"kind\":\"error_code\",\"text\":\"E1002\",\"size\":0}]},"
  "\"events\":[{\"uuid\":\"" E1 "\",\"ticket_uuid\":\"" T2 "\",\"kind\":\"created\",\"author\":\"a\","
  "\"created_at\":1795500000,\"text\":null,\"data\":null}]}}]}",

  "POST /api/v1/batch\n"
  "{\"ops\":[{\"op_uuid\":\"" T1 "\",\"kind\":\"ticket.update\",\"entity_uuid\":\"" T2 "\","
  "\"payload\":{\"uuid\":\"" T2 "\",\"base_revision\":3,\"changes\":{\"handler\":\"agent1\","
  "\"status\":\"in_progress\",\"escalated\":true,\"cc_departments\":[]},"
  "\"events\":[{\"uuid\":\"" E1 "\",\"ticket_uuid\":\"" T2 "\",\"kind\":\"status_change\","
  "\"author\":\"a\",\"created_at\":1795500001,\"text\":null,\"data\":{\"from\":\"pending\",\"to\":\"in_progress\"}}]}}]}",

  "POST /api/v1/batch\n"
  "{\"ops\":[{\"op_uuid\":\"" T1 "\",\"kind\":\"event.add\",\"entity_uuid\":\"" E1 "\","
  "\"created_at\":1795500002,\"payload\":{\"uuid\":\"" E1 "\",\"ticket_uuid\":\"" T2 "\",\"kind\":\"note\","
  "\"author\":\"a\",\"created_at\":1795500002,\"text\":\"查询客户后台数据\",\"data\":null}}]}",

  "POST /api/v1/login\n{\"username\":\"root\",\"password\":\"admin-password\"}",

  "PUT /api/v1/roster\n{\"entries\":[{\"date\":\"2026-11-24\",\"group\":\"technical\",\"lead\":\"root\","
  "\"agents\":[\"root\"]}]}",

  "POST /api/v1/users\n{\"name\":\"fuzz\",\"password\":\"fuzz-password\",\"role\":\"agent\",\"group\":\"technical\"}",

  "PUT /api/v1/agent-states/root\n{\"state\":\"busy\"}",
  NULL
};

static const char * const tokens[] = {
  "{", "}", "[", "]", "\"", ":", ",", "null", "true", "false", "0", "-1", "1.5", "1e999",
  "9223372036854775808", "-9223372036854775809", "\"\\u0000\"", "\"\\ud800\"", "\\", "\"\xe4\xb8\"",
  "[[[[[[[[[[[[[[[[[[[[[[[[", "{\"a\":{\"a\":{\"a\":{\"a\":{}}}}}", "\"x\"", "/*", "NaN",
};

const char * const *
hd_test_mutate_corpus (void)
{
  return corpus;
}

guint32
hd_test_mutate_seed (void)
{
  const char *env = g_getenv ("HD_MUTATION_SEED");
  guint32 seed = env != NULL ? (guint32) g_ascii_strtoull (env, NULL, 10) : 20261124;

  g_test_message ("mutation seed %u (set HD_MUTATION_SEED to repeat another)", seed);
  return seed;
}

/* Tree edits: valid JSON, wrong shapes. */
static JsonNode *
random_value (GRand *rand)
{
  switch (g_rand_int_range (rand, 0, 8))
    {
    case 0: return json_node_init_null (json_node_alloc ());
    case 1: return json_node_init_int (json_node_alloc (), g_rand_int_range (rand, -5, 5));
    case 2: return json_node_init_int (json_node_alloc (), G_MAXINT64);
    case 3: return json_node_init_double (json_node_alloc (), 0.5);
    case 4: return json_node_init_boolean (json_node_alloc (), TRUE);
    case 5: return json_node_init_string (json_node_alloc (), "");
    case 6: return json_node_init_object (json_node_alloc (), json_object_new ());
    default: return json_node_init_array (json_node_alloc (), json_array_new ());
    }
}

/* Objects and arrays of the tree: edits go through the container, which
 * owns its members. */
static void
collect (JsonNode  *node,
         GPtrArray *containers)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autoptr(GList) members = json_object_get_values (json_node_get_object (node));

      g_ptr_array_add (containers, node);
      for (GList *l = members; l != NULL; l = l->next)
        collect (l->data, containers);
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      g_ptr_array_add (containers, node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        collect (json_array_get_element (array, i), containers);
    }
}

static char *
mutate_tree (GRand      *rand,
             const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) containers = g_ptr_array_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  JsonNode *root, *target;

  if (!json_parser_load_from_data (parser, text, -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  collect (root, containers);
  if (containers->len == 0)
    return NULL;
  target = g_ptr_array_index (containers, g_rand_int_range (rand, 0, containers->len));

  if (JSON_NODE_HOLDS_OBJECT (target))
    {
      JsonObject *object = json_node_get_object (target);
      g_autoptr(GList) names = json_object_get_members (object);
      guint n = g_list_length (names);
      /* Copy the name: the object frees its own key when it drops it. */
      g_autofree char *name = n > 0 ? g_strdup (g_list_nth_data (names, g_rand_int_range (rand, 0, n)))
                                    : NULL;

      switch (n > 0 ? g_rand_int_range (rand, 0, 3) : 2)
        {
        case 0:  json_object_remove_member (object, name); break;
        case 1:  json_object_set_member (object, name, random_value (rand)); break;
        default: json_object_set_member (object, "unexpected", random_value (rand)); break;
        }
    }
  else
    {
      JsonArray *array = json_node_get_array (target);
      guint n = json_array_get_length (array);

      switch (n > 0 ? g_rand_int_range (rand, 0, 3) : 2)
        {
        case 0:
          json_array_remove_element (array, g_rand_int_range (rand, 0, n));
          json_array_add_element (array, random_value (rand));
          break;
        case 1:
          json_array_add_element (array, json_node_copy (json_array_get_element (array, 0)));
          break;
        default:
          json_array_add_element (array, random_value (rand));
          break;
        }
    }

  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

char *
hd_test_mutate (GRand      *rand,
                const char *text)
{
  GString *out = g_string_new (text);
  guint rounds = g_rand_int_range (rand, 1, 4);

  if (g_rand_int_range (rand, 0, 2) == 0)
    {
      char *tree = mutate_tree (rand, text);
      if (tree != NULL)
        {
          g_string_free (out, TRUE);
          return tree;
        }
    }

  for (guint r = 0; r < rounds && out->len > 0; r++)
    {
      guint pos = g_rand_int_range (rand, 0, out->len);
      guint want = g_rand_int_range (rand, 1, 16);
      guint span = MIN (want, out->len - pos);

      switch (g_rand_int_range (rand, 0, 5))
        {
        case 0: /* flip a byte */
          out->str[pos] ^= (char) (1 << g_rand_int_range (rand, 0, 8));
          break;
        case 1: /* cut */
          g_string_erase (out, pos, span);
          break;
        case 2: /* duplicate */
          {
            g_autofree char *copy = g_strndup (out->str + pos, span);
            g_string_insert (out, pos, copy);
          }
          break;
        case 3: /* insert a token */
          g_string_insert (out, pos, tokens[g_rand_int_range (rand, 0, G_N_ELEMENTS (tokens))]);
          break;
        default: /* truncate */
          g_string_truncate (out, pos);
          break;
        }
    }
  return g_string_free (out, FALSE);
}
