import type { Certification, Content, LearningEvent, Person } from '@revlab/domain'
import type { Rng } from '@revlab/stats'
import { toIsoDate, toIsoInstant } from './dates.js'

export const DISCOVERY_EXCELLENCE_ID = 'content-discovery-excellence'
export const NEGOTIATION_FOUNDATIONS_ID = 'content-negotiation-foundations'

export const CONTENT: Content[] = [
  {
    id: DISCOVERY_EXCELLENCE_ID,
    kind: 'course',
    title: 'Discovery Excellence',
    program: 'Discovery Excellence',
    skills: JSON.stringify(['open_questions', 'discovery', 'pain']),
    durationMin: 240,
    costCents: 45_000,
  },
  {
    id: NEGOTIATION_FOUNDATIONS_ID,
    kind: 'course',
    title: 'Negotiation Foundations',
    program: 'Negotiation Foundations',
    skills: JSON.stringify(['negotiation', 'pricing']),
    durationMin: 180,
    costCents: 38_000,
  },
  {
    id: 'content-meddpicc-essentials',
    kind: 'module',
    title: 'MEDDPICC Essentials',
    program: null,
    skills: JSON.stringify(['meddpicc', 'qualification']),
    durationMin: 60,
    costCents: null,
  },
  {
    id: 'content-consumption-selling',
    kind: 'course',
    title: 'Consumption Selling 101',
    program: null,
    skills: JSON.stringify(['use_cases', 'consumption']),
    durationMin: 90,
    costCents: 12_000,
  },
  {
    id: 'content-golden-pitch',
    kind: 'module',
    title: 'The Golden Pitch',
    program: null,
    skills: JSON.stringify(['pitch', 'value']),
    durationMin: 45,
    costCents: null,
  },
  {
    id: 'content-battlecard-vendors',
    kind: 'battlecard',
    title: 'Battlecard: warehouse vendors',
    program: null,
    skills: JSON.stringify(['competition']),
    durationMin: 10,
    costCents: null,
  },
  {
    id: 'content-battlecard-oss',
    kind: 'battlecard',
    title: 'Battlecard: open-source alternatives',
    program: null,
    skills: JSON.stringify(['competition', 'open_source']),
    durationMin: 10,
    costCents: null,
  },
  {
    id: 'content-dual-champion-guide',
    kind: 'playbook',
    title: 'Dual-champion discovery guide',
    program: null,
    skills: JSON.stringify(['discovery', 'stakeholders']),
    durationMin: 20,
    costCents: null,
  },
]

/**
 * Staggered rollouts: each program reaches one region at a time (days before
 * asOf), in different region orders so the two programs are not confounded.
 */
const ROLLOUTS: { contentId: string; regionOrder: string[]; daysBeforeAsOf: number[] }[] = [
  {
    contentId: DISCOVERY_EXCELLENCE_ID,
    regionOrder: ['NA West', 'EMEA', 'NA East', 'APAC', 'LATAM'],
    daysBeforeAsOf: [540, 450, 360, 270, 180],
  },
  {
    contentId: NEGOTIATION_FOUNDATIONS_ID,
    regionOrder: ['EMEA', 'LATAM', 'APAC', 'NA West', 'NA East'],
    daysBeforeAsOf: [600, 480, 400, 300, 200],
  },
]

const CERTIFICATIONS = [
  { name: 'Platform Fundamentals', product: null, validDays: 730 },
  { name: 'Compute Specialist', product: 'compute', validDays: 365 },
  { name: 'Storage Specialist', product: 'storage', validDays: 365 },
  { name: 'Golden Pitch', product: null, validDays: 365 },
]

export type EnablementResult = {
  learningEvents: LearningEvent[]
  certifications: Certification[]
  /** personId → epoch ms of the 'completed' statement for Discovery Excellence (the planted training effect). */
  discoveryCompletedMs: Map<string, number>
  rolloutDays: Record<string, Record<string, number>>
}

/**
 * LMS history: xAPI-style statements ('attempted', 'experienced', 'passed',
 * 'failed', 'completed') for the two programs rolled out region by region,
 * plus background use of the other content, and certifications.
 * Completions are stamped late in the day (22:00-23:59 UTC) and calls happen
 * 08:00-20:00, so "completed before the call" means the same thing whether an
 * analysis compares instants or dates.
 */
export const generateEnablement = (rng: Rng, people: Person[], asOfDay: number): EnablementResult => {
  const learningEvents: LearningEvent[] = []
  const discoveryCompletedMs = new Map<string, number>()
  const rolloutDays: Record<string, Record<string, number>> = {}
  const push = (
    personId: string,
    contentId: string,
    verb: string,
    score: number | null,
    day: number,
    minute: number,
  ): void => {
    learningEvents.push({
      id: `le-${String(learningEvents.length + 1).padStart(7, '0')}`,
      personId,
      contentId,
      verb,
      score,
      occurredAt: toIsoInstant(day, minute),
      source: 'lms',
    })
  }
  const learners = people.filter((p) => p.role === 'ae' || p.role === 'manager' || p.role === 'se')
  for (const rollout of ROLLOUTS) {
    const byRegion: Record<string, number> = {}
    rollout.regionOrder.forEach((region, i) => {
      byRegion[region] = asOfDay - (rollout.daysBeforeAsOf[i] ?? 0)
    })
    rolloutDays[rollout.contentId] = byRegion
    for (const person of learners) {
      const regionDay = byRegion[person.region] ?? asOfDay
      const startDay = Math.round(Date.parse(`${person.startDate}T00:00:00Z`) / 86_400_000)
      const availableDay = Math.max(regionDay, startDay + 14)
      const completes = rng.bernoulli(0.9)
      const completionDay = availableDay + rng.int(3, 45)
      const attemptDay = Math.max(availableDay, completionDay - rng.int(1, 10))
      if (attemptDay > asOfDay) continue
      push(person.id, rollout.contentId, 'attempted', null, attemptDay, rng.int(9 * 60, 18 * 60))
      if (!completes) {
        push(
          person.id,
          rollout.contentId,
          'failed',
          rng.int(35, 69),
          Math.min(asOfDay, attemptDay + rng.int(0, 5)),
          rng.int(9 * 60, 18 * 60),
        )
        continue
      }
      if (completionDay > asOfDay) continue
      push(
        person.id,
        rollout.contentId,
        'experienced',
        null,
        Math.floor((attemptDay + completionDay) / 2),
        rng.int(9 * 60, 18 * 60),
      )
      push(person.id, rollout.contentId, 'passed', rng.int(70, 100), completionDay, 21 * 60 + rng.int(0, 59))
      const completionMinute = 22 * 60 + rng.int(0, 119)
      push(person.id, rollout.contentId, 'completed', null, completionDay, completionMinute)
      if (rollout.contentId === DISCOVERY_EXCELLENCE_ID) {
        discoveryCompletedMs.set(person.id, completionDay * 86_400_000 + completionMinute * 60_000)
      }
    }
  }
  // Background use of the other content: no planted effect.
  const otherContent = CONTENT.filter(
    (c) => c.id !== DISCOVERY_EXCELLENCE_ID && c.id !== NEGOTIATION_FOUNDATIONS_ID,
  )
  for (const person of learners) {
    for (const content of otherContent) {
      if (!rng.bernoulli(0.45)) continue
      const day = asOfDay - rng.int(0, 700)
      const verb = content.kind === 'battlecard' || content.kind === 'playbook' ? 'experienced' : 'completed'
      push(person.id, content.id, verb, null, day, rng.int(9 * 60, 18 * 60))
    }
  }

  const certifications: Certification[] = []
  for (const person of people.filter((p) => p.role === 'ae' || p.role === 'se')) {
    for (const cert of CERTIFICATIONS) {
      const draw = rng.next()
      if (draw > 0.85) continue
      const id = `cert-${String(certifications.length + 1).padStart(6, '0')}`
      if (draw > 0.65) {
        certifications.push({
          id,
          personId: person.id,
          name: cert.name,
          product: cert.product,
          earnedAt: null,
          expiresAt: null,
          status: 'due',
        })
        continue
      }
      const earnedDay = asOfDay - rng.int(0, 900)
      const expiresDay = earnedDay + cert.validDays
      certifications.push({
        id,
        personId: person.id,
        name: cert.name,
        product: cert.product,
        earnedAt: toIsoDate(earnedDay),
        expiresAt: toIsoDate(expiresDay),
        status: expiresDay < asOfDay ? 'expired' : 'earned',
      })
    }
  }
  return { learningEvents, certifications, discoveryCompletedMs, rolloutDays }
}
