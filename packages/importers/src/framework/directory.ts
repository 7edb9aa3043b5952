/**
 * Matching people and accounts across sources: a person is found by any
 * email or name variant the store knows them by (their own or an alias);
 * an account by its id or its name. Pure over the directory it is given.
 */
import type { PersonDirectoryEntry } from '@revlab/db'
import { normalizeEmail, normalizePersonName } from './normalize.js'

export type PersonMatcher = {
  find(query: { email?: string | null; name?: string | null }): string | undefined
  remember(personId: string, query: { email?: string | null; name?: string | null }): void
}

export function createPersonMatcher(entries: readonly PersonDirectoryEntry[]): PersonMatcher {
  const byEmail = new Map<string, string>()
  const byName = new Map<string, string>()
  const add = (personId: string, kind: 'email' | 'name', value: string): void => {
    const key = kind === 'email' ? normalizeEmail(value) : normalizePersonName(value)
    if (!key) return
    const map = kind === 'email' ? byEmail : byName
    if (!map.has(key)) map.set(key, personId)
  }
  for (const e of entries) add(e.personId, e.kind, e.value)
  return {
    find({ email, name }) {
      const e = email ? byEmail.get(normalizeEmail(email)) : undefined
      if (e) return e
      return name ? byName.get(normalizePersonName(name)) : undefined
    },
    remember(personId, { email, name }) {
      if (email) add(personId, 'email', email)
      if (name) add(personId, 'name', name)
    },
  }
}

export type AccountMatcher = {
  find(query: { id?: string | null; name?: string | null }): string | undefined
  remember(accountId: string, name: string): void
  /** A copy that remembers on its own (for a dry run that must leave this one as it is). */
  fork(): AccountMatcher
}

export function createAccountMatcher(
  entries: readonly { id: string; name: string }[],
  from?: { ids: Set<string>; byName: Map<string, string> },
): AccountMatcher {
  const ids = new Set<string>(from?.ids)
  const byName = new Map<string, string>(from?.byName)
  const key = (name: string): string => name.trim().toLowerCase().replace(/\s+/g, ' ')
  const remember = (id: string, name: string): void => {
    ids.add(id)
    if (name && !byName.has(key(name))) byName.set(key(name), id)
  }
  for (const e of entries) remember(e.id, e.name)
  return {
    find({ id, name }) {
      if (id && ids.has(id)) return id
      return name ? byName.get(key(name)) : undefined
    },
    remember,
    fork: () => createAccountMatcher([], { ids, byName }),
  }
}

export type UseCaseMatcher = {
  /** A use case by its id, or by its name within an account. */
  find(query: { id?: string | null; accountId: string; name?: string | null }): string | undefined
  remember(useCaseId: string, accountId: string, name: string): void
  /** A copy that remembers on its own (for a dry run that must leave this one as it is). */
  fork(): UseCaseMatcher
}

export function createUseCaseMatcher(
  entries: readonly { id: string; accountId: string; name: string }[],
  from?: { ids: Set<string>; byName: Map<string, string> },
): UseCaseMatcher {
  const ids = new Set<string>(from?.ids)
  const byName = new Map<string, string>(from?.byName)
  const key = (accountId: string, name: string): string =>
    `${accountId}|${name.trim().toLowerCase().replace(/\s+/g, ' ')}`
  const remember = (id: string, accountId: string, name: string): void => {
    ids.add(id)
    if (name && !byName.has(key(accountId, name))) byName.set(key(accountId, name), id)
  }
  for (const e of entries) remember(e.id, e.accountId, e.name)
  return {
    find({ id, accountId, name }) {
      if (id && ids.has(id)) return id
      return name ? byName.get(key(accountId, name)) : undefined
    },
    remember,
    fork: () => createUseCaseMatcher([], { ids, byName }),
  }
}

export type ContactMatcher = {
  /** A contact by email first, then by name variant; with the account it belongs to. */
  find(query: { email?: string | null; name?: string | null }): { id: string; accountId: string } | undefined
}

export function createContactMatcher(
  entries: readonly { id: string; email: string; accountId: string; name?: string }[],
): ContactMatcher {
  const byEmail = new Map<string, { id: string; accountId: string }>()
  const byName = new Map<string, { id: string; accountId: string }>()
  for (const e of entries) {
    const hit = { id: e.id, accountId: e.accountId }
    const email = normalizeEmail(e.email)
    if (email && !byEmail.has(email)) byEmail.set(email, hit)
    const name = e.name ? normalizePersonName(e.name) : ''
    if (name && !byName.has(name)) byName.set(name, hit)
  }
  return {
    find({ email, name }) {
      const e = email ? byEmail.get(normalizeEmail(email)) : undefined
      if (e) return e
      return name ? byName.get(normalizePersonName(name)) : undefined
    },
  }
}
