/**
 * The forecast's pure parts on hand-built data with known answers: quarters,
 * what was known on a day, the conditional closing curve, the simulation, the
 * quota probability, and that signals learned after the as-of date change
 * nothing (no leakage), while the same signals known earlier do.
 */
import { describe, expect, it } from 'vitest'
import type { ForecastDealInput, ForecastInputs } from '@revlab/domain'
import { createRng } from '@revlab/stats'
import { analyzeForecast, parsePeriod, simulate } from './analyze-forecast.js'
import {
  closeCurves,
  conditionalClose,
  dayNumber,
  isoDay,
  signalsAt,
  snapshotDays,
  stageAt,
  toDealDays,
} from './point-in-time.js'

const deal = (over: Partial<ForecastDealInput> = {}): ForecastDealInput => ({
  id: 'd1',
  ownerId: 'rep1',
  kind: 'new_logo',
  amountCents: 100_000,
  createdOn: '2026-01-10',
  closeDate: '2026-06-30',
  isClosed: false,
  isWon: false,
  signals: [],
  stages: [],
  ...over,
})

describe('quarters and what was known on a day', () => {
  it('parses quarters and rejects anything else with a clear error', () => {
    const q = parsePeriod('2026-Q1')
    expect([isoDay(q.start), isoDay(q.end)]).toEqual(['2026-01-01', '2026-03-31'])
    const q4 = parsePeriod('2024-Q4')
    expect([isoDay(q4.start), isoDay(q4.end)]).toEqual(['2024-10-01', '2024-12-31'])
    expect(() => parsePeriod('2026-Q5')).toThrow(/period "2026-Q5" is not a quarter/)
    expect(() => parsePeriod('2026Q1')).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }))
  })

  it('takes each signal and the stage as they stood before the day (not on it)', () => {
    const d = toDealDays(
      deal({
        signals: [
          { key: 'champion', value: 'false', observedOn: '2026-02-01' },
          { key: 'budget', value: 'planning', observedOn: '2026-02-05' },
          { key: 'champion', value: 'true', observedOn: '2026-03-01' },
        ],
        stages: [
          { key: 'discovery', enteredOn: '2026-01-10', probability: 0.1 },
          { key: 'poc', enteredOn: '2026-03-01', probability: 0.5 },
        ],
      }),
    )
    expect(signalsAt(d, dayNumber('2026-02-01'))).toEqual({})
    expect(signalsAt(d, dayNumber('2026-03-01'))).toEqual({ champion: 'false', budget: 'planning' })
    expect(signalsAt(d, dayNumber('2026-03-02'))).toEqual({ champion: 'true', budget: 'planning' })
    expect(stageAt(d, dayNumber('2026-03-01'))).toEqual({ key: 'discovery', probability: 0.1 })
    expect(stageAt(d, dayNumber('2026-03-02'))).toEqual({ key: 'poc', probability: 0.5 })
    // Before any stage was entered, the first one.
    expect(stageAt(d, dayNumber('2026-01-05')).key).toBe('discovery')
  })

  it('takes snapshots on the first day of the months 15 to 3 before the day', () => {
    const days = snapshotDays(dayNumber('2026-07-01')).map(isoDay)
    expect(days[0]).toBe('2025-04-01')
    expect(days[days.length - 1]).toBe('2026-04-01')
    expect(days).toHaveLength(13)
  })
})

describe('the conditional closing curve', () => {
  // 60 deals open on the 2026-06-01 snapshot only: 30 close 9 days later, 30 are still open on 2026-07-01.
  const deals = Array.from({ length: 60 }, (_, i) =>
    toDealDays(
      deal({
        id: `d${i}`,
        createdOn: '2026-05-31',
        isClosed: i < 30,
        isWon: i < 15,
        closeDate: i < 30 ? '2026-06-10' : '2026-09-30',
        stages: [{ key: 'poc', enteredOn: '2026-05-31', probability: 0.5 }],
      }),
    ),
  )
  const curves = closeCurves(deals, dayNumber('2026-07-01'))

  it('is Kaplan-Meier of the days from the snapshot to close, open deals censored', () => {
    const poc = curves.curves.get('poc')
    expect(poc?.n).toBe(60)
    expect(poc?.survival[8]).toBe(1)
    expect(poc?.survival[9]).toBeCloseTo(0.5, 12)
    expect(poc?.survival[29]).toBeCloseTo(0.5, 12)
  })

  it('gives the chance of closing within a window and the median remaining days', () => {
    expect(conditionalClose(curves, 'poc', 1, 9).probability).toBe(0)
    expect(conditionalClose(curves, 'poc', 1, 10).probability).toBeCloseTo(0.5, 12)
    expect(conditionalClose(curves, 'poc', 1, 10).medianRemaining).toBe(9)
    // An unknown stage falls back to the curve over all deals (the same deals here).
    expect(conditionalClose(curves, 'negotiation', 1, 10).probability).toBeCloseTo(0.5, 12)
  })

  it('does not read a curve with fewer than 50 snapshots', () => {
    const few = closeCurves(deals.slice(0, 40), dayNumber('2026-07-01'))
    expect(conditionalClose(few, 'poc', 1, 10)).toEqual({ probability: 0, medianRemaining: null })
  })
})

describe('the simulation', () => {
  it('draws each deal with P(win) × P(close) and adds a past quarter of new deals', () => {
    const totals = simulate(
      [
        { win: 0.5, close: 1, rep: 0, d: { deal: { amountCents: 100 } } },
        { win: 1, close: 0.25, rep: 1, d: { deal: { amountCents: 1000 } } },
      ],
      [Float64Array.of(0, 0), Float64Array.of(10, 0)],
      2,
      20_000,
      7,
    )
    let rep0 = 0
    let rep1 = 0
    let newDeals = 0
    let impossible = 0
    for (let r = 0; r < 20_000; r++) {
      const a = totals[r * 2] as number
      const b = totals[r * 2 + 1] as number
      if (![0, 10, 100, 110].includes(a) || ![0, 1000].includes(b)) impossible++
      if (a >= 100) rep0++
      if (a % 100 === 10) newDeals++
      if (b === 1000) rep1++
    }
    expect(impossible).toBe(0)
    // Binomial(20000, p): 4 standard deviations.
    expect(Math.abs(rep0 / 20_000 - 0.5)).toBeLessThan(4 * Math.sqrt(0.25 / 20_000))
    expect(Math.abs(rep1 / 20_000 - 0.25)).toBeLessThan(4 * Math.sqrt(0.1875 / 20_000))
    expect(Math.abs(newDeals / 20_000 - 0.5)).toBeLessThan(4 * Math.sqrt(0.25 / 20_000))
    // Seeded: the same seed gives the same draws.
    const again = simulate([{ win: 0.5, close: 1, rep: 0, d: { deal: { amountCents: 100 } } }], [], 1, 50, 7)
    const same = simulate([{ win: 0.5, close: 1, rep: 0, d: { deal: { amountCents: 100 } } }], [], 1, 50, 7)
    expect(Array.from(again)).toEqual(Array.from(same))
  })
})

/**
 * Two years of deals for two reps: `champion` (known 10 days in) makes a deal
 * win 80% of the time against 20%; deals close 20 to 80 days after creation.
 */
function company(options: { lateSignal?: 'after-close' | 'at-creation' } = {}): ForecastInputs {
  const rng = createRng(11)
  const deals: ForecastDealInput[] = []
  const start = dayNumber('2024-07-01')
  const end = dayNumber('2026-08-15')
  let k = 0
  for (let day = start; day < end; day++) {
    for (let j = 0; j < 3; j++) {
      const champion = rng.bernoulli(0.5)
      const won = rng.bernoulli(champion ? 0.8 : 0.2)
      const close = day + rng.int(20, 80)
      const isClosed = close < end
      const signals: ForecastDealInput['signals'] = [
        { key: 'champion', value: String(champion), observedOn: isoDay(day + 10) },
      ]
      // A signal that gives the outcome away: recorded on the close date (after the fact) or, to
      // show the test can fail, at creation.
      if (options.lateSignal && isClosed)
        signals.push({
          key: 'outcome_note',
          value: won ? 'won' : 'lost',
          observedOn: isoDay(options.lateSignal === 'after-close' ? close : day),
        })
      deals.push({
        id: `deal-${String(++k).padStart(5, '0')}`,
        ownerId: j === 0 ? 'rep-a' : 'rep-b',
        kind: 'new_logo',
        amountCents: 1_000_000,
        createdOn: isoDay(day),
        closeDate: isoDay(close),
        isClosed,
        isWon: isClosed && won,
        signals,
        stages: [
          { key: 'discovery', enteredOn: isoDay(day), probability: 0.2 },
          { key: 'negotiation', enteredOn: isoDay(day + 15), probability: 0.6 },
        ],
      })
    }
  }
  return {
    signals: [
      { key: 'champion', label: 'Champion', group: 'meddpicc', valueType: 'boolean' },
      ...(options.lateSignal
        ? [{ key: 'outcome_note', label: 'Outcome note', group: 'meddpicc', valueType: 'category' as const }]
        : []),
    ],
    deals,
    people: [
      { id: 'rep-a', name: 'Ann', team: 'East' },
      { id: 'rep-b', name: 'Bo', team: 'West' },
    ],
    quotas: [
      { personId: 'rep-a', period: '2026-Q3', amountCents: 20_000_000 },
      { personId: 'rep-b', period: '2026-Q3', amountCents: 1_000_000_000 },
    ],
  }
}

describe('analyzeForecast on a company with a planted signal', () => {
  const options = { asOf: '2026-08-15', replicates: 2000, backtestPeriods: 4 }
  const plain = analyzeForecast(company(), options)

  it('learns the planted signal: open deals with a champion get the higher win probability', () => {
    const byId = new Map(company().deals.map((d) => [d.id, d]))
    const mean = (champion: string): number => {
      const ps = plain.deals
        .filter((d) =>
          byId
            .get(d.id)
            ?.signals.some(
              (s) => s.key === 'champion' && s.value === champion && s.observedOn < '2026-08-15',
            ),
        )
        .map((d) => d.win_probability)
      return ps.reduce((a, b) => a + b, 0) / ps.length
    }
    expect(plain.model.status).toBe('ok')
    expect(mean('true')).toBeGreaterThan(0.7)
    expect(mean('false')).toBeLessThan(0.3)
  })

  it('adds up: expected = booked + pipeline + new deals, P10 ≤ P50 ≤ P90, teams and reps sum to the total', () => {
    const t = plain.bookings.total
    expect(t.expected_cents).toBe(t.booked_cents + t.pipeline_expected_cents + t.new_deals_expected_cents)
    expect(t.p10_cents).toBeLessThanOrEqual(t.p50_cents)
    expect(t.p50_cents).toBeLessThanOrEqual(t.p90_cents)
    const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0)
    expect(sum(plain.bookings.by_team.map((x) => x.booked_cents))).toBe(t.booked_cents)
    expect(sum(plain.bookings.by_rep.map((x) => x.stage_baseline_cents))).toBeCloseTo(
      t.stage_baseline_cents,
      -1,
    )
    expect(sum(plain.deals.map((d) => d.expected_cents))).toBeCloseTo(t.pipeline_expected_cents, -3)
    // The booked part is what was won in Q3 before the as-of date.
    const booked = company()
      .deals.filter((d) => d.isWon && d.closeDate >= '2026-07-01' && d.closeDate < '2026-08-15')
      .reduce((s, d) => s + d.amountCents, 0)
    expect(t.booked_cents).toBe(booked)
    expect(t.target_cents).toBe(1_020_000_000)
  })

  it('gives the chance of quota per rep: certain where booked already exceeds it, nil where it is out of reach', () => {
    const ann = plain.bookings.by_rep.find((r) => r.person_id === 'rep-a')
    const bo = plain.bookings.by_rep.find((r) => r.person_id === 'rep-b')
    expect(ann?.booked_cents).toBeGreaterThan(20_000_000)
    expect(ann?.probability_of_target).toBe(1)
    expect(bo?.p90_cents).toBeLessThan(1_000_000_000)
    expect(bo?.probability_of_target).toBe(0)
  })

  it("measures the target against the quota carriers' own bookings, and says what they are", () => {
    for (const d of [plain.bookings.total, ...plain.bookings.by_team, ...plain.bookings.by_rep]) {
      if (d.target_cents === null) {
        expect(d.carriers_p50_cents).toBeNull()
        continue
      }
      const p50 = d.carriers_p50_cents ?? NaN
      expect(Number.isFinite(p50)).toBe(true)
      // The chance of reaching the target is over one half exactly when the carriers' median reaches it.
      if (d.probability_of_target !== null && Math.abs(p50 - d.target_cents) > 1)
        expect(d.probability_of_target >= 0.5).toBe(p50 >= d.target_cents)
      // A rep's carriers are the rep: their median is the rep's.
      if ('person_id' in d) expect(p50).toBe(d.p50_cents)
    }
  })

  it('backtests past quarters with only what was known and beats the stage baseline here', () => {
    const b = plain.backtest
    expect(b.periods.map((p) => p.period)).toEqual(['2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2'])
    for (const p of b.periods) {
      expect(p.as_of).toBe(isoDay(parsePeriod(p.period).start))
      const actual = company()
        .deals.filter(
          (d) => d.isWon && d.closeDate >= p.as_of && d.closeDate <= isoDay(parsePeriod(p.period).end),
        )
        .reduce((s, d) => s + d.amountCents, 0)
      expect(p.actual_cents).toBe(actual)
    }
    expect(b.summary.model_brier).not.toBeNull()
    expect(b.summary.model_brier as number).toBeLessThan(b.summary.baseline_brier as number)
    expect(b.summary.verdict).toMatch(/the model beats the CRM's stage probabilities on Brier score/)
  })

  it('is not changed by a signal learned after the as-of date (no leakage)', () => {
    const withLate = analyzeForecast(company({ lateSignal: 'after-close' }), options)
    expect(withLate.deals.map((d) => d.win_probability)).toEqual(plain.deals.map((d) => d.win_probability))
    expect(withLate.backtest.summary).toEqual(plain.backtest.summary)
  })

  it('…while the same signal known early does change it (the test can fail)', () => {
    const early = analyzeForecast(company({ lateSignal: 'at-creation' }), options)
    expect(early.backtest.summary.model_brier as number).toBeLessThan(
      (plain.backtest.summary.model_brier as number) - 0.02,
    )
  })

  it('narrows to a team, and says which teams exist when the team is unknown', () => {
    const east = analyzeForecast(company(), { ...options, team: 'East', backtestPeriods: 0 })
    expect(east.bookings.by_rep.map((r) => r.person_id)).toEqual(['rep-a'])
    expect(east.deals.every((d) => d.owner_id === 'rep-a')).toBe(true)
    expect(() => analyzeForecast(company(), { ...options, team: 'North' })).toThrow(/no team "North"/)
  })

  it('refuses a quarter that ended before the as-of date', () => {
    expect(() => analyzeForecast(company(), { ...options, period: '2026-Q2' })).toThrow(/ended before/)
  })
})
