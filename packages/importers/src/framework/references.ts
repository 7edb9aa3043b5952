/**
 * Records a row refers to rather than owns: the person who owns a deal, the
 * account it is for. They are found through the matchers (so a rep named in
 * two systems is one person) and otherwise created once, with the name or
 * email seen kept as an alias. Pure apart from the matchers' memory.
 */
import type { Account, Person, PersonAlias } from '@revlab/domain'
import type { AccountMatcher, PersonMatcher } from './directory.js'
import { normalizeEmail, slugify, stableHash } from './normalize.js'
import type { StagedRecord } from './types.js'

export type ReferenceContext = {
  people: PersonMatcher
  accounts: AccountMatcher
  /** The run's clock, as a UTC ISO instant. */
  now: string
  /** Names the system in aliases (`salesforce`, `ibm-sales-win-loss`). */
  source: string
}

export const aliasRecord = (
  personId: string,
  kind: 'email' | 'name',
  value: string,
  source: string,
): StagedRecord => {
  const v = kind === 'email' ? normalizeEmail(value) : value.trim()
  const alias: PersonAlias = {
    id: `alias:${stableHash(`${personId}|${kind}|${v}`)}`,
    personId,
    kind,
    value: v,
    source,
  }
  return { table: 'person_aliases', record: alias, mode: 'ensure' }
}

/** The person a name and/or email means, created (with aliases) when no source has named them yet. */
export function referPerson(
  ctx: ReferenceContext,
  who: { name?: string | null; email?: string | null; id?: string; role?: Person['role'] },
): { personId: string; records: StagedRecord[] } {
  const name = who.name?.trim() || null
  const email = who.email?.trim() || null
  const records: StagedRecord[] = []
  let personId = ctx.people.find({ email, name })
  if (!personId) {
    personId = who.id ?? `person:${slugify(email ?? name ?? 'unknown')}`
    const person: Person = {
      id: personId,
      name: name ?? email ?? 'Unknown',
      email: email ? normalizeEmail(email) : '',
      role: who.role ?? 'ae',
      aeType: null,
      managerId: null,
      team: '',
      region: '',
      segment: '',
      startDate: ctx.now.slice(0, 10),
      active: true,
    }
    records.push({ table: 'people', record: person, mode: 'ensure' })
  }
  ctx.people.remember(personId, { email, name })
  if (name) records.push(aliasRecord(personId, 'name', name, ctx.source))
  if (email) records.push(aliasRecord(personId, 'email', email, ctx.source))
  return { personId, records }
}

/** The account an id or name means, created (name only) when the store has no such account yet. */
export function referAccount(
  ctx: ReferenceContext,
  what: { name: string; id?: string | null },
): { accountId: string; records: StagedRecord[] } {
  const found = ctx.accounts.find({ id: what.id ?? null, name: what.name })
  if (found) return { accountId: found, records: [] }
  const accountId = what.id || `account:${slugify(what.name)}`
  ctx.accounts.remember(accountId, what.name)
  const account: Account = {
    id: accountId,
    name: what.name,
    industry: '',
    employees: 0,
    segment: '',
    region: '',
    fundingStage: '',
    lastFundingDate: null,
    ownerId: null,
    coreOwnerId: null,
    createdAt: ctx.now,
  }
  return { accountId, records: [{ table: 'accounts', record: account, mode: 'ensure' }] }
}
