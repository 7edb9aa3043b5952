/**
 * The exception chain on the hand-computed company (consumption-fixture.ts)
 * plus the activities, quotas, deals and certifications below, on both
 * engines. As of 2026-03-31: 90 of 365 days of the fiscal year elapsed, Q1
 * fully elapsed. Every rep falls out of the chain at a different link:
 *
 *   c1 incremental: run rate +85,167 vs quota 100,000 × 90/365 = 24,658     → on track
 *   h1 bookings Q1 9,999,999: won 5,000,000 (50%); open 16,000,000 vs
 *      4,999,999 to go = 3.2× ≥ 3×                                         → conversion
 *   h2 bookings Q1 2,000,000: won 0; no pipeline; activity 12 vs norm 9    → pipeline generation
 *   c2 incremental 365,000: −900,333 vs 90,000; use case uB 100,000/month
 *      × 12 vs 1,265,333 to go = 0.95×; activity 2 vs 9 (22%); sells
 *      storage, its storage certificate expired the day before            → enablement
 *
 * The activity norm: teams have two AEs (< 3 peers), so the norm is the
 * median of all four: [2, 8, 10, 12] → 9.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Activity, Certification, Content, Deal, LearningEvent, Quota } from '@revlab/domain'
import { migrateToLatest, openStore, type Store } from '@revlab/db'
import type { ExceptionsAnalysis, RepException } from '@revlab/analyses'
import { answerQuestion, buildExceptions } from '@revlab/server'
import { ENGINES, freshDatabase } from '../../db/test/engines.js'
import * as fixture from './consumption-fixture.js'

const activity = (id: string, personId: string, occurredAt: string, weight: number): Activity => ({
  id,
  dealId: null,
  accountId: 'alpha',
  personId,
  type: 'meeting',
  subject: 'Check-in',
  occurredAt,
  durationMin: 30,
  attendees: '[]',
  weight,
})

const activities: Activity[] = [
  activity('a-h1', 'h1', '2026-03-10T10:00:00.000Z', 10),
  activity('a-c1', 'c1', '2026-03-20T10:00:00.000Z', 8),
  activity('a-h2a', 'h2', '2026-03-02T00:00:00.000Z', 5), // first day of the 30-day window
  activity('a-h2b', 'h2', '2026-03-31T23:00:00.000Z', 7), // last hour of asOf
  activity('a-c2', 'c2', '2026-03-15T10:00:00.000Z', 2),
  activity('a-c2-old', 'c2', '2026-03-01T23:59:00.000Z', 50), // D−30: outside the window
]

const quota = (id: string, personId: string, amountCents: number): Quota => ({
  id,
  personId,
  fiscalYear: 2026,
  period: '2026-Q1',
  kind: 'bookings',
  amountCents,
})

const openDeal: Deal = {
  ...(fixture.deals.find((d) => d.id === 'dWon') as Deal),
  id: 'hOpen',
  name: 'Beta platform',
  accountId: 'beta',
  amountCents: 16_000_000,
  isClosed: false,
  isWon: false,
  closeDate: '2026-06-30',
}

const cert = (
  id: string,
  personId: string,
  product: string,
  status: Certification['status'],
  expiresAt: string,
): Certification => ({
  id,
  personId,
  name: `${product} specialist`,
  product,
  earnedAt: '2025-03-30',
  expiresAt,
  status,
})

const certifications: Certification[] = [
  cert('c-c1-storage', 'c1', 'storage', 'earned', '2026-06-01'),
  cert('c-h1-compute', 'h1', 'compute', 'expired', '2025-03-30'),
  cert('c-c2-storage', 'c2', 'storage', 'earned', '2026-03-30'), // expired the day before asOf
]

const content: Content = {
  id: 'course-1',
  kind: 'course',
  title: 'Consumption selling',
  program: null,
  skills: '[]',
  durationMin: 60,
  costCents: null,
}
const learning: LearningEvent = {
  id: 'le-1',
  personId: 'h2',
  contentId: 'course-1',
  verb: 'completed',
  score: null,
  occurredAt: '2026-03-10T22:00:00.000Z',
  source: 'lms',
}

for (const engine of ENGINES) {
  describe(`${engine}: the exception chain on a hand-computed company`, () => {
    let store: Store
    let result: Extract<ExceptionsAnalysis, { status: 'ok' }>
    const rep = (id: string): RepException => {
      const found = result.reps.find((r) => r.personId === id)
      if (!found) throw new Error(`no rep ${id}`)
      return found
    }
    const figures = (r: { links: { key: string; status: string; figure: number | null }[] }) =>
      Object.fromEntries(r.links.map((l) => [l.key, [l.status, l.figure]]))

    beforeAll(async () => {
      store = await openStore(await freshDatabase(engine))
      await migrateToLatest(store)
      await fixture.loadFixture(store)
      await store.bulkTransaction(async (w) => {
        await w.append('activities', activities)
        await w.append('quotas', [quota('q-h2', 'h2', 2_000_000)])
        await w.append('deals', [openDeal])
        await w.append('certifications', certifications)
        await w.append('content', [content])
        await w.append('learning_events', [learning])
      })
      const analysis = await buildExceptions(store)
      if (analysis.status !== 'ok') throw new Error(analysis.reason)
      result = analysis
    })
    afterAll(async () => {
      await store.close()
    })

    it('measures the number against the quota to date', () => {
      expect(rep('c1')).toMatchObject({
        quotaKind: 'incremental',
        quotaCents: 100_000,
        quotaToDateCents: 24_658, // 100,000 × 90 / 365
        achievedCents: 85_167,
        onTrack: true,
        cause: 'on_track',
      })
      expect(rep('c1').links[0]?.figure).toBeCloseTo(85_167 / 24_658, 12)
      expect(rep('h1')).toMatchObject({ quotaToDateCents: 9_999_999, achievedCents: 5_000_000 })
      expect(rep('c2')).toMatchObject({ quotaToDateCents: 90_000, achievedCents: -900_333 })
    })

    it('walks each rep down the chain to the most likely cause', () => {
      expect(result.reps.map((r) => [r.personId, r.cause])).toEqual([
        ['c2', 'enablement'],
        ['h2', 'pipeline_generation'],
        ['h1', 'conversion'],
        ['c1', 'on_track'],
      ])
      expect(result.summary).toEqual({
        reps: 4,
        onTrack: 1,
        exceptions: 3,
        byCause: { enablement: 1, pipeline_generation: 1, conversion: 1, on_track: 1 },
      })
    })

    it('gives every link its figure and threshold', () => {
      const h1 = figures(rep('h1'))
      expect(h1.number?.[0]).toBe('fail')
      expect(h1.number?.[1]).toBeCloseTo(0.50000005, 8)
      expect(h1.pipeline?.[0]).toBe('pass')
      expect(h1.pipeline?.[1]).toBeCloseTo(16_000_000 / 4_999_999, 10)
      expect(rep('h1').links.map((l) => l.reached)).toEqual([true, true, false, false])

      const c2 = rep('c2')
      expect(c2).toMatchObject({ remainingCents: 1_265_333, pipelineCents: 1_200_000 })
      expect(c2.links.map((l) => [l.key, l.status, l.reached, l.threshold])).toEqual([
        ['number', 'fail', true, 0.9],
        ['pipeline', 'fail', true, 3],
        ['activity', 'fail', true, 0.8],
        ['enablement', 'fail', true, 1],
      ])
      expect(c2.links[1]?.figure).toBeCloseTo(1_200_000 / 1_265_333, 10)
      expect(c2.links[2]?.figure).toBeCloseTo(2 / 9, 12) // the D−30 activity is outside the window
      expect(c2.links[3]?.figure).toBe(0)
      expect(c2.missingCertifications).toEqual(['storage'])
      expect(c2.diagnosis).toContain('not certified on storage')
      expect(c2.action).toContain('Certify Carl Core on storage')

      expect(rep('h2')).toMatchObject({ weightedActivity: 12, activityNorm: 9, pipelineCents: 0 })
      expect(figures(rep('h2')).activity).toEqual(['pass', 12 / 9])
      // h1 sells compute and storage (Alpha and Beta); the compute certificate expired.
      expect(rep('h1').missingCertifications).toEqual(['compute', 'storage'])
      // c1 sells compute only (Alpha); holding storage does not count.
      expect(rep('c1').missingCertifications).toEqual(['compute'])
    })

    it('rolls the chain up per team', () => {
      const [north, south] = result.teams
      expect(north).toMatchObject({
        team: 'North',
        reps: 2,
        repsOffTrack: 1,
        quotaToDateCents: 10_024_657,
        achievedCents: 5_085_167,
        remainingCents: 5_014_832,
        pipelineCents: 16_000_000,
        cause: 'conversion',
      })
      expect(south).toMatchObject({ team: 'South', repsOffTrack: 2, cause: 'enablement' })
      expect(south?.links[2]?.figure).toBeCloseTo(7 / 9, 12) // team median (2, 12) vs company median
    })

    it('takes thresholds and a team, and scopes to what a rep may see', async () => {
      const lenient = await buildExceptions(store, { thresholds: { minCoverage: 0.5 } })
      if (lenient.status !== 'ok') throw new Error('expected ok')
      expect(lenient.reps.find((r) => r.personId === 'c2')?.cause).toBe('conversion')
      const south = await buildExceptions(store, { team: 'South' })
      if (south.status !== 'ok') throw new Error('expected ok')
      expect(south.reps.map((r) => r.personId).sort()).toEqual(['c2', 'h2'])
      const own = await buildExceptions(store, { scope: { kind: 'owners', ownerIds: ['h1'] } })
      if (own.status !== 'ok') throw new Error('expected ok')
      expect(own.reps.map((r) => r.personId)).toEqual(['h1'])
    })

    it('answers questions through the loaders, and a rep only about themselves', async () => {
      // Beta: 7 × 1,000 in the last 7 days against 7 × 3,000 the week before.
      const beta = await answerQuestion(store, { question: 'consumption of Beta over the last 7 days' })
      expect(beta).toMatchObject({ status: 'answered' })
      expect(beta.figures.map((f) => f.value)).toEqual([7_000, 21_000])
      expect(beta.chart?.points).toHaveLength(7)
      const losers = await answerQuestion(store, {
        question: 'which accounts lost the most consumption in the last 7 days?',
      })
      expect(losers.rows.map((r) => [r.label, r.value])).toEqual([['Beta', -14_000]])
      const carl = await answerQuestion(store, { question: 'How is Carl doing?' })
      expect(carl.interpretation[0]).toBe("I read 'carl' as Carl Core, AE (core), EMEA")
      expect(carl.figures.find((f) => f.label === 'activities')?.value).toBe(1)
      const denied = await answerQuestion(store, {
        question: 'How is Carl doing?',
        scope: { kind: 'owners', ownerIds: ['h1'] },
      })
      expect(denied.status).toBe('not-allowed')
      expect(denied.suggestions[0]).toContain('Hana Hunter')
    })
  })
}
