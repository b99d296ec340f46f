/* inv-transaction.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One way to write a transaction: a scope that begins one, or joins the one already
 * open, and rolls back unless committed.
 */

#define G_LOG_DOMAIN "inv-database"

#include "config.h"

#include <glib/gi18n.h>

#include "inv-database-private.h"
#include "inv-transaction.h"

/* Takes the write lock at once, so that a transaction never fails half-way for want
 * of it. */
static gboolean
begin_immediate (InvDatabase  *self,
                 GError      **error)
{
  return inv_database_exec (self, "BEGIN IMMEDIATE", error);
}

/* Reentrant, so that a function which must write several rows together need not know
 * whether its caller has a transaction open: with one open, it joins it (a bulk
 * cancel writes its outbox rows in the same transaction as its status changes). A
 * joined scope never ends the transaction: only the outermost one commits or rolls
 * back, so what the change backbone announces is always what the outermost scope
 * committed. A SAVEPOINT would let a nested scope undo just its own part, but SQLite
 * then keeps a copy of every page the nested work changes (hundreds of megabytes for
 * the outbox rows of a bulk undo), and no caller goes on after a nested failure. */
struct _InvTransaction
{
  InvDatabase *database;  /* owned */
  gboolean     own;       /* began the transaction instead of joining the caller's */
  gboolean     ended;     /* committed or rolled back */
};

/**
 * inv_transaction_begin:
 * @database: the app's database
 * @kind: how to start a transaction of its own
 * @error: return location for a #GError
 *
 * Starts a transaction, or joins the one already open on @database's connection
 * (whoever opened it). Free the result with inv_transaction_free(), usually through
 * g_autoptr(): without inv_transaction_commit() that rolls a transaction of its own
 * back.
 *
 * Returns: (transfer full): the scope, or %NULL with @error set
 */
InvTransaction *
inv_transaction_begin (InvDatabase         *database,
                       InvTransactionKind   kind,
                       GError             **error)
{
  InvTransaction *self;
  gboolean own;

  g_return_val_if_fail (INV_IS_DATABASE (database), NULL);

  own = sqlite3_get_autocommit (database->db) != 0;

  if (own && !(kind == INV_TRANSACTION_IMMEDIATE ? begin_immediate (database, error)
                                                 : inv_database_exec (database, "BEGIN", error)))
    return NULL;

  self = g_new0 (InvTransaction, 1);
  self->database = g_object_ref (database);
  self->own = own;

  return self;
}

/**
 * inv_transaction_commit:
 *
 * Commits a transaction of its own; a joined one is left for its owner to commit.
 * On failure the transaction stays open, and freeing the scope rolls it back.
 *
 * Returns: %TRUE on success
 */
gboolean
inv_transaction_commit (InvTransaction  *self,
                        GError         **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (!self->ended, FALSE);

  if (self->own && !inv_database_exec (self->database, "COMMIT", error))
    return FALSE;

  self->ended = TRUE;

  return TRUE;
}

/**
 * inv_transaction_rollback:
 *
 * Rolls a transaction of its own back. A joined one is left alone: its owner learns
 * of the failure through the error the nested work returns, and rolls back the whole.
 */
void
inv_transaction_rollback (InvTransaction *self)
{
  g_return_if_fail (self != NULL);

  if (self->ended)
    return;

  /* The transaction may be gone already: SQLite rolls back by itself after some
   * errors. */
  if (self->own && !sqlite3_get_autocommit (self->database->db))
    sqlite3_exec (self->database->db, "ROLLBACK", NULL, NULL, NULL);
  self->ended = TRUE;
}

/**
 * inv_transaction_is_nested:
 *
 * Returns: %TRUE if @self joined a transaction that was already open
 */
gboolean
inv_transaction_is_nested (InvTransaction *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return !self->own;
}

/**
 * inv_transaction_free:
 *
 * Ends the scope, rolling back what was not committed (see inv_transaction_rollback()).
 */
void
inv_transaction_free (InvTransaction *self)
{
  if (self == NULL)
    return;

  inv_transaction_rollback (self);
  g_object_unref (self->database);
  g_free (self);
}
