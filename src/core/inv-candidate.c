/* inv-candidate.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-candidate"

#include "config.h"

#include <glib/gi18n.h>

#include "inv-candidate.h"

/* One candidate as the store read it. Immutable: a change is read again as a new
 * object, so a list row never shows half an edit. */
struct _InvCandidate
{
  GObject   parent_instance;

  gint64    id;
  char     *first_name;
  char     *last_name;
  char     *full_name;
  char     *email;
  char     *phone;
  gint64    created_at;
  guint     erased : 1;
  guint     is_sample : 1;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_FIRST_NAME,
  PROP_LAST_NAME,
  PROP_FULL_NAME,
  PROP_EMAIL,
  PROP_PHONE,
  PROP_ERASED,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (InvCandidate, inv_candidate, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static void
inv_candidate_finalize (GObject *object)
{
  InvCandidate *self = (InvCandidate *)object;

  g_free (self->first_name);
  g_free (self->last_name);
  g_free (self->full_name);
  g_free (self->email);
  g_free (self->phone);

  G_OBJECT_CLASS (inv_candidate_parent_class)->finalize (object);
}

static void
inv_candidate_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  InvCandidate *self = INV_CANDIDATE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_FIRST_NAME:
      g_value_set_string (value, self->first_name);
      break;
    case PROP_LAST_NAME:
      g_value_set_string (value, self->last_name);
      break;
    case PROP_FULL_NAME:
      g_value_set_string (value, self->full_name);
      break;
    case PROP_EMAIL:
      g_value_set_string (value, self->email);
      break;
    case PROP_PHONE:
      g_value_set_string (value, self->phone);
      break;
    case PROP_ERASED:
      g_value_set_boolean (value, self->erased);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inv_candidate_class_init (InvCandidateClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = inv_candidate_finalize;
  object_class->get_property = inv_candidate_get_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FIRST_NAME] =
    g_param_spec_string ("first-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_NAME] =
    g_param_spec_string ("last-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FULL_NAME] =
    g_param_spec_string ("full-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EMAIL] =
    g_param_spec_string ("email", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PHONE] =
    g_param_spec_string ("phone", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERASED] =
    g_param_spec_boolean ("erased", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
inv_candidate_init (InvCandidate *self)
{
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  const char *text = (const char *)sqlite3_column_text (stmt, column);

  return g_strdup (text != NULL ? text : "");
}

/**
 * _inv_candidate_new_from_row:
 * @stmt: a statement positioned on a row that selected %INV_CANDIDATE_COLUMNS
 *
 * Returns: (transfer full): the candidate of that row
 */
InvCandidate *
_inv_candidate_new_from_row (sqlite3_stmt *stmt)
{
  InvCandidate *self = g_object_new (INV_TYPE_CANDIDATE, NULL);

  self->id = sqlite3_column_int64 (stmt, 0);
  self->first_name = column_dup (stmt, 1);
  self->last_name = column_dup (stmt, 2);
  self->email = column_dup (stmt, 3);
  self->phone = column_dup (stmt, 4);
  self->created_at = sqlite3_column_int64 (stmt, 5);
  self->erased = sqlite3_column_int (stmt, 6) != 0;
  self->is_sample = sqlite3_column_int (stmt, 7) != 0;

  if (self->erased)
    self->full_name = g_strdup (_("Erased candidate"));
  else if (*self->first_name != '\0' && *self->last_name != '\0')
    self->full_name = g_strconcat (self->first_name, " ", self->last_name, NULL);
  else if (*self->first_name != '\0' || *self->last_name != '\0')
    self->full_name = g_strconcat (self->first_name, self->last_name, NULL);
  else
    self->full_name = g_strdup (self->email);

  return self;
}

/**
 * _inv_candidate_new_missing:
 * @id: a row that is gone
 *
 * Stands for a candidate deleted since a list read its ids, until the list reads
 * them again.
 *
 * Returns: (transfer full): the stand-in
 */
InvCandidate *
_inv_candidate_new_missing (gint64 id)
{
  InvCandidate *self = g_object_new (INV_TYPE_CANDIDATE, NULL);

  self->id = id;
  self->first_name = g_strdup ("");
  self->last_name = g_strdup ("");
  self->full_name = g_strdup ("");
  self->email = g_strdup ("");

  return self;
}

gint64
inv_candidate_get_id (InvCandidate *self)
{
  g_return_val_if_fail (INV_IS_CANDIDATE (self), 0);
  return self->id;
}

const char *
inv_candidate_get_first_name (InvCandidate *self)
{
  g_return_val_if_fail (INV_IS_CANDIDATE (self), NULL);
  return self->first_name;
}

const char *
inv_candidate_get_last_name (InvCandidate *self)
{
  g_return_val_if_fail (INV_IS_CANDIDATE (self), NULL);
  return self->last_name;
}

/**
 * inv_candidate_get_full_name:
 *
 * Returns: the name to show: first and last name, or the email when both are empty
 */
const char *
inv_candidate_get_full_name (InvCandidate *self)
{
  g_return_val_if_fail (INV_IS_CANDIDATE (self), NULL);
  return self->full_name;
}

const char *
inv_candidate_get_email (InvCandidate *self)
{
  g_return_val_if_fail (INV_IS_CANDIDATE (self), NULL);
  return self->email;
}

const char *
inv_candidate_get_phone (InvCandidate *self)
{
  g_return_val_if_fail (INV_IS_CANDIDATE (self), NULL);
  return self->phone;
}

gint64
inv_candidate_get_created_at (InvCandidate *self)
{
  g_return_val_if_fail (INV_IS_CANDIDATE (self), 0);
  return self->created_at;
}

gboolean
inv_candidate_get_erased (InvCandidate *self)
{
  g_return_val_if_fail (INV_IS_CANDIDATE (self), FALSE);
  return self->erased;
}

gboolean
inv_candidate_get_is_sample (InvCandidate *self)
{
  g_return_val_if_fail (INV_IS_CANDIDATE (self), FALSE);
  return self->is_sample;
}
