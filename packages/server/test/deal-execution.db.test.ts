/**
 * POCs and experiments on a small demo company loaded into a temp DuckDB: the
 * planted paid-POC effect (odds ratio 2.2) and the planted dual-champion
 * effect (0.8× the days to close) are inside the intervals the analyses
 * report, and the API serves both, scoped to the viewer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Store } from '@revlab/db'
import type { DemoCompany } from '@revlab/demo-data'
import { buildExperiments, buildPocs, type RevlabApp } from '@revlab/server'
import { openDemoApp, signInAs } from './demo-app.js'
import type { ExperimentAnalysis, PocAnalysis } from '@revlab/analyses'

const NOW = new Date('2026-11-23T12:00:00Z')
// Seeds 1-4 all cover both planted values. Seed 7 (api.test.ts) is a chance
// miss on the POC effect for every estimator, the demo-verify regression
// included (OR 3.32, 95% CI 2.33-4.74): a 95% interval misses one seed in 20.
const DEMO_SEED = 1

describe('POCs and experiments on a seeded DuckDB demo', () => {
  let store: Store
  let app: RevlabApp
  let company: DemoCompany

  beforeAll(async () => {
    ;({ store, app, company } = await openDemoApp({ seed: DEMO_SEED, now: NOW, asOf: '2026-11-23' }))
  })
  afterAll(async () => {
    await store.close()
  })

  it('recovers the planted paid-POC odds ratio (2.2) within its interval', async () => {
    const result = await buildPocs(store)
    if (result.status !== 'ok') throw new Error(result.reason)
    const paid = result.conversion.find((c) => c.key === 'paid')
    const ci = paid?.oddsRatio.ci95
    if (!paid || !ci) throw new Error('no paid vs free comparison')
    console.info(
      `paid vs free POC: OR ${paid.oddsRatio.estimate?.toFixed(2)} [${ci[0].toFixed(2)}, ${ci[1].toFixed(2)}]; ` +
        `${paid.sentence} active ${result.totals.active}, at risk ${result.totals.atRisk}`,
    )
    expect(ci[0]).toBeLessThanOrEqual(2.2)
    expect(ci[1]).toBeGreaterThanOrEqual(2.2)
    expect(ci[0]).toBeGreaterThan(1)
    expect(result.seLoad.length).toBeGreaterThan(0)
  })

  it('recovers the planted dual-champion cycle ratio (0.8) within its interval', async () => {
    const result = await buildExperiments(store, {
      options: { bootstrapResamples: 300, posteriorDraws: 4000 },
    })
    if (result.status !== 'ok') throw new Error(result.reason)
    const exp = result.experiments.find((e) => e.id === 'exp-dual-champion')
    if (!exp) throw new Error('no dual-champion experiment')
    const ratio = exp.intentionToTreat.daysToClose.ratioOfMedians
    const ci = ratio.ci95
    if (!ci || ratio.estimate === null) throw new Error('no ratio of medians')
    const pp = exp.perProtocol.daysToClose.ratioOfMedians
    console.info(
      `dual champion ITT: n ${exp.intentionToTreat.n.control}/${exp.intentionToTreat.n.variant}, ` +
        `median ratio ${ratio.estimate.toFixed(3)} [${ci[0].toFixed(3)}, ${ci[1].toFixed(3)}], ` +
        `log-rank p ${exp.intentionToTreat.daysToClose.logRank?.pValue.toPrecision(3)}; per protocol ${pp.estimate?.toFixed(3)} ` +
        `[${pp.ci95?.map((x) => x.toFixed(3)).join(', ')}]; sample ${JSON.stringify(exp.sampleSize)}`,
    )
    expect(ci[0]).toBeLessThanOrEqual(0.8)
    expect(ci[1]).toBeGreaterThanOrEqual(0.8)
  })

  it('serves GET /api/v1/pocs and /api/v1/experiments, a rep seeing only their own deals', async () => {
    const login = company.logins.find((l) => l.role === 'rep')
    if (!login) throw new Error('no rep login')
    const { cookie } = await signInAs({ store, app, company }, 'rep')
    const pocs = await app.request('/api/v1/pocs', { headers: { cookie } })
    expect(pocs.status).toBe(200)
    const body = (await pocs.json()) as PocAnalysis
    const dealIds = new Set(
      company.dataset.deals.filter((d) => d.ownerId === login.personId).map((d) => d.id),
    )
    if (body.status === 'ok') expect(body.active.every((p) => dealIds.has(p.dealId))).toBe(true)
    const exps = await app.request('/api/v1/experiments?adherenceThreshold=0.7', { headers: { cookie } })
    expect(exps.status).toBe(200)
    expect(((await exps.json()) as ExperimentAnalysis).status).toMatch(/ok|insufficient-data/)
    const bad = await app.request('/api/v1/experiments?adherenceThreshold=2', { headers: { cookie } })
    expect(bad.status).toBe(400)
    expect((await app.request('/api/v1/pocs')).status).toBe(401)
  })
})
