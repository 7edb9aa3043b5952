import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Store } from '@revlab/db'
import type { DemoCompany } from '@revlab/demo-data'
import type { RevlabApp } from '@revlab/server'
import { openDemoApp } from './demo-app.js'
import type { DealDetail, DealList, PipelineOverview, SessionResponse } from '@revlab/domain'

const NOW = new Date('2026-11-23T12:00:00Z')

describe('API on a seeded DuckDB demo', () => {
  let store: Store
  let app: RevlabApp
  let company: DemoCompany

  beforeAll(async () => {
    ;({ store, app, company } = await openDemoApp({ seed: 7, now: NOW, asOf: '2026-11-23' }))
  })
  afterAll(async () => {
    await store.close()
  })

  const loginAs = async (role: string): Promise<{ cookie: string; csrf: string; body: SessionResponse }> => {
    const login = company.logins.find((l) => l.role === role)
    if (!login) throw new Error(`no ${role} login`)
    const res = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: login.email, password: company.demoPassword }),
    })
    expect(res.status).toBe(200)
    const body = (await res.json()) as SessionResponse
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
    expect(res.headers.get('set-cookie')).toMatch(/HttpOnly/i)
    if (!body.csrfToken) throw new Error('a cookie sign-in must return a CSRF token')
    return { cookie, csrf: body.csrfToken, body }
  }

  it('answers health without signing in', async () => {
    const res = await app.request('/api/health')
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ status: 'ok', engine: 'duckdb' })
  })

  it('serves an OpenAPI document built from the schemas', async () => {
    const res = await app.request('/api/openapi.json')
    const doc = (await res.json()) as { paths: Record<string, unknown> }
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/auth/login',
        '/api/v1/deals',
        '/api/v1/deals/{id}',
        '/api/v1/pipeline/overview',
      ]),
    )
  })

  it('refuses data without a session, and a wrong password with a clear message', async () => {
    expect((await app.request('/api/v1/deals')).status).toBe(401)
    const res = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: company.logins[0]?.email, password: 'not-it' }),
    })
    expect(res.status).toBe(401)
    expect(await res.json()).toMatchObject({
      error: { code: 'UNAUTHENTICATED', message: 'wrong email or password' },
    })
  })

  it('rejects a malformed login body naming the field', async () => {
    const res = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'x' }),
    })
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('password')
  })

  it('lets a leader see every deal and a rep only their own', async () => {
    const leader = await loginAs('leader')
    const all = (await (
      await app.request('/api/v1/deals?pageSize=200', { headers: { cookie: leader.cookie } })
    ).json()) as DealList
    expect(all.total).toBe(company.dataset.deals.length)

    const rep = await loginAs('rep')
    const mine = (await (
      await app.request('/api/v1/deals?pageSize=200', { headers: { cookie: rep.cookie } })
    ).json()) as DealList
    const repPersonId = rep.body.user.personId
    expect(mine.total).toBe(company.dataset.deals.filter((d) => d.ownerId === repPersonId).length)
    expect(mine.total).toBeGreaterThan(0)
    expect(mine.data.every((d) => d.ownerId === repPersonId)).toBe(true)

    const othersDeal = company.dataset.deals.find((d) => d.ownerId !== repPersonId)
    const hidden = await app.request(`/api/v1/deals/${othersDeal?.id}`, { headers: { cookie: rep.cookie } })
    expect(hidden.status).toBe(404)
    const own = await app.request(`/api/v1/deals/${mine.data[0]?.id}`, { headers: { cookie: rep.cookie } })
    expect(own.status).toBe(200)
    expect(((await own.json()) as DealDetail).stageHistory.length).toBeGreaterThan(0)
  })

  it('computes the pipeline overview with intervals', async () => {
    const leader = await loginAs('leader')
    const res = await app.request('/api/v1/pipeline/overview', { headers: { cookie: leader.cookie } })
    const body = (await res.json()) as PipelineOverview
    const open = company.dataset.deals.filter((d) => !d.isClosed)
    expect(body.totals.openDeals).toBe(open.length)
    expect(body.totals.openAmountCents).toBe(open.reduce((s, d) => s + d.amountCents, 0))
    expect(body.byQuarter.length).toBeGreaterThan(4)
    for (const q of body.byQuarter) {
      if (q.ci95 && q.winRate !== null) expect(q.ci95[0]).toBeLessThanOrEqual(q.winRate)
    }
  })

  it('needs the CSRF token for a cookie-authenticated change, and issues API tokens that work without cookies', async () => {
    const leader = await loginAs('leader')
    const noCsrf = await app.request('/api/v1/tokens', {
      method: 'POST',
      headers: { cookie: leader.cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'script' }),
    })
    expect(noCsrf.status).toBe(403)
    const made = await app.request('/api/v1/tokens', {
      method: 'POST',
      headers: { cookie: leader.cookie, 'content-type': 'application/json', 'x-csrf-token': leader.csrf },
      body: JSON.stringify({ name: 'script' }),
    })
    expect(made.status).toBe(201)
    const { token } = (await made.json()) as { token: string }
    const viaToken = await app.request('/api/v1/deals?pageSize=1', {
      headers: { authorization: `Bearer ${token}` },
    })
    expect(viaToken.status).toBe(200)
    const badToken = await app.request('/api/v1/deals', { headers: { authorization: 'Bearer rvl_nope' } })
    expect(badToken.status).toBe(401)
  })

  it('stops password guessing: the eleventh wrong password in a row is refused, even with the right one', async () => {
    const analyst = company.logins.find((l) => l.role === 'analyst')
    const attempt = (password: string) =>
      app.request('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: analyst?.email, password }),
      })
    for (let i = 0; i < 10; i++) expect((await attempt(`guess-${i}`)).status).toBe(401)
    const blocked = await attempt(company.demoPassword)
    expect(blocked.status).toBe(429)
    expect(await blocked.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } })
  })

  it('signs out: the cookie stops working', async () => {
    const rep = await loginAs('rep')
    const out = await app.request('/api/auth/logout', {
      method: 'POST',
      headers: { cookie: rep.cookie, 'x-csrf-token': rep.csrf },
    })
    expect(out.status).toBe(204)
    expect((await app.request('/api/auth/me', { headers: { cookie: rep.cookie } })).status).toBe(401)
  })

  it('validates query parameters', async () => {
    const leader = await loginAs('leader')
    const res = await app.request('/api/v1/deals?pageSize=5000', { headers: { cookie: leader.cookie } })
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ error: { code: 'BAD_INPUT' } })
  })
})
