/**
 * Editing POCs: create one on a deal, change it, record weekly check-ins.
 * Scoped by the POC's deal; every edit is in the audit log.
 */
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi'
import {
  COMMITMENT_KEYS,
  EditResultSchema,
  PocCheckinCreateSchema,
  PocCreateSchema,
  PocUpdateSchema,
  RevlabError,
  type Poc,
} from '@revlab/domain'
import {
  findPersonBrief,
  findPoc,
  insertPoc,
  insertPocCheckin,
  listPocCheckins,
  newId,
  updatePoc,
} from '@revlab/db'
import type { Context } from 'hono'
import type { AppEnv } from '../app-env.js'
import { authenticate } from '../auth/authenticate.js'
import { validationHook } from '../validation-hook.js'
import { errorResponse, jsonBody, jsonResponse } from './openapi-parts.js'
import { dealForEdit, dealForView } from '../deal-execution/deal-access.js'
import { badField } from '../deal-execution/validate-edits.js'

const errors = {
  400: errorResponse('Invalid edit (the message names the field)'),
  403: errorResponse('Not yours to edit'),
  404: errorResponse('No such deal or POC'),
}

const PocViewSchema = z.object({
  id: z.string(),
  dealId: z.string(),
  seId: z.string(),
  question: z.string(),
  metric: z.string(),
  baseline: z.number(),
  target: z.number(),
  plannedWeeks: z.number(),
  startedAt: z.string(),
  goNoGoDate: z.string(),
  paid: z.boolean(),
  priceCents: z.number(),
  commitments: z.record(z.string(), z.boolean()),
  status: z.string(),
  checkins: z.array(
    z.object({
      id: z.string(),
      week: z.number(),
      checkedAt: z.string(),
      metricValue: z.number().nullable(),
      commitmentsMet: z.array(z.string()),
      note: z.string(),
    }),
  ),
})
const PocEditResponse = EditResultSchema.extend({ poc: PocViewSchema })

const create = createRoute({
  method: 'post',
  path: '/deals/{id}/pocs',
  tags: ['deal execution'],
  summary: 'Start a POC on a deal: one question, one metric, planned weeks, go/no-go date, commitments',
  middleware: [authenticate] as const,
  request: { params: z.object({ id: z.string().min(1) }), body: jsonBody(PocCreateSchema) },
  responses: { 201: jsonResponse('The new POC', PocEditResponse), ...errors },
})
const show = createRoute({
  method: 'get',
  path: '/pocs/{id}',
  tags: ['deal execution'],
  summary: 'One POC with its check-ins',
  middleware: [authenticate] as const,
  request: { params: z.object({ id: z.string().min(1) }) },
  responses: { 200: jsonResponse('The POC', PocViewSchema), 403: errors[403], 404: errors[404] },
})
const update = createRoute({
  method: 'patch',
  path: '/pocs/{id}',
  tags: ['deal execution'],
  summary: 'Change a POC (dates, weeks, paid/price, SE, commitments, status)',
  middleware: [authenticate] as const,
  request: { params: z.object({ id: z.string().min(1) }), body: jsonBody(PocUpdateSchema) },
  responses: { 200: jsonResponse('The POC after the edit', PocEditResponse), ...errors },
})
const checkin = createRoute({
  method: 'post',
  path: '/pocs/{id}/checkins',
  tags: ['deal execution'],
  summary: 'Record a weekly check-in: the metric and which commitments were met',
  middleware: [authenticate] as const,
  request: { params: z.object({ id: z.string().min(1) }), body: jsonBody(PocCheckinCreateSchema) },
  responses: {
    201: jsonResponse('The POC with the check-in', PocEditResponse),
    ...errors,
    409: errorResponse('That week already has a check-in'),
  },
})

const addDays = (day: string, days: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)

/** The rules a whole POC must meet; returns warnings for what is allowed but unwise. */
async function checkPoc(c: Context<AppEnv>, poc: Poc): Promise<string[]> {
  const se = await findPersonBrief(c.var.store.db, poc.seId)
  if (!se) throw badField('seId', `no person ${poc.seId}`)
  if (se.role !== 'se') throw badField('seId', `${se.name} is not a solution engineer (role ${se.role})`)
  if (poc.goNoGoDate < poc.startedAt) {
    throw badField('goNoGoDate', `the go/no-go date ${poc.goNoGoDate} is before the start ${poc.startedAt}`)
  }
  if (poc.paid && poc.priceCents === 0) throw badField('priceCents', 'a paid POC needs a price above 0')
  if (!poc.paid && poc.priceCents > 0)
    throw badField('priceCents', 'a free POC has no price; set paid to true')
  if (poc.target === poc.baseline) {
    throw badField('target', 'the target equals the baseline; say what success looks like')
  }
  const warnings: string[] = []
  if (poc.plannedWeeks > 4)
    warnings.push(`planned for ${poc.plannedWeeks} weeks; POCs of 3-4 weeks keep scope in check`)
  const planEnd = addDays(poc.startedAt, poc.plannedWeeks * 7)
  if (poc.goNoGoDate > planEnd)
    warnings.push(`the go/no-go date ${poc.goNoGoDate} is after the planned end ${planEnd}`)
  const commitments = JSON.parse(poc.commitments) as Record<string, boolean>
  const missing = COMMITMENT_KEYS.filter((k) => !commitments[k])
  if (missing.length) warnings.push(`no commitment yet for: ${missing.join(', ')}`)
  return warnings
}

async function viewOf(c: Context<AppEnv>, id: string) {
  const poc = await findPoc(c.var.store.db, id)
  if (!poc) throw new RevlabError('NOT_FOUND', `no POC ${id}`)
  const checkins = await listPocCheckins(c.var.store.db, id)
  return {
    ...poc,
    commitments: JSON.parse(poc.commitments) as Record<string, boolean>,
    checkins: checkins.map((k) => ({
      id: k.id,
      week: k.week,
      checkedAt: k.checkedAt,
      metricValue: k.metricValue,
      commitmentsMet: JSON.parse(k.commitmentsMet) as string[],
      note: k.note,
    })),
  }
}

async function pocForEdit(c: Context<AppEnv>, id: string): Promise<Poc> {
  const poc = await findPoc(c.var.store.db, id)
  if (!poc) throw new RevlabError('NOT_FOUND', `no POC ${id}`, { hint: 'check the id' })
  await dealForEdit(c.var.store, c.var.user, poc.dealId)
  return poc
}

const actorOf = (c: Context<AppEnv>) => ({ userId: c.var.user.id, at: c.var.now().toISOString() })

export const pocEditRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(create, async (c) => {
    const { id: dealId } = c.req.valid('param')
    const body = c.req.valid('json')
    await dealForEdit(c.var.store, c.var.user, dealId)
    const poc: Poc = {
      id: newId('poc'),
      dealId,
      seId: body.seId,
      question: body.question,
      metric: body.metric,
      baseline: body.baseline,
      target: body.target,
      plannedWeeks: body.plannedWeeks,
      startedAt: body.startedAt,
      goNoGoDate: body.goNoGoDate ?? addDays(body.startedAt, body.plannedWeeks * 7),
      paid: body.paid,
      priceCents: body.priceCents,
      commitments: JSON.stringify(body.commitments),
      status: body.status,
    }
    const warnings = await checkPoc(c, poc)
    await insertPoc(c.var.store.db, poc, actorOf(c))
    return c.json({ changed: ['created'], warnings, poc: await viewOf(c, poc.id) }, 201)
  })
  .openapi(show, async (c) => {
    const { id } = c.req.valid('param')
    const poc = await findPoc(c.var.store.db, id)
    if (!poc) throw new RevlabError('NOT_FOUND', `no POC ${id}`)
    await dealForView(c.var.store, c.var.user, poc.dealId)
    return c.json(await viewOf(c, id), 200)
  })
  .openapi(update, async (c) => {
    const { id } = c.req.valid('param')
    const body = c.req.valid('json')
    const before = await pocForEdit(c, id)
    const { commitments, ...rest } = body
    const after: Poc = {
      ...before,
      ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)),
      ...(commitments ? { commitments: JSON.stringify(commitments) } : {}),
    }
    const warnings = await checkPoc(c, after)
    const changed = await updatePoc(c.var.store.db, before, after, actorOf(c))
    return c.json({ changed, warnings, poc: await viewOf(c, id) }, 200)
  })
  .openapi(checkin, async (c) => {
    const { id } = c.req.valid('param')
    const body = c.req.valid('json')
    const poc = await pocForEdit(c, id)
    if (body.checkedAt < poc.startedAt) {
      throw badField('checkedAt', `${body.checkedAt} is before the POC started (${poc.startedAt})`)
    }
    const existing = await listPocCheckins(c.var.store.db, id)
    if (existing.some((k) => k.week === body.week)) {
      throw new RevlabError('CONFLICT', `week ${body.week} of this POC already has a check-in`, {
        hint: `the next week is ${Math.max(...existing.map((k) => k.week)) + 1}`,
      })
    }
    const agreed = JSON.parse(poc.commitments) as Record<string, boolean>
    const notAgreed = body.commitmentsMet.filter((k) => !agreed[k])
    if (notAgreed.length) {
      throw badField(
        'commitmentsMet',
        `${notAgreed.join(', ')} ${notAgreed.length === 1 ? 'is' : 'are'} not part of this POC's commitment agreement`,
      )
    }
    const warnings: string[] = []
    if (body.week > poc.plannedWeeks)
      warnings.push(`week ${body.week} is past the planned ${poc.plannedWeeks} weeks`)
    const missed = COMMITMENT_KEYS.filter((k) => agreed[k] && !body.commitmentsMet.includes(k))
    if (missed.length) warnings.push(`commitments missed this week: ${missed.join(', ')}`)
    await insertPocCheckin(
      c.var.store.db,
      {
        id: newId('pck'),
        pocId: id,
        week: body.week,
        checkedAt: body.checkedAt,
        metricValue: body.metricValue,
        commitmentsMet: JSON.stringify([...new Set(body.commitmentsMet)]),
        note: body.note,
      },
      poc.dealId,
      actorOf(c),
    )
    return c.json({ changed: [`week ${body.week}`], warnings, poc: await viewOf(c, id) }, 201)
  })
