/* fuzz-service-parse.c: reading the invitation service's answers under libFuzzer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The first byte of an input chooses what it is, the rest is the body (or header) as it
 * arrives from the network; each is read the way src/sync/inv-service-client.c reads
 * it, through the same entry points that take the raw bytes (src/sync/inv-service-parse.h):
 *   0  a page of GET /v3/tests: result.tests[] and totalCount
 *   1  a page of testattempts: result.testAttempts[] and totalCount
 *   2  one invitation: the invite, cancel and reattempt answers, GET /v3/invitations/{id}
 *   3  an error answer's {"message": …}
 *   4  the erase answer (any object)
 *   5  a Retry-After header
 */

#include "config.h"

#include "fuzz-common.h"
#include "inv-service-parse.h"
#include "inv-text-checks.h"

/* A refused entry is logged as a message; millions of them would only slow the run. */
static void
drop_messages (const char     *domain,
               GLogLevelFlags  level,
               const char     *message,
               gpointer        user_data)
{
  if ((level & (G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_INFO | G_LOG_LEVEL_DEBUG)) == 0)
    g_log_default_handler (domain, level, message, user_data);
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_common_init ();
  g_log_set_default_handler (drop_messages, NULL);
  return 0;
}

/* What the app may keep of any answer: one line of valid, safe text. */
static void
check_text (const char *text,
            const char *what)
{
  if (text == NULL)
    return;

  fuzz_assert (g_utf8_validate (text, -1, NULL), what);
  fuzz_assert (inv_text_find_unsafe (text) == NULL, what);
}

static void
check_invitation (const InvRemoteInvitation *invitation)
{
  fuzz_assert (invitation->id > 0, "an invitation has an id");
  check_text (invitation->name, "an invitation's name is safe text");
  check_text (invitation->email, "an invitation's email is safe text");
  check_text (invitation->status_text, "a status is safe text");
  fuzz_assert (invitation->test_url == NULL || inv_text_is_web_link (invitation->test_url),
               "a link is a web address");
}

static void
check_test (const InvRemoteTest *test)
{
  fuzz_assert (test->id > 0 && test->name != NULL, "a test has an id and a name");
  check_text (test->name, "a test's name is safe text");
  fuzz_assert (test->duration >= 0 && test->validity_days >= 0, "durations are not negative");
  for (guint i = 0; test->interviewers != NULL && i < test->interviewers->len; i++)
    {
      const InvRemotePerson *person = g_ptr_array_index (test->interviewers, i);

      check_text (person->name, "an interviewer's name is safe text");
      check_text (person->email, "an interviewer's email is safe text");
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  const char *body;
  gint64 total_count = -1;
  guint kind;

  if (size < 1)
    return 0;

  kind = data[0] % 6;
  body = (const char *)data + 1;
  size--;

  switch (kind)
    {
    case 0:
    case 1:
      {
        g_autoptr(GPtrArray) page = NULL;

        if (kind == 0)
          page = inv_service_parse_tests_page (body, size, &total_count, &error);
        else
          page = inv_service_parse_test_attempts_page (body, size, &total_count, &error);

        fuzz_assert ((page == NULL) == (error != NULL), "a page or an error");
        if (page == NULL)
          break;

        fuzz_assert (total_count >= 0, "a page's total is not negative");
        for (guint i = 0; i < page->len; i++)
          {
            if (kind == 0)
              check_test (g_ptr_array_index (page, i));
            else
              check_invitation (g_ptr_array_index (page, i));
          }
      }
      break;

    case 2:
      {
        g_autoptr(InvRemoteInvitation) invitation = NULL;

        invitation = inv_service_parse_invitation_answer (body, size, &error);
        fuzz_assert ((invitation == NULL) == (error != NULL), "an invitation or an error");
        if (invitation != NULL)
          check_invitation (invitation);
      }
      break;

    case 3:
      {
        g_autofree char *message = inv_service_parse_error_message (body, size);

        check_text (message, "an error message is safe text");
        fuzz_assert (message == NULL || g_utf8_strlen (message, -1) <= INV_SERVICE_MAX_MESSAGE_LENGTH,
                     "an error message is short");
      }
      break;

    case 4:
      {
        g_autoptr(JsonNode) root = inv_service_parse_json (body, size, &error);

        fuzz_assert ((root == NULL) == (error != NULL), "a document or an error");
      }
      break;

    default:
      {
        g_autofree char *header = g_strndup (body, size);
        g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (1765000000);
        gint64 seconds = inv_service_parse_retry_after (header, now);

        fuzz_assert (seconds == -1 || (seconds >= 0 && seconds <= 3600), "a wait within an hour");
      }
      break;
    }

  return 0;
}
