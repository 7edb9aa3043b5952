/**
 * Deal execution read-outs: a deal's missing exit criteria, stakeholder gaps
 * and explained score; the score's calibration; the pipeline board by stage;
 * and the coaching view per rep.
 */
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi'
import { RevlabError } from '@revlab/domain'
import { listDeals, listStageModels, ownerScopeFor } from '@revlab/db'
import type { AppEnv } from '../app-env.js'
import { authenticate } from '../auth/authenticate.js'
import { validationHook } from '../validation-hook.js'
import { errorResponse } from './openapi-parts.js'
import { dealForView, inOwnerScope } from '../deal-execution/deal-access.js'
import { buildCoaching, buildDealExecution, dealHealthModel } from '../deal-execution/build-deal-health.js'

/** The full shapes are in @revlab/analyses (deal-health/types.ts, coaching.ts) and docs/cli.md. */
const Loose = z.record(z.string(), z.unknown())
const ok = (description: string) => ({ description, content: { 'application/json': { schema: Loose } } })

const execution = createRoute({
  method: 'get',
  path: '/deals/{id}/execution',
  tags: ['deal execution'],
  summary:
    "A deal's missing exit criteria, stakeholder gaps by stage, and its score explained factor by factor",
  middleware: [authenticate] as const,
  request: { params: z.object({ id: z.string().min(1) }) },
  responses: {
    200: ok('The checks'),
    403: errorResponse('Not yours to see'),
    404: errorResponse('No such deal'),
  },
})
const scoreModel = createRoute({
  method: 'get',
  path: '/deal-score',
  tags: ['deal execution'],
  summary: 'The deal score model: its terms, and its calibration against closed outcomes (bins, Brier, AUC)',
  middleware: [authenticate] as const,
  responses: { 200: ok('The model') },
})
const board = createRoute({
  method: 'get',
  path: '/pipeline-board',
  tags: ['deal execution'],
  summary: 'Open deals the caller may see, in columns by stage (per stage model)',
  middleware: [authenticate] as const,
  request: { query: z.object({ ownerId: z.string().optional() }) },
  responses: { 200: ok('The board') },
})
const coaching = createRoute({
  method: 'get',
  path: '/coaching',
  tags: ['deal execution'],
  summary: "Coaching per rep: where the rep's deals differ from the winning pattern, with next steps",
  middleware: [authenticate] as const,
  request: { query: z.object({ repId: z.string().optional() }) },
  responses: { 200: ok('The coaching view'), 403: errorResponse('Not your rep') },
})

const today = (c: { var: AppEnv['Variables'] }) => c.var.now().toISOString().slice(0, 10)

export const dealHealthRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(execution, async (c) => {
    const { id } = c.req.valid('param')
    await dealForView(c.var.store, c.var.user, id)
    const result = await buildDealExecution(c.var.store, id, today(c))
    if (!result) throw new RevlabError('NOT_FOUND', `no deal ${id}`)
    return c.json(result, 200)
  })
  .openapi(scoreModel, async (c) => {
    const { scored } = await dealHealthModel(c.var.store, today(c), Date.now())
    return c.json(scored.model, 200)
  })
  .openapi(board, async (c) => {
    const { ownerId } = c.req.valid('query')
    const scope = await ownerScopeFor(c.var.store.db, c.var.user)
    const { data } = await listDeals(
      c.var.store.db,
      {
        page: 1,
        pageSize: 100_000,
        status: 'open',
        sort: 'amount',
        order: 'desc',
        ...(ownerId ? { ownerId } : {}),
      },
      scope,
    )
    const models = await listStageModels(c.var.store.db)
    return c.json(
      {
        models: models
          .map(({ model, stages }) => ({
            id: model.id,
            name: model.name,
            columns: stages
              .filter((s) => !s.isClosed)
              .map((s) => {
                const deals = data.filter((d) => d.stageModelId === model.id && d.stageKey === s.key)
                return {
                  stageKey: s.key,
                  stageName: s.name,
                  exitCriteria: JSON.parse(s.exitCriteria) as string[],
                  count: deals.length,
                  amountCents: deals.reduce((a, d) => a + d.amountCents, 0),
                  deals: deals.slice(0, 25),
                }
              }),
          }))
          .filter((m) => m.columns.some((col) => col.count > 0)),
      },
      200,
    )
  })
  .openapi(coaching, async (c) => {
    const scope = await ownerScopeFor(c.var.store.db, c.var.user)
    const { inputs } = await dealHealthModel(c.var.store, today(c), Date.now())
    const owners = new Map<string, { id: string; name: string; deals: number }>()
    for (const d of inputs.deals) {
      if (!inOwnerScope(scope, d.ownerId)) continue
      const o = owners.get(d.ownerId) ?? { id: d.ownerId, name: d.ownerName, deals: 0 }
      o.deals++
      owners.set(d.ownerId, o)
    }
    const reps = [...owners.values()].sort((a, b) => a.name.localeCompare(b.name))
    const { repId } = c.req.valid('query')
    const chosen =
      repId ?? (c.var.user.personId && owners.has(c.var.user.personId) ? c.var.user.personId : reps[0]?.id)
    if (chosen && !owners.has(chosen)) {
      throw new RevlabError('FORBIDDEN', `rep ${chosen} is not one you coach`, {
        hint: 'reps see their own coaching, managers their team’s',
      })
    }
    return c.json({ reps, coaching: chosen ? await buildCoaching(c.var.store, chosen, today(c)) : null }, 200)
  })
