import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi'
import { ownerScopeFor } from '@revlab/db'
import type { AppEnv } from '../app-env.js'
import { authenticate } from '../auth/authenticate.js'
import { validationHook } from '../validation-hook.js'
import { buildBrief, buildConsumption } from '../brief/build-brief.js'

const Query = z.object({
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'dates are YYYY-MM-DD')
    .optional()
    .openapi({ description: 'The last day reported; default the latest day with consumption' }),
  team: z.string().optional(),
})

/** The full shapes are the `Brief` and `ConsumptionAnalysis` types of @revlab/analyses (docs/cli.md). */
const Loose = z.record(z.string(), z.unknown())

const brief = createRoute({
  method: 'get',
  path: '/brief',
  tags: ['consumption'],
  summary: 'The morning-coffee briefing: ~15 items, each naming the owner and linking to its detail',
  middleware: [authenticate] as const,
  request: { query: Query },
  responses: { 200: { description: 'The briefing', content: { 'application/json': { schema: Loose } } } },
})

const consumption = createRoute({
  method: 'get',
  path: '/consumption',
  tags: ['consumption'],
  summary: 'Run rates, baselines and incremental attainment, NRR/GRR, gainers and losers, use cases, reviews',
  middleware: [authenticate] as const,
  request: { query: Query },
  responses: { 200: { description: 'The analysis', content: { 'application/json': { schema: Loose } } } },
})

export const briefRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(brief, async (c) => {
    const { date, team } = c.req.valid('query')
    const scope = await ownerScopeFor(c.var.store.db, c.var.user)
    const today = c.var.now().toISOString().slice(0, 10)
    return c.json(await buildBrief(c.var.store, { date, team, scope, today }), 200)
  })
  .openapi(consumption, async (c) => {
    const { date, team } = c.req.valid('query')
    const scope = await ownerScopeFor(c.var.store.db, c.var.user)
    const today = c.var.now().toISOString().slice(0, 10)
    return c.json(await buildConsumption(c.var.store, { date, team, scope, today }), 200)
  })
