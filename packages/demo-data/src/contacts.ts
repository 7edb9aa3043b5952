import type { Contact, Seniority } from '@revlab/domain'
import type { Rng } from '@revlab/stats'
import type { AccountDraft } from './accounts.js'
import { DEPARTMENTS, FIRST_NAMES, LAST_NAMES, TITLES } from './names.js'

const SENIORITY_ORDER: Seniority[] = ['c_level', 'vp', 'director', 'manager', 'ic']
const SENIORITY_WEIGHTS = [0.08, 0.15, 0.22, 0.25, 0.3]

const accountDomain = (name: string): string => `${name.toLowerCase().replace(/[^a-z0-9]+/g, '')}.example`

/**
 * Buying-committee contacts per account. The first contact is always an
 * executive (c_level or vp) so an executive sponsor can be named on any deal.
 */
export const generateContacts = (
  rng: Rng,
  accounts: AccountDraft[],
  perAccount: readonly [number, number],
): Contact[] => {
  const contacts: Contact[] = []
  for (const account of accounts) {
    const domain = accountDomain(account.name)
    const count = rng.int(perAccount[0], perAccount[1])
    const used = new Set<string>()
    for (let i = 0; i < count; i += 1) {
      let name = ''
      while (name === '' || used.has(name)) name = `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`
      used.add(name)
      const seniority: Seniority =
        i === 0 ? rng.pick(['c_level', 'vp'] as const) : rng.weighted(SENIORITY_ORDER, SENIORITY_WEIGHTS)
      const department = rng.pick(DEPARTMENTS)
      const title = rng.pick(TITLES[seniority]).replace('{dept}', department)
      contacts.push({
        id: `contact-${String(contacts.length + 1).padStart(7, '0')}`,
        accountId: account.id,
        name,
        email: `${name.toLowerCase().replace(' ', '.')}@${domain}`,
        title,
        seniority,
        department,
      })
    }
  }
  return contacts
}

export const seniorityRank = (seniority: Seniority): number => SENIORITY_ORDER.indexOf(seniority)
