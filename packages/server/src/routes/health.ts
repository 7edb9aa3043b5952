import { OpenAPIHono, createRoute } from '@hono/zod-openapi'
import { HealthResponseSchema } from '@revlab/domain'
import { schemaVersion } from '@revlab/db'
import type { AppEnv } from '../app-env.js'

const health = createRoute({
  method: 'get',
  path: '/health',
  tags: ['system'],
  summary: 'Is the server up, and on which engine and schema version',
  responses: {
    200: { description: 'Up', content: { 'application/json': { schema: HealthResponseSchema } } },
  },
})

export const healthRoutes = new OpenAPIHono<AppEnv>().openapi(health, async (c) =>
  c.json(
    {
      status: 'ok' as const,
      engine: c.var.store.engine,
      schemaVersion: (await schemaVersion(c.var.store)) ?? 'none',
    },
    200,
  ),
)
