/**
 * The routes behind the Accounts and Use Cases pages on a small demo in a
 * temp DuckDB: an account's daily series by SKU adds up to the analysis, use
 * cases carry their lifecycle, and a rep sees only their own accounts.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, loadDataset, migrateToLatest, openStore, type Store } from '@revlab/db'
import { generateDemoCompany, type DemoCompany } from '@revlab/demo-data'
import { createApp, hashPassword, type RevlabApp } from '@revlab/server'

const NOW = new Date('2026-11-23T12:00:00Z')

type Account = { id: string; last7Cents: number; baselineRunRateCents: number }
type Detail = {
  asOf: string
  account: { id: string; name: string }
  daily: { day: string; sku: string; revenueCents: number }[]
  summary: Account | null
  useCases: { id: string; accountId: string; status: string | null; daysLate: number | null }[]
  businessReviews: { dueAt: string; heldAt: string | null }[]
}
type UseCaseList = {
  asOf: string
  byStatus: Record<string, number>
  useCases: { id: string; accountId: string; status: string | null; ownerName: string | null }[]
}

describe('consumption detail API on a seeded DuckDB demo', () => {
  let store: Store
  let app: RevlabApp
  let company: DemoCompany
  const cookies = new Map<string, string>()

  beforeAll(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'revlab-consumption-api-'))
    store = await openStore({ engine: 'duckdb', path: path.join(dir, 'demo.duckdb') })
    await migrateToLatest(store)
    company = generateDemoCompany({ scale: 'small', seed: 7, asOf: '2026-11-23' })
    // With the daily consumption rows, which the pages are about.
    await loadDataset(store, company.dataset, {
      consumption: company.consumption,
      consumptionRowEstimate: company.consumptionRowEstimate,
    })
    const passwordHash = await hashPassword(company.demoPassword)
    for (const l of company.logins) {
      const user = { email: l.email, name: l.name, role: l.role, personId: l.personId, passwordHash }
      await createUser(store.db, user, NOW.toISOString())
    }
    app = createApp({ store, now: () => NOW })
    for (const role of ['leader', 'rep']) {
      const login = company.logins.find((l) => l.role === role)
      if (!login) throw new Error(`no ${role} login`)
      const res = await app.request('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: login.email, password: company.demoPassword }),
      })
      cookies.set(role, (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '')
    }
  })
  afterAll(async () => {
    await store.close()
  })

  const get = async <T>(role: string, path: string): Promise<{ status: number; body: T }> => {
    const res = await app.request(path, { headers: { cookie: cookies.get(role) ?? '' } })
    return { status: res.status, body: (await res.json()) as T }
  }

  it("gives an account's daily consumption by SKU that sums to its week in the analysis", async () => {
    const analysis = await get<{ accounts: Account[] }>('leader', '/api/v1/consumption')
    const top = [...analysis.body.accounts].sort((a, b) => b.last7Cents - a.last7Cents)[0]
    if (!top) throw new Error('no accounts')
    const { status, body } = await get<Detail>('leader', `/api/v1/consumption/accounts/${top.id}?days=30`)
    expect(status).toBe(200)
    expect(body.account.id).toBe(top.id)
    expect(body.summary).toMatchObject({ id: top.id, baselineRunRateCents: top.baselineRunRateCents })
    const days = new Set(body.daily.map((r) => r.day))
    expect(days.size).toBeLessThanOrEqual(30)
    const lastWeek = [...days].sort().slice(-7)
    const week = body.daily.filter((r) => lastWeek.includes(r.day)).reduce((s, r) => s + r.revenueCents, 0)
    expect(week).toBe(top.last7Cents)
    expect(body.useCases.every((u) => u.accountId === top.id)).toBe(true)
  })

  it('lists use cases with their status, counted by status', async () => {
    const { status, body } = await get<UseCaseList>('leader', '/api/v1/consumption/use-cases')
    expect(status).toBe(200)
    expect(body.useCases.length).toBeGreaterThan(0)
    const total = Object.values(body.byStatus).reduce((s, n) => s + n, 0)
    expect(total).toBe(body.useCases.length)
    expect(body.useCases[0]?.ownerName).toBeTruthy()
    const reviews = await get<{ lastReviews: { accountId: string; lastHeldAt: string }[] }>(
      'leader',
      '/api/v1/consumption/reviews',
    )
    expect(reviews.status).toBe(200)
    expect(reviews.body.lastReviews.every((r) => r.lastHeldAt <= '2026-11-23')).toBe(true)
  })

  it("keeps a rep to their own accounts and answers 404 for someone else's", async () => {
    const all = await get<UseCaseList>('leader', '/api/v1/consumption/use-cases')
    const mine = await get<UseCaseList>('rep', '/api/v1/consumption/use-cases')
    expect(mine.body.useCases.length).toBeLessThan(all.body.useCases.length)
    const ownIds = new Set(mine.body.useCases.map((u) => u.accountId))
    const other = all.body.useCases.find((u) => !ownIds.has(u.accountId))
    if (!other) throw new Error('every account is the rep’s')
    const res = await get<{ error: { code: string } }>(
      'rep',
      `/api/v1/consumption/accounts/${other.accountId}`,
    )
    expect(res.status).toBe(404)
    expect(res.body.error.code).toBe('NOT_FOUND')
  })
})
