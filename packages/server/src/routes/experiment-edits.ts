/**
 * Defining playbook experiments: hypothesis, control and variant playbooks,
 * eligibility, assignment (random by deal with a recorded seed, by rule, or
 * manual), primary metric and the smallest effect worth detecting; the plan
 * (deals needed, weeks at the current flow); and assigning deals.
 */
import { randomInt } from 'node:crypto'
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi'
import {
  EditResultSchema,
  ExperimentAssignSchema,
  ExperimentCreateSchema,
  ExperimentPlanSchema,
  ExperimentUpdateSchema,
  RevlabError,
  type AssignmentRule,
  type ExperimentEligibility,
} from '@revlab/domain'
import {
  findAssignment,
  findExperimentDesign,
  findPersonBrief,
  insertAssignment,
  insertExperiment,
  latestCloseDate,
  listPlaybookIds,
  loadPlanHistory,
  newId,
  updateExperiment,
  type ExperimentDesign,
} from '@revlab/db'
import { planExperiment, randomArm } from '@revlab/analyses'
import type { Context } from 'hono'
import type { AppEnv } from '../app-env.js'
import { authenticate } from '../auth/authenticate.js'
import { validationHook } from '../validation-hook.js'
import { errorResponse, jsonBody, jsonResponse } from './openapi-parts.js'
import { assertMayDesignExperiments, dealForEdit } from '../deal-execution/deal-access.js'
import { badField } from '../deal-execution/validate-edits.js'

const errors = {
  400: errorResponse('Invalid definition (the message names the field)'),
  403: errorResponse('Not allowed'),
  404: errorResponse('No such experiment'),
}
const idParam = z.object({ id: z.string().min(1) })

const ExperimentViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  hypothesis: z.string(),
  controlPlaybookId: z.string(),
  variantPlaybookId: z.string(),
  eligibility: z.object({ segments: z.array(z.string()), aeTypes: z.array(z.string()) }),
  assignmentMethod: z.string(),
  seed: z.number().nullable(),
  assignmentRule: z.object({ field: z.string(), variantValues: z.array(z.string()) }).nullable(),
  primaryMetric: z.string(),
  smallestEffect: z.number().nullable(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  status: z.string(),
  plan: ExperimentPlanSchema.nullable(),
})
const ExperimentEditResponse = EditResultSchema.extend({ experiment: ExperimentViewSchema })

const create = createRoute({
  method: 'post',
  path: '/experiments',
  tags: ['deal execution'],
  summary: 'Define a playbook experiment; the answer says how many deals it needs and how long that takes',
  middleware: [authenticate] as const,
  request: { body: jsonBody(ExperimentCreateSchema) },
  responses: { 201: jsonResponse('The experiment with its plan', ExperimentEditResponse), ...errors },
})
const show = createRoute({
  method: 'get',
  path: '/experiments/{id}/design',
  tags: ['deal execution'],
  summary: "An experiment's definition and plan",
  middleware: [authenticate] as const,
  request: { params: idParam },
  responses: { 200: jsonResponse('The experiment', ExperimentViewSchema), 404: errors[404] },
})
const update = createRoute({
  method: 'patch',
  path: '/experiments/{id}',
  tags: ['deal execution'],
  summary: 'Change an experiment definition',
  middleware: [authenticate] as const,
  request: { params: idParam, body: jsonBody(ExperimentUpdateSchema) },
  responses: { 200: jsonResponse('The experiment after the edit', ExperimentEditResponse), ...errors },
})
const assign = createRoute({
  method: 'post',
  path: '/experiments/{id}/assignments',
  tags: ['deal execution'],
  summary: 'Assign a deal: by the recorded seed (random), by the rule, or to the arm given (manual)',
  middleware: [authenticate] as const,
  request: { params: idParam, body: jsonBody(ExperimentAssignSchema) },
  responses: {
    201: jsonResponse(
      'The assignment',
      z.object({ experimentId: z.string(), dealId: z.string(), variant: z.string(), how: z.string() }),
    ),
    ...errors,
    409: errorResponse('The deal is already in the experiment'),
  },
})

async function checkDesign(c: Context<AppEnv>, e: ExperimentDesign): Promise<void> {
  const playbooks = await listPlaybookIds(c.var.store.db)
  for (const field of ['controlPlaybookId', 'variantPlaybookId'] as const) {
    if (!playbooks.includes(e[field])) {
      throw badField(field, `no playbook ${e[field]}`, `use one of: ${playbooks.join(', ')}`)
    }
  }
  if (e.controlPlaybookId === e.variantPlaybookId) {
    throw badField('variantPlaybookId', 'the variant must be a different playbook from the control')
  }
  if (e.endedAt !== null && e.endedAt < e.startedAt) {
    throw badField('endedAt', `the end ${e.endedAt} is before the start ${e.startedAt}`)
  }
  if (e.assignmentMethod === 'random' && e.seed === null)
    throw badField('seed', 'random assignment records its seed')
  if (e.assignmentMethod === 'rule' && e.assignmentRule === null) {
    throw badField('assignmentRule', 'assignment by rule needs the rule: { field, variantValues }')
  }
  if (e.smallestEffect !== null) {
    if (e.primaryMetric === 'win_rate' && e.smallestEffect >= 1) {
      throw badField(
        'smallestEffect',
        'for win rate give a difference in points as a fraction, e.g. 0.1 for +10 points',
      )
    }
    if (e.primaryMetric !== 'win_rate' && e.smallestEffect === 1) {
      throw badField('smallestEffect', 'a ratio of 1 is no effect; e.g. 0.8 (20% faster) or 1.2 (20% larger)')
    }
  }
}

async function viewOf(c: Context<AppEnv>, e: ExperimentDesign) {
  const eligibility = JSON.parse(e.eligibility) as ExperimentEligibility
  let plan = null
  if (e.smallestEffect !== null) {
    const asOf = (await latestCloseDate(c.var.store.db)) ?? c.var.now().toISOString().slice(0, 10)
    const history = await loadPlanHistory(c.var.store.db, {
      segments: eligibility.segments ?? [],
      aeTypes: eligibility.aeTypes ?? [],
      asOf,
    })
    plan = planExperiment({ primaryMetric: e.primaryMetric, smallestEffect: e.smallestEffect, history, asOf })
  }
  return {
    ...e,
    eligibility: { segments: eligibility.segments ?? [], aeTypes: eligibility.aeTypes ?? [] },
    assignmentRule: e.assignmentRule === null ? null : (JSON.parse(e.assignmentRule) as AssignmentRule),
    plan,
  }
}

const warningsOf = (view: Awaited<ReturnType<typeof viewOf>>): string[] =>
  view.plan && view.plan.weeksNeeded === null
    ? ['the current deal flow cannot say how long this takes']
    : view.plan && view.plan.weeksNeeded !== null && view.plan.weeksNeeded > 52
      ? [
          `at the current flow this needs about ${view.plan.weeksNeeded} weeks; consider a larger effect or a wider eligibility`,
        ]
      : []

const actorOf = (c: Context<AppEnv>) => ({ userId: c.var.user.id, at: c.var.now().toISOString() })

export const experimentEditRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(create, async (c) => {
    assertMayDesignExperiments(c.var.user)
    const body = c.req.valid('json')
    const e: ExperimentDesign = {
      id: newId('exp'),
      name: body.name,
      hypothesis: body.hypothesis,
      controlPlaybookId: body.controlPlaybookId,
      variantPlaybookId: body.variantPlaybookId,
      eligibility: JSON.stringify(body.eligibility),
      assignmentMethod: body.assignmentMethod,
      // The seed is drawn here when not given, and recorded either way.
      seed: body.assignmentMethod === 'random' ? (body.seed ?? randomInt(1, 2 ** 31 - 1)) : null,
      assignmentRule:
        body.assignmentMethod === 'rule' && body.assignmentRule ? JSON.stringify(body.assignmentRule) : null,
      primaryMetric: body.primaryMetric,
      startedAt: body.startedAt,
      endedAt: body.endedAt ?? null,
      status: body.status,
      smallestEffect: body.smallestEffect,
    }
    await checkDesign(c, e)
    await insertExperiment(c.var.store.db, e, actorOf(c))
    const view = await viewOf(c, e)
    return c.json({ changed: ['created'], warnings: warningsOf(view), experiment: view }, 201)
  })
  .openapi(show, async (c) => {
    const { id } = c.req.valid('param')
    const e = await findExperimentDesign(c.var.store.db, id)
    if (!e) throw new RevlabError('NOT_FOUND', `no experiment ${id}`)
    return c.json(await viewOf(c, e), 200)
  })
  .openapi(update, async (c) => {
    assertMayDesignExperiments(c.var.user)
    const { id } = c.req.valid('param')
    const body = c.req.valid('json')
    const before = await findExperimentDesign(c.var.store.db, id)
    if (!before) throw new RevlabError('NOT_FOUND', `no experiment ${id}`)
    const { eligibility, assignmentRule, ...rest } = body
    const after: ExperimentDesign = {
      ...before,
      ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)),
      ...(eligibility ? { eligibility: JSON.stringify(eligibility) } : {}),
      ...(assignmentRule !== undefined
        ? { assignmentRule: assignmentRule && JSON.stringify(assignmentRule) }
        : {}),
    }
    if (after.assignmentMethod !== 'random') after.seed = null
    else if (after.seed === null) after.seed = randomInt(1, 2 ** 31 - 1)
    if (after.assignmentMethod !== 'rule') after.assignmentRule = null
    await checkDesign(c, after)
    const changed = await updateExperiment(c.var.store.db, before, after, actorOf(c))
    const view = await viewOf(c, after)
    return c.json({ changed, warnings: warningsOf(view), experiment: view }, 200)
  })
  .openapi(assign, async (c) => {
    const { id } = c.req.valid('param')
    const body = c.req.valid('json')
    const e = await findExperimentDesign(c.var.store.db, id)
    if (!e) throw new RevlabError('NOT_FOUND', `no experiment ${id}`)
    const deal = await dealForEdit(c.var.store, c.var.user, body.dealId)
    if (await findAssignment(c.var.store.db, id, deal.id)) {
      throw new RevlabError('CONFLICT', `deal ${deal.id} is already in this experiment`)
    }
    const owner = await findPersonBrief(c.var.store.db, deal.ownerId)
    const eligibility = JSON.parse(e.eligibility) as ExperimentEligibility
    const ownerAeType = owner?.aeType ?? null
    if (eligibility.segments?.length && !eligibility.segments.includes(deal.segment)) {
      throw badField(
        'dealId',
        `the deal's segment ${deal.segment} is not eligible (${eligibility.segments.join(', ')})`,
      )
    }
    if (
      eligibility.aeTypes?.length &&
      !(ownerAeType && (eligibility.aeTypes as string[]).includes(ownerAeType))
    ) {
      throw badField(
        'dealId',
        `the deal owner's rep type ${ownerAeType ?? 'none'} is not eligible (${eligibility.aeTypes.join(', ')})`,
      )
    }
    let variant: 'control' | 'variant'
    let how: string
    switch (e.assignmentMethod) {
      case 'random':
        if (body.variant) throw badField('variant', 'random assignment picks the arm; leave variant out')
        variant = randomArm(e.seed ?? 0, deal.id)
        how = `random by deal, seed ${e.seed}`
        break
      case 'rule': {
        if (body.variant) throw badField('variant', 'assignment by rule picks the arm; leave variant out')
        const rule = JSON.parse(e.assignmentRule ?? 'null') as AssignmentRule | null
        if (!rule) throw badField('assignmentRule', 'the experiment has no rule')
        const value =
          rule.field === 'aeType' ? ownerAeType : rule.field === 'segment' ? deal.segment : deal.region
        variant = value !== null && rule.variantValues.includes(value) ? 'variant' : 'control'
        how = `rule: ${rule.field} ${value ?? 'none'} ${variant === 'variant' ? 'in' : 'not in'} ${rule.variantValues.join(', ')}`
        break
      }
      case 'manual':
        if (!body.variant) throw badField('variant', 'manual assignment needs the arm: control or variant')
        variant = body.variant
        how = 'manual'
        break
    }
    await insertAssignment(
      c.var.store.db,
      {
        experimentId: id,
        dealId: deal.id,
        variant,
        assignedAt: c.var.now().toISOString(),
        adherence: body.adherence ?? null,
      },
      { how },
      actorOf(c),
    )
    return c.json({ experimentId: id, dealId: deal.id, variant, how }, 201)
  })
