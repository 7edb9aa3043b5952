/**
 * The enablement API on a small demo company in a temp DuckDB: the analysis
 * as JSON (the planted +1.5 open questions recovered), the business case as
 * HTML and PDF, an unknown program as 404, bad input as 400, and a rep's
 * scope (one rep cannot be compared with anyone).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Store } from '@revlab/db'
import type { DemoCompany } from '@revlab/demo-data'
import type { EnablementAnalysis } from '@revlab/analyses'
import type { RevlabApp } from '@revlab/server'
import { openDemoApp, signInAs } from './demo-app.js'

const NOW = new Date('2026-11-23T12:00:00Z')

describe('enablement API on a seeded DuckDB demo', () => {
  let store: Store
  let app: RevlabApp
  let company: DemoCompany
  const cookies: Record<string, string> = {}

  const signIn = async (role: string): Promise<string> =>
    (cookies[role] ??= (await signInAs({ store, app, company }, role)).cookie)

  beforeAll(async () => {
    ;({ store, app, company } = await openDemoApp({ seed: 42, now: NOW, asOf: '2026-11-23' }))
  }, 120_000)
  afterAll(async () => {
    await store.close()
  })

  it('serves the analysis for a leader, with the planted behaviour change inside its interval', async () => {
    const cookie = await signIn('leader')
    const res = await app.request('/api/v1/enablement?program=Discovery%20Excellence', {
      headers: { cookie },
    })
    expect(res.status).toBe(200)
    const body = (await res.json()) as EnablementAnalysis
    if (body.status !== 'ok') throw new Error(body.status)
    const open = body.analysis.behaviour.find((b) => b.behaviour === 'openQuestions')
    expect(open?.ci95?.[0]).toBeLessThanOrEqual(1.5)
    expect(open?.ci95?.[1]).toBeGreaterThanOrEqual(1.5)
    expect(body.join.matched).toBe(30)
  })

  it('serves the business case as HTML and as a PDF download', async () => {
    const cookie = await signIn('leader')
    const html = await app.request(
      '/api/v1/enablement/business-case.html?program=content-negotiation-foundations',
      {
        headers: { cookie },
      },
    )
    expect(html.status).toBe(200)
    expect(html.headers.get('content-type')).toMatch(/text\/html/)
    expect(await html.text()).toContain('Business case: Negotiation Foundations')
    const pdf = await app.request('/api/v1/enablement/business-case.pdf?program=Discovery%20Excellence', {
      headers: { cookie },
    })
    expect(pdf.status).toBe(200)
    expect(pdf.headers.get('content-type')).toBe('application/pdf')
    expect(pdf.headers.get('content-disposition')).toBe(
      'attachment; filename="business-case-discovery-excellence.pdf"',
    )
    const bytes = Buffer.from(await pdf.arrayBuffer())
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    expect(bytes.length).toBeGreaterThan(2000)
    // One page.
    expect(bytes.toString('latin1')).toMatch(/\/Count 1\b/)
  })

  it('answers 404 for an unknown program, 400 for bad input, 401 without a session', async () => {
    const cookie = await signIn('leader')
    const missing = await app.request('/api/v1/enablement?program=Cold%20Calling', { headers: { cookie } })
    expect(missing.status).toBe(404)
    expect(JSON.stringify(await missing.json())).toMatch(/No program \\"Cold Calling\\"/)
    const bad = await app.request('/api/v1/enablement?grossMargin=3', { headers: { cookie } })
    expect(bad.status).toBe(400)
    expect((await app.request('/api/v1/enablement')).status).toBe(401)
  })

  it('scopes a rep to their own data: no comparison is possible', async () => {
    const cookie = await signIn('rep')
    const res = await app.request('/api/v1/enablement', { headers: { cookie } })
    expect(res.status).toBe(200)
    const body = (await res.json()) as EnablementAnalysis
    expect(body.status).toBe('insufficient-data')
    if (body.status === 'insufficient-data')
      expect(body.reason).toMatch(/^Enablement ROI compares reps with each other: 1 reps/)
  })
})
