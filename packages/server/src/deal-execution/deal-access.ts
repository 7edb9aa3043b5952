/**
 * Who may edit what: a rep their own deals, a manager their team's, leaders
 * and admins all. Analysts read everything and edit nothing. A deal that
 * exists but is not the caller's is a 403 that says whose it is not.
 */
import { RevlabError, type Deal, type User } from '@revlab/domain'
import { findDealRecord, ownerScopeFor, type OwnerScope, type Store } from '@revlab/db'

export const inOwnerScope = (scope: OwnerScope, ownerId: string): boolean =>
  scope.kind === 'all' || scope.ownerIds.includes(ownerId)

export function assertMayEdit(user: User): void {
  if (user.role === 'analyst') {
    throw new RevlabError('FORBIDDEN', 'analysts can read but not edit records', {
      hint: 'ask the deal owner, their manager or an admin to make the change',
    })
  }
}

/** The deal, if it exists and the caller may edit it; else 404 or 403. */
export async function dealForEdit(store: Store, user: User, dealId: string): Promise<Deal> {
  assertMayEdit(user)
  const deal = await findDealRecord(store.db, dealId)
  if (!deal) throw new RevlabError('NOT_FOUND', `no deal ${dealId}`, { hint: 'check the id' })
  const scope = await ownerScopeFor(store.db, user)
  if (!inOwnerScope(scope, deal.ownerId)) {
    throw new RevlabError('FORBIDDEN', `deal ${dealId} is not yours to edit`, {
      hint:
        user.role === 'rep'
          ? 'reps edit only their own deals'
          : user.role === 'manager'
            ? "managers edit their team's deals"
            : 'you may not edit this deal',
    })
  }
  return deal
}

/** The deal, if it exists and the caller may see it; else 404 or 403. */
export async function dealForView(store: Store, user: User, dealId: string): Promise<Deal> {
  const deal = await findDealRecord(store.db, dealId)
  if (!deal) throw new RevlabError('NOT_FOUND', `no deal ${dealId}`, { hint: 'check the id' })
  const scope = await ownerScopeFor(store.db, user)
  if (!inOwnerScope(scope, deal.ownerId)) {
    throw new RevlabError('FORBIDDEN', `deal ${dealId} is not yours to see`, {
      hint: 'reps see only their own deals, managers their team’s',
    })
  }
  return deal
}

/** Experiments are defined by managers, leaders and admins. */
export function assertMayDesignExperiments(user: User): void {
  if (user.role === 'rep' || user.role === 'analyst') {
    throw new RevlabError('FORBIDDEN', 'only managers, leaders and admins define experiments', {
      hint: 'ask your manager to set the experiment up',
    })
  }
}

export function assertAdmin(user: User, what: string): void {
  if (user.role !== 'admin') {
    throw new RevlabError('FORBIDDEN', `only admins ${what}`, { hint: 'ask an admin' })
  }
}
