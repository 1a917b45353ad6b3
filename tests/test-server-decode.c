/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "hd-server-json.h"
#include "hd-server-ops.h"
#include "hd-test-mutate.h"

/*
 * A seeded mutation test of the request decoders (clang's libFuzzer is not
 * available everywhere this runs). Thousands of mutated valid requests go
 * through the same functions the server uses; each must end in success or
 * in an HD_API_ERROR with a message and a JSON error body — never a crash,
 * a critical or another error domain.
 */

#define N_MUTATIONS 6000

static void
check_error (const GError *error)
{
  g_autoptr(JsonNode) node = NULL;
  HdServerLimits limits;

  g_assert_nonnull (error);
  g_assert_true (error->domain == HD_API_ERROR);
  g_assert_cmpuint (strlen (error->message), >, 0);
  g_assert_cmpuint (hd_api_error_status (error), >=, 400);
  g_assert_cmpuint (hd_api_error_status (error), <, 500);

  hd_server_limits_init_default (&limits);
  node = hd_json_error_node (error, &limits);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
}

/* Returns TRUE if the whole body decoded without error. */
static gboolean
decode (const char           *body,
        const HdServerLimits *limits,
        guint                *n_op_errors)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GPtrArray) ops = NULL;

  object = hd_json_parse_object (body, strlen (body), limits, &error);
  if (object == NULL)
    {
      check_error (error);
      return FALSE;
    }
  if (!json_object_has_member (object, "ops"))
    return TRUE; /* not a batch: the JSON layer is what we test here */

  ops = hd_ops_decode_batch (object, limits, &error);
  if (ops == NULL)
    {
      check_error (error);
      return FALSE;
    }
  for (guint i = 0; i < ops->len; i++)
    {
      g_autoptr(GError) op_error = NULL;
      HdOp *op = g_ptr_array_index (ops, i);

      if (!hd_op_decode_payload (op, limits, &op_error))
        {
          check_error (op_error);
          (*n_op_errors)++;
        }
      else
        g_assert_no_error (op_error);
    }
  return TRUE;
}

static void
test_corpus_valid (void)
{
  const char * const *corpus = hd_test_mutate_corpus ();
  HdServerLimits limits;

  hd_server_limits_init_default (&limits);
  for (guint i = 0; corpus[i] != NULL; i++)
    {
      const char *body = strchr (corpus[i], '\n') + 1;
      guint op_errors = 0;

      g_assert_true (decode (body, &limits, &op_errors));
      g_assert_cmpuint (op_errors, ==, 0);
    }
}

static void
test_mutations (void)
{
  const char * const *corpus = hd_test_mutate_corpus ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (hd_test_mutate_seed ());
  HdServerLimits limits;
  guint n_corpus = g_strv_length ((char **) corpus);
  guint accepted = 0, refused = 0, op_errors = 0;

  hd_server_limits_init_default (&limits);
  limits.max_string_length = 200;

  for (guint i = 0; i < N_MUTATIONS; i++)
    {
      const char *entry = corpus[g_rand_int_range (rand, 0, n_corpus)];
      g_autofree char *mutated = hd_test_mutate (rand, strchr (entry, '\n') + 1);

      if (decode (mutated, &limits, &op_errors))
        accepted++;
      else
        refused++;
    }

  g_test_message ("%u accepted (%u operations rejected), %u refused", accepted, op_errors, refused);
  /* The mix is meaningful: both outcomes occur often. */
  g_assert_cmpuint (accepted, >, N_MUTATIONS / 10);
  g_assert_cmpuint (refused, >, N_MUTATIONS / 10);
  g_assert_cmpuint (op_errors, >, N_MUTATIONS / 20);
}

static void
test_uuid_and_hash (void)
{
  g_assert_true (hd_is_uuid ("11111111-1111-4111-8111-111111111111"));
  g_assert_false (hd_is_uuid ("11111111-1111-4111-8111-11111111111"));
  g_assert_false (hd_is_uuid ("11111111x1111-4111-8111-111111111111"));
  g_assert_false (hd_is_uuid (NULL));
  g_assert_true (hd_is_sha256_hex ("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
  g_assert_false (hd_is_sha256_hex ("E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855"));
}

static void
test_not_unicode (void)
{
  static const char * const bodies[] = {
    "{\"username\":\"\\ud800\",\"password\":\"x\"}",
    "{\"\\udfff\":1}",
    "{\"ops\":[{\"data\":{\"\\ud83d\":\"x\"}}]}",
  };
  HdServerLimits limits;

  hd_server_limits_init_default (&limits);
  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) object = hd_json_parse_object (bodies[i], strlen (bodies[i]), &limits, &error);

      g_assert_null (object);
      g_assert_error (error, HD_API_ERROR, HD_API_ERROR_BAD_JSON);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/decode/corpus-valid", test_corpus_valid);
  g_test_add_func ("/server/decode/mutations", test_mutations);
  g_test_add_func ("/server/decode/uuid-and-hash", test_uuid_and_hash);
  g_test_add_func ("/server/decode/not-unicode", test_not_unicode);

  return g_test_run ();
}
