import type { Activity, ActivityType, Seniority } from '@revlab/domain'
import type { Rng } from '@revlab/stats'
import type { DealPlan } from './deal-plan.js'
import type { DealStakeholderPlan } from './stakeholders.js'
import { seniorityRank } from './contacts.js'
import { toIsoInstant } from './dates.js'

/**
 * Activity weight = type weight × weight of the most senior attendee
 * (1 when nobody from the buyer attended), so a hallway bump never counts
 * like an executive briefing about funding:
 *
 *   type                weight     seniority   weight
 *   executive_briefing  3.0        c_level     2.0
 *   workshop            2.5        vp          1.6
 *   demo                2.0        director    1.3
 *   meeting             1.5        manager     1.1
 *   call                1.0        ic          1.0
 *   email               0.3
 *   hallway             0.2
 */
export const ACTIVITY_TYPE_WEIGHTS: Record<ActivityType, number> = {
  executive_briefing: 3,
  workshop: 2.5,
  demo: 2,
  meeting: 1.5,
  call: 1,
  email: 0.3,
  hallway: 0.2,
}
export const SENIORITY_WEIGHTS: Record<Seniority, number> = {
  c_level: 2,
  vp: 1.6,
  director: 1.3,
  manager: 1.1,
  ic: 1,
}

const TYPES: ActivityType[] = [
  'email',
  'call',
  'meeting',
  'demo',
  'workshop',
  'hallway',
  'executive_briefing',
]
const TYPE_SHARES = [0.34, 0.2, 0.18, 0.1, 0.06, 0.06, 0.06]
const DURATION_MIN: Record<ActivityType, [number, number]> = {
  email: [2, 10],
  call: [15, 45],
  meeting: [30, 60],
  demo: [45, 75],
  workshop: [90, 180],
  hallway: [3, 15],
  executive_briefing: [30, 60],
}
const SUBJECTS: Record<ActivityType, string> = {
  email: 'Follow-up email',
  call: 'Check-in call',
  meeting: 'Working session',
  demo: 'Product demo',
  workshop: 'Architecture workshop',
  hallway: 'Ran into them at an event',
  executive_briefing: 'Executive briefing on funding and priorities',
}

export const activityWeight = (type: ActivityType, seniorities: Seniority[]): number => {
  const top = seniorities.slice().sort((a, b) => seniorityRank(a) - seniorityRank(b))[0]
  return (
    Math.round(ACTIVITY_TYPE_WEIGHTS[type] * (top === undefined ? 1 : SENIORITY_WEIGHTS[top]) * 100) / 100
  )
}

/** The deal's logged activities between creation and close (or asOf), weighed by type and attendees. */
export const generateActivities = (
  rng: Rng,
  options: {
    deal: DealPlan
    stakeholders: DealStakeholderPlan[]
    perDeal: number
    asOfDay: number
    nextId: () => string
  },
): Activity[] => {
  const { deal, stakeholders, perDeal, asOfDay, nextId } = options
  const endDay = deal.isClosed ? deal.closeDay : asOfDay - 1
  const span = Math.max(0, endDay - deal.createdDay)
  const count = 1 + rng.poisson(Math.max(0, perDeal - 1))
  const activities: Activity[] = []
  for (let i = 0; i < count; i += 1) {
    const type = rng.weighted(TYPES, TYPE_SHARES)
    const day = deal.createdDay + rng.int(0, span)
    const maxAttendees = type === 'email' || type === 'hallway' ? 1 : 3
    const attendees =
      type === 'executive_briefing' && stakeholders[0] !== undefined
        ? [stakeholders[0]]
        : rng.sample(stakeholders, rng.int(type === 'email' ? 1 : 0, maxAttendees))
    const [lo, hi] = DURATION_MIN[type]
    const personId =
      deal.seId !== null && (type === 'demo' || type === 'workshop') && rng.bernoulli(0.6)
        ? deal.seId
        : deal.ownerId
    activities.push({
      id: nextId(),
      dealId: deal.id,
      accountId: deal.account?.id ?? '',
      personId,
      type,
      subject: SUBJECTS[type],
      occurredAt: toIsoInstant(
        day,
        day === deal.createdDay
          ? Math.max(deal.createdMinute, rng.int(8 * 60, 18 * 60))
          : rng.int(8 * 60, 18 * 60),
      ),
      durationMin: rng.int(lo, hi),
      attendees: JSON.stringify(
        attendees.map((a) => ({ contactId: a.contact.id, seniority: a.contact.seniority })),
      ),
      weight: activityWeight(
        type,
        attendees.map((a) => a.contact.seniority),
      ),
    })
  }
  return activities
}
