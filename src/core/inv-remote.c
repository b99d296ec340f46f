/* inv-remote.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-remote"

#include "config.h"

#include "inv-remote.h"

G_DEFINE_BOXED_TYPE (InvRemoteInvitation, inv_remote_invitation,
                     inv_remote_invitation_copy, inv_remote_invitation_free)
G_DEFINE_BOXED_TYPE (InvRemoteTest, inv_remote_test, inv_remote_test_copy, inv_remote_test_free)

InvRemoteInvitation *
inv_remote_invitation_new (void)
{
  return g_new0 (InvRemoteInvitation, 1);
}

InvRemoteInvitation *
inv_remote_invitation_copy (const InvRemoteInvitation *self)
{
  InvRemoteInvitation *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->email = g_strdup (self->email);
  copy->name = g_strdup (self->name);
  copy->status_text = g_strdup (self->status_text);
  copy->test_url = g_strdup (self->test_url);
  copy->origin = g_strdup (self->origin);

  return copy;
}

void
inv_remote_invitation_free (InvRemoteInvitation *self)
{
  if (self == NULL)
    return;

  g_free (self->email);
  g_free (self->name);
  g_free (self->status_text);
  g_free (self->test_url);
  g_free (self->origin);
  g_free (self);
}

/**
 * inv_remote_invitation_get_status_name:
 *
 * Returns: what the database stores as the status: the normalised name, or the
 *   spelling as received when the app does not know it (so that it can be shown)
 */
const char *
inv_remote_invitation_get_status_name (const InvRemoteInvitation *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->status == INV_STATUS_UNKNOWN && self->status_text != NULL && *self->status_text != '\0')
    return self->status_text;

  return inv_status_to_string (self->status);
}

static void
person_free (InvRemotePerson *person)
{
  g_free (person->name);
  g_free (person->email);
  g_free (person);
}

InvRemoteTest *
inv_remote_test_new (void)
{
  InvRemoteTest *self = g_new0 (InvRemoteTest, 1);

  self->interviewers = g_ptr_array_new_with_free_func ((GDestroyNotify)person_free);

  return self;
}

void
inv_remote_test_add_interviewer (InvRemoteTest *self,
                                 const char    *name,
                                 const char    *email)
{
  InvRemotePerson *person;

  g_return_if_fail (self != NULL);

  person = g_new0 (InvRemotePerson, 1);
  person->name = g_strdup (name != NULL ? name : "");
  person->email = g_strdup (email != NULL ? email : "");
  g_ptr_array_add (self->interviewers, person);
}

InvRemoteTest *
inv_remote_test_copy (const InvRemoteTest *self)
{
  InvRemoteTest *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = inv_remote_test_new ();
  copy->id = self->id;
  copy->name = g_strdup (self->name);
  copy->active = self->active;
  copy->live = self->live;
  copy->duration = self->duration;
  copy->validity_days = self->validity_days;
  for (guint i = 0; i < self->interviewers->len; i++)
    {
      const InvRemotePerson *person = g_ptr_array_index (self->interviewers, i);

      inv_remote_test_add_interviewer (copy, person->name, person->email);
    }

  return copy;
}

void
inv_remote_test_free (InvRemoteTest *self)
{
  if (self == NULL)
    return;

  g_free (self->name);
  g_ptr_array_unref (self->interviewers);
  g_free (self);
}
