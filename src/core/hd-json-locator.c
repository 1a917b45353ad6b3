/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-config"

#include "config.h"

#include <string.h>

#include "hd-json-locator.h"

struct _HdJsonLocator
{
  GHashTable *lines; /* path → line */
  char *duplicate;
  guint duplicate_line;
};

typedef struct {
  const char *p;
  const char *end;
  guint line;
  GString *path;
  HdJsonLocator *locator;
} Scan;

gboolean
hd_json_check_depth (const char *text,
                     gsize       length,
                     guint       max_depth,
                     guint      *line_out)
{
  guint depth = 0;
  guint line = 1;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];

      if (c == '\n')
        line++;
      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        {
          if (++depth > max_depth)
            {
              if (line_out != NULL)
                *line_out = line;
              return FALSE;
            }
        }
      else if ((c == '}' || c == ']') && depth > 0)
        depth--;
    }
  return TRUE;
}

static void
skip_space (Scan *s)
{
  while (s->p < s->end && g_ascii_isspace (*s->p))
    {
      if (*s->p == '\n')
        s->line++;
      s->p++;
    }
}

static void
append_escape (GString *out, const char **pp, const char *end)
{
  const char *p = *pp;
  gunichar c;

  switch (*p)
    {
    case 'b': g_string_append_c (out, '\b'); break;
    case 'f': g_string_append_c (out, '\f'); break;
    case 'n': g_string_append_c (out, '\n'); break;
    case 'r': g_string_append_c (out, '\r'); break;
    case 't': g_string_append_c (out, '\t'); break;
    case 'u':
      if (end - p < 5)
        break;
      {
        char hex[5] = { p[1], p[2], p[3], p[4], 0 };
        c = (gunichar) g_ascii_strtoull (hex, NULL, 16);
        p += 4;
        if (c >= 0xd800 && c < 0xdc00 && end - p > 6 && p[1] == '\\' && p[2] == 'u')
          {
            char lo[5] = { p[3], p[4], p[5], p[6], 0 };
            gunichar low = (gunichar) g_ascii_strtoull (lo, NULL, 16);
            if (low >= 0xdc00 && low < 0xe000)
              {
                c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
                p += 6;
              }
          }
        g_string_append_unichar (out, c);
      }
      break;
    default:
      g_string_append_c (out, *p);
    }
  *pp = p + 1;
}

/* Reads a string token; `out` receives the decoded value when not NULL. */
static void
scan_string (Scan *s, GString *out)
{
  s->p++; /* opening quote */
  while (s->p < s->end && *s->p != '"')
    {
      if (*s->p == '\\' && s->p + 1 < s->end)
        {
          s->p++;
          if (out != NULL)
            append_escape (out, &s->p, s->end);
          else
            s->p++;
          continue;
        }
      if (*s->p == '\n')
        s->line++;
      if (out != NULL)
        g_string_append_c (out, *s->p);
      s->p++;
    }
  if (s->p < s->end)
    s->p++;
}

static void
record (Scan *s, guint line)
{
  HdJsonLocator *self = s->locator;

  if (g_hash_table_contains (self->lines, s->path->str))
    {
      if (self->duplicate == NULL)
        {
          self->duplicate = g_strdup (s->path->str);
          self->duplicate_line = line;
        }
      return;
    }
  g_hash_table_insert (self->lines, g_strdup (s->path->str), GUINT_TO_POINTER (line));
}

static void scan_value (Scan *s);

static void
scan_object (Scan *s)
{
  gsize base = s->path->len;
  g_autoptr(GString) key = g_string_new (NULL);

  s->p++;
  for (;;)
    {
      guint line;

      skip_space (s);
      if (s->p >= s->end || *s->p == '}')
        break;
      if (*s->p != '"')
        return; /* not JSON; the parser reports it */
      line = s->line;
      g_string_truncate (key, 0);
      scan_string (s, key);
      if (base > 0)
        g_string_append_c (s->path, '.');
      g_string_append_len (s->path, key->str, key->len);
      record (s, line);
      skip_space (s);
      if (s->p < s->end && *s->p == ':')
        s->p++;
      scan_value (s);
      g_string_truncate (s->path, base);
      skip_space (s);
      if (s->p < s->end && *s->p == ',')
        s->p++;
    }
  if (s->p < s->end)
    s->p++;
}

static void
scan_array (Scan *s)
{
  gsize base = s->path->len;

  s->p++;
  for (guint index = 0;; index++)
    {
      skip_space (s);
      if (s->p >= s->end || *s->p == ']')
        break;
      g_string_append_printf (s->path, "[%u]", index);
      record (s, s->line);
      scan_value (s);
      g_string_truncate (s->path, base);
      skip_space (s);
      if (s->p < s->end && *s->p == ',')
        s->p++;
    }
  if (s->p < s->end)
    s->p++;
}

static void
scan_value (Scan *s)
{
  skip_space (s);
  if (s->p >= s->end)
    return;
  switch (*s->p)
    {
    case '{':
      scan_object (s);
      break;
    case '[':
      scan_array (s);
      break;
    case '"':
      scan_string (s, NULL);
      break;
    default:
      while (s->p < s->end && strchr (",]} \t\r\n", *s->p) == NULL)
        s->p++;
    }
}

HdJsonLocator *
hd_json_locator_new (const char *text, gsize length)
{
  HdJsonLocator *self = g_new0 (HdJsonLocator, 1);
  Scan s = { text, text + length, 1, g_string_new (NULL), self };

  self->lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  skip_space (&s);
  record (&s, s.line);
  scan_value (&s);
  g_string_free (s.path, TRUE);
  return self;
}

void
hd_json_locator_free (HdJsonLocator *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->lines);
  g_free (self->duplicate);
  g_free (self);
}

/* The line of `path`, or of its nearest recorded parent for a missing key. */
guint
hd_json_locator_get_line (HdJsonLocator *self, const char *path)
{
  g_autofree char *copy = g_strdup (path);

  for (;;)
    {
      gpointer line;
      char *cut;

      if (g_hash_table_lookup_extended (self->lines, copy, NULL, &line))
        return GPOINTER_TO_UINT (line);
      cut = MAX (strrchr (copy, '.'), strrchr (copy, '['));
      if (cut == NULL)
        {
          if (copy[0] == '\0')
            return 1;
          copy[0] = '\0';
        }
      else
        *cut = '\0';
    }
}

const char *
hd_json_locator_get_duplicate (HdJsonLocator *self, guint *line_out)
{
  if (line_out != NULL)
    *line_out = self->duplicate_line;
  return self->duplicate;
}
