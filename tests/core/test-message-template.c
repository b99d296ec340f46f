/* test-message-template.c: cancellation messages, their placeholders and storage
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "inv-test-tmpdir.h"

#include <glib.h>
#include <string.h>

#include "inv-message-template.h"

/* 2026-11-22T09:30:00Z, a Sunday. */
#define INTERVIEW_TIME G_GINT64_CONSTANT (1795339800)

static InvDatabase *
open_fixture (void)
{
  static guint serial = 0;
  g_autofree char *name = g_strdup_printf ("messages-%u.db", ++serial);
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), name, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  InvDatabase *database;

  database = inv_database_open (path, &error);
  g_assert_no_error (error);

  sql = g_strdup_printf (
    "INSERT INTO templates (id, name, interview_type) VALUES"
    "  (1, 'Backend Engineer', 'automated'), (2, 'Team Lead', 'live');"
    "INSERT INTO candidates (id, first_name, last_name, email, email_key, created_at)"
    "  VALUES (1, 'Zoë', 'Müller', 'zoe@example.org', 'zoe@example.org', 0);"
    "INSERT INTO invitations (id, template_id, candidate_id, candidate_name, email, status,"
    "  sent_at, expires_at, scheduled_at, updated_at) VALUES"
    "  (1, 1, 1, 'Zoë Müller', 'zoe@example.org', 'pending', 0, %" G_GINT64_FORMAT ", NULL, 0),"
    "  (2, 2, 1, 'Zoë Müller', 'zoe@example.org', 'pending', 0, NULL, %" G_GINT64_FORMAT ", 0);",
    INTERVIEW_TIME + 86400, INTERVIEW_TIME);
  g_assert_true (inv_database_exec (database, sql, &error));
  g_assert_no_error (error);

  return database;
}

static void
test_default (void)
{
  const char *text = inv_message_template_get_default ();
  g_autofree char *rendered = NULL;
  g_autoptr(GError) error = NULL;
  InvMessageValues values = {
    .first_name = "Zoë",
    .candidate_name = "Zoë Müller",
    .position = "Backend Engineer",
    .company = "Acme",
    .signature = "Ada Lovelace\nHead of Hiring",
    .is_live = TRUE,
    .scheduled_at = INTERVIEW_TIME,
    .reason = INV_CANCEL_REASON_POSITION_FILLED,
  };

  /* The default passes its own check, and uses the placeholders that matter. */
  g_assert_true (inv_message_template_validate (text, NULL, &error));
  g_assert_no_error (error);
  for (const char *name = "first_name\0position\0company\0appointment\0reason\0note\0signature\0"; *name; name += strlen (name) + 1)
    {
      g_autofree char *placeholder = g_strdup_printf ("{%s}", name);
      g_assert_nonnull (strstr (text, placeholder));
    }

  rendered = inv_message_template_render (text, &values);
  g_test_message ("%s", rendered);
  g_assert_true (g_str_has_prefix (rendered, "Dear Zoë,\n"));
  /* Thanks, a definitive cancellation, the reason, staying in touch, a sign-off. */
  g_assert_nonnull (strstr (rendered, "Thank you for your interest in the Backend Engineer role at Acme"));
  g_assert_nonnull (strstr (rendered, "we have cancelled your interview on Sunday, November 22, 2026 at 09:30."));
  g_assert_nonnull (strstr (rendered, "The position has now been filled.\n\nWe would be glad"));
  g_assert_nonnull (strstr (rendered, "stay in touch"));
  /* The sender's signature ends it; the note that was not written leaves no gap. */
  g_assert_true (g_str_has_suffix (rendered, "Kind regards,\nAda Lovelace\nHead of Hiring"));
  g_assert_null (strstr (rendered, "\n\n\n"));
  g_assert_null (strchr (rendered, '{'));
}

static void
test_render (void)
{
  InvMessageValues values = { .first_name = "Jo", .is_live = TRUE, .reason = INV_CANCEL_REASON_CANDIDATE_WITHDREW };
  g_autofree char *plain = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *unknown = NULL;

  plain = inv_message_template_render ("{first_name}{first_name} {} {not closed {a b} {reason}", &values);
  g_assert_cmpstr (plain, ==,
                   "JoJo {} {not closed {a b} As you let us know, you have withdrawn from the process, "
                   "and we respect your decision.");

  /* Values that are not known stay visible as placeholders, never an invented
   * stand-in ("our company", "the agreed date"): such a message is refused. */
  missing = inv_message_template_render ("{company}|{date}|{time}|{position}|{signature}", &values);
  g_assert_cmpstr (missing, ==, "{company}|{date}|{time}||{signature}");

  /* An unknown placeholder stays visible rather than vanishing. */
  unknown = inv_message_template_render ("Hi {frist_name}", &values);
  g_assert_cmpstr (unknown, ==, "Hi {frist_name}");
}

static void
test_validate (void)
{
  g_auto(GStrv) unknown = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (inv_message_template_validate ("Hello {candidate_name}, {company} {date} {time}", &unknown, &error));
  g_assert_no_error (error);
  g_assert_null (unknown);

  /* Braces that are not placeholders are ordinary text. */
  g_assert_true (inv_message_template_validate ("{} { spaced } {a b}", NULL, &error));
  g_assert_no_error (error);

  g_assert_false (inv_message_template_validate ("Dear {frist_name}, {Reason} {frist_name} {reason}", &unknown, &error));
  g_assert_error (error, INV_MESSAGE_TEMPLATE_ERROR, INV_MESSAGE_TEMPLATE_ERROR_UNKNOWN_PLACEHOLDER);
  g_assert_nonnull (unknown);
  g_assert_cmpuint (g_strv_length (unknown), ==, 2);
  g_assert_cmpstr (unknown[0], ==, "frist_name");
  g_assert_cmpstr (unknown[1], ==, "Reason");
  g_assert_nonnull (strstr (error->message, "{frist_name}, {Reason}"));
  g_assert_nonnull (strstr (error->message, "{first_name}"));
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  g_assert_false (inv_message_template_validate (" \n\t ", NULL, &error));
  g_assert_error (error, INV_MESSAGE_TEMPLATE_ERROR, INV_MESSAGE_TEMPLATE_ERROR_EMPTY);
  g_clear_error (&error);
  g_assert_false (inv_message_template_validate (NULL, NULL, &error));
  g_assert_error (error, INV_MESSAGE_TEMPLATE_ERROR, INV_MESSAGE_TEMPLATE_ERROR_EMPTY);
}

static void
test_save_and_load (void)
{
  g_autoptr(InvDatabase) database = open_fixture ();
  g_autoptr(GError) error = NULL;
  gboolean is_default = FALSE;
  char *text;

  text = inv_message_template_load (database, 1, &is_default, &error);
  g_assert_no_error (error);
  g_assert_true (is_default);
  g_assert_cmpstr (text, ==, inv_message_template_get_default ());
  g_free (text);

  g_assert_true (inv_message_template_save (database, 1, "Hi {first_name}. {reason}", &error));
  g_assert_no_error (error);
  text = inv_message_template_load (database, 1, &is_default, &error);
  g_assert_false (is_default);
  g_assert_cmpstr (text, ==, "Hi {first_name}. {reason}");
  g_free (text);

  /* Refused: unknown placeholder; what was stored stays. */
  g_assert_false (inv_message_template_save (database, 1, "Hi {name}", &error));
  g_assert_error (error, INV_MESSAGE_TEMPLATE_ERROR, INV_MESSAGE_TEMPLATE_ERROR_UNKNOWN_PLACEHOLDER);
  g_clear_error (&error);
  text = inv_message_template_load (database, 1, NULL, &error);
  g_assert_cmpstr (text, ==, "Hi {first_name}. {reason}");
  g_free (text);

  /* Each template has its own. */
  text = inv_message_template_load (database, 2, &is_default, &error);
  g_assert_true (is_default);
  g_free (text);

  /* The default text itself is stored as "the default", and NULL resets. */
  g_assert_true (inv_message_template_save (database, 2, inv_message_template_get_default (), &error));
  text = inv_message_template_load (database, 2, &is_default, &error);
  g_assert_true (is_default);
  g_free (text);
  g_assert_true (inv_message_template_save (database, 1, NULL, &error));
  text = inv_message_template_load (database, 1, &is_default, &error);
  g_assert_true (is_default);
  g_free (text);

  g_assert_false (inv_message_template_save (database, 99, "Hi", &error));
  g_assert_error (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (inv_message_template_load (database, 99, NULL, &error));
  g_assert_error (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_NOT_FOUND);
}

static void
test_render_for_invitation (void)
{
  g_autoptr(InvDatabase) database = open_fixture ();
  g_autoptr(GError) error = NULL;
  g_autofree char *automated = NULL;
  g_autofree char *live = NULL;
  g_autofree char *custom = NULL;
  g_autofree char *company = NULL;

  g_assert_true (inv_message_template_set_company (database, "  Acme Corp ", &error));
  company = inv_message_template_get_company (database);
  g_assert_cmpstr (company, ==, "Acme Corp");

  {
    g_autofree char *signature = NULL;

    g_assert_true (inv_message_template_set_signature (database, "\n  Ada Lovelace\nHead of Hiring  \n", &error));
    signature = inv_message_template_get_signature (database);
    g_assert_cmpstr (signature, ==, "Ada Lovelace\nHead of Hiring");
    g_assert_true (inv_message_template_set_signature (database, "   ", &error));
    g_clear_pointer (&signature, g_free);
    signature = inv_message_template_get_signature (database);
    g_assert_null (signature);
  }

  /* No signature set: the default ends with {signature}, so it is refused. */
  g_assert_null (inv_message_template_render_for_invitation (database, 1, INV_CANCEL_REASON_PIPELINE_CLEANUP,
                                                             NULL, &error));
  g_assert_error (error, INV_MESSAGE_TEMPLATE_ERROR, INV_MESSAGE_TEMPLATE_ERROR_MISSING_SETTING);
  g_assert_nonnull (strstr (error->message, "sender signature"));
  g_clear_error (&error);
  g_assert_true (inv_message_template_set_signature (database, "Ada", &error));

  /* An assessment: the assessment and its deadline, not an appointment. */
  automated = inv_message_template_render_for_invitation (database, 1, INV_CANCEL_REASON_PIPELINE_CLEANUP,
                                                          NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (automated, "Dear Zoë,"));
  g_assert_nonnull (strstr (automated, "Backend Engineer role at Acme Corp"));
  g_assert_nonnull (strstr (automated, "cancelled your invitation to the assessment, which was open until Monday, November 23, 2026."));
  g_assert_null (strstr (automated, "09:30"));
  g_assert_nonnull (strstr (automated, "We are closing this round of our hiring process."));
  g_assert_true (g_str_has_suffix (automated, "Kind regards,\nAda"));

  /* A live one: its scheduled time, and the template's own message. */
  g_assert_true (inv_message_template_save (database, 2, "{candidate_name}: {position}, {date} {time}", &error));
  live = inv_message_template_render_for_invitation (database, 2, INV_CANCEL_REASON_OTHER, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (live, ==, "Zoë Müller: Team Lead, Sunday, November 22, 2026 09:30");

  custom = inv_message_template_render_for_invitation (database, 2, INV_CANCEL_REASON_OTHER,
                                                       "Bye {first_name}", &error);
  g_assert_cmpstr (custom, ==, "Bye Zoë");

  g_assert_null (inv_message_template_render_for_invitation (database, 42, INV_CANCEL_REASON_OTHER, NULL, &error));
  g_assert_error (error, INV_DATABASE_ERROR, INV_DATABASE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* No company: refused, naming the setting. */
  g_assert_true (inv_message_template_set_company (database, NULL, &error));
  g_assert_null (inv_message_template_render_for_invitation (database, 1, INV_CANCEL_REASON_OTHER,
                                                             "{company}", &error));
  g_assert_error (error, INV_MESSAGE_TEMPLATE_ERROR, INV_MESSAGE_TEMPLATE_ERROR_MISSING_SETTING);
  g_assert_nonnull (strstr (error->message, "company name"));
  g_assert_cmpint (inv_message_template_get_missing (database, NULL), ==, INV_MESSAGE_SETTING_COMPANY);
  g_assert_cmpint (inv_message_template_get_missing (database, "Hi"), ==, INV_MESSAGE_SETTING_NONE);
}

/* The sentence of what is cancelled differs by kind of interview, and never makes up
 * a date. */
static void
test_appointment (void)
{
  InvMessageValues values = { .position = "Team Lead", .company = "Acme" };
  const char *text = "We cancelled {appointment}.";
  g_autofree char *live = NULL;
  g_autofree char *unscheduled = NULL;
  g_autofree char *assessment = NULL;
  g_autofree char *open_ended = NULL;
  g_autofree char *live_subject = NULL;
  g_autofree char *assessment_subject = NULL;

  values.is_live = TRUE;
  values.scheduled_at = INTERVIEW_TIME;
  values.deadline = INTERVIEW_TIME + 86400;
  live = inv_message_template_render (text, &values);
  g_assert_cmpstr (live, ==, "We cancelled your interview on Sunday, November 22, 2026 at 09:30.");
  live_subject = inv_message_template_render_subject (&values);
  g_assert_cmpstr (live_subject, ==, "Your interview for Team Lead at Acme is cancelled");

  values.scheduled_at = 0;
  unscheduled = inv_message_template_render (text, &values);
  g_assert_cmpstr (unscheduled, ==, "We cancelled your interview invitation.");

  values.is_live = FALSE;
  assessment = inv_message_template_render (text, &values);
  g_assert_cmpstr (assessment, ==, "We cancelled your invitation to the assessment, which was open until Monday, November 23, 2026.");
  assessment_subject = inv_message_template_render_subject (&values);
  g_assert_cmpstr (assessment_subject, ==, "Your assessment for Team Lead at Acme is cancelled");

  values.deadline = 0;
  open_ended = inv_message_template_render (text, &values);
  g_assert_cmpstr (open_ended, ==, "We cancelled your invitation to the assessment.");
}

/* A time no calendar can show (a corrupt value far in the future, or the last second
 * of year 9999 in a zone east of UTC, which is year 10000 there) is no time: the message
 * says so rather than "(null)", and {date} and {time} stay unfilled. */
static void
test_appointment_beyond_the_calendar (void)
{
  g_autoptr(GTimeZone) east = g_time_zone_new_offset (14 * 3600);
  const char *text = "We cancelled {appointment}. {date} {time}";
  const gint64 last_second = 253402300799;  /* 9999-12-31 23:59:59 UTC */
  const gint64 times[] = { G_MAXINT64, G_MAXINT64 / 1000000, last_second };

  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      InvMessageValues values = { .position = "Team Lead", .time_zone = east };
      g_autofree char *live = NULL;
      g_autofree char *assessment = NULL;

      values.is_live = TRUE;
      values.scheduled_at = times[i];
      live = inv_message_template_render (text, &values);
      g_assert_cmpstr (live, ==, "We cancelled your interview invitation. {date} {time}");

      values.is_live = FALSE;
      values.scheduled_at = 0;
      values.deadline = times[i];
      assessment = inv_message_template_render (text, &values);
      g_assert_cmpstr (assessment, ==, "We cancelled your invitation to the assessment. {date} {time}");
    }
}

static void
test_note (void)
{
  g_autofree char *at_placeholder = NULL;
  g_autofree char *before_closing = NULL;
  g_autofree char *none = NULL;
  g_autofree char *blank = NULL;

  at_placeholder = inv_message_template_add_note ("Hi\n\n{note}\n\nBye", "  See you in spring. ");
  g_assert_cmpstr (at_placeholder, ==, "Hi\n\nSee you in spring.\n\nBye");

  /* An older text without {note}: before the sign-off. */
  before_closing = inv_message_template_add_note ("Hi\n\nSorry.\n\nRegards,\nAda", "A note");
  g_assert_cmpstr (before_closing, ==, "Hi\n\nSorry.\n\nA note\n\nRegards,\nAda");

  none = inv_message_template_add_note ("Hi {note}", NULL);
  g_assert_cmpstr (none, ==, "Hi {note}");
  blank = inv_message_template_add_note ("Hi", "   ");
  g_assert_cmpstr (blank, ==, "Hi");
}

static void
test_render_email (void)
{
  g_autoptr(InvDatabase) database = open_fixture ();
  g_autoptr(GError) error = NULL;
  g_autoptr(InvCancelEmail) unset = NULL;
  g_autoptr(InvCancelEmail) email = NULL;

  g_assert_true (inv_database_exec (database,
                                    "INSERT INTO interviewers (template_id, name, email) VALUES"
                                    "  (2, 'Ada Admin', 'ada@corp.example'), (2, 'Bo Boss', 'bo@corp.example')",
                                    &error));

  /* Unset settings stay visible in a preview, and are listed. */
  unset = inv_message_template_render_email (database, 2, INV_CANCEL_REASON_NOT_STATED, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (unset->unfilled), ==, 2);
  g_assert_cmpstr (unset->unfilled[0], ==, "company");
  g_assert_cmpstr (unset->unfilled[1], ==, "signature");

  g_assert_true (inv_message_template_set_company (database, "Acme", &error));
  g_assert_true (inv_message_template_set_signature (database, "Ada", &error));
  email = inv_message_template_render_email (database, 2, INV_CANCEL_REASON_NOT_STATED, NULL,
                                             "We will call you.", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (email->email, ==, "zoe@example.org");
  g_assert_cmpstr (email->candidate_name, ==, "Zoë Müller");
  g_assert_cmpstr (email->subject, ==, "Your interview for Team Lead at Acme is cancelled");
  g_assert_nonnull (strstr (email->body, "your interview on Sunday, November 22, 2026 at 09:30"));
  g_assert_nonnull (strstr (email->body, "\n\nWe will call you.\n\n"));
  /* No reason stated: no sentence, and no empty paragraph. */
  g_assert_null (strstr (email->body, "\n\n\n"));
  g_assert_cmpuint (g_strv_length (email->unfilled), ==, 0);
  g_assert_cmpuint (g_strv_length (email->interviewers), ==, 2);
  g_assert_cmpstr (email->interviewers[0], ==, "Ada Admin <ada@corp.example>");
}

int
main (int   argc,
      char *argv[])
{
  char *tmpdir = inv_test_make_tmpdir ();
  int status;

  /* Dates in messages are local times: make them predictable. */
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/message-template/default", test_default);
  g_test_add_func ("/message-template/render", test_render);
  g_test_add_func ("/message-template/validate", test_validate);
  g_test_add_func ("/message-template/save-and-load", test_save_and_load);
  g_test_add_func ("/message-template/render-for-invitation", test_render_for_invitation);
  g_test_add_func ("/message-template/appointment", test_appointment);
  g_test_add_func ("/message-template/appointment-beyond-the-calendar", test_appointment_beyond_the_calendar);
  g_test_add_func ("/message-template/note", test_note);
  g_test_add_func ("/message-template/render-email", test_render_email);

  status = g_test_run ();
  inv_test_remove_tmpdir (tmpdir);

  return status;
}
