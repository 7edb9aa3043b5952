import { OpenAPIHono, createRoute } from '@hono/zod-openapi'
import {
  CycleTimeQuerySchema,
  CycleTimeSchema,
  WinPatternsQuerySchema,
  WinPatternsSchema,
} from '@revlab/domain'
import { loadDealOutcomeInputs, ownerScopeFor } from '@revlab/db'
import { analyzeCycleTime, analyzeWinPatterns } from '@revlab/analyses'
import type { AppEnv } from '../app-env.js'
import { authenticate } from '../auth/authenticate.js'
import { validationHook } from '../validation-hook.js'

const winPatterns = createRoute({
  method: 'get',
  path: '/win-patterns',
  tags: ['analyses'],
  summary:
    'Win rate, lift and days to close per signal value and combination, with intervals, a multivariable model and plain sentences',
  middleware: [authenticate] as const,
  request: { query: WinPatternsQuerySchema },
  responses: {
    200: { description: 'The win patterns', content: { 'application/json': { schema: WinPatternsSchema } } },
  },
})

const cycleTime = createRoute({
  method: 'get',
  path: '/cycle-time',
  tags: ['analyses'],
  summary: 'Days to close by Kaplan-Meier (open deals censored) and the chance of winning by day 30-120',
  middleware: [authenticate] as const,
  request: { query: CycleTimeQuerySchema },
  responses: {
    200: { description: 'The cycle time', content: { 'application/json': { schema: CycleTimeSchema } } },
  },
})

/** Win patterns and cycle time over the deals the caller may see (a rep their own, a manager their team's). */
export const winPatternRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(winPatterns, async (c) => {
    const query = c.req.valid('query')
    const asOf = c.var.now().toISOString().slice(0, 10)
    const scope = await ownerScopeFor(c.var.store.db, c.var.user)
    const inputs = await loadDealOutcomeInputs(
      c.var.store.db,
      { asOf, segment: query.segment, since: query.since },
      scope,
    )
    return c.json(
      analyzeWinPatterns(inputs, {
        segment: query.segment ?? null,
        since: query.since ?? null,
        curveFor: query.curve,
      }),
      200,
    )
  })
  .openapi(cycleTime, async (c) => {
    const query = c.req.valid('query')
    const asOf = query.asOf ?? c.var.now().toISOString().slice(0, 10)
    const scope = await ownerScopeFor(c.var.store.db, c.var.user)
    const inputs = await loadDealOutcomeInputs(c.var.store.db, { asOf, segment: query.segment }, scope)
    return c.json(analyzeCycleTime(inputs, { by: query.by ?? null }), 200)
  })
