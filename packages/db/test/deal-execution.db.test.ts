/**
 * POC and experiment inputs read back on both engines from a tiny hand-built
 * store, and the analyses over them checked against numbers worked out by
 * hand (Wilson and Newcombe intervals as R's prop.test gives them).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Deal, Person, Poc, PocCheckin } from '@revlab/domain'
import { loadExperimentInputs, loadPocInputs, migrateToLatest, openStore, type Store } from '@revlab/db'
import { analyzeExperiments, analyzePocs } from '@revlab/analyses'
import { ENGINES, freshDatabase } from './engines.js'
import { testDeal, testPerson } from './records.js'

const AS_OF = '2025-03-01'

const person = (id: string, role: Person['role']): Person =>
  testPerson(id, { role, aeType: role === 'ae' ? 'hunter' : null })

const deal = (id: string, over: Partial<Deal> = {}): Deal => testDeal(id, { seId: 'se1', ...over })

const ALL = JSON.stringify({
  dedicatedResource: true,
  weeklyMeeting: true,
  dataAccess: true,
  goNoGoDecision: true,
})

const poc = (id: string, dealId: string, over: Partial<Poc> = {}): Poc => ({
  id,
  dealId,
  seId: 'se1',
  question: 'Can ETL finish by 06:00?',
  metric: 'ETL hours',
  baseline: 6,
  target: 2,
  plannedWeeks: 4,
  startedAt: '2024-12-01',
  goNoGoDate: '2024-12-29',
  paid: false,
  priceCents: 0,
  commitments: ALL,
  status: 'running',
  ...over,
})

const checkin = (
  pocId: string,
  week: number,
  checkedAt: string,
  metricValue: number,
  met: string[],
): PocCheckin => ({
  id: `${pocId}-w${week}`,
  pocId,
  week,
  checkedAt,
  metricValue,
  commitmentsMet: JSON.stringify(met),
  note: '',
})

const closed = (id: string, won: boolean, closeDate: string, over: Partial<Deal> = {}): Deal =>
  deal(id, { isClosed: true, isWon: won, closeDate, ...over })

async function seed(store: Store): Promise<void> {
  await store.bulkTransaction(async (w) => {
    await w.append('people', [person('rep1', 'ae'), person('se1', 'se')])
    await w.append('deals', [
      deal('d1'),
      deal('d2'),
      closed('d3', true, '2025-01-20'),
      closed('d4', true, '2025-01-20'),
      closed('d5', false, '2025-01-20'),
      closed('d6', true, '2025-01-20'),
      closed('d7', false, '2025-01-20'),
      closed('d8', false, '2025-01-20'),
      // Experiment deals: days to close 30, 40, 50 and one open (censored at 59) in control;
      // 20, 30, 40 and one open from 2025-02-01 (censored at 28) in the variant.
      closed('c1', true, '2025-01-31', { amountCents: 1_000_000 }),
      closed('c2', false, '2025-02-10'),
      closed('c3', false, '2025-02-20'),
      deal('c4'),
      closed('v1', true, '2025-01-21', { amountCents: 4_000_000 }),
      closed('v2', true, '2025-01-31', { amountCents: 4_000_000 }),
      closed('v3', false, '2025-02-10'),
      deal('v4', { createdAt: '2025-02-01T09:00:00.000Z' }),
    ] satisfies Deal[])
    await w.append('pocs', [
      // Past its go/no-go date, metric flat, commitments missed two weeks running, silent for two weeks.
      poc('p1', 'd1', { startedAt: '2025-02-01', plannedWeeks: 3, goNoGoDate: '2025-02-22' }),
      // A week in, on plan, but only two of the four commitments were agreed.
      poc('p2', 'd2', {
        startedAt: '2025-02-22',
        goNoGoDate: '2025-03-22',
        commitments: JSON.stringify({
          dedicatedResource: true,
          weeklyMeeting: true,
          dataAccess: false,
          goNoGoDecision: false,
        }),
      }),
      poc('p3', 'd3', { paid: true, priceCents: 1_000_000, status: 'won' }),
      poc('p4', 'd4', { paid: true, priceCents: 1_000_000, status: 'won' }),
      poc('p5', 'd5', { paid: true, priceCents: 1_000_000, status: 'lost', plannedWeeks: 6 }),
      poc('p6', 'd6', { status: 'won' }),
      poc('p7', 'd7', { status: 'lost', plannedWeeks: 6 }),
      poc('p8', 'd8', { status: 'stopped', plannedWeeks: 6 }),
    ] satisfies Poc[])
    const three = ['dedicatedResource', 'weeklyMeeting', 'dataAccess']
    await w.append('poc_checkins', [
      checkin('p1', 1, '2025-02-08', 5, three),
      checkin('p1', 2, '2025-02-15', 5, three),
      checkin('p2', 1, '2025-03-01', 4, ['dedicatedResource', 'weeklyMeeting']),
    ])
    await w.append('playbooks', [
      { id: 'pb-c', name: 'Standard', description: '' },
      { id: 'pb-v', name: 'Dual champion', description: '' },
    ])
    await w.append('experiments', [
      {
        id: 'exp1',
        name: 'Dual champion',
        hypothesis: 'Two champions win more',
        controlPlaybookId: 'pb-c',
        variantPlaybookId: 'pb-v',
        eligibility: '{}',
        assignmentMethod: 'random',
        seed: 42,
        primaryMetric: 'win_rate',
        startedAt: '2025-01-01',
        endedAt: null,
        status: 'running',
      },
    ])
    const assign = (dealId: string, variant: 'control' | 'variant', adherence: number | null) => ({
      experimentId: 'exp1',
      dealId,
      variant,
      assignedAt: '2025-01-01T09:00:00.000Z',
      adherence,
    })
    await w.append('experiment_assignments', [
      assign('c1', 'control', 0.9),
      assign('c2', 'control', 0.5),
      assign('c3', 'control', 0.9),
      assign('c4', 'control', 0.9),
      assign('v1', 'variant', 0.9),
      assign('v2', 'variant', 0.9),
      assign('v3', 'variant', 0.3),
      assign('v4', 'variant', null),
    ])
  })
}

for (const engine of ENGINES) {
  describe(`${engine}: POCs and experiments`, () => {
    let store: Store

    beforeAll(async () => {
      store = await openStore(await freshDatabase(engine))
      await migrateToLatest(store)
      await seed(store)
    })
    afterAll(async () => {
      await store.close()
    })

    it('loads POCs with their deal outcome as of the date, and defaults the date to the data', async () => {
      const inputs = await loadPocInputs(store.db, {})
      expect(inputs.asOf).toBe(AS_OF)
      expect(inputs.pocs.map((p) => [p.id, p.paid, p.dealIsClosed, p.dealIsWon])).toEqual([
        ['p1', false, false, false],
        ['p2', false, false, false],
        ['p3', true, true, true],
        ['p4', true, true, true],
        ['p5', true, true, false],
        ['p6', false, true, true],
        ['p7', false, true, false],
        ['p8', false, true, false],
      ])
      expect(inputs.checkins).toHaveLength(3)
      expect(inputs.people).toEqual([{ id: 'se1', name: 'Person se1', role: 'se' }])
      const early = await loadPocInputs(store.db, { asOf: '2025-01-10' })
      expect(early.pocs.filter((p) => p.dealIsClosed)).toHaveLength(0)
      expect(
        (await loadPocInputs(store.db, { scope: { kind: 'owners', ownerIds: ['nobody'] } })).pocs,
      ).toHaveLength(0)
    })

    it('flags the overrunning, stalled POC for a stop and leaves the POC on plan running', async () => {
      const result = analyzePocs(await loadPocInputs(store.db, {}))
      if (result.status !== 'ok') throw new Error(result.reason)
      const [p1, p2] = result.active
      expect(p1).toMatchObject({
        id: 'p1',
        flags: ['missed-commitments', 'overrunning', 'no-metric-movement', 'no-recent-checkin'],
        atRisk: true,
        recommendation: 'stop',
        weeksElapsed: 4,
        metricProgress: 0.25,
        commitmentShare: 0.75,
        lastCheckinAt: '2025-02-15',
      })
      expect(p2).toMatchObject({
        id: 'p2',
        flags: ['incomplete-agreement'],
        atRisk: false,
        recommendation: 'continue',
        metricProgress: 0.5,
        expectedProgress: 0.25,
        commitmentsPromised: 2,
      })
      expect(result.seLoad).toEqual([
        {
          seId: 'se1',
          name: 'Person se1',
          activePocs: 2,
          timeShareInPocs: 0.6,
          atRiskPocs: 1,
          overloaded: false,
        },
      ])
      expect(result.totals).toMatchObject({ active: 2, atRisk: 1, recommendedStop: 1, closed: 6, won: 3 })
    })

    it('compares paid with free POCs: 2/3 vs 1/3 with Wilson, Newcombe and Woolf intervals', async () => {
      const result = analyzePocs(await loadPocInputs(store.db, {}))
      if (result.status !== 'ok') throw new Error(result.reason)
      const paid = result.conversion.find((c) => c.key === 'paid')
      if (!paid) throw new Error('no paid comparison')
      expect(paid.groupA.winRate.estimate).toBeCloseTo(2 / 3, 10)
      expect(paid.groupA.winRate.ci95?.[0]).toBeCloseTo(0.20766, 4)
      expect(paid.groupA.winRate.ci95?.[1]).toBeCloseTo(0.93851, 4)
      expect(paid.difference.estimate).toBeCloseTo(1 / 3, 10)
      expect(paid.difference.ci95?.[0]).toBeCloseTo(-0.3158, 4)
      expect(paid.difference.ci95?.[1]).toBeCloseTo(0.71778, 4)
      // Odds ratio (2 × 2) / (1 × 1) = 4, Woolf SE √3.
      expect(paid.oddsRatio.estimate).toBeCloseTo(4, 10)
      expect(paid.oddsRatio.ci95?.[0]).toBeCloseTo(0.13419, 4)
      expect(paid.oddsRatio.ci95?.[1]).toBeCloseTo(119.2297, 2)
      const length = result.conversion.find((c) => c.key === 'length')
      // 4-week POCs: p3, p4, p6 all won; 6-week POCs p5, p7, p8 all lost.
      expect([
        length?.groupA.winRate.successes,
        length?.groupA.winRate.n,
        length?.groupB.winRate.successes,
      ]).toEqual([3, 3, 0])
    })

    it('loads assignments with outcomes and compares the arms by hand-computed numbers', async () => {
      // The default as-of date is the newest close date.
      expect((await loadExperimentInputs(store.db, {})).asOf).toBe('2025-02-20')
      const inputs = await loadExperimentInputs(store.db, { asOf: AS_OF })
      expect(inputs.assignments).toHaveLength(8)
      expect(inputs.assignments.find((a) => a.dealId === 'v4')).toMatchObject({
        createdOn: '2025-02-01',
        isClosed: false,
        adherence: null,
        aeType: 'hunter',
      })
      const result = analyzeExperiments(inputs, { bootstrapResamples: 50, posteriorDraws: 2000 })
      if (result.status !== 'ok') throw new Error(result.reason)
      const [exp] = result.experiments
      if (!exp) throw new Error('no experiment')
      const itt = exp.intentionToTreat
      expect([itt.winRate.control.successes, itt.winRate.control.n]).toEqual([1, 3])
      expect([itt.winRate.variant.successes, itt.winRate.variant.n]).toEqual([2, 3])
      expect(itt.winRate.difference.estimate).toBeCloseTo(1 / 3, 10)
      // Control KM sits exactly at 0.5 from day 40 to 50: the median is the midpoint, 45. Variant: 30.
      expect(itt.daysToClose.control).toMatchObject({ n: 4, events: 3, medianDays: 45 })
      expect(itt.daysToClose.variant).toMatchObject({ n: 4, events: 3, medianDays: 30 })
      expect(itt.daysToClose.ratioOfMedians.estimate).toBeCloseTo(30 / 45, 10)
      expect(itt.daysToClose.logRank?.pValue).toBeGreaterThan(0)
      // Won amounts: 1,000,000 vs 4,000,000 twice.
      expect(itt.dealSize.control.geometricMeanCents).toBe(1_000_000)
      expect(itt.dealSize.variant.geometricMeanCents).toBe(4_000_000)
      expect(itt.dealSize.ratio.estimate).toBeNull()
      expect(itt.winRate.probabilityVariantBetter).toBeGreaterThan(0.6)
      // Per protocol drops c2 (0.5), v3 (0.3) and v4 (no record).
      expect(exp.perProtocol.excluded).toBe(3)
      expect(exp.perProtocol.n).toEqual({ control: 3, variant: 2 })
      // (1.96 + 0.8416)² × (⅓·⅔ + 0.4333·0.5667) / 0.1² → 368 closed deals per arm.
      expect(exp.sampleSize).toMatchObject({
        neededPerArm: 368,
        unit: 'closed deals',
        current: { control: 3, variant: 3 },
        reached: false,
      })
      expect(exp.warnings[0]).toMatch(/Planned sample not reached/)
      expect(exp.bySegment.map((s) => s.segment)).toEqual(['SMB'])
    })
  })
}
