/**
 * Enablement ROI on the small demo company (seed 42), where the truth is
 * known: Discovery Excellence adds 1.5 open discovery questions per call
 * (staggered regional rollout), Negotiation Foundations adds nothing, and
 * each open question per call (deal mean) adds 0.08 to ln(amount).
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { generateDemoCompany } from '@revlab/demo-data'
import { twoSampleTSampleSize } from '@revlab/stats'
import { analyzeEnablement } from './analyze-enablement.js'
import { enablementInputsFromDataset } from './from-dataset.js'
import { joinEnablement } from './join.js'
import { behaviourToOutcome } from './behaviour-to-outcome.js'
import { behaviourChange } from './behaviour-change.js'
import { outcomeChange } from './outcome-change.js'
import { listPrograms } from './programs.js'
import { DEFAULT_ENABLEMENT_OPTIONS } from './analyze-enablement.js'
import { renderBusinessCaseHtml } from './business-case-html.js'
import type { EnablementAnalysis, EnablementInputs } from './types.js'

type Ok = Extract<EnablementAnalysis, { status: 'ok' }>
const AS_OF = '2026-11-23'
let inputs: EnablementInputs
let discovery: Ok
let negotiation: Ok

const ok = (r: EnablementAnalysis): Ok => {
  if (r.status !== 'ok') throw new Error(r.reason)
  return r
}
const covers = (ci: [number, number] | null, x: number): boolean => ci !== null && ci[0] <= x && x <= ci[1]

beforeAll(() => {
  const company = generateDemoCompany({ scale: 'small', seed: 42, asOf: AS_OF })
  inputs = enablementInputsFromDataset(company.dataset, AS_OF)
  discovery = ok(analyzeEnablement(inputs, { program: 'Discovery Excellence' }))
  negotiation = ok(analyzeEnablement(inputs, { program: 'content-negotiation-foundations' }))
}, 120_000)

describe('enablement ROI on the demo company', () => {
  it('recovers the planted +1.5 open questions per call after Discovery Excellence within its interval', () => {
    const open = discovery.analysis.behaviour.find((b) => b.behaviour === 'openQuestions')
    expect(open?.verdict).toBe('increase')
    expect(covers(open?.ci95 ?? null, 1.5)).toBe(true)
    expect(open?.estimate).toBeGreaterThan(1.2)
    expect(open?.estimate).toBeLessThan(1.9)
    expect(open?.sentence).toMatch(
      /^After Discovery Excellence, open discovery questions per call rose by 1\.\d\d \(95% CI/,
    )
    // Event study: flat before training, up by about 1.5 after.
    const pre = (open?.eventStudy ?? []).filter((p) => p.bin < 0 && p.bin > -9)
    const post = (open?.eventStudy ?? []).filter((p) => p.bin >= 0 && p.bin < 6)
    expect(Math.max(...pre.map((p) => Math.abs(p.estimate)))).toBeLessThan(0.4)
    expect(Math.min(...post.map((p) => p.estimate))).toBeGreaterThan(0.9)
    // Talk ratio is not planted.
    expect(discovery.analysis.behaviour.find((b) => b.behaviour === 'talkRatio')?.verdict).toBe(
      'no-detectable-change',
    )
  })

  it('reports no effect for the null program, and says so', () => {
    const open = negotiation.analysis.behaviour.find((b) => b.behaviour === 'openQuestions')
    expect(covers(open?.ci95 ?? null, 0)).toBe(true)
    expect(open?.verdict).toBe('no-detectable-change')
    expect(open?.sentence).toMatch(
      /^No detectable change in open discovery questions per call after Negotiation Foundations: .*the interval covers zero\.$/,
    )
    const size = negotiation.analysis.outcomes.outcomes.find((o) => o.outcome === 'logDealSize')
    expect(covers(size?.staggered.ci95 ?? null, 0)).toBe(true)
    expect(negotiation.analysis.businessCase.paybackMonths.estimate).toBeNull()
    expect(negotiation.analysis.businessCase.headline).toMatch(
      /shows no measurable effect on deal size.*No payback can be claimed/,
    )
  })

  it('recovers 0.08 per open question on ln(amount), adjusting for segment, kind and year', () => {
    const link = discovery.behaviourToOutcome
    // Seed 42 draws 0.094 (95% CI 0.082 to 0.106): 2.3 standard errors high, as `demo verify` also finds.
    // The model is the planted one (segment + kind + deal mean of open questions over all the deal's calls,
    // every deal; year only adds terms): OLS with exactly the planted terms on the generated records gives
    // 0.093 (SE 0.006) too, so this is the draw, not a mismatch. Seeds 1-3 give 0.081, 0.088, 0.073.
    // So check the estimate is near and the interval is calibrated over other seeds.
    expect(Math.abs((link.estimate ?? 0) - 0.08)).toBeLessThan(0.02)
    expect(link.deals).toBe(1500)
    expect(link.reps).toBe(30)
    expect(link.sentence).toMatch(
      /^Each extra open discovery question per call goes with 9\.\d% bigger deals/,
    )
    const covered = [1, 2, 3, 4, 5].filter((seed) => {
      const company = generateDemoCompany({ scale: 'small', seed, asOf: AS_OF })
      return covers(behaviourToOutcome(enablementInputsFromDataset(company.dataset, AS_OF)).ci95, 0.08)
    })
    expect(covered.length).toBeGreaterThanOrEqual(4)
  }, 120_000)

  it('shows deal size growing after Discovery Excellence, with the lag visible by month', () => {
    const size = discovery.analysis.outcomes.outcomes.find((o) => o.outcome === 'logDealSize')
    // Planted: 1.5 questions × 0.08 = 0.12 on ln(amount) for deals created after training.
    expect(covers(size?.staggered.ci95 ?? null, 0.12)).toBe(true)
    expect(covers(size?.matched.ci95 ?? null, 0.12)).toBe(true)
    expect(size?.eventStudy.some((p) => p.bin < 0)).toBe(true)
    expect(size?.eventStudy.some((p) => p.bin >= 6)).toBe(true)
  })

  it('joins LMS, CRM and calls for every rep and lists the programs with their rollout', () => {
    expect(discovery.join).toMatchObject({ reps: 30, withLms: 30, withDeals: 30, withCalls: 30, matched: 30 })
    expect(discovery.programs.map((p) => p.name)).toEqual(['Discovery Excellence', 'Negotiation Foundations'])
    const rollout = discovery.analysis.program.rollout.map((r) => r.region)
    expect(rollout).toEqual(['NA West', 'EMEA', 'NA East', 'APAC', 'LATAM'])
  })

  it('matches trained reps to untrained ones and reports balance before and after', () => {
    const m = discovery.analysis.outcomes.matching
    expect(m.matched).toBeGreaterThan(15)
    const tenure = discovery.analysis.outcomes.balance.find((b) => b.covariate === 'tenure (months)')
    expect(tenure?.smdAfter).not.toBeNull()
    expect(Math.abs(tenure?.smdAfter ?? 9)).toBeLessThan(0.5)
    expect(discovery.analysis.outcomes.balance.some((b) => b.covariate.startsWith('manager: '))).toBe(true)
  })

  it('sizes a waitlist rollout with power.t.test on per-rep change scores', () => {
    const d = discovery.design
    expect(d.recommendation).not.toBeNull()
    for (const o of d.options) {
      expect(o.repsPerWave).toBe(Math.ceil(twoSampleTSampleSize(1, o.sdOfChange, 0.8)))
      expect(o.feasible).toBe((o.repsPerWave ?? Infinity) * 2 <= d.availableReps)
    }
    expect(d.recommendation?.weeks).toBe(d.options.find((o) => o.feasible)?.weeks)
    expect(d.sentence).toMatch(/waitlist/)
  })

  it('costs the program and states payback and caveats', () => {
    const bc = discovery.analysis.businessCase
    expect(bc.costCents).toBe(45 * 45_000)
    expect(bc.caveats.length).toBeGreaterThanOrEqual(5)
    expect(bc.caveats.join(' ')).toMatch(/not at random/)
    const html = renderBusinessCaseHtml(discovery)
    expect(html).toContain('<h1>Business case: Discovery Excellence</h1>')
    expect(html).toContain('Payback period')
  })

  it('reports content use, its effect, and a piece of content for each rep', () => {
    const de = discovery.content.items.find((i) => i.contentId === 'content-discovery-excellence')
    expect(de?.learners).toBe(45)
    expect(covers(de?.effect.ci95 ?? null, 1.5)).toBe(true)
    expect(discovery.content.recommendations).toHaveLength(30)
    expect(discovery.content.recommendations.every((r) => r.contentId !== null)).toBe(true)
  })

  it('names the programs when asked for one that does not exist', () => {
    const r = analyzeEnablement(inputs, { program: 'Cold Calling' })
    expect(r.status).toBe('not-found')
    if (r.status === 'not-found')
      expect(r.reason).toMatch(/No program "Cold Calling"; programs: Discovery Excellence/)
  })
})

describe('outcome intervals over seeds', () => {
  it('cover zero where nothing is planted at the nominal rate, and still find the planted behaviour', () => {
    // Seeds 1–6 of the small company (30 reps). Negotiation Foundations changes nothing; Discovery Excellence
    // changes open questions (+1.5) and, through them, deal size, but not win rate or days to close.
    const coverZero: Record<string, number> = {}
    const add = (key: string, ci: [number, number] | null): void => {
      coverZero[key] = (coverZero[key] ?? 0) + (covers(ci, 0) ? 1 : 0)
    }
    let openCovers = 0
    let openFound = 0
    // The null program's open questions: both programs roll out by region in opposite orders, so its
    // not-yet-trained calls are mostly by Discovery-trained reps; adjusting for the other program removes
    // the pull (unadjusted: about −0.2, the interval excluding zero on seeds 1 and 6).
    let nullOpenCovers = 0
    let nullOpenSum = 0
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const company = generateDemoCompany({ scale: 'small', seed, asOf: AS_OF })
      const seeded = enablementInputsFromDataset(company.dataset, AS_OF)
      const programs = listPrograms(seeded)
      for (const program of programs) {
        const others = programs.filter((p) => p !== program).map((p) => p.completedAt)
        const outcomes = outcomeChange(
          seeded,
          program.name,
          program.completedAt,
          DEFAULT_ENABLEMENT_OPTIONS,
          others,
        )
        for (const o of outcomes.outcomes) {
          if (program.name === 'Negotiation Foundations') add(`null:${o.outcome}`, o.staggered.ci95)
          else if (o.outcome === 'winRate' || o.outcome === 'daysToClose')
            add(`discovery:${o.outcome}`, o.staggered.ci95)
        }
        const [open] = behaviourChange(
          seeded,
          program.name,
          program.completedAt,
          DEFAULT_ENABLEMENT_OPTIONS,
          ['openQuestions'],
          others,
        )
        if (program.name === 'Negotiation Foundations') {
          nullOpenCovers += covers(open?.ci95 ?? null, 0) ? 1 : 0
          nullOpenSum += open?.estimate ?? Number.NaN
          continue
        }
        if (covers(open?.ci95 ?? null, 1.5)) openCovers += 1
        if (open?.verdict === 'increase') openFound += 1
      }
    }
    expect(Object.keys(coverZero).sort()).toEqual([
      'discovery:daysToClose',
      'discovery:winRate',
      'null:daysToClose',
      'null:logDealSize',
      'null:pipelineCreated',
      'null:winRate',
    ])
    // 95% intervals: at least 5 of 6 runs cover zero for every outcome (the old percentile bootstrap missed
    // win rate on seeds 2 and 3 for both programs).
    for (const [key, n] of Object.entries(coverZero)) expect(n, key).toBeGreaterThanOrEqual(5)
    expect(Object.values(coverZero).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(34)
    expect(openFound).toBe(6)
    expect(openCovers).toBeGreaterThanOrEqual(5)
    expect(nullOpenCovers).toBeGreaterThanOrEqual(5)
    expect(Math.abs(nullOpenSum / 6)).toBeLessThan(0.1)
  }, 240_000)
})

describe('the join', () => {
  it('says who is not matched and why', () => {
    const people = [
      {
        id: 'a',
        name: 'Ann',
        email: 'a@x',
        role: 'ae',
        managerId: null,
        region: 'EMEA',
        segment: 'SMB',
        startDate: '2024-01-01',
        active: true,
      },
      {
        id: 'b',
        name: 'Bo',
        email: 'b@x',
        role: 'ae',
        managerId: null,
        region: 'EMEA',
        segment: 'SMB',
        startDate: '2024-01-01',
        active: true,
      },
    ]
    const join = joinEnablement({
      asOf: '2025-01-01',
      people,
      content: [],
      learningEvents: [
        {
          personId: 'a',
          contentId: 'c',
          verb: 'completed',
          score: null,
          occurredAt: '2024-06-01T22:00:00.000Z',
        },
      ],
      certifications: [],
      calls: [
        {
          id: 'k1',
          ownerId: 'a',
          dealId: 'd1',
          startedAt: '2024-07-01T10:00:00.000Z',
          openQuestions: 3,
          talkRatio: 0.5,
          painUncovered: true,
          valueBeforePrice: null,
        },
        {
          id: 'k2',
          ownerId: null,
          dealId: null,
          startedAt: '2024-07-01T10:00:00.000Z',
          openQuestions: 1,
          talkRatio: 0.5,
          painUncovered: false,
          valueBeforePrice: null,
        },
      ],
      deals: [
        {
          id: 'd1',
          ownerId: 'a',
          kind: 'new_logo',
          segment: 'SMB',
          amountCents: 100,
          createdAt: '2024-06-20T10:00:00.000Z',
          closeDate: '2024-09-01',
          isClosed: false,
          isWon: false,
        },
        {
          id: 'd2',
          ownerId: 'b',
          kind: 'new_logo',
          segment: 'SMB',
          amountCents: 100,
          createdAt: '2024-06-20T10:00:00.000Z',
          closeDate: '2024-09-01',
          isClosed: false,
          isWon: false,
        },
      ],
    })
    expect(join).toMatchObject({ reps: 2, withLms: 1, withDeals: 2, withCalls: 1, matched: 1 })
    expect(join.unmatched.map((u) => [u.name, u.reasons])).toEqual([
      [
        'Bo',
        [
          'no LMS record (no learning events under this person)',
          'no recorded calls with measured behaviours',
        ],
      ],
    ])
    expect(join.orphans.callsWithoutOwner).toBe(1)
    expect(join.sentence).toBe(
      '1 of 2 account executives are matched across the LMS, the CRM and the call recorder; 1 are not (reasons listed); 1 calls belong to no known rep.',
    )
  })
})
