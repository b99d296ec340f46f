/* inv-remote.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "inv-status.h"

G_BEGIN_DECLS

/* What the invitation service said about one invitation, already normalised. The
 * sync client (src/sync) fills it from the wire; the store (inv-remote-store.h)
 * writes it into the database. Fields the answer did not carry are 0 or NULL. */
typedef struct
{
  gint64     id;              /* testInvitationId; ids may exceed 2^31 */
  gint64     test_id;
  char      *email;
  char      *name;
  InvStatus  status;          /* INV_STATUS_UNKNOWN for a spelling the app does not know */
  char      *status_text;     /* the spelling as received */
  char      *test_url;
  char      *origin;          /* "api" or "app" (made elsewhere, e.g. the web dashboard) */
  gint64     start;
  gint64     end;
  gint64     updated_on;
} InvRemoteInvitation;

typedef struct
{
  char *name;
  char *email;
} InvRemotePerson;

/* One interview template (a "test" on the wire). */
typedef struct
{
  gint64     id;
  char      *name;
  gboolean   active;
  gboolean   live;            /* interviewType "live"; absent means automated */
  int        duration;        /* minutes, 0 when absent */
  int        validity_days;   /* 0 when absent */
  GPtrArray *interviewers;    /* InvRemotePerson, owned */
} InvRemoteTest;

#define INV_TYPE_REMOTE_INVITATION (inv_remote_invitation_get_type ())
#define INV_TYPE_REMOTE_TEST (inv_remote_test_get_type ())

GType                inv_remote_invitation_get_type  (void) G_GNUC_CONST;
InvRemoteInvitation *inv_remote_invitation_new       (void);
InvRemoteInvitation *inv_remote_invitation_copy      (const InvRemoteInvitation *self);
void                 inv_remote_invitation_free      (InvRemoteInvitation       *self);
const char          *inv_remote_invitation_get_status_name (const InvRemoteInvitation *self);

GType                inv_remote_test_get_type        (void) G_GNUC_CONST;
InvRemoteTest       *inv_remote_test_new             (void);
InvRemoteTest       *inv_remote_test_copy            (const InvRemoteTest       *self);
void                 inv_remote_test_free            (InvRemoteTest             *self);
void                 inv_remote_test_add_interviewer (InvRemoteTest             *self,
                                                      const char                *name,
                                                      const char                *email);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (InvRemoteInvitation, inv_remote_invitation_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (InvRemoteTest, inv_remote_test_free)

G_END_DECLS
