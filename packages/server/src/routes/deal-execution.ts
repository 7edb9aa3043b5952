import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi'
import { ownerScopeFor } from '@revlab/db'
import type { AppEnv } from '../app-env.js'
import { authenticate } from '../auth/authenticate.js'
import { validationHook } from '../validation-hook.js'
import { buildPocs } from '../deal-execution/build-pocs.js'
import { buildExperiments } from '../deal-execution/build-experiments.js'

const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'dates are YYYY-MM-DD')
  .optional()
  .openapi({ description: 'The as-of day; default the data’s own latest day' })

const PocQuery = z.object({
  date,
  maxActivePocsPerSe: z.coerce.number().int().min(1).max(50).optional(),
  seHoursPerPoc: z.coerce.number().min(0).max(80).optional(),
})

const ExperimentQuery = z.object({
  date,
  adherenceThreshold: z.coerce.number().min(0).max(1).optional(),
  smallestWinRateDifference: z.coerce.number().gt(0).max(1).optional(),
  smallestDaysRatio: z.coerce.number().gt(0).max(10).optional(),
  smallestDealSizeRatio: z.coerce.number().gt(0).max(10).optional(),
})

/** The full shapes are `PocAnalysis` and `ExperimentAnalysis` of @revlab/analyses (docs/cli.md). */
const Loose = z.record(z.string(), z.unknown())

const pocs = createRoute({
  method: 'get',
  path: '/pocs',
  tags: ['deal execution'],
  summary: 'POCs at risk with a pause/stop recommendation, SE load, and which POC shapes convert',
  middleware: [authenticate] as const,
  request: { query: PocQuery },
  responses: { 200: { description: 'The analysis', content: { 'application/json': { schema: Loose } } } },
})

const experiments = createRoute({
  method: 'get',
  path: '/experiments',
  tags: ['deal execution'],
  summary: 'Playbook experiments: variant vs control on win rate, days to close and deal size',
  middleware: [authenticate] as const,
  request: { query: ExperimentQuery },
  responses: { 200: { description: 'The analysis', content: { 'application/json': { schema: Loose } } } },
})

const defined = <T extends Record<string, unknown>>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>

export const dealExecutionRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(pocs, async (c) => {
    const { date: day, ...options } = c.req.valid('query')
    const scope = await ownerScopeFor(c.var.store.db, c.var.user)
    return c.json(await buildPocs(c.var.store, { date: day ?? null, scope, options: defined(options) }), 200)
  })
  .openapi(experiments, async (c) => {
    const { date: day, ...options } = c.req.valid('query')
    const scope = await ownerScopeFor(c.var.store.db, c.var.user)
    return c.json(
      await buildExperiments(c.var.store, { date: day ?? null, scope, options: defined(options) }),
      200,
    )
  })
