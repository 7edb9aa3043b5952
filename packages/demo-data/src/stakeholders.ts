import type { Contact, DealStakeholder, StakeholderRole } from '@revlab/domain'
import type { Rng } from '@revlab/stats'
import type { DealPlan } from './deal-plan.js'
import { seniorityRank } from './contacts.js'
import { toIsoInstant } from './dates.js'

export type DealStakeholderPlan = { contact: Contact; roles: StakeholderRole[]; addedDay: number }

/**
 * The buying committee on a deal: 1-6 of the account's contacts (an
 * independent draw, capped by how many contacts the account has). The most
 * senior carries exec_sponsor when the deal has one and often economic_buyer;
 * a hands-on contact is the technical champion, another the business
 * stakeholder. Returned most-senior first.
 */
export const planStakeholders = (
  rng: Rng,
  deal: DealPlan,
  contacts: Contact[],
  endDay: number,
): DealStakeholderPlan[] => {
  const count = Math.min(rng.int(1, 6), contacts.length)
  const chosen = rng
    .sample(contacts, count)
    .sort((a, b) => seniorityRank(a.seniority) - seniorityRank(b.seniority) || (a.id < b.id ? -1 : 1))
  const plans = chosen.map((contact) => ({
    contact,
    roles: [] as StakeholderRole[],
    addedDay: deal.createdDay + rng.int(0, Math.max(0, Math.floor((endDay - deal.createdDay) * 0.6))),
  }))
  const mostSenior = plans[0]
  const mostJunior = plans[plans.length - 1]
  if (mostSenior === undefined || mostJunior === undefined) return plans
  mostJunior.roles.push('technical_champion')
  if (plans.length >= 2) plans[plans.length - 2]?.roles.push('business_stakeholder')
  if (deal.execSponsor) mostSenior.roles.push('exec_sponsor')
  if (rng.bernoulli(0.55)) mostSenior.roles.push('economic_buyer')
  if (rng.bernoulli(0.4)) (plans[1] ?? mostSenior).roles.push('budget_owner')
  if (plans.length >= 3 && rng.bernoulli(0.08)) plans[rng.int(1, plans.length - 1)]?.roles.push('blocker')
  for (const plan of plans) {
    if (plan.roles.length === 0) plan.roles.push('business_stakeholder')
    plan.roles = [...new Set(plan.roles)]
  }
  return plans
}

export const toDealStakeholders = (
  deal: DealPlan,
  plans: DealStakeholderPlan[],
  nextId: () => string,
): DealStakeholder[] =>
  plans.map((plan) => ({
    id: nextId(),
    dealId: deal.id,
    contactId: plan.contact.id,
    roles: JSON.stringify(plan.roles),
    addedAt: toIsoInstant(
      plan.addedDay,
      plan.addedDay === deal.createdDay ? Math.max(deal.createdMinute, 10 * 60) : 10 * 60,
    ),
  }))
