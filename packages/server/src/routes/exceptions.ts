import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi'
import { ownerScopeFor } from '@revlab/db'
import type { AppEnv } from '../app-env.js'
import { authenticate } from '../auth/authenticate.js'
import { validationHook } from '../validation-hook.js'
import { buildExceptions } from '../exceptions/build-exceptions.js'

const fraction = z.coerce.number().min(0).max(100).optional()

const Query = z.object({
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'dates are YYYY-MM-DD')
    .optional()
    .openapi({ description: 'The day the chain is measured on; default the latest day with consumption' }),
  team: z.string().optional(),
  minAttainment: fraction.openapi({ description: 'Making the number: attainment to date at least (0.9)' }),
  minCoverage: fraction.openapi({ description: 'Enough pipeline: pipeline / quota to go at least (3)' }),
  minActivityRatio: fraction.openapi({ description: 'Enough activity: share of the peers’ norm (0.8)' }),
  minCertifiedShare: fraction.openapi({ description: 'Share of products sold they are certified on (1)' }),
  activityDays: z.coerce.number().int().min(1).max(366).optional(),
})

/** The full shape is the `ExceptionsAnalysis` type of @revlab/analyses (docs/cli.md). */
const Loose = z.record(z.string(), z.unknown())

const exceptions = createRoute({
  method: 'get',
  path: '/exceptions',
  tags: ['consumption'],
  summary:
    'The exception chain per rep and team: number, pipeline, activity, certification; cause and action',
  middleware: [authenticate] as const,
  request: { query: Query },
  responses: { 200: { description: 'The analysis', content: { 'application/json': { schema: Loose } } } },
})

export const exceptionRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(
  exceptions,
  async (c) => {
    const { date, team, activityDays, ...thresholds } = c.req.valid('query')
    const scope = await ownerScopeFor(c.var.store.db, c.var.user)
    const today = c.var.now().toISOString().slice(0, 10)
    const defined = Object.fromEntries(Object.entries(thresholds).filter(([, v]) => v !== undefined))
    return c.json(
      await buildExceptions(c.var.store, { date, team, scope, today, activityDays, thresholds: defined }),
      200,
    )
  },
)
