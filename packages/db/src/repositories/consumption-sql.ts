/**
 * SQL pieces the consumption readers share (not exported from the package):
 * date arithmetic, inlined date literals and the account scope.
 */
import { sql, type RawBuilder } from 'kysely'
import { RevlabError, type IsoDate } from '@revlab/domain'
import type { OwnerScope } from './owner-scope.js'

const DAY_MS = 86_400_000
export const shift = (date: IsoDate, days: number): IsoDate =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10)

export function assertIsoDate(date: string): void {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) {
    throw new RevlabError('BAD_INPUT', `not a date: "${date}"`, { hint: 'dates are YYYY-MM-DD' })
  }
}

/**
 * A date literal, inlined rather than bound so the engine plans the scan
 * with a constant range; the format check makes inlining safe.
 */
export const d = (date: IsoDate): RawBuilder<string> => {
  assertIsoDate(date)
  return sql<string>`${sql.raw(`date '${date}'`)}`
}

/** The accounts a scope may see (alias `a`): owned by (or handed to) one of its people. */
export function accountScope(scope: OwnerScope): RawBuilder<boolean> {
  if (scope.kind === 'all') return sql<boolean>`true`
  if (scope.ownerIds.length === 0) return sql<boolean>`false`
  const ids = sql.join(scope.ownerIds.map((id) => sql`${id}`))
  return sql<boolean>`(a.owner_id in (${ids}) or a.core_owner_id in (${ids}))`
}
