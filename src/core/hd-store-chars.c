/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-store"

#include "config.h"

#include <string.h>

#include "hd-store-private.h"

/*
 * The "hd_chars" FTS5 tokenizer: every character is a token, spaces
 * included, ASCII letters folded to lower case. The trigram index answers
 * terms of three characters or more; this one answers the shorter terms a
 * user types first ("客", "登录", "E1") as FTS5 phrases of adjacent
 * characters, which match exactly what LIKE '%term%' over the same columns
 * matches (LIKE folds ASCII case only, so does this), without reading
 * every ticket.
 */

static int
chars_create (void          *context,
              const char   **argv,
              int            argc,
              Fts5Tokenizer **out)
{
  /* No state: any non-NULL handle will do. */
  *out = (Fts5Tokenizer *) context;
  return SQLITE_OK;
}

static void
chars_delete (Fts5Tokenizer *tokenizer)
{
}

/* The length of the UTF-8 sequence starting with @lead; 1 for a stray byte,
 * so malformed text still tokenizes byte by byte. */
static int
sequence_length (unsigned char lead)
{
  if (lead < 0xc0)
    return 1;
  if (lead < 0xe0)
    return 2;
  if (lead < 0xf0)
    return 3;
  if (lead < 0xf8)
    return 4;
  return 1;
}

/* Appends the character at @text (@len bytes) to @out, folded. */
static int
append_folded (char       *out,
               const char *text,
               int         len)
{
  if (len == 1 && text[0] >= 'A' && text[0] <= 'Z')
    out[0] = (char) (text[0] - 'A' + 'a');
  else
    memcpy (out, text, len);
  return len;
}

static int
chars_tokenize (Fts5Tokenizer *tokenizer,
                void          *context,
                int            flags,
                const char    *text,
                int            n_bytes,
                int          (*token) (void *, int, const char *, int, int, int))
{
  for (int i = 0; i < n_bytes;)
    {
      int len = MIN (sequence_length ((unsigned char) text[i]), n_bytes - i);
      char buf[4];
      int rc = token (context, 0, buf, append_folded (buf, text + i, len), i, i + len);

      if (rc != SQLITE_OK)
        return rc;
      i += len;
    }
  return SQLITE_OK;
}

static fts5_api *
get_fts5_api (sqlite3 *db)
{
  fts5_api *api = NULL;
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT fts5(?1)", -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_pointer (stmt, 1, (void *) &api, "fts5_api_ptr", NULL);
      sqlite3_step (stmt);
    }
  sqlite3_finalize (stmt);
  return api;
}

/*
 * The "hd_short" FTS5 tokenizer (schema v9, the tickets_short table): what a
 * search term under three characters is looked up in. A document gives
 * every character and every pair of adjacent characters as a token (ASCII
 * letters folded to lower case, ASCII white space left out: a term never
 * holds any); a query of one character is that token, of two characters the
 * pair. Either is then one token's list of tickets — no positions, no
 * phrase — and matches what LIKE '%term%' over the same columns matches.
 * Two-character terms were phrases on hd_chars, the slowest searches typed
 * (docs/board.md).
 */

static gboolean
is_ascii_space (unsigned char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int
short_tokenize (Fts5Tokenizer *tokenizer,
                void          *context,
                int            flags,
                const char    *text,
                int            n_bytes,
                int          (*token) (void *, int, const char *, int, int, int))
{
  gboolean query = (flags & FTS5_TOKENIZE_QUERY) != 0;
  int n_chars = 0;

  for (int i = 0; i < n_bytes;)
    {
      int len = MIN (sequence_length ((unsigned char) text[i]), n_bytes - i);
      int next = i + len;
      int next_len = next < n_bytes ? MIN (sequence_length ((unsigned char) text[next]), n_bytes - next) : 0;
      char buf[8];
      int n, rc = SQLITE_OK;

      n_chars++;
      if (len == 1 && is_ascii_space ((unsigned char) text[i]))
        {
          i = next;
          continue;
        }
      n = append_folded (buf, text + i, len);
      /* A query of one character looks that character up; longer ones
       * their pairs. */
      if (!query || (n_chars == 1 && next_len == 0))
        rc = token (context, 0, buf, n, i, next);
      if (rc == SQLITE_OK && next_len > 0 && !(next_len == 1 && is_ascii_space ((unsigned char) text[next])))
        rc = token (context, 0, buf, n + append_folded (buf + n, text + next, next_len), i, next + next_len);
      if (rc != SQLITE_OK)
        return rc;
      i = next;
    }
  return SQLITE_OK;
}

int
hd_search_char_bit (gunichar c)
{
  if (c >= 'a' && c <= 'z')
    return (int) (c - 'a');
  if (c >= 'A' && c <= 'Z')
    return (int) (c - 'A');
  if (c >= '0' && c <= '9')
    return 26 + (int) (c - '0');
  return -1;
}

/*
 * hd_search_chars(text, …) (schema v10, tickets.search_chars): a bit for
 * each ASCII letter (either case) and digit found in the texts. A search of
 * one such character — the first keystroke of many searches, and the one
 * that matches the most tickets — is then answered from the ticket index
 * in memory instead of reading tens of thousands of ids from tickets_short
 * (docs/board.md). It sees the same columns as tickets_short's triggers
 * and folds as hd_short does, so both find the same tickets.
 */
static void
search_chars_func (sqlite3_context  *context,
                   int               argc,
                   sqlite3_value   **argv)
{
  guint64 mask = 0;

  for (int i = 0; i < argc; i++)
    {
      const unsigned char *text = sqlite3_value_text (argv[i]);

      for (; text != NULL && *text != '\0'; text++)
        {
          int bit = hd_search_char_bit (*text);

          if (bit >= 0)
            mask |= G_GUINT64_CONSTANT (1) << bit;
        }
    }
  sqlite3_result_int64 (context, (sqlite3_int64) mask);
}

/* Makes "hd_chars", "hd_short", hd_search_chars() and hd_matching_ids()
 * (hd-store-search-ids.c) known to @db: every
 * connection that writes tickets or searches them needs them (the
 * tickets_short table and the triggers of tickets_short and search_chars;
 * tickets_chars of schema v8, until migration 9 drops it). */
gboolean
hd_store_register_tokenizers (sqlite3 *db)
{
  static fts5_tokenizer chars = { chars_create, chars_delete, chars_tokenize };
  static fts5_tokenizer pairs = { chars_create, chars_delete, short_tokenize };
  static int handle;
  fts5_api *api = get_fts5_api (db);

  if (api == NULL || api->iVersion < 2)
    {
      g_warning ("SQLite has no FTS5: short search terms cannot be indexed");
      return FALSE;
    }
  return api->xCreateTokenizer (api, "hd_chars", &handle, &chars, NULL) == SQLITE_OK &&
         api->xCreateTokenizer (api, "hd_short", &handle, &pairs, NULL) == SQLITE_OK &&
         sqlite3_create_function (db, "hd_search_chars", -1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                                  NULL, search_chars_func, NULL, NULL) == SQLITE_OK &&
         hd_store_register_matching_ids (api);
}
