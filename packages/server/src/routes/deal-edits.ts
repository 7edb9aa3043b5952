/**
 * Editing deals: create, change stage/amount/close date/owner, capture a
 * signal, add a stakeholder; plus the deal's contacts and audit history.
 * Every edit is checked (400 naming the field), scoped (403 outside the
 * caller's deals) and written to the audit log with before and after.
 */
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi'
import {
  AuditListSchema,
  ContactListSchema,
  DealCreateSchema,
  DealDetailSchema,
  DealUpdateSchema,
  EditResultSchema,
  RevlabError,
  SignalCaptureSchema,
  StakeholderAddSchema,
  type Contact,
  type Deal,
} from '@revlab/domain'
import {
  dealAuditIds,
  findAccountBrief,
  findContact,
  findDealDetail,
  findPersonBrief,
  insertDeal,
  insertDealSignal,
  listAccountContacts,
  listAuditEntries,
  listSignalDefinitions,
  listStageModels,
  newId,
  ownerScopeFor,
  updateDeal,
  upsertDealStakeholder,
  type DealChanges,
} from '@revlab/db'
import type { Context } from 'hono'
import type { AppEnv } from '../app-env.js'
import { authenticate } from '../auth/authenticate.js'
import { validationHook } from '../validation-hook.js'
import { errorResponse, jsonBody, jsonResponse } from './openapi-parts.js'
import { assertMayEdit, dealForEdit, dealForView, inOwnerScope } from '../deal-execution/deal-access.js'
import { badField, checkSignal, stageIn, toInstant } from '../deal-execution/validate-edits.js'

const errors = {
  400: errorResponse('Invalid edit (the message names the field)'),
  403: errorResponse('Not yours to edit'),
  404: errorResponse('No such deal'),
}
const DealEditResponse = EditResultSchema.extend({ deal: DealDetailSchema })
const idParam = z.object({ id: z.string().min(1) })

const create = createRoute({
  method: 'post',
  path: '/',
  tags: ['deals'],
  summary: 'Create a deal (a rep for themselves, a manager for their team)',
  middleware: [authenticate] as const,
  request: { body: jsonBody(DealCreateSchema) },
  responses: { 201: jsonResponse('The new deal', DealEditResponse), ...errors },
})

const update = createRoute({
  method: 'patch',
  path: '/{id}',
  tags: ['deals'],
  summary: 'Change a deal: stage, amount, close date, owner, name, competitor, loss reason',
  middleware: [authenticate] as const,
  request: { params: idParam, body: jsonBody(DealUpdateSchema) },
  responses: { 200: jsonResponse('The deal after the edit', DealEditResponse), ...errors },
})

const addSignal = createRoute({
  method: 'post',
  path: '/{id}/signals',
  tags: ['deals'],
  summary: 'Capture a signal on a deal with the date learned, the source and the evidence',
  middleware: [authenticate] as const,
  request: { params: idParam, body: jsonBody(SignalCaptureSchema) },
  responses: { 201: jsonResponse('The deal with the signal', DealEditResponse), ...errors },
})

const addStakeholder = createRoute({
  method: 'post',
  path: '/{id}/stakeholders',
  tags: ['deals'],
  summary: 'Add a stakeholder with roles (an account contact, or a new one); re-adding replaces the roles',
  middleware: [authenticate] as const,
  request: { params: idParam, body: jsonBody(StakeholderAddSchema) },
  responses: { 201: jsonResponse('The deal with the stakeholder', DealEditResponse), ...errors },
})

const contacts = createRoute({
  method: 'get',
  path: '/{id}/contacts',
  tags: ['deals'],
  summary: "The deal's account contacts (to pick a stakeholder from)",
  middleware: [authenticate] as const,
  request: { params: idParam },
  responses: { 200: jsonResponse('Contacts', ContactListSchema), 403: errors[403], 404: errors[404] },
})

const audit = createRoute({
  method: 'get',
  path: '/{id}/audit',
  tags: ['deals'],
  summary: 'Every change to the deal and its POCs, newest first: who, what, before and after',
  middleware: [authenticate] as const,
  request: { params: idParam },
  responses: { 200: jsonResponse('Audit entries', AuditListSchema), 403: errors[403], 404: errors[404] },
})

async function stagesOf(c: Context<AppEnv>, stageModelId: string) {
  const models = await listStageModels(c.var.store.db)
  const found = models.find((m) => m.model.id === stageModelId)
  if (!found)
    throw badField(
      'stageModelId',
      `unknown stage model "${stageModelId}"`,
      `use one of: ${models.map((m) => m.model.id).join(', ')}`,
    )
  return found
}

async function detailOf(c: Context<AppEnv>, id: string) {
  const scope = await ownerScopeFor(c.var.store.db, c.var.user)
  const found = await findDealDetail(c.var.store.db, id, scope, c.var.now().toISOString())
  if (!found) throw new RevlabError('NOT_FOUND', `no deal ${id}`)
  return found
}

/** An owner the caller may give a deal to: a person, and inside the caller's scope. */
async function checkOwner(c: Context<AppEnv>, ownerId: string): Promise<void> {
  const person = await findPersonBrief(c.var.store.db, ownerId)
  if (!person) throw badField('ownerId', `no person ${ownerId}`)
  const scope = await ownerScopeFor(c.var.store.db, c.var.user)
  if (!inOwnerScope(scope, ownerId)) {
    throw new RevlabError('FORBIDDEN', `you may not give a deal to ${person.name}`, {
      hint:
        c.var.user.role === 'rep'
          ? 'reps own the deals they create'
          : 'managers assign deals within their team',
    })
  }
}

const actorOf = (c: Context<AppEnv>) => ({ userId: c.var.user.id, at: c.var.now().toISOString() })

export const dealEditRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(create, async (c) => {
    assertMayEdit(c.var.user)
    const body = c.req.valid('json')
    const ownerId = body.ownerId ?? c.var.user.personId
    if (!ownerId) throw badField('ownerId', 'your login has no person; say who owns the deal')
    await checkOwner(c, ownerId)
    const account = await findAccountBrief(c.var.store.db, body.accountId)
    if (!account) throw badField('accountId', `no account ${body.accountId}`)
    const models = await listStageModels(c.var.store.db)
    const modelId =
      body.stageModelId ??
      (
        models.find((m) => m.model.segment === account.segment) ??
        models.find((m) => m.model.segment === null)
      )?.model.id
    if (!modelId) throw badField('stageModelId', 'no stage model fits this account; name one')
    const { model, stages } = await stagesOf(c, modelId)
    const stage = stageIn(stages, body.stageKey, model.name)
    const now = c.var.now().toISOString()
    const deal: Deal = {
      id: newId('deal'),
      name: body.name,
      accountId: account.id,
      ownerId,
      seId: null,
      kind: body.kind,
      stageModelId: model.id,
      stageKey: stage.key,
      amountCents: body.amountCents,
      currency: body.currency,
      createdAt: now,
      closeDate: body.closeDate,
      isClosed: stage.isClosed,
      isWon: stage.isWon,
      lossReason: null,
      competitor: body.competitor ?? null,
      source: 'manual',
      segment: account.segment,
      region: account.region,
      goLiveTarget: null,
      goLiveDate: null,
      useCaseStatus: null,
      expectedMonthlyCents: null,
    }
    await insertDeal(c.var.store.db, deal, actorOf(c))
    return c.json({ changed: ['created'], warnings: [], deal: await detailOf(c, deal.id) }, 201)
  })
  .openapi(update, async (c) => {
    const { id } = c.req.valid('param')
    const body = c.req.valid('json')
    const before = await dealForEdit(c.var.store, c.var.user, id)
    const changes: DealChanges = {}
    const warnings: string[] = []
    if (body.name !== undefined) changes.name = body.name
    if (body.amountCents !== undefined) changes.amountCents = body.amountCents
    if (body.competitor !== undefined) changes.competitor = body.competitor
    if (body.lossReason !== undefined) changes.lossReason = body.lossReason
    if (body.closeDate !== undefined) {
      const created = before.createdAt.slice(0, 10)
      if (body.closeDate < created) {
        throw badField('closeDate', `${body.closeDate} is before the deal was created (${created})`)
      }
      changes.closeDate = body.closeDate
    }
    if (body.ownerId !== undefined && body.ownerId !== before.ownerId) {
      if (c.var.user.role === 'rep') {
        throw new RevlabError('FORBIDDEN', 'reps cannot hand their deals to someone else', {
          hint: 'ask your manager to reassign the deal',
        })
      }
      await checkOwner(c, body.ownerId)
      changes.ownerId = body.ownerId
    }
    if (body.stageKey !== undefined && body.stageKey !== before.stageKey) {
      const { model, stages } = await stagesOf(c, before.stageModelId)
      const next = stageIn(stages, body.stageKey, model.name)
      const current = stages.find((s) => s.key === before.stageKey)
      changes.stageKey = next.key
      changes.isClosed = next.isClosed
      changes.isWon = next.isWon
      // Leaving a stage with exit criteria unmet is allowed (the CRM may be behind) but said.
      if (current && next.position > current.position) {
        const detail = await detailOf(c, id)
        const known = new Set(detail.signals.filter((s) => s.value !== 'false').map((s) => s.key))
        const skipped = stages.filter((s) => s.position >= current.position && s.position < next.position)
        for (const s of skipped) {
          const missing = (JSON.parse(s.exitCriteria) as string[]).filter((k) => !known.has(k))
          if (missing.length) warnings.push(`left ${s.name} without its exit criteria: ${missing.join(', ')}`)
        }
      }
      if (next.isClosed && !next.isWon && !(body.lossReason ?? before.lossReason)) {
        warnings.push('closed lost without a loss reason')
      }
    }
    const changed = await updateDeal(c.var.store.db, before, changes, actorOf(c))
    return c.json({ changed, warnings, deal: await detailOf(c, id) }, 200)
  })
  .openapi(addSignal, async (c) => {
    const { id } = c.req.valid('param')
    const body = c.req.valid('json')
    await dealForEdit(c.var.store, c.var.user, id)
    const defs = await listSignalDefinitions(c.var.store.db)
    const def = defs.find((d) => d.key === body.key)
    if (!def) {
      throw badField(
        'key',
        `unknown signal "${body.key}"`,
        `use a key of the signal catalogue (GET /api/v1/signal-definitions), e.g. ${defs
          .slice(0, 4)
          .map((d) => d.key)
          .join(', ')}`,
      )
    }
    const { value, strength } = checkSignal(def, body.value, body.strength)
    const now = c.var.now().toISOString()
    const observedAt = body.observedAt ? toInstant(body.observedAt) : now
    if (observedAt > now)
      throw badField(
        'observedAt',
        `${body.observedAt} is in the future; give the date the signal was learned`,
      )
    await insertDealSignal(
      c.var.store.db,
      {
        id: newId('sig'),
        dealId: id,
        signalKey: def.key,
        value,
        observedAt,
        source: body.source,
        evidence: body.evidence ?? null,
        strength,
        recordedBy: c.var.user.personId ?? c.var.user.id,
      },
      actorOf(c),
    )
    return c.json({ changed: [def.key], warnings: [], deal: await detailOf(c, id) }, 201)
  })
  .openapi(addStakeholder, async (c) => {
    const { id } = c.req.valid('param')
    const body = c.req.valid('json')
    const deal = await dealForEdit(c.var.store, c.var.user, id)
    let contact: Contact
    let newContact = false
    if (body.contactId) {
      const found = await findContact(c.var.store.db, body.contactId)
      if (!found) throw badField('contactId', `no contact ${body.contactId}`)
      if (found.accountId !== deal.accountId) {
        throw badField(
          'contactId',
          `${found.name} works at another account, not this deal's`,
          'pick a contact of the deal’s account, or add a new one',
        )
      }
      contact = found
    } else if (body.contact) {
      contact = { id: newId('con'), accountId: deal.accountId, ...body.contact }
      newContact = true
    } else {
      throw badField('contactId', 'give either contactId or contact')
    }
    const roles = [...new Set(body.roles)]
    await upsertDealStakeholder(c.var.store.db, { dealId: id, contact, newContact, roles }, actorOf(c))
    return c.json({ changed: [contact.id], warnings: [], deal: await detailOf(c, id) }, 201)
  })
  .openapi(contacts, async (c) => {
    const { id } = c.req.valid('param')
    const deal = await dealForView(c.var.store, c.var.user, id)
    const rows = await listAccountContacts(c.var.store.db, deal.accountId)
    return c.json(
      {
        data: rows.map((r) => ({
          id: r.id,
          name: r.name,
          title: r.title,
          seniority: r.seniority,
          department: r.department,
        })),
      },
      200,
    )
  })
  .openapi(audit, async (c) => {
    const { id } = c.req.valid('param')
    await dealForView(c.var.store, c.var.user, id)
    const ids = await dealAuditIds(c.var.store.db, id)
    return c.json({ data: await listAuditEntries(c.var.store.db, { entityIds: ids }) }, 200)
  })
