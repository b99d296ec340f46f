/* inv-transaction.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "inv-database.h"

G_BEGIN_DECLS

/* How a transaction of its own starts (a nested one joins the open transaction
 * whatever it asks for). */
typedef enum
{
  INV_TRANSACTION_DEFERRED,   /* reads first: one consistent snapshot, the write lock
                               * only if it writes */
  INV_TRANSACTION_IMMEDIATE,  /* writes: takes the write lock at once */
} InvTransactionKind;

/* A scope of work that is written entirely or not at all. Obtained with
 * inv_transaction_begin(); ended with inv_transaction_commit(), or rolled back when
 * freed without a commit (g_autoptr). */
typedef struct _InvTransaction InvTransaction;

InvTransaction *inv_transaction_begin     (InvDatabase        *database,
                                           InvTransactionKind  kind,
                                           GError            **error);
gboolean        inv_transaction_commit    (InvTransaction     *self,
                                           GError            **error);
void            inv_transaction_rollback  (InvTransaction     *self);
gboolean        inv_transaction_is_nested (InvTransaction     *self);
void            inv_transaction_free      (InvTransaction     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (InvTransaction, inv_transaction_free)

G_END_DECLS
