import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi'
import { ownerScopeFor } from '@revlab/db'
import type { AppEnv } from '../app-env.js'
import { authenticate } from '../auth/authenticate.js'
import { validationHook } from '../validation-hook.js'
import { answerQuestion } from '../ask/answer-question.js'

const Query = z.object({
  q: z.string().trim().min(1, 'ask a question, e.g. "How is Lars doing over the last 30 days?"').max(500),
})

/** The full shape is the `AskAnswer` type of @revlab/analyses (docs/cli.md). */
const Loose = z.record(z.string(), z.unknown())

const ask = createRoute({
  method: 'get',
  path: '/ask',
  tags: ['ask'],
  summary: 'Answer a plain-language question: numbers, a small chart and the interpretation used',
  middleware: [authenticate] as const,
  request: { query: Query },
  responses: { 200: { description: 'The answer', content: { 'application/json': { schema: Loose } } } },
})

export const askRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(ask, async (c) => {
  const { q } = c.req.valid('query')
  const scope = await ownerScopeFor(c.var.store.db, c.var.user)
  const today = c.var.now().toISOString().slice(0, 10)
  return c.json(await answerQuestion(c.var.store, { question: q, scope, today }), 200)
})
