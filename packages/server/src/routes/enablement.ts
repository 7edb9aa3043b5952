import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi'
import { ownerScopeFor } from '@revlab/db'
import type { AppEnv } from '../app-env.js'
import { authenticate } from '../auth/authenticate.js'
import { validationHook } from '../validation-hook.js'
import {
  buildBusinessCaseHtml,
  buildBusinessCasePdf,
  buildEnablement,
} from '../enablement/build-enablement.js'

const Query = z.object({
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'dates are YYYY-MM-DD')
    .optional()
    .openapi({ description: 'The as-of day; default the data’s own latest day' }),
  program: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .openapi({ description: 'Program name or content id; default the program most people enrolled in' }),
  designEffect: z.coerce.number().gt(0).max(100).optional(),
  grossMargin: z.coerce.number().gt(0).max(1).optional(),
})

/** The full shape is `EnablementAnalysis` of @revlab/analyses (docs/cli.md). */
const Loose = z.record(z.string(), z.unknown())

const analysis = createRoute({
  method: 'get',
  path: '/enablement',
  tags: ['enablement'],
  summary:
    'Enablement ROI: coverage of the join, behaviour and outcome change after a program (staggered DiD, matched reps), behaviour to outcome, rollout design, business case, content',
  middleware: [authenticate] as const,
  request: { query: Query },
  responses: { 200: { description: 'The analysis', content: { 'application/json': { schema: Loose } } } },
})

const html = createRoute({
  method: 'get',
  path: '/enablement/business-case.html',
  tags: ['enablement'],
  summary: 'The one-page business case for a program, as HTML',
  middleware: [authenticate] as const,
  request: { query: Query },
  responses: { 200: { description: 'The page', content: { 'text/html': { schema: z.string() } } } },
})

const pdf = createRoute({
  method: 'get',
  path: '/enablement/business-case.pdf',
  tags: ['enablement'],
  summary: 'The one-page business case for a program, as PDF',
  middleware: [authenticate] as const,
  request: { query: Query },
  responses: {
    200: {
      description: 'The PDF',
      content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } },
    },
  },
})

type QueryValues = z.infer<typeof Query>

const requestOf = (q: QueryValues) => ({
  date: q.date ?? null,
  options: {
    ...(q.program === undefined ? {} : { program: q.program }),
    ...(q.designEffect === undefined ? {} : { designEffect: q.designEffect }),
    ...(q.grossMargin === undefined ? {} : { grossMargin: q.grossMargin }),
  },
})

const fileName = (program: string | undefined): string =>
  `business-case-${(program ?? 'enablement').toLowerCase().replace(/[^a-z0-9]+/g, '-')}.pdf`

export const enablementRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(analysis, async (c) => {
    const q = c.req.valid('query')
    const scope = await ownerScopeFor(c.var.store.db, c.var.user)
    return c.json(await buildEnablement(c.var.store, { ...requestOf(q), scope }), 200)
  })
  .openapi(html, async (c) => {
    const q = c.req.valid('query')
    const scope = await ownerScopeFor(c.var.store.db, c.var.user)
    return c.html(await buildBusinessCaseHtml(c.var.store, { ...requestOf(q), scope }), 200)
  })
  .openapi(pdf, async (c) => {
    const q = c.req.valid('query')
    const scope = await ownerScopeFor(c.var.store.db, c.var.user)
    const body = await buildBusinessCasePdf(c.var.store, { ...requestOf(q), scope })
    return c.body(new Uint8Array(body), 200, {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="${fileName(q.program)}"`,
    })
  })
