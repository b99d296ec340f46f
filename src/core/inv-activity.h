/* inv-activity.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "inv-database.h"

G_BEGIN_DECLS

/* The kinds of action the Activity page filters by; each history event belongs to
 * one (see inv-activity.c). */
typedef enum
{
  INV_ACTIVITY_KIND_ALL = 0,
  INV_ACTIVITY_KIND_INVITES,
  INV_ACTIVITY_KIND_CANCELS,
  INV_ACTIVITY_KIND_SYNC,
  INV_ACTIVITY_KIND_EDITS,
  INV_ACTIVITY_N_KINDS
} InvActivityKind;

/* Who did it. */
typedef enum
{
  INV_ACTIVITY_ACTOR_YOU = 0,     /* a person on this computer (window or command line) */
  INV_ACTIVITY_ACTOR_SERVICE,     /* the invitation service: an answer or a pulled change */
  INV_ACTIVITY_ACTOR_DEMO,        /* demo data the app made up */
} InvActivityActor;

/* Whether a person's action reached the service, from the outbox and what followed. */
typedef enum
{
  INV_ACTIVITY_OUTCOME_NONE = 0,  /* nothing to send: a local edit, or the service's own */
  INV_ACTIVITY_OUTCOME_SENT,      /* the service confirmed it */
  INV_ACTIVITY_OUTCOME_WAITING,   /* still in the outbox, held or waiting to be sent */
  INV_ACTIVITY_OUTCOME_FAILED,    /* the service refused it for good */
  INV_ACTIVITY_OUTCOME_CONFLICT,  /* the service's state won */
  INV_ACTIVITY_OUTCOME_NOT_SENT,  /* undone, withdrawn or discarded before it got there */
  INV_ACTIVITY_OUTCOME_LOCAL,     /* a demo or local-only invitation: never sent */
} InvActivityOutcome;

/* Which history entries, across every invitation. Newest first. */
typedef struct
{
  InvActivityKind  kind;
  char            *search;  /* (nullable) part of a candidate's name or email */
  gint64           since;   /* UTC seconds, inclusive; 0 for no lower bound */
  gint64           until;   /* UTC seconds, exclusive; 0 for no upper bound */
} InvActivityQuery;

/* One entry of the activity. */
typedef struct
{
  gint64              id;
  gint64              at;
  gint64              invitation_id;
  char               *event;
  char               *detail;
  char               *candidate_name;
  char               *email;
  char               *template_name;
  InvActivityActor    actor;
  InvActivityOutcome  outcome;
} InvActivityEntry;

/* Where a page ends: the next page starts after it. */
typedef struct
{
  gint64 at;
  gint64 id;
} InvActivityCursor;

#define INV_TYPE_ACTIVITY_QUERY (inv_activity_query_get_type ())
#define INV_TYPE_ACTIVITY_ENTRY (inv_activity_entry_get_type ())

GType              inv_activity_query_get_type    (void) G_GNUC_CONST;
InvActivityQuery  *inv_activity_query_new         (void);
InvActivityQuery  *inv_activity_query_copy        (const InvActivityQuery *self);
void               inv_activity_query_free        (InvActivityQuery       *self);
gboolean           inv_activity_query_equal       (const InvActivityQuery *a,
                                                   const InvActivityQuery *b);
void               inv_activity_query_set_search  (InvActivityQuery       *self,
                                                   const char             *search);

GType              inv_activity_entry_get_type    (void) G_GNUC_CONST;
InvActivityEntry  *inv_activity_entry_copy        (const InvActivityEntry *self);
void               inv_activity_entry_free        (InvActivityEntry       *self);

InvActivityKind    inv_activity_kind_of_event     (const char             *event);
const char        *inv_activity_kind_get_label    (InvActivityKind         kind);
const char        *inv_activity_actor_get_label   (InvActivityActor        actor);
const char        *inv_activity_outcome_get_label (InvActivityOutcome      outcome);

GPtrArray         *inv_activity_list              (InvDatabase            *database,
                                                   const InvActivityQuery *query,
                                                   const InvActivityCursor *after,
                                                   guint                   limit,
                                                   GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (InvActivityQuery, inv_activity_query_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (InvActivityEntry, inv_activity_entry_free)

G_END_DECLS
