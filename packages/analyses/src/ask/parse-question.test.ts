import { describe, expect, it } from 'vitest'
import { parseQuestion, parseRange, type AskCatalogue, type AskMetric } from './parse-question.js'

const catalogue: AskCatalogue = {
  people: [
    { id: 'p1', name: 'Lars Eriksen', role: 'ae', aeType: 'core', team: 'EMEA', region: 'EMEA' },
    { id: 'p2', name: 'Mila Eriksen', role: 'ae', aeType: 'hunter', team: 'EMEA', region: 'EMEA' },
    { id: 'p3', name: 'Maya Brennan', role: 'ae', aeType: 'core', team: 'NA East', region: 'NA East' },
  ],
  teams: ['EMEA', 'EMEA Solutions', 'NA East'],
  regions: ['EMEA', 'NA East'],
  accounts: [{ id: 'a1', name: 'Granite Goods', region: 'EMEA' }],
  skus: ['compute', 'storage'],
  signals: [{ key: 'exec_sponsor', label: 'Executive sponsor' }],
}
const TODAY = '2026-11-23' // a Monday

type Case = [question: string, metric: AskMetric, subject: string, from: string, to: string]

describe('parseQuestion', () => {
  it.each([
    ['How is Lars doing over the last 30 days?', 'overview', 'person:Lars Eriksen', '2026-10-25', TODAY],
    ['new use cases in EMEA this quarter', 'use_cases_new', 'region:EMEA', '2026-10-01', TODAY],
    ['which accounts lost the most consumption last week?', 'consumption', 'all', '2026-11-16', '2026-11-22'],
    ['win rate for deals with an executive sponsor since January', 'win_rate', 'all', '2026-01-01', TODAY],
    [
      'consumption of Granite Goods yesterday',
      'consumption',
      'account:Granite Goods',
      '2026-11-22',
      '2026-11-22',
    ],
    ['deals won by Maya Brennan last month', 'deals_won', 'person:Maya Brennan', '2026-10-01', '2026-10-31'],
    ['storage consumption this month', 'consumption', 'sku:storage', '2026-11-01', TODAY],
    ['pipeline for the NA East team', 'pipeline', 'region:NA East', '2026-10-25', TODAY],
    ['How is Brenan doing?', 'overview', 'person:Maya Brennan', '2026-10-25', TODAY],
    ['use cases slipped since March', 'use_cases_slipped', 'all', '2026-03-01', TODAY],
    ['activities of Lars in the last 2 weeks', 'activities', 'person:Lars Eriksen', '2026-11-10', TODAY],
  ] satisfies Case[])('%s', (question, metric, subject, from, to) => {
    const parsed = parseQuestion(question, catalogue, TODAY)
    if (parsed.status !== 'ok') throw new Error(`not understood: ${parsed.understood.join('; ')}`)
    const s = parsed.plan.subject
    expect(parsed.plan.metric).toBe(metric)
    expect(s.kind === 'all' ? 'all' : `${s.kind}:${s.name}`).toBe(subject)
    expect([parsed.plan.range.from, parsed.plan.range.to]).toEqual([from, to])
  })

  it('says how it read a name', () => {
    const parsed = parseQuestion('How is Lars doing over the last 30 days?', catalogue, TODAY)
    expect(parsed.status === 'ok' && parsed.plan.readings[0]).toBe(
      "I read 'lars' as Lars Eriksen, AE (core), EMEA",
    )
  })

  it('reads a ranking and a signal filter', () => {
    const rank = parseQuestion('which accounts lost the most consumption last week?', catalogue, TODAY)
    expect(rank.status === 'ok' && rank.plan.rank).toEqual({ by: 'account', direction: 'lost' })
    const signal = parseQuestion(
      'win rate for deals with an executive sponsor since January',
      catalogue,
      TODAY,
    )
    expect(signal.status === 'ok' && signal.plan.signal).toEqual({
      key: 'exec_sponsor',
      label: 'Executive sponsor',
    })
  })

  it('offers close questions when it finds nothing to measure', () => {
    const parsed = parseQuestion('what is the weather like', catalogue, TODAY)
    expect(parsed.status).toBe('unclear')
    expect(parsed.status === 'unclear' && parsed.suggestions).toContain(
      'How is Lars doing over the last 30 days?',
    )
  })
})

describe('parseRange', () => {
  it.each([
    ['since December', '2025-12-01', TODAY],
    ['last quarter', '2026-07-01', '2026-09-30'],
    ['this year', '2026-01-01', TODAY],
    ['today', TODAY, TODAY],
    ['', '2026-10-25', TODAY],
  ])('%s', (text, from, to) => {
    const range = parseRange(text, TODAY)
    expect([range.from, range.to]).toEqual([from, to])
  })
})
