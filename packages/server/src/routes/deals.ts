import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi'
import {
  DealDetailSchema,
  DealFiltersSchema,
  DealListQuerySchema,
  DealListSchema,
  ErrorResponseSchema,
  RevlabError,
} from '@revlab/domain'
import { findDealDetail, listDeals, loadDealFilters, ownerScopeFor } from '@revlab/db'
import type { AppEnv } from '../app-env.js'
import { authenticate } from '../auth/authenticate.js'
import { validationHook } from '../validation-hook.js'

const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['deals'],
  summary: 'Deals the caller may see, filtered, sorted and paged',
  middleware: [authenticate] as const,
  request: { query: DealListQuerySchema },
  responses: {
    200: { description: 'A page of deals', content: { 'application/json': { schema: DealListSchema } } },
  },
})

const filters = createRoute({
  method: 'get',
  path: '/filters',
  tags: ['deals'],
  summary: 'Values for the deal filters (owners, stages, segments, regions)',
  middleware: [authenticate] as const,
  responses: {
    200: { description: 'Filter values', content: { 'application/json': { schema: DealFiltersSchema } } },
  },
})

const detail = createRoute({
  method: 'get',
  path: '/{id}',
  tags: ['deals'],
  summary: 'One deal with its stage history, signals and stakeholders',
  middleware: [authenticate] as const,
  request: { params: z.object({ id: z.string().min(1) }) },
  responses: {
    200: { description: 'The deal', content: { 'application/json': { schema: DealDetailSchema } } },
    404: {
      description: 'No such deal, or not yours to see',
      content: { 'application/json': { schema: ErrorResponseSchema } },
    },
  },
})

export const dealRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(list, async (c) => {
    const query = c.req.valid('query')
    const scope = await ownerScopeFor(c.var.store.db, c.var.user)
    const { data, total } = await listDeals(c.var.store.db, query, scope)
    return c.json({ data, total, page: query.page, pageSize: query.pageSize }, 200)
  })
  .openapi(filters, async (c) => {
    const scope = await ownerScopeFor(c.var.store.db, c.var.user)
    return c.json(await loadDealFilters(c.var.store.db, scope), 200)
  })
  .openapi(detail, async (c) => {
    const { id } = c.req.valid('param')
    const scope = await ownerScopeFor(c.var.store.db, c.var.user)
    const found = await findDealDetail(c.var.store.db, id, scope, c.var.now().toISOString())
    // A deal outside the caller's scope is reported exactly like a missing one.
    if (!found)
      throw new RevlabError('NOT_FOUND', `no deal ${id}`, {
        hint: 'check the id; reps see only their own deals',
      })
    return c.json(found, 200)
  })
