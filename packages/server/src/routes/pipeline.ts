import { OpenAPIHono, createRoute } from '@hono/zod-openapi'
import { PipelineFiltersSchema, PipelineOverviewSchema } from '@revlab/domain'
import { loadPipelineInputs, ownerScopeFor } from '@revlab/db'
import { analyzePipelineOverview } from '@revlab/analyses'
import type { AppEnv } from '../app-env.js'
import { authenticate } from '../auth/authenticate.js'
import { validationHook } from '../validation-hook.js'

const overview = createRoute({
  method: 'get',
  path: '/overview',
  tags: ['pipeline'],
  summary: 'Open pipeline by stage and win rate by quarter, with 95% intervals',
  middleware: [authenticate] as const,
  request: { query: PipelineFiltersSchema },
  responses: {
    200: { description: 'The overview', content: { 'application/json': { schema: PipelineOverviewSchema } } },
  },
})

export const pipelineRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(
  overview,
  async (c) => {
    const filters = c.req.valid('query')
    const scope = await ownerScopeFor(c.var.store.db, c.var.user)
    const inputs = await loadPipelineInputs(c.var.store.db, filters, scope)
    return c.json(analyzePipelineOverview(inputs, { asOf: c.var.now().toISOString().slice(0, 10) }), 200)
  },
)
