import { describe, expect, it } from 'vitest'
import type { Stage } from '@revlab/domain'
import { activityWeight } from './activity-weight.js'
import { coachRep } from './coaching.js'
import { exitCriteriaStatus, knownSignals } from './exit-criteria.js'
import { fitDealScore, scoreDeal } from './deal-score.js'
import { stakeholderGaps } from './stakeholder-gaps.js'
import type {
  DealHealthInputs,
  HealthActivity,
  HealthDeal,
  HealthSignal,
  HealthStakeholder,
} from './types.js'

const stage = (
  key: string,
  position: number,
  probability: number,
  exit: string[],
  closed = false,
): Stage => ({
  id: `st-${key}`,
  stageModelId: 'm',
  key,
  name: key.replace(/_/g, ' '),
  position,
  probability,
  exitCriteria: JSON.stringify(exit),
  isClosed: closed,
  isWon: key === 'closed_won',
})
const STAGES = [
  stage('problem', 1, 0.1, ['pain']),
  stage('fit', 2, 0.2, ['champion', 'decision_criteria']),
  stage('budget', 3, 0.6, ['budget_status', 'economic_buyer']),
  stage('closed_won', 4, 1, [], true),
  stage('closed_lost', 5, 0, [], true),
]
const sig = (
  dealId: string,
  key: string,
  value: string,
  observedAt = '2026-01-10T00:00:00.000Z',
  strength: 'strong' | 'weak' | null = null,
): HealthSignal => ({
  dealId,
  key,
  value,
  observedAt,
  strength,
})

describe('exit criteria', () => {
  it('a signal is known by its latest value; false and unknown do not count', () => {
    const known = knownSignals([
      sig('d', 'pain', 'true', '2026-01-01T00:00:00Z'),
      sig('d', 'pain', 'false', '2026-02-01T00:00:00Z'),
      sig('d', 'champion', 'true'),
      sig('d', 'budget_status', 'unknown'),
    ])
    expect([...known.keys()]).toEqual(['champion'])
  })

  it('lists missing criteria of the current stage and stages left without theirs', () => {
    const status = exitCriteriaStatus(
      STAGES,
      'budget',
      [sig('d', 'economic_buyer', 'true'), sig('d', 'champion', 'true')],
      {
        budget_status: 'Budget status',
      },
    )
    expect(status?.missing).toEqual(['Budget status'])
    expect(status?.criteria.find((c) => c.key === 'economic_buyer')?.known).toBe(true)
    expect(status?.skipped).toEqual([
      { stageName: 'problem', missing: ['pain'] },
      { stageName: 'fit', missing: ['decision_criteria'] },
    ])
  })
})

describe('stakeholder gaps', () => {
  const person = (contactId: string, roles: string[]): HealthStakeholder => ({
    dealId: 'd',
    contactId,
    name: contactId,
    seniority: 'vp',
    roles,
    addedAt: '2026-01-01T00:00:00Z',
  })
  const call = (attendees: string[], at = '2026-01-05T10:00:00Z'): HealthActivity => ({
    dealId: 'd',
    type: 'call',
    occurredAt: at,
    attendees: attendees.map((contactId) => ({ contactId, seniority: 'ic' as const })),
  })

  it('says "No economic buyer at budget" only from the budget stage on', () => {
    const champ = [person('c1', ['technical_champion']), person('c2', ['business_stakeholder'])]
    expect(stakeholderGaps(STAGES[2], champ, []).map((g) => g.code)).toEqual([
      'no-economic-buyer',
      'no-budget-owner',
      'no-exec-sponsor',
    ])
    expect(stakeholderGaps(STAGES[1], champ, []).map((g) => g.code)).toEqual([])
    expect(
      stakeholderGaps(
        STAGES[2],
        [...champ, person('c3', ['economic_buyer', 'budget_owner', 'exec_sponsor'])],
        [],
      ).length,
    ).toBe(0)
  })

  it('flags a first call without a business stakeholder, by the earliest conversation', () => {
    const people = [person('tech', ['technical_champion']), person('biz', ['business_stakeholder'])]
    const gaps = stakeholderGaps(STAGES[0], people, [
      call(['biz'], '2026-01-09T00:00:00Z'),
      call(['tech'], '2026-01-02T00:00:00Z'),
    ])
    expect(gaps.map((g) => g.message)).toEqual(['First call (2026-01-02) without a business stakeholder'])
    expect(stakeholderGaps(STAGES[0], people, [call(['tech', 'biz'])])).toEqual([])
  })
})

describe('activity weight', () => {
  it.each([
    ['hallway', [], 0.2],
    ['executive_briefing', ['c_level', 'ic'], 6],
    ['meeting', ['vp'], 2.4],
    ['email', ['director'], 0.39],
  ] as const)('%s with %j weighs %s', (type, seniorities, weight) => {
    expect(activityWeight(type, [...seniorities])).toBeCloseTo(weight, 10)
  })
})

/** A seeded company where wins follow an exec sponsor and senior meetings (and nothing else). */
function company(n: number): DealHealthInputs {
  let s = 12345
  const rand = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
  const deals: HealthDeal[] = []
  const signals: HealthSignal[] = []
  const activities: HealthActivity[] = []
  for (let i = 0; i < n; i++) {
    const id = `d${i}`
    const sponsor = rand() < 0.4
    const seniorMeetings = Math.floor(rand() * 4)
    const z = -1.5 + 1.4 * (sponsor ? 1 : 0) + 0.5 * seniorMeetings
    const won = rand() < 1 / (1 + Math.exp(-z))
    const closed = i < n * 0.8
    deals.push({
      id,
      name: id,
      ownerId: i % 3 === 0 ? 'rep-a' : 'rep-b',
      ownerName: i % 3 === 0 ? 'Ann' : 'Bo',
      stageModelId: 'm',
      stageKey: closed ? (won ? 'closed_won' : 'closed_lost') : 'fit',
      createdAt: '2026-01-01T00:00:00.000Z',
      closeDate: '2026-03-01',
      isClosed: closed,
      isWon: closed && won,
    })
    if (sponsor) signals.push(sig(id, 'exec_sponsor', 'true', '2026-01-15T00:00:00.000Z'))
    for (let k = 0; k < seniorMeetings; k++)
      activities.push({
        dealId: id,
        type: 'meeting',
        occurredAt: '2026-01-20T00:00:00.000Z',
        attendees: [{ contactId: 'x', seniority: 'vp' }],
      })
    // Hallway chats are noise: many of them, unrelated to the outcome.
    const chats = Math.floor(rand() * 7)
    for (let k = 0; k < chats; k++)
      activities.push({ dealId: id, type: 'hallway', occurredAt: '2026-01-21T00:00:00.000Z', attendees: [] })
  }
  return {
    asOf: '2026-06-30',
    stages: STAGES,
    signalLabels: {},
    deals,
    signals,
    stakeholders: [],
    activities,
    history: [],
    pocs: [],
  }
}

describe('deal score', () => {
  const inputs = company(1200)
  const scored = fitDealScore(inputs)

  it('finds the planted terms, weighs activity better than a count, and is calibrated out of fold', () => {
    if (scored.model.status !== 'ok') throw new Error(scored.model.reason)
    const coef = Object.fromEntries(scored.model.coefficients.map((c) => [c.key, c]))
    expect(coef.execSponsor?.ci95[0]).toBeGreaterThan(0.8)
    // Senior meetings drive the outcome; weighted activity and senior conversations share that signal.
    expect(
      (coef.seniorConversations?.estimate ?? 0) + (coef.weightedActivity?.estimate ?? 0),
    ).toBeGreaterThan(0.3)
    const cal = scored.model.calibration
    // Weighing activities by kind and attendee separates wins better than counting them.
    expect(cal.aucWeightedActivity ?? 0).toBeGreaterThan((cal.aucActivityCount ?? 1) + 0.03)
    expect(cal.brier).toBeLessThan(cal.brierBaseRate)
    expect(cal.auc).toBeGreaterThan(0.65)
    for (const b of cal.bins.filter((x) => x.n >= 50))
      expect(Math.abs(b.observedRate - b.meanPredicted)).toBeLessThan(0.12)
  })

  it('explains a deal factor by factor: the sponsor lifts it, and the factors sum to the story', () => {
    const open = inputs.deals.find((d) => !d.isClosed && inputs.signals.some((x) => x.dealId === d.id))
    if (!open) throw new Error('no open sponsored deal')
    const score = scoreDeal(scored, inputs, open)
    const sponsor = score?.factors.find((f) => f.key === 'execSponsor')
    expect(sponsor?.display).toBe('yes')
    expect(sponsor?.effect).toBeGreaterThan(0.1)
    expect(score?.sentence).toMatch(/lifted by .*executive sponsor/)
  })

  it('says so when there are too few closed deals', () => {
    expect(fitDealScore(company(40)).model.status).toBe('insufficient-data')
  })
})

describe('coaching', () => {
  it('finds the rep who skips a signal winners know, and tells them the next step', () => {
    const inputs = company(600)
    // Winners know the champion by the end of "fit"; rep-a's deals never do.
    for (const d of inputs.deals) {
      inputs.history.push({
        dealId: d.id,
        stageKey: 'fit',
        enteredAt: '2026-01-05T00:00:00.000Z',
        exitedAt: d.isClosed ? '2026-02-01T00:00:00.000Z' : null,
      })
      if (d.ownerId === 'rep-b' && (d.isWon || !d.isClosed || Number(d.id.slice(1)) % 4 === 0)) {
        inputs.signals.push(sig(d.id, 'champion', 'true', '2026-01-20T00:00:00.000Z'))
      }
    }
    const a = coachRep(inputs, 'rep-a')
    expect(a?.signalGaps.map((g) => g.signal)).toContain('champion')
    expect(a?.nextSteps[0]?.steps.join(' ')).toMatch(
      /Find out: champion — \d+% of won deals knew it before leaving fit/,
    )
    expect(coachRep(inputs, 'nobody')).toBeNull()
  })
})
