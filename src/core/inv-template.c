/* inv-template.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "inv-template"

#include "config.h"

#include "inv-template.h"

/* A snapshot of one templates row: every property is set at construction and never
 * changes, so a page bound to it never shows a half-updated template. */
struct _InvTemplate
{
  GObject   parent_instance;

  gint64    id;
  gint64    remote_id;            /* 0 when the service does not know it yet */
  char     *name;
  char     *interview_type;       /* "automated" or "live" */
  char     *cancel_message;       /* nullable: the default message is used */
  char    **interviewers;         /* display names, owned */
  char    **interviewer_emails;   /* same order as interviewers, owned */
  guint     validity_days;
  guint     duration_minutes;
  guint     n_pending;
  guint     active : 1;
  guint     is_sample : 1;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_REMOTE_ID,
  PROP_NAME,
  PROP_INTERVIEW_TYPE,
  PROP_IS_LIVE,
  PROP_ACTIVE,
  PROP_VALIDITY_DAYS,
  PROP_DURATION_MINUTES,
  PROP_CANCEL_MESSAGE,
  PROP_IS_SAMPLE,
  PROP_INTERVIEWERS,
  PROP_INTERVIEWER_EMAILS,
  PROP_N_PENDING,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (InvTemplate, inv_template, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static void
inv_template_finalize (GObject *object)
{
  InvTemplate *self = (InvTemplate *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->interview_type, g_free);
  g_clear_pointer (&self->cancel_message, g_free);
  g_clear_pointer (&self->interviewers, g_strfreev);
  g_clear_pointer (&self->interviewer_emails, g_strfreev);

  G_OBJECT_CLASS (inv_template_parent_class)->finalize (object);
}

static void
inv_template_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  InvTemplate *self = INV_TEMPLATE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_REMOTE_ID:
      g_value_set_int64 (value, self->remote_id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_INTERVIEW_TYPE:
      g_value_set_string (value, self->interview_type);
      break;

    case PROP_IS_LIVE:
      g_value_set_boolean (value, inv_template_get_is_live (self));
      break;

    case PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
      break;

    case PROP_VALIDITY_DAYS:
      g_value_set_uint (value, self->validity_days);
      break;

    case PROP_DURATION_MINUTES:
      g_value_set_uint (value, self->duration_minutes);
      break;

    case PROP_CANCEL_MESSAGE:
      g_value_set_string (value, self->cancel_message);
      break;

    case PROP_IS_SAMPLE:
      g_value_set_boolean (value, self->is_sample);
      break;

    case PROP_INTERVIEWERS:
      g_value_set_boxed (value, self->interviewers);
      break;

    case PROP_INTERVIEWER_EMAILS:
      g_value_set_boxed (value, self->interviewer_emails);
      break;

    case PROP_N_PENDING:
      g_value_set_uint (value, self->n_pending);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inv_template_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  InvTemplate *self = INV_TEMPLATE (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_get_int64 (value);
      break;

    case PROP_REMOTE_ID:
      self->remote_id = g_value_get_int64 (value);
      break;

    case PROP_NAME:
      g_free (self->name);
      self->name = g_value_dup_string (value);
      break;

    case PROP_INTERVIEW_TYPE:
      g_free (self->interview_type);
      self->interview_type = g_value_dup_string (value);
      break;

    case PROP_ACTIVE:
      self->active = g_value_get_boolean (value);
      break;

    case PROP_VALIDITY_DAYS:
      self->validity_days = g_value_get_uint (value);
      break;

    case PROP_DURATION_MINUTES:
      self->duration_minutes = g_value_get_uint (value);
      break;

    case PROP_CANCEL_MESSAGE:
      g_free (self->cancel_message);
      self->cancel_message = g_value_dup_string (value);
      break;

    case PROP_IS_SAMPLE:
      self->is_sample = g_value_get_boolean (value);
      break;

    case PROP_INTERVIEWERS:
      g_strfreev (self->interviewers);
      self->interviewers = g_value_dup_boxed (value);
      break;

    case PROP_INTERVIEWER_EMAILS:
      g_strfreev (self->interviewer_emails);
      self->interviewer_emails = g_value_dup_boxed (value);
      break;

    case PROP_N_PENDING:
      self->n_pending = g_value_get_uint (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inv_template_constructed (GObject *object)
{
  InvTemplate *self = (InvTemplate *)object;

  G_OBJECT_CLASS (inv_template_parent_class)->constructed (object);

  /* The getters promise strings and lists, never NULL, so views need no checks. */
  if (self->name == NULL)
    self->name = g_strdup ("");
  if (self->interview_type == NULL)
    self->interview_type = g_strdup ("automated");
  if (self->interviewers == NULL)
    self->interviewers = g_new0 (char *, 1);
  if (self->interviewer_emails == NULL)
    self->interviewer_emails = g_new0 (char *, 1);
}

static void
inv_template_class_init (InvTemplateClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = inv_template_finalize;
  object_class->get_property = inv_template_get_property;
  object_class->set_property = inv_template_set_property;
  object_class->constructed = inv_template_constructed;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, construct);
  properties[PROP_REMOTE_ID] =
    g_param_spec_int64 ("remote-id", NULL, NULL, 0, G_MAXINT64, 0, construct);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, construct);
  properties[PROP_INTERVIEW_TYPE] =
    g_param_spec_string ("interview-type", NULL, NULL, NULL, construct);
  properties[PROP_IS_LIVE] =
    g_param_spec_boolean ("is-live", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL, TRUE, construct);
  properties[PROP_VALIDITY_DAYS] =
    g_param_spec_uint ("validity-days", NULL, NULL, 0, G_MAXUINT, 7, construct);
  properties[PROP_DURATION_MINUTES] =
    g_param_spec_uint ("duration-minutes", NULL, NULL, 0, G_MAXUINT, 60, construct);
  properties[PROP_CANCEL_MESSAGE] =
    g_param_spec_string ("cancel-message", NULL, NULL, NULL, construct);
  properties[PROP_IS_SAMPLE] =
    g_param_spec_boolean ("is-sample", NULL, NULL, FALSE, construct);
  properties[PROP_INTERVIEWERS] =
    g_param_spec_boxed ("interviewers", NULL, NULL, G_TYPE_STRV, construct);
  properties[PROP_INTERVIEWER_EMAILS] =
    g_param_spec_boxed ("interviewer-emails", NULL, NULL, G_TYPE_STRV, construct);
  properties[PROP_N_PENDING] =
    g_param_spec_uint ("n-pending", NULL, NULL, 0, G_MAXUINT, 0, construct);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
inv_template_init (InvTemplate *self)
{
  self->active = TRUE;
  self->validity_days = 7;
  self->duration_minutes = 60;
}

gint64
inv_template_get_id (InvTemplate *self)
{
  g_return_val_if_fail (INV_IS_TEMPLATE (self), 0);

  return self->id;
}

/**
 * inv_template_get_remote_id:
 *
 * Returns: the service's id of the template, or 0 when it has none (demo data)
 */
gint64
inv_template_get_remote_id (InvTemplate *self)
{
  g_return_val_if_fail (INV_IS_TEMPLATE (self), 0);

  return self->remote_id;
}

const char *
inv_template_get_name (InvTemplate *self)
{
  g_return_val_if_fail (INV_IS_TEMPLATE (self), NULL);

  return self->name;
}

/**
 * inv_template_get_interview_type:
 *
 * Returns: "automated" (the candidate takes it alone) or "live" (with interviewers)
 */
const char *
inv_template_get_interview_type (InvTemplate *self)
{
  g_return_val_if_fail (INV_IS_TEMPLATE (self), NULL);

  return self->interview_type;
}

gboolean
inv_template_get_is_live (InvTemplate *self)
{
  g_return_val_if_fail (INV_IS_TEMPLATE (self), FALSE);

  return g_strcmp0 (self->interview_type, "live") == 0;
}

/**
 * inv_template_get_active:
 *
 * Returns: %TRUE when the template accepts new invitations; %FALSE when it is closed
 */
gboolean
inv_template_get_active (InvTemplate *self)
{
  g_return_val_if_fail (INV_IS_TEMPLATE (self), FALSE);

  return self->active;
}

guint
inv_template_get_validity_days (InvTemplate *self)
{
  g_return_val_if_fail (INV_IS_TEMPLATE (self), 0);

  return self->validity_days;
}

guint
inv_template_get_duration_minutes (InvTemplate *self)
{
  g_return_val_if_fail (INV_IS_TEMPLATE (self), 0);

  return self->duration_minutes;
}

/**
 * inv_template_get_cancel_message:
 *
 * Returns: (nullable): the template's own cancellation message, with placeholders, or
 *   %NULL when it uses the default one
 */
const char *
inv_template_get_cancel_message (InvTemplate *self)
{
  g_return_val_if_fail (INV_IS_TEMPLATE (self), NULL);

  return self->cancel_message;
}

gboolean
inv_template_get_is_sample (InvTemplate *self)
{
  g_return_val_if_fail (INV_IS_TEMPLATE (self), FALSE);

  return self->is_sample;
}

/**
 * inv_template_get_interviewers:
 *
 * Returns: (transfer none): the names of the interviewers of a live template, in the
 *   order of inv_template_get_interviewer_emails(); empty for automated ones
 */
const char * const *
inv_template_get_interviewers (InvTemplate *self)
{
  g_return_val_if_fail (INV_IS_TEMPLATE (self), NULL);

  return (const char * const *)self->interviewers;
}

/**
 * inv_template_get_interviewer_emails:
 *
 * Returns: (transfer none): the interviewers' email addresses
 */
const char * const *
inv_template_get_interviewer_emails (InvTemplate *self)
{
  g_return_val_if_fail (INV_IS_TEMPLATE (self), NULL);

  return (const char * const *)self->interviewer_emails;
}

/**
 * inv_template_get_n_pending:
 *
 * Returns: how many invitations to this template were pending when it was read
 */
guint
inv_template_get_n_pending (InvTemplate *self)
{
  g_return_val_if_fail (INV_IS_TEMPLATE (self), 0);

  return self->n_pending;
}
