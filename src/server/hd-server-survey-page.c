/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "hd-server-catalog.h"
#include "hd-server-private.h"
#include "hd-server-survey-page.h"
#include "hd-server-surveys.h"

/*
 * The public survey page (docs/surveys.md, "Survey page"): GET shows the
 * form and never changes anything (a link scanner only opens links); POST
 * stores the answer. Plain HTML with inline CSS, no script, no login.
 */

#define PAGE_PREFIX "/survey/"
/* A comment of HD_SURVEY_MAX_COMMENT characters (the textarea's maxlength)
 * may take 3 bytes each, then 3 bytes of percent-encoding per byte. Longer
 * bodies are refused from their headers; comments still longer than
 * HD_SURVEY_MAX_COMMENT bytes are refused with the form. */
#define PAGE_MAX_BODY (HD_SURVEY_MAX_COMMENT * 9 + 1024)

typedef enum {
  LANG_EN,
  LANG_ZH_CN,
} Lang;

static const char * const lang_ids[] = { "en", "zh_CN" };

/* The catalogues, read once from the server's main thread. */
static HdServerCatalog *
catalog_for (Lang lang)
{
  static gboolean loaded;
  static HdServerCatalog *zh_cn;

  if (lang == LANG_EN)
    return NULL;
  if (!loaded)
    {
      const char *localedir = g_getenv ("HELPDESK_LOCALEDIR");

      zh_cn = hd_server_catalog_load (localedir != NULL ? localedir : LOCALEDIR, "zh_CN",
                                      GETTEXT_PACKAGE);
      if (zh_cn == NULL)
        g_message ("No zh_CN catalogue: the survey page stays in English");
      loaded = TRUE;
    }
  return zh_cn;
}

typedef struct {
  HdRequest *req;
  Lang lang;
  const char *token;
  GString *html;
} Page;

static const char *
tr (Page       *page,
    const char *msgid)
{
  return hd_server_catalog_lookup (catalog_for (page->lang), msgid);
}

/* @msgid holds one "%s" or "%d": the translation with @value in its place.
 * A translation with another conversion falls back to English rather than
 * reaching printf. */
static char *
tr_format (Page       *page,
           const char *msgid,
           const char *value)
{
  const char *text = tr (page, msgid);
  const char *mark = strchr (msgid, '%');
  const char *at = strchr (text, '%');

  g_assert (mark != NULL);
  if (at == NULL || at[1] != mark[1] || strchr (at + 1, '%') != NULL)
    {
      text = msgid;
      at = mark;
    }
  return g_strdup_printf ("%.*s%s%s", (int) (at - text), text, value, at + 2);
}

static void
append_escaped (GString    *html,
                const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text != NULL ? text : "", -1);

  g_string_append (html, escaped);
}

/* Language ------------------------------------------------------------------------ */

static Lang
choose_language (HdRequest *req)
{
  const char *asked = req->query != NULL ? g_hash_table_lookup (req->query, "lang") : NULL;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  const char *accept = soup_message_headers_get_one (headers, "Accept-Language");
  GSList *preferred;
  Lang lang = LANG_EN;

  if (g_strcmp0 (asked, "zh_CN") == 0)
    return LANG_ZH_CN;
  if (g_strcmp0 (asked, "en") == 0)
    return LANG_EN;
  if (accept == NULL || strlen (accept) > 1024)
    return LANG_EN;
  /* Sorted by quality, q=0 left out. */
  preferred = soup_header_parse_quality_list (accept, NULL);
  if (preferred != NULL && g_ascii_strncasecmp (preferred->data, "zh", 2) == 0)
    lang = LANG_ZH_CN;
  g_slist_free_full (preferred, g_free);
  return lang;
}

/* HTML ------------------------------------------------------------------------------ */

static const char page_style[] =
  ":root{color-scheme:light dark;--bg:#fafafa;--fg:#1e1e1e;--card:#fff;--line:#d0d0d0;"
  "--accent:#1c71d8;--accent-fg:#fff;--muted:#5e5c64;--error:#c01c28}"
  "@media (prefers-color-scheme:dark){:root{--bg:#1e1e1e;--fg:#f6f5f4;--card:#2d2d2d;"
  "--line:#4a4a4a;--accent:#78aeed;--accent-fg:#1e1e1e;--muted:#c0bfbc;--error:#ff7b63}}"
  "*{box-sizing:border-box}"
  "body{margin:0;background:var(--bg);color:var(--fg);font:17px/1.5 system-ui,-apple-system,"
  "'Segoe UI','Noto Sans CJK SC','PingFang SC','Microsoft YaHei',sans-serif}"
  "main{max-width:34rem;margin:0 auto;padding:1.25rem 1rem 2rem}"
  ".card{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:1.25rem}"
  "h1{font-size:1.35rem;margin:0 0 .25rem}"
  ".ticket{color:var(--muted);margin:0 0 1rem}"
  "fieldset{border:0;margin:0 0 1rem;padding:0}"
  "legend{font-weight:600;margin-bottom:.5rem;padding:0}"
  ".choice{display:flex;align-items:center;gap:.75rem;min-height:3rem;padding:.5rem .75rem;"
  "margin:.4rem 0;border:1px solid var(--line);border-radius:8px;cursor:pointer}"
  ".choice input{width:1.3rem;height:1.3rem;margin:0;accent-color:var(--accent)}"
  "label.comment{display:block;font-weight:600;margin-bottom:.4rem}"
  "textarea{width:100%;min-height:7rem;font:inherit;color:inherit;background:var(--bg);"
  "border:1px solid var(--line);border-radius:8px;padding:.6rem}"
  "button{margin-top:1rem;width:100%;min-height:3rem;font:inherit;font-weight:600;"
  "border:0;border-radius:8px;background:var(--accent);color:var(--accent-fg);cursor:pointer}"
  ":focus-visible{outline:3px solid var(--accent);outline-offset:2px}"
  ".error{color:var(--error);font-weight:600}"
  ".lang{text-align:right;margin:0 0 .75rem}"
  "a{color:var(--accent)}";

static void
begin_page (Page       *page,
            const char *title)
{
  GString *html = page->html;

  g_string_append_printf (html, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
                          "<meta charset=\"utf-8\">\n"
                          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                          "<meta name=\"robots\" content=\"noindex, nofollow\">\n<title>",
                          page->lang == LANG_ZH_CN ? "zh-CN" : "en");
  append_escaped (html, title);
  g_string_append_printf (html, "</title>\n<style>%s</style>\n</head>\n<body>\n<main>\n",
                          page_style);

  /* The switch names each language in itself (autonyms, not translated). */
  if (page->token != NULL)
    g_string_append_printf (html, "<p class=\"lang\"><a href=\"%s?lang=%s\" lang=\"%s\">%s</a></p>\n",
                            page->token, page->lang == LANG_ZH_CN ? "en" : "zh_CN",
                            page->lang == LANG_ZH_CN ? "en" : "zh-CN",
                            page->lang == LANG_ZH_CN ? "English" : "中文");
  g_string_append (html, "<div class=\"card\">\n<h1>");
  append_escaped (html, title);
  g_string_append (html, "</h1>\n");
}

static void
end_page (Page *page)
{
  g_string_append (page->html, "</div>\n</main>\n</body>\n</html>\n");
}

static void
append_ticket (Page       *page,
               const char *number)
{
  g_autofree char *line = NULL;

  if (number == NULL)
    return;
  line = tr_format (page, N_("Ticket %s"), number);
  g_string_append (page->html, "<p class=\"ticket\">");
  append_escaped (page->html, line);
  g_string_append (page->html, "</p>\n");
}

static void
append_form (Page       *page,
             const char *error,
             const char *comment)
{
  static const struct { HdSatisfaction rating; const char *label; } answers[] = {
    { HD_SATISFACTION_VERY_SATISFIED, N_("Very Satisfied") },
    { HD_SATISFACTION_SATISFIED,      N_("Satisfied") },
    { HD_SATISFACTION_NEUTRAL,        N_("Neutral") },
    /* Translators: a satisfaction survey answer */
    { HD_SATISFACTION_DISSATISFIED,   N_("Not Satisfied") },
  };
  GString *html = page->html;

  /* Relative to /survey/: works behind a proxy that adds a path prefix. */
  g_string_append_printf (html, "<form method=\"post\" action=\"%s?lang=%s\" "
                          "accept-charset=\"utf-8\">\n",
                          page->token, lang_ids[page->lang]);
  if (error != NULL)
    {
      g_string_append (html, "<p class=\"error\" role=\"alert\" id=\"error\">");
      append_escaped (html, error);
      g_string_append (html, "</p>\n");
    }
  g_string_append (html, "<fieldset");
  if (error != NULL)
    g_string_append (html, " aria-describedby=\"error\"");
  g_string_append (html, ">\n<legend>");
  append_escaped (html, tr (page, N_("How satisfied are you with how we handled your request?")));
  g_string_append (html, "</legend>\n");
  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      const char *id = hd_satisfaction_to_id (answers[i].rating);

      g_string_append_printf (html, "<label class=\"choice\"><input type=\"radio\" name=\"rating\" "
                              "value=\"%s\"%s> ", id, i == 0 ? " required" : "");
      append_escaped (html, tr (page, answers[i].label));
      g_string_append (html, "</label>\n");
    }
  g_string_append (html, "</fieldset>\n<label class=\"comment\" for=\"comment\">");
  append_escaped (html, tr (page, N_("Comment (optional)")));
  g_string_append_printf (html, "</label>\n<textarea id=\"comment\" name=\"comment\" "
                          "maxlength=\"%d\" rows=\"4\">", HD_SURVEY_MAX_COMMENT);
  append_escaped (html, comment);
  g_string_append (html, "</textarea>\n<button type=\"submit\">");
  append_escaped (html, tr (page, N_("Send")));
  g_string_append (html, "</button>\n</form>\n");
}

static void
append_message (Page       *page,
                const char *message)
{
  g_string_append (page->html, "<p>");
  append_escaped (page->html, message);
  g_string_append (page->html, "</p>\n");
}

static void
reply_page (Page *page,
            guint status)
{
  SoupServerMessage *msg = page->req->msg;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  gsize length = page->html->len;

  page->req->replied = TRUE;
  soup_message_headers_replace (headers, "Content-Security-Policy",
                                "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
  soup_message_headers_replace (headers, "X-Frame-Options", "DENY");
  soup_message_headers_replace (headers, "Referrer-Policy", "no-referrer");
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  soup_message_headers_replace (headers, "Content-Language",
                                page->lang == LANG_ZH_CN ? "zh-CN" : "en");
  soup_message_headers_replace (headers, "Vary", "Accept-Language");
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_TAKE,
                                    g_string_free (g_steal_pointer (&page->html), FALSE), length);
}

/* A page with a title and one message. */
static void
reply_message (Page       *page,
               guint       status,
               const char *title,
               const char *message,
               const char *number)
{
  begin_page (page, tr (page, title));
  append_ticket (page, number);
  append_message (page, tr (page, message));
  end_page (page);
  reply_page (page, status);
}

static void
reply_not_found (Page *page)
{
  /* No token on a page about an unknown one: no link back to it. */
  page->token = NULL;
  reply_message (page, SOUP_STATUS_NOT_FOUND, N_("Survey not found"),
                 N_("This survey link is not valid. Please check that you copied all of it."),
                 NULL);
}

static void
reply_already (Page       *page,
               guint       status,
               const char *number)
{
  reply_message (page, status, N_("Thank you"),
                 N_("You have already answered this survey — thank you."), number);
}

static void
reply_closed (Page       *page,
              guint       status,
              const char *number)
{
  reply_message (page, status, N_("This survey is closed"),
                 N_("This ticket is no longer waiting for your answer. If you still need help, "
                    "please contact us again."), number);
}

static void
reply_unavailable (Page *page)
{
  reply_message (page, SOUP_STATUS_SERVICE_UNAVAILABLE, N_("Please try again later"),
                 N_("Your answer could not be saved just now. Please try again in a few minutes."),
                 NULL);
}

static void
reply_form (Page       *page,
            guint       status,
            const char *number,
            const char *error,
            const char *comment)
{
  begin_page (page, tr (page, N_("Customer satisfaction survey")));
  append_ticket (page, number);
  append_form (page, error, comment);
  end_page (page);
  reply_page (page, status);
}

/* Handlers ---------------------------------------------------------------------------- */

/* The survey of @token and its ticket's number and status; FALSE on a
 * storage failure. *survey is NULL when there is no such survey. */
static gboolean
lookup (HdServerStorage *storage,
        const char      *token,
        HdSurvey       **survey,
        char           **number,
        HdStatus        *status,
        GError         **error)
{
  g_autoptr(HdServerTicket) ticket = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(HdSurvey) found = NULL;

  *survey = NULL;
  found = storage->vtable->survey_get_by_token (storage, token, error);
  if (found == NULL)
    return *error == NULL;
  ticket = storage->vtable->ticket_get (storage, found->ticket_uuid, error);
  if (ticket == NULL)
    return *error == NULL;
  *status = HD_STATUS_PENDING;
  if (json_parser_load_from_data (parser, ticket->data, -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      JsonObject *data = json_node_get_object (json_parser_get_root (parser));
      JsonNode *node = json_object_get_member (data, "status");

      if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
          json_node_get_value_type (node) == G_TYPE_STRING)
        hd_status_from_id (json_node_get_string (node), status);
    }
  *number = g_strdup (ticket->number);
  *survey = g_steal_pointer (&found);
  return TRUE;
}

/* GET and HEAD: reads only, whatever the query holds. */
static void
show_survey (Page *page)
{
  HdServerStorage *storage = page->req->server->storage;
  g_autoptr(HdSurvey) survey = NULL;
  g_autofree char *number = NULL;
  g_autoptr(GError) error = NULL;
  HdStatus status = HD_STATUS_PENDING;

  if (!lookup (storage, page->token, &survey, &number, &status, &error))
    {
      g_warning ("Survey page: %s", error->message);
      reply_unavailable (page);
    }
  else if (survey == NULL)
    reply_not_found (page);
  else if (survey->answered_at != 0)
    reply_already (page, SOUP_STATUS_OK, number);
  else if (status != HD_STATUS_AWAITING_FEEDBACK)
    reply_closed (page, SOUP_STATUS_OK, number);
  else
    reply_form (page, SOUP_STATUS_OK, number, NULL, NULL);
}

static void
answer_survey (Page *page)
{
  HdServerStorage *storage = page->req->server->storage;
  g_autoptr(GBytes) body = hd_request_get_body (page->req);
  g_autofree char *text = NULL;
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(HdSurvey) survey = NULL;
  g_autofree char *number = NULL;
  g_autoptr(GError) error = NULL;
  HdSatisfaction rating = HD_SATISFACTION_NONE;
  HdServerSurveyOutcome outcome;
  HdStatus status = HD_STATUS_PENDING;
  const char *rating_id, *comment;
  const char *form_error = NULL;
  g_autofree char *too_long = NULL;
  gsize length;
  const char *data = g_bytes_get_data (body, &length);

  if (!lookup (storage, page->token, &survey, &number, &status, &error))
    {
      g_warning ("Survey page: %s", error->message);
      reply_unavailable (page);
      return;
    }
  if (survey == NULL)
    {
      reply_not_found (page);
      return;
    }

  text = g_strndup (data != NULL ? data : "", length);
  form = soup_form_decode (text);
  rating_id = g_hash_table_lookup (form, "rating");
  comment = g_hash_table_lookup (form, "comment");
  if (comment != NULL && !g_utf8_validate (comment, -1, NULL))
    comment = NULL;

  if (rating_id == NULL || !hd_satisfaction_from_id (rating_id, &rating) ||
      rating == HD_SATISFACTION_NONE)
    form_error = tr (page, N_("Please choose one of the answers."));
  else if (comment != NULL && strlen (comment) > HD_SURVEY_MAX_COMMENT)
    {
      g_autofree char *limit = g_strdup_printf ("%d", HD_SURVEY_MAX_COMMENT);

      too_long = tr_format (page, N_("The comment is too long (at most %d bytes)"), limit);
      form_error = too_long;
    }
  if (form_error != NULL && survey->answered_at == 0 && status == HD_STATUS_AWAITING_FEEDBACK)
    {
      reply_form (page, SOUP_STATUS_BAD_REQUEST, number, form_error, comment);
      return;
    }

  if (!hd_server_survey_answer_web (storage, page->token, rating, comment, hd_server_now (),
                                    &outcome, &error))
    {
      g_warning ("Survey answer not stored: %s", error->message);
      reply_unavailable (page);
      return;
    }
  switch (outcome)
    {
    case HD_SERVER_SURVEY_ANSWERED:
      g_info ("Survey %s answered on the web", survey->uuid);
      reply_message (page, SOUP_STATUS_OK, N_("Thank you"),
                     N_("Thank you! Your answer has been recorded."), number);
      break;
    case HD_SERVER_SURVEY_UNKNOWN:
      reply_not_found (page);
      break;
    case HD_SERVER_SURVEY_ALREADY:
      reply_already (page, SOUP_STATUS_CONFLICT, number);
      break;
    case HD_SERVER_SURVEY_CLOSED:
      reply_closed (page, SOUP_STATUS_CONFLICT, number);
      break;
    case HD_SERVER_SURVEY_INVALID:
    default:
      reply_form (page, SOUP_STATUS_BAD_REQUEST, number,
                  tr (page, N_("Please choose one of the answers.")), comment);
      break;
    }
}

static void
handle_survey (SoupServer        *soup,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  HdRequest req = { user_data, msg, soup_server_message_get_method (msg), path };
  Page page = { &req, LANG_EN, NULL, g_string_new (NULL) };
  const char *token;

  /* A 413/411 set by the early handler stands. */
  if (soup_server_message_get_status (msg) != 0)
    {
      g_string_free (page.html, TRUE);
      return;
    }
  req.query = query;
  page.lang = choose_language (&req);

  token = g_str_has_prefix (path, PAGE_PREFIX) ? path + strlen (PAGE_PREFIX) : "";
  /* The token's shape is checked before storage sees it. */
  if (!hd_survey_token_is_valid (token))
    reply_not_found (&page);
  else
    {
      page.token = token;
      if (g_str_equal (req.method, "GET") || g_str_equal (req.method, "HEAD"))
        show_survey (&page);
      else if (g_str_equal (req.method, "POST"))
        answer_survey (&page);
      else
        {
          soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                        "Allow", "GET, HEAD, POST");
          reply_message (&page, SOUP_STATUS_METHOD_NOT_ALLOWED, N_("Survey"),
                         N_("Please open the survey link in a web browser."), NULL);
        }
    }
  if (page.html != NULL)
    g_string_free (page.html, TRUE);
  /* The token is the customer's key: never in the log. */
  req.path = PAGE_PREFIX "TOKEN";
  hd_request_log (&req);
}

/* Bodies are bounded from their headers, before libsoup reads them. */
static void
handle_survey_early (SoupServer        *soup,
                     SoupServerMessage *msg,
                     const char        *path,
                     GHashTable        *query,
                     gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupEncoding encoding = soup_message_headers_get_encoding (headers);
  HdRequest req = { user_data, msg, soup_server_message_get_method (msg), path };
  Page page = { &req, LANG_EN, NULL, g_string_new (NULL) };
  guint status = 0;

  req.query = query;
  if (encoding == SOUP_ENCODING_CHUNKED || encoding == SOUP_ENCODING_EOF ||
      encoding == SOUP_ENCODING_BYTERANGES)
    status = SOUP_STATUS_LENGTH_REQUIRED;
  else if (encoding == SOUP_ENCODING_CONTENT_LENGTH &&
           soup_message_headers_get_content_length (headers) > PAGE_MAX_BODY)
    status = SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE;

  if (status != 0)
    {
      page.lang = choose_language (&req);
      soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
      reply_message (&page, status, N_("Your answer is too long"),
                     N_("Please shorten your comment and send it again."), NULL);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Connection", "close");
    }
  if (page.html != NULL)
    g_string_free (page.html, TRUE);
}

void
hd_server_survey_page_register (HdServer   *server,
                                SoupServer *soup)
{
  soup_server_add_early_handler (soup, "/survey", handle_survey_early, server, NULL);
  soup_server_add_handler (soup, "/survey", handle_survey, server, NULL);
}
