import type { Deal, Person } from '@revlab/domain'
import type { DemoLogin } from './types.js'
import { COMPANY_DOMAIN } from './names.js'

export const DEMO_PASSWORD = 'revlab-demo'

/**
 * One login per role. The rep is Lars Eriksen (a core AE who owns deals, the
 * rep the product brief asks about) or, failing that, the AE with most deals;
 * the manager is the rep's manager.
 */
export const buildLogins = (people: Person[], deals: Deal[]): DemoLogin[] => {
  const dealsByOwner = new Map<string, number>()
  for (const deal of deals) dealsByOwner.set(deal.ownerId, (dealsByOwner.get(deal.ownerId) ?? 0) + 1)
  const aes = people.filter((p) => p.role === 'ae' && (dealsByOwner.get(p.id) ?? 0) > 0)
  const busiest = aes
    .slice()
    .sort(
      (a, b) => (dealsByOwner.get(b.id) ?? 0) - (dealsByOwner.get(a.id) ?? 0) || (a.id < b.id ? -1 : 1),
    )[0]
  const rep = aes.find((p) => p.name === 'Lars Eriksen') ?? busiest
  const manager =
    people.find((p) => p.id === rep?.managerId && p.role === 'manager') ??
    people.find((p) => p.role === 'manager')
  const leader = people.find((p) => p.role === 'leader')
  if (rep === undefined || manager === undefined || leader === undefined) {
    throw new Error('demo-data: the demo company needs a leader, a manager and an AE with deals')
  }
  const asLogin = (person: Person, role: DemoLogin['role']): DemoLogin => ({
    email: person.email,
    name: person.name,
    role,
    personId: person.id,
  })
  return [
    { email: `admin@${COMPANY_DOMAIN}`, name: 'Demo Admin', role: 'admin', personId: null },
    asLogin(leader, 'leader'),
    asLogin(manager, 'manager'),
    asLogin(rep, 'rep'),
    { email: `analyst@${COMPANY_DOMAIN}`, name: 'Demo Analyst', role: 'analyst', personId: null },
  ]
}
