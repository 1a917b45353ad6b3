/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-ticket-validation"

#include "config.h"

#include <stdio.h>
#include <glib/gi18n-lib.h>

#include "hd-attachment-store.h"
#include "hd-priority.h"
#include "hd-ticket-validation.h"

/* Stock phrases that say nothing without context (SPEC R1.4). */
static const char * const vague_phrases[] = {
  "无法登录", "登录不了", "不能用", "用不了", "出问题了", "有问题", "打不开", "没反应", "报错",
  "can't log in", "cannot log in", "can't login", "doesn't work", "not working", "it's broken",
  "error", "help", "broken",
};

void
hd_field_problem_free (HdFieldProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->field);
  g_free (problem->message);
  g_free (problem);
}

static void
add_problem (GPtrArray  *problems,
             const char *field,
             char       *message)
{
  HdFieldProblem *problem = g_new0 (HdFieldProblem, 1);

  problem->field = g_strdup (field);
  problem->message = message;
  g_ptr_array_add (problems, problem);
}

const HdFieldProblem *
hd_field_problems_find (GPtrArray  *problems,
                        const char *field)
{
  g_return_val_if_fail (field != NULL, NULL);

  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      const HdFieldProblem *problem = g_ptr_array_index (problems, i);
      if (g_str_equal (problem->field, field))
        return problem;
    }
  return NULL;
}

static gboolean
is_blank (const char *text)
{
  for (; text != NULL && *text != '\0'; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;
  return TRUE;
}

/* Letters and digits only, case-folded: "Can't log in." ~ "cant log in". */
static char *
fold_core (const char *text)
{
  g_autofree char *folded = g_utf8_casefold (text, -1);
  GString *core = g_string_new (NULL);

  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (!g_unichar_ispunct (c) && !g_unichar_isspace (c))
        g_string_append_unichar (core, c);
    }
  return g_string_free (core, FALSE);
}

gboolean
hd_ticket_description_is_vague (const char *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_autofree char *core = NULL;

  if (*stripped == '\0')
    return FALSE; /* empty is an error, not a hint */
  if (g_utf8_strlen (stripped, -1) < HD_TICKET_VAGUE_MAX_CHARS)
    return TRUE;

  core = fold_core (stripped);
  for (guint i = 0; i < G_N_ELEMENTS (vague_phrases); i++)
    {
      g_autofree char *phrase = fold_core (vague_phrases[i]);
      if (g_str_equal (core, phrase))
        return TRUE;
    }
  return FALSE;
}

GStrv
hd_ticket_split_departments (const char *text)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) parts = NULL;
  guint n = 0;

  if (text == NULL)
    return g_strv_builder_end (builder);
  parts = g_regex_split_simple ("[,，、;；]", text, 0, 0);
  for (guint i = 0; parts[i] != NULL && n < HD_TICKET_MAX_CC; i++)
    {
      g_strstrip (parts[i]);
      if (*parts[i] != '\0')
        {
          g_strv_builder_add (builder, parts[i]);
          n++;
        }
    }
  return g_strv_builder_end (builder);
}

gboolean
hd_ticket_parse_local_time (const char *text,
                            gint64     *out)
{
  g_autoptr(GDateTime) dt = NULL;
  int year, month, day, hour, minute;
  char rest;

  g_return_val_if_fail (out != NULL, FALSE);

  if (text == NULL ||
      sscanf (text, " %4d-%2d-%2d %2d:%2d %c", &year, &month, &day, &hour, &minute, &rest) != 5)
    return FALSE;
  if (year < 1970 || month < 1 || month > 12 || day < 1 || day > 31 ||
      hour < 0 || hour > 23 || minute < 0 || minute > 59)
    return FALSE;
  dt = g_date_time_new_local (year, month, day, hour, minute, 0);
  /* g_date_time_new_local() accepts 02-31 by refusing it with NULL. */
  if (dt == NULL || g_date_time_get_day_of_month (dt) != day)
    return FALSE;
  *out = g_date_time_to_unix (dt);
  return TRUE;
}

char *
hd_ticket_format_local_time (gint64 when)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (when);

  return dt != NULL ? g_date_time_format (dt, "%Y-%m-%d %H:%M") : g_strdup ("");
}

static void
check_length (GPtrArray  *problems,
              const char *field,
              const char *value,
              glong       max)
{
  if (value != NULL && g_utf8_strlen (value, -1) > max)
    add_problem (problems, field,
                 g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "Keep it under %ld character",
                                               "Keep it under %ld characters", max), max));
}

/* The intake form's bounds (hd-intake-attachments.c stops there too). A
 * list the edit leaves as stored is not checked again: what another desk
 * or the server sent stands. */
static void
check_attachments (GPtrArray *problems,
                   HdTicket  *ticket,
                   HdTicket  *stored)
{
  GListModel *list = G_LIST_MODEL (hd_ticket_get_attachments (ticket));
  guint n = g_list_model_get_n_items (list);

  if (stored != NULL && hd_attachment_lists_equal (list, G_LIST_MODEL (hd_ticket_get_attachments (stored))))
    return;
  if (n > HD_ATTACHMENT_MAX_PER_TICKET)
    {
      add_problem (problems, "attachments",
                   g_strdup_printf (_("A ticket holds at most %d attachments"), HD_ATTACHMENT_MAX_PER_TICKET));
      return;
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HdAttachment) a = g_list_model_get_item (list, i);
      const char *name = hd_attachment_get_name (a);

      if (hd_attachment_get_kind (a) == HD_ATTACHMENT_FILE)
        {
          g_autofree char *probe = hd_attachment_store_get_path ("/", hd_attachment_get_sha256 (a));
          g_autofree char *limit = g_format_size (HD_ATTACHMENT_DEFAULT_MAX_BYTES);

          if (hd_attachment_get_size (a) > HD_ATTACHMENT_DEFAULT_MAX_BYTES)
            /* Translators: a file name, then the size limit, e.g. "20.0 MB" */
            add_problem (problems, "attachments",
                         g_strdup_printf (_("“%s” is larger than the limit of %s for attachments"), name, limit));
          else if (probe == NULL || is_blank (name) || g_utf8_strlen (name, -1) > HD_ATTACHMENT_MAX_NAME)
            /* Translators: a file name */
            add_problem (problems, "attachments",
                         g_strdup_printf (_("“%s” is not a file kept on this computer: attach it again"), name ? name : ""));
          else
            continue;
          return;
        }
      if (is_blank (hd_attachment_get_text (a)))
        {
          add_problem (problems, "attachments", g_strdup (_("An order number or error code is empty")));
          return;
        }
      if (g_utf8_strlen (hd_attachment_get_text (a), -1) > HD_ATTACHMENT_MAX_TEXT)
        {
          check_length (problems, "attachments", hd_attachment_get_text (a), HD_ATTACHMENT_MAX_TEXT);
          return;
        }
    }
}

GPtrArray *
hd_ticket_validate (HdTicket   *ticket,
                    HdConfig   *config,
                    HdTicket   *stored,
                    const char *priority_reason,
                    gboolean    transfer_requested,
                    gint64      now)
{
  GPtrArray *problems;
  const char *description, *l1, *l2, *priority;
  const char *department, *transfer_contact, *transfer_note;
  const char * const *cc;

  g_return_val_if_fail (HD_IS_TICKET (ticket), NULL);
  g_return_val_if_fail (HD_IS_CONFIG (config), NULL);
  g_return_val_if_fail (stored == NULL || HD_IS_TICKET (stored), NULL);

  problems = g_ptr_array_new_with_free_func ((GDestroyNotify) hd_field_problem_free);

  check_length (problems, "customer_label", hd_ticket_get_customer_label (ticket), HD_TICKET_MAX_LABEL);
  check_length (problems, "customer_name", hd_ticket_get_customer_name (ticket), HD_TICKET_MAX_NAME);
  check_length (problems, "customer_number", hd_ticket_get_customer_number (ticket), HD_TICKET_MAX_NUMBER);
  check_length (problems, "customer_type", hd_ticket_get_customer_type (ticket), HD_TICKET_MAX_TYPE);

  if (is_blank (hd_ticket_get_contact (ticket)))
    add_problem (problems, "contact",
                 g_strdup (_("Enter how to reach the customer, as they gave it (e.g. the last four digits)")));
  else
    check_length (problems, "contact", hd_ticket_get_contact (ticket), HD_TICKET_MAX_CONTACT);

  if (hd_ticket_get_occurred_at (ticket) < 0 ||
      hd_ticket_get_occurred_at (ticket) > now + HD_TICKET_FUTURE_SLACK)
    add_problem (problems, "occurred_at", g_strdup (_("The problem cannot have happened in the future")));

  description = hd_ticket_get_description (ticket);
  if (is_blank (description))
    add_problem (problems, "description", g_strdup (_("Describe the problem")));
  else if (g_utf8_strlen (description, -1) > HD_TICKET_MAX_DESCRIPTION)
    add_problem (problems, "description",
                 g_strdup (_("The description is too long: keep it under 10 000 characters and attach the rest as a file")));

  check_attachments (problems, ticket, stored);

  l1 = hd_ticket_get_type_l1 (ticket);
  l2 = hd_ticket_get_type_l2 (ticket);
  if (l1 != NULL && *l1 != '\0' && hd_config_get_type_label (config, l1, NULL) == NULL)
    /* Translators: %s is a type id that the configuration does not know */
    add_problem (problems, "type_l1", g_strdup_printf (_("“%s” is not a type of the active configuration"), l1));
  else if (l2 != NULL && *l2 != '\0' &&
           (l1 == NULL || *l1 == '\0' || hd_config_get_type_label (config, l1, l2) == NULL))
    add_problem (problems, "type_l2",
                 g_strdup_printf (_("“%s” is not a sub-type of the chosen type"), l2));

  priority = hd_ticket_get_priority (ticket);
  if (priority != NULL && hd_config_get_priority_rank (config, priority) < 0)
    add_problem (problems, "priority",
                 g_strdup_printf (_("“%s” is not a configured priority"), priority));
  else if (priority != NULL)
    {
      const char *proposed = hd_priority_compute (config, hd_ticket_get_impact (ticket),
                                                  hd_ticket_get_urgency (ticket), NULL);
      gboolean touched = stored == NULL ||
                         g_strcmp0 (priority, hd_ticket_get_priority (stored)) != 0 ||
                         hd_ticket_get_impact (ticket) != hd_ticket_get_impact (stored) ||
                         hd_ticket_get_urgency (ticket) != hd_ticket_get_urgency (stored);

      if (touched && proposed != NULL && g_strcmp0 (priority, proposed) != 0 && is_blank (priority_reason))
        add_problem (problems, "priority",
                     g_strdup (_("Say why the priority differs from the proposed one")));
      else
        check_length (problems, "priority", priority_reason, HD_TICKET_MAX_REASON);
    }

  department = hd_ticket_get_transfer_department (ticket);
  transfer_contact = hd_ticket_get_transfer_contact (ticket);
  transfer_note = hd_ticket_get_transfer_note (ticket);
  if (is_blank (department) &&
      (transfer_requested || !is_blank (transfer_contact) || !is_blank (transfer_note)))
    add_problem (problems, "transfer_department", g_strdup (_("Name the department to transfer to")));
  else
    check_length (problems, "transfer_department", department, HD_TICKET_MAX_DEPARTMENT);
  check_length (problems, "transfer_contact", transfer_contact, HD_TICKET_MAX_CONTACT);
  check_length (problems, "transfer_note", transfer_note, HD_TICKET_MAX_NOTE);

  cc = hd_ticket_get_cc_departments (ticket);
  if (cc != NULL && g_strv_length ((char **) cc) > HD_TICKET_MAX_CC)
    add_problem (problems, "cc_departments",
                 g_strdup_printf (_("Copy at most %d departments"), HD_TICKET_MAX_CC));
  for (guint i = 0; cc != NULL && cc[i] != NULL; i++)
    if (g_utf8_strlen (cc[i], -1) > HD_TICKET_MAX_DEPARTMENT)
      {
        check_length (problems, "cc_departments", cc[i], HD_TICKET_MAX_DEPARTMENT);
        break;
      }

  return problems;
}
