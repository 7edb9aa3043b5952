import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Store } from '@revlab/db'
import type { DemoCompany } from '@revlab/demo-data'
import type { RevlabApp } from '@revlab/server'
import { openDemoApp } from './demo-app.js'
import type { CallDetail, CallFilters, CallList, CallTrends, SessionResponse } from '@revlab/domain'

const NOW = new Date('2026-11-23T12:00:00Z')

describe('calls API on a seeded DuckDB demo', () => {
  let store: Store
  let app: RevlabApp
  let company: DemoCompany
  const cookies = new Map<string, { cookie: string; personId: string | null }>()

  beforeAll(async () => {
    ;({ store, app, company } = await openDemoApp({ seed: 7, now: NOW, asOf: '2026-11-23' }))
    for (const role of ['leader', 'rep', 'manager']) {
      const login = company.logins.find((l) => l.role === role)
      if (!login) throw new Error(`no ${role} login`)
      const res = await app.request('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: login.email, password: company.demoPassword }),
      })
      const body = (await res.json()) as SessionResponse
      cookies.set(role, {
        cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '',
        personId: body.user.personId,
      })
    }
  })
  afterAll(async () => {
    await store.close()
  })

  const get = async <T>(role: string, url: string): Promise<{ status: number; body: T }> => {
    const res = await app.request(url, { headers: { cookie: cookies.get(role)?.cookie ?? '' } })
    return { status: res.status, body: (await res.json()) as T }
  }

  it('documents the call routes in the OpenAPI document and needs a session', async () => {
    const doc = (await (await app.request('/api/openapi.json')).json()) as { paths: Record<string, unknown> }
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/calls',
        '/api/v1/calls/{id}',
        '/api/v1/calls/trends',
        '/api/v1/calls/filters',
      ]),
    )
    expect((await app.request('/api/v1/calls')).status).toBe(401)
  })

  it('lists every call to a leader, newest first, with metrics and evidence kinds', async () => {
    const { status, body } = await get<CallList>('leader', '/api/v1/calls?pageSize=200')
    expect(status).toBe(200)
    expect(body.total).toBe(company.dataset.calls.length)
    expect(body.data.length).toBe(Math.min(200, body.total))
    const starts = body.data.map((c) => c.startedAt)
    expect([...starts].sort().reverse()).toEqual(starts)
    const first = body.data[0]
    expect(first?.ownerName).toBeTruthy()
    expect(first?.talkRatio).not.toBeNull()
    expect(body.data.some((c) => c.evidenceKinds.length > 0)).toBe(true)
  })

  it('filters by owner, deal, account, date range, evidence kind and text', async () => {
    const calls = company.dataset.calls
    const sample = calls[Math.floor(calls.length / 2)]
    if (!sample?.ownerId || !sample.dealId || !sample.accountId) throw new Error('demo call without links')

    const byOwner = await get<CallList>('leader', `/api/v1/calls?ownerId=${sample.ownerId}&pageSize=200`)
    expect(byOwner.body.total).toBe(calls.filter((c) => c.ownerId === sample.ownerId).length)
    expect(byOwner.body.data.every((c) => c.ownerId === sample.ownerId)).toBe(true)

    const byDeal = await get<CallList>('leader', `/api/v1/calls?dealId=${sample.dealId}`)
    expect(byDeal.body.total).toBe(calls.filter((c) => c.dealId === sample.dealId).length)

    const byAccount = await get<CallList>('leader', `/api/v1/calls?accountId=${sample.accountId}`)
    expect(byAccount.body.total).toBe(calls.filter((c) => c.accountId === sample.accountId).length)

    const day = sample.startedAt.slice(0, 10)
    const sameDay = await get<CallList>('leader', `/api/v1/calls?from=${day}&to=${day}&pageSize=200`)
    expect(sameDay.body.total).toBe(calls.filter((c) => c.startedAt.slice(0, 10) === day).length)
    expect(sameDay.body.data.map((c) => c.id)).toContain(sample.id)

    const kinds = company.dataset.callEvidence.filter((e) => e.kind === 'pain')
    const pain = await get<CallList>('leader', '/api/v1/calls?evidence=pain&pageSize=1')
    expect(pain.body.total).toBe(new Set(kinds.map((e) => e.callId)).size)

    // Text matches the title, the deal or account name, or anything said on the call.
    const said = company.dataset.utterances.find((u) => u.callId === sample.id && u.text.length > 30)
    const phrase = said?.text.slice(0, 25).toUpperCase() ?? ''
    const byText = await get<CallList>(
      'leader',
      `/api/v1/calls?q=${encodeURIComponent(phrase)}&dealId=${sample.dealId}&pageSize=200`,
    )
    expect(byText.body.data.map((c) => c.id)).toContain(sample.id)
    const none = await get<CallList>('leader', '/api/v1/calls?q=zzqx-nothing-like-this')
    expect(none.body.total).toBe(0)

    const bad = await get<{ error: { message: string } }>('leader', '/api/v1/calls?from=yesterday')
    expect(bad.status).toBe(400)
    expect(bad.body.error.message).toContain('from')
  })

  it('shows a rep only their own calls, and hides the others as missing', async () => {
    const rep = cookies.get('rep')
    const mine = await get<CallList>('rep', '/api/v1/calls?pageSize=200')
    const own = company.dataset.calls.filter((c) => c.ownerId === rep?.personId)
    expect(own.length).toBeGreaterThan(0)
    expect(mine.body.total).toBe(own.length)
    expect(mine.body.data.every((c) => c.ownerId === rep?.personId)).toBe(true)

    const others = company.dataset.calls.find((c) => c.ownerId !== rep?.personId)
    const hidden = await get<{ error: { code: string } }>('rep', `/api/v1/calls/${others?.id}`)
    expect(hidden.status).toBe(404)
    expect(hidden.body.error.code).toBe('NOT_FOUND')

    const filters = await get<CallFilters>('rep', '/api/v1/calls/filters')
    expect(filters.body.owners.map((o) => o.id)).toEqual([rep?.personId])
    expect(filters.body.methodologies.map((m) => m.key)).toEqual(['meddpicc', 'discovery'])

    const trends = await get<CallTrends>('rep', '/api/v1/calls/trends')
    expect(trends.body.reps.map((r) => r.key)).toEqual([rep?.personId])
    expect(trends.body.team.points.reduce((n, p) => n + p.calls, 0)).toBe(own.length)

    const manager = cookies.get('manager')
    const team = new Set(
      company.dataset.people
        .filter((p) => p.id === manager?.personId || p.managerId === manager?.personId)
        .map((p) => p.id),
    )
    const managed = await get<CallList>('manager', '/api/v1/calls?pageSize=1')
    expect(managed.body.total).toBe(company.dataset.calls.filter((c) => team.has(c.ownerId ?? '')).length)
  })

  it('returns one call with its transcript, evidence at its positions, scorecard, summary and actions', async () => {
    const list = await get<CallList>('leader', '/api/v1/calls?evidence=pain&pageSize=1')
    const id = list.body.data[0]?.id ?? ''
    const { status, body } = await get<CallDetail>('leader', `/api/v1/calls/${id}`)
    expect(status).toBe(200)
    expect(body.call.id).toBe(id)
    expect(body.utterances.length).toBe(company.dataset.utterances.filter((u) => u.callId === id).length)
    expect(body.evidence.length).toBeGreaterThan(0)
    for (const e of body.evidence) {
      const u = body.utterances[e.position.turn]
      expect(u?.speaker).toBe(e.speaker)
      expect(u?.sentences[e.position.sentence]).toBe(e.text)
    }
    expect(body.evidence.map((e) => e.kind)).toContain('pain')
    // The stored metrics and the page's agree (the same analysis).
    const stored = company.dataset.callMetrics.find((m) => m.callId === id)
    expect(body.metrics.openQuestions).toBe(stored?.openQuestions)
    expect(body.metrics.talkRatio).toBeCloseTo(stored?.talkRatio ?? NaN, 3)
    expect(body.speakers.some((s) => s.side === 'internal')).toBe(true)
    expect(body.summary.length).toBeGreaterThan(0)
    expect(body.scorecard.key).toBe('meddpicc')
    const pain = body.scorecard.items.find((i) => i.key === 'identify_pain')
    expect(pain?.met).toBe(true)
    for (const q of pain?.evidence ?? []) expect(body.utterances[q.turn]?.speaker).toBe(q.speaker)
    expect(body.scorecard.score).toBeGreaterThan(0)

    const discovery = await get<CallDetail>('leader', `/api/v1/calls/${id}?methodology=discovery`)
    expect(discovery.body.scorecard.key).toBe('discovery')
    expect(discovery.body.scorecard.methodology).not.toBe(body.scorecard.methodology)

    const unknown = await get<{ error: { message: string } }>(
      'leader',
      `/api/v1/calls/${id}?methodology=spin`,
    )
    expect(unknown.status).toBe(400)
    expect(unknown.body.error.message).toContain('methodology')
    expect((await get('leader', '/api/v1/calls/no-such-call')).status).toBe(404)
  })

  it('reports rep behaviour trends per rep and team by month or week', async () => {
    const month = await get<CallTrends>('leader', '/api/v1/calls/trends')
    expect(month.body.status).toBe('ok')
    expect(month.body.period).toBe('month')
    expect(month.body.team.points.reduce((n, p) => n + p.calls, 0)).toBe(company.dataset.callMetrics.length)
    expect(month.body.reps.length).toBeGreaterThan(1)
    expect(month.body.team.points.every((p) => /^\d{4}-\d{2}$/.test(p.period))).toBe(true)

    const week = await get<CallTrends>('leader', '/api/v1/calls/trends?period=week&from=2026-01-01')
    expect(week.body.team.points.every((p) => p.period >= '2025-12-29')).toBe(true)
    const rep = month.body.reps[0]
    const one = await get<CallTrends>('leader', `/api/v1/calls/trends?ownerId=${rep?.key}`)
    expect(one.body.reps.map((r) => r.key)).toEqual([rep?.key])
    expect(one.body.team.points).toEqual(rep?.points)
  })
})
