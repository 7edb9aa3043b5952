/**
 * The detail behind the Accounts and Use Cases pages (the analysis itself is
 * GET /consumption in brief.ts): one account's daily consumption by SKU with
 * its use cases and reviews, every use case with its lifecycle dates, and the
 * last business review held per account.
 */
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi'
import { RevlabError, type IsoDate } from '@revlab/domain'
import {
  loadAccountConsumptionDetail,
  loadLastBusinessReviews,
  loadUseCaseList,
  ownerScopeFor,
  type UseCaseRow,
} from '@revlab/db'
import type { AppEnv } from '../app-env.js'
import { authenticate } from '../auth/authenticate.js'
import { validationHook } from '../validation-hook.js'
import { accountConsumptionRow, resolveBriefDate, resolveScope } from '../brief/build-brief.js'

const Query = z.object({
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'dates are YYYY-MM-DD')
    .optional()
    .openapi({ description: 'The last day reported; default the latest day with consumption' }),
  team: z.string().optional(),
})

const DetailQuery = z.object({
  date: Query.shape.date,
  days: z.coerce.number().int().min(7).max(730).default(90).openapi({ description: 'Days of daily series' }),
})

const Loose = z.record(z.string(), z.unknown())
const ok = (description: string) => ({
  200: { description, content: { 'application/json': { schema: Loose } } },
})

const DAY_MS = 86_400_000
const daysFrom = (a: IsoDate, b: IsoDate): number => Math.round((Date.parse(b) - Date.parse(a)) / DAY_MS)

/** Days past the target go-live: live ones by their go-live date, open ones by asOf; else null. */
export function daysLate(u: UseCaseRow, asOf: IsoDate): number | null {
  if (!u.goLiveTarget) return null
  if (u.goLiveDate) return Math.max(0, daysFrom(u.goLiveTarget, u.goLiveDate))
  if (u.status === 'lost' || u.status === 'live') return null
  const late = daysFrom(u.goLiveTarget, asOf)
  return late > 0 ? late : null
}

const useCases = createRoute({
  method: 'get',
  path: '/consumption/use-cases',
  tags: ['consumption'],
  summary: 'Every use case in scope with its lifecycle status, go-live dates and days late',
  middleware: [authenticate] as const,
  request: { query: Query },
  responses: ok('The use cases'),
})

const reviews = createRoute({
  method: 'get',
  path: '/consumption/reviews',
  tags: ['consumption'],
  summary: 'The last business review held per account in scope',
  middleware: [authenticate] as const,
  request: { query: Query },
  responses: ok('The last reviews'),
})

const account = createRoute({
  method: 'get',
  path: '/consumption/accounts/{id}',
  tags: ['consumption'],
  summary: "One account's daily consumption by SKU, its baseline, use cases and business reviews",
  middleware: [authenticate] as const,
  request: { params: z.object({ id: z.string().min(1) }), query: DetailQuery },
  responses: ok('The account'),
})

export const consumptionRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(useCases, async (c) => {
    const { date, team } = c.req.valid('query')
    const today = c.var.now().toISOString().slice(0, 10)
    const request = { date, team, today, scope: await ownerScopeFor(c.var.store.db, c.var.user) }
    const asOf = await resolveBriefDate(c.var.store, request)
    const rows = await loadUseCaseList(c.var.store.db, await resolveScope(c.var.store, request))
    const byStatus: Record<string, number> = {}
    for (const u of rows) byStatus[u.status ?? 'unknown'] = (byStatus[u.status ?? 'unknown'] ?? 0) + 1
    return c.json({ asOf, byStatus, useCases: rows.map((u) => ({ ...u, daysLate: daysLate(u, asOf) })) }, 200)
  })
  .openapi(reviews, async (c) => {
    const { date, team } = c.req.valid('query')
    const today = c.var.now().toISOString().slice(0, 10)
    const request = { date, team, today, scope: await ownerScopeFor(c.var.store.db, c.var.user) }
    const asOf = await resolveBriefDate(c.var.store, request)
    const scope = await resolveScope(c.var.store, request)
    return c.json({ asOf, lastReviews: await loadLastBusinessReviews(c.var.store.db, { asOf, scope }) }, 200)
  })
  .openapi(account, async (c) => {
    const { id } = c.req.valid('param')
    const { date, days } = c.req.valid('query')
    const today = c.var.now().toISOString().slice(0, 10)
    const scope = await ownerScopeFor(c.var.store.db, c.var.user)
    const asOf = await resolveBriefDate(c.var.store, { date, today })
    const detail = await loadAccountConsumptionDetail(c.var.store.db, { accountId: id, asOf, days, scope })
    if (!detail)
      throw new RevlabError('NOT_FOUND', `no account "${id}" that you can see`, {
        hint: 'GET /api/v1/consumption lists the accounts in your scope',
      })
    const summary = await accountConsumptionRow(c.var.store, { asOf, scope, accountId: id })
    const useCasesOut = detail.useCases.map((u) => ({ ...u, daysLate: daysLate(u, asOf) }))
    return c.json({ asOf, ...detail, summary, useCases: useCasesOut }, 200)
  })
