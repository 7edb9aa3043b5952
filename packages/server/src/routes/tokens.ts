import { randomUUID } from 'node:crypto'
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi'
import { createApiToken, writeAudit } from '@revlab/db'
import type { AppEnv } from '../app-env.js'
import { authenticate } from '../auth/authenticate.js'
import { hashSecret, newSecret } from '../auth/tokens.js'
import { validationHook } from '../validation-hook.js'

const create = createRoute({
  method: 'post',
  path: '/',
  tags: ['auth'],
  summary: 'Create an API token for scripts (shown once)',
  middleware: [authenticate] as const,
  request: {
    body: {
      content: { 'application/json': { schema: z.object({ name: z.string().trim().min(1).max(100) }) } },
      required: true,
    },
  },
  responses: {
    201: {
      description: 'The new token; send it as `Authorization: Bearer <token>`',
      content: {
        'application/json': { schema: z.object({ id: z.string(), name: z.string(), token: z.string() }) },
      },
    },
  },
})

export const tokenRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(
  create,
  async (c) => {
    const { name } = c.req.valid('json')
    const token = newSecret('rvl_')
    const id = `tok_${randomUUID()}`
    const now = c.var.now().toISOString()
    await createApiToken(c.var.store.db, {
      id,
      userId: c.var.user.id,
      name,
      tokenHash: hashSecret(token),
      createdAt: now,
    })
    await writeAudit(c.var.store.db, {
      at: now,
      userId: c.var.user.id,
      action: 'create',
      entity: 'api_token',
      entityId: id,
      detail: { name },
    })
    return c.json({ id, name, token }, 201)
  },
)
