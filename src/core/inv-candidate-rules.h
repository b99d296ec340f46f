/* inv-candidate-rules.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define INV_CANDIDATE_RULES_ERROR (inv_candidate_rules_error_quark ())

/* What is wrong with a candidate's details, whichever way they came in: a dialog, a
 * CSV file or the command line. Each code belongs to one field
 * (inv_candidate_rules_error_get_field()); the message says what to change. */
typedef enum
{
  INV_CANDIDATE_RULES_ERROR_FIRST_NAME_INVALID,   /* not text, or control characters */
  INV_CANDIDATE_RULES_ERROR_FIRST_NAME_TOO_LONG,
  INV_CANDIDATE_RULES_ERROR_LAST_NAME_INVALID,
  INV_CANDIDATE_RULES_ERROR_LAST_NAME_TOO_LONG,
  INV_CANDIDATE_RULES_ERROR_EMAIL_MISSING,
  INV_CANDIDATE_RULES_ERROR_EMAIL_INVALID,        /* the message is inv_email_validate()'s */
  INV_CANDIDATE_RULES_ERROR_PHONE_INVALID,        /* other characters, or too few digits */
  INV_CANDIDATE_RULES_ERROR_PHONE_TOO_LONG,
  INV_CANDIDATE_RULES_ERROR_NAME_MISSING,         /* neither a first nor a last name (lists) */
} InvCandidateRulesError;

typedef enum
{
  INV_CANDIDATE_FIELD_FIRST_NAME,
  INV_CANDIDATE_FIELD_LAST_NAME,
  INV_CANDIDATE_FIELD_EMAIL,
  INV_CANDIDATE_FIELD_PHONE,
} InvCandidateField;

/* Long enough for any real name, short enough to keep a row in a list readable. */
#define INV_CANDIDATE_MAX_NAME_LENGTH  200
/* Room for an international number with an extension. */
#define INV_CANDIDATE_MAX_PHONE_LENGTH 40
/* Fewer is a typo or a note, not a number. */
#define INV_CANDIDATE_MIN_PHONE_DIGITS 3

/* A candidate's details as they are stored. A name or phone the person left out is "". */
typedef struct
{
  char *first_name;
  char *last_name;
  char *email;       /* (nullable): %NULL when it was not checked */
  char *phone;
} InvCandidateNormalized;

GQuark    inv_candidate_rules_error_quark      (void);

char     *inv_candidate_rules_normalize_name   (const char              *name);
char     *inv_candidate_rules_normalize_phone  (const char              *phone);

gboolean  inv_candidate_rules_check_name       (InvCandidateField        field,
                                                const char              *name,
                                                GError                 **error);
gboolean  inv_candidate_rules_check_has_name   (const char              *first_name,
                                                const char              *last_name,
                                                GError                 **error);
gboolean  inv_candidate_rules_check_email      (const char              *email,
                                                GError                 **error);
gboolean  inv_candidate_rules_check_phone      (const char              *phone,
                                                GError                 **error);
gboolean  inv_candidate_rules_check            (const char              *first_name,
                                                const char              *last_name,
                                                const char              *email,
                                                const char              *phone,
                                                InvCandidateNormalized  *normalized,
                                                GError                 **error);

gboolean  inv_candidate_rules_error_get_field  (const GError            *error,
                                                InvCandidateField       *field);
char     *inv_candidate_rules_display_name     (const char              *first_name,
                                                const char              *last_name,
                                                const char              *email);

void      inv_candidate_normalized_clear       (InvCandidateNormalized  *normalized);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (InvCandidateNormalized, inv_candidate_normalized_clear)

G_END_DECLS
