/**
 * The signal catalogue and the stage models: everyone reads them, admins
 * edit them (add or change a signal, set a stage's exit criteria, install
 * the category or classic preset). Every edit is in the audit log.
 */
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi'
import {
  RevlabError,
  SIGNAL_GROUPS,
  STAGE_MODEL_PRESETS,
  SignalDefinitionUpdateSchema,
  SignalDefinitionUpsertSchema,
  StageExitCriteriaUpdateSchema,
  type SignalDefinition,
} from '@revlab/domain'
import {
  insertSignalDefinition,
  insertStageModelPreset,
  listSignalDefinitions,
  listStageModels,
  updateSignalDefinition,
  updateStageExitCriteria,
} from '@revlab/db'
import type { Context } from 'hono'
import type { AppEnv } from '../app-env.js'
import { authenticate } from '../auth/authenticate.js'
import { validationHook } from '../validation-hook.js'
import { errorResponse, jsonBody, jsonResponse } from './openapi-parts.js'
import { assertAdmin } from '../deal-execution/deal-access.js'
import { badField } from '../deal-execution/validate-edits.js'

const SignalDefinitionSchema = z.object({
  key: z.string(),
  label: z.string(),
  group: z.enum(SIGNAL_GROUPS),
  valueType: z.enum(['boolean', 'category', 'number']),
  description: z.string(),
})
const StageModelListSchema = z.object({
  data: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      description: z.string(),
      segment: z.string().nullable(),
      stages: z.array(
        z.object({
          key: z.string(),
          name: z.string(),
          position: z.number(),
          probability: z.number(),
          exitCriteria: z.array(z.string()),
          isClosed: z.boolean(),
          isWon: z.boolean(),
        }),
      ),
    }),
  ),
  presets: z.array(z.object({ key: z.string(), name: z.string(), installed: z.boolean() })),
})

const listSignals = createRoute({
  method: 'get',
  path: '/signal-definitions',
  tags: ['catalogue'],
  summary: 'The signal catalogue: readiness, urgency, budget, competition, stakeholders, MEDDPICC',
  middleware: [authenticate] as const,
  responses: { 200: jsonResponse('Signal definitions', z.object({ data: z.array(SignalDefinitionSchema) })) },
})
const createSignal = createRoute({
  method: 'post',
  path: '/signal-definitions',
  tags: ['catalogue'],
  summary: 'Add a signal to the catalogue (admins)',
  middleware: [authenticate] as const,
  request: { body: jsonBody(SignalDefinitionUpsertSchema) },
  responses: {
    201: jsonResponse('The signal', SignalDefinitionSchema),
    400: errorResponse('Invalid'),
    403: errorResponse('Admins only'),
    409: errorResponse('Key taken'),
  },
})
const updateSignal = createRoute({
  method: 'patch',
  path: '/signal-definitions/{key}',
  tags: ['catalogue'],
  summary: 'Change a signal’s label, group, type or description (admins)',
  middleware: [authenticate] as const,
  request: { params: z.object({ key: z.string().min(1) }), body: jsonBody(SignalDefinitionUpdateSchema) },
  responses: {
    200: jsonResponse('The signal', SignalDefinitionSchema),
    400: errorResponse('Invalid'),
    403: errorResponse('Admins only'),
    404: errorResponse('No such signal'),
  },
})
const listModels = createRoute({
  method: 'get',
  path: '/stage-models',
  tags: ['catalogue'],
  summary: 'Stage models with their stages and exit criteria, and the presets',
  middleware: [authenticate] as const,
  responses: { 200: jsonResponse('Stage models', StageModelListSchema) },
})
const setExitCriteria = createRoute({
  method: 'put',
  path: '/stage-models/{modelId}/stages/{stageKey}/exit-criteria',
  tags: ['catalogue'],
  summary: 'Set the signals that must be known to leave a stage (admins)',
  middleware: [authenticate] as const,
  request: {
    params: z.object({ modelId: z.string().min(1), stageKey: z.string().min(1) }),
    body: jsonBody(StageExitCriteriaUpdateSchema),
  },
  responses: {
    200: jsonResponse('Stage models', StageModelListSchema),
    400: errorResponse('Invalid'),
    403: errorResponse('Admins only'),
    404: errorResponse('No such stage'),
  },
})
const installPreset = createRoute({
  method: 'post',
  path: '/stage-models/presets/{preset}',
  tags: ['catalogue'],
  summary: 'Install the category (5-stage) or classic stage model preset (admins)',
  middleware: [authenticate] as const,
  request: { params: z.object({ preset: z.string().min(1) }) },
  responses: {
    201: jsonResponse('Stage models', StageModelListSchema),
    400: errorResponse('Unknown preset'),
    403: errorResponse('Admins only'),
    409: errorResponse('Installed already'),
  },
})

async function modelsView(c: Context<AppEnv>) {
  const models = await listStageModels(c.var.store.db)
  return {
    data: models.map(({ model, stages }) => ({
      ...model,
      stages: stages.map((s) => ({
        key: s.key,
        name: s.name,
        position: s.position,
        probability: s.probability,
        exitCriteria: JSON.parse(s.exitCriteria) as string[],
        isClosed: s.isClosed,
        isWon: s.isWon,
      })),
    })),
    presets: STAGE_MODEL_PRESETS.map((p) => ({
      key: p.key,
      name: p.name,
      installed: models.some((m) => m.model.id === p.id),
    })),
  }
}

const actorOf = (c: Context<AppEnv>) => ({ userId: c.var.user.id, at: c.var.now().toISOString() })

export const catalogueRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(listSignals, async (c) => c.json({ data: await listSignalDefinitions(c.var.store.db) }, 200))
  .openapi(createSignal, async (c) => {
    assertAdmin(c.var.user, 'edit the signal catalogue')
    const body = c.req.valid('json')
    const defs = await listSignalDefinitions(c.var.store.db)
    if (defs.some((d) => d.key === body.key)) {
      throw new RevlabError('CONFLICT', `the signal ${body.key} exists already`, {
        hint: `PATCH /api/v1/signal-definitions/${body.key} to change it`,
      })
    }
    const def: SignalDefinition = { ...body }
    await insertSignalDefinition(c.var.store.db, def, actorOf(c))
    return c.json(def, 201)
  })
  .openapi(updateSignal, async (c) => {
    assertAdmin(c.var.user, 'edit the signal catalogue')
    const { key } = c.req.valid('param')
    const body = c.req.valid('json')
    const before = (await listSignalDefinitions(c.var.store.db)).find((d) => d.key === key)
    if (!before) throw new RevlabError('NOT_FOUND', `no signal ${key} in the catalogue`)
    const after: SignalDefinition = {
      ...before,
      ...Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)),
    }
    await updateSignalDefinition(c.var.store.db, before, after, actorOf(c))
    return c.json(after, 200)
  })
  .openapi(listModels, async (c) => c.json(await modelsView(c), 200))
  .openapi(setExitCriteria, async (c) => {
    assertAdmin(c.var.user, 'edit stage models')
    const { modelId, stageKey } = c.req.valid('param')
    const { exitCriteria } = c.req.valid('json')
    const model = (await listStageModels(c.var.store.db)).find((m) => m.model.id === modelId)
    const stage = model?.stages.find((s) => s.key === stageKey)
    if (!model || !stage)
      throw new RevlabError('NOT_FOUND', `no stage ${stageKey} in the stage model ${modelId}`)
    if (stage.isClosed && exitCriteria.length)
      throw badField('exitCriteria', `${stage.name} is a closed stage; a deal never leaves it`)
    const keys = new Set((await listSignalDefinitions(c.var.store.db)).map((d) => d.key))
    const unknown = exitCriteria.filter((k) => !keys.has(k))
    if (unknown.length)
      throw badField(
        'exitCriteria',
        `unknown signal ${unknown.join(', ')}`,
        'use keys of the signal catalogue',
      )
    await updateStageExitCriteria(
      c.var.store.db,
      {
        id: stage.id,
        exitCriteria: [...new Set(exitCriteria)],
        before: JSON.parse(stage.exitCriteria) as string[],
      },
      actorOf(c),
    )
    return c.json(await modelsView(c), 200)
  })
  .openapi(installPreset, async (c) => {
    assertAdmin(c.var.user, 'install stage models')
    const { preset: key } = c.req.valid('param')
    const preset = STAGE_MODEL_PRESETS.find((p) => p.key === key)
    if (!preset)
      throw badField(
        'preset',
        `unknown preset ${key}`,
        `use one of: ${STAGE_MODEL_PRESETS.map((p) => p.key).join(', ')}`,
      )
    const models = await listStageModels(c.var.store.db)
    if (models.some((m) => m.model.id === preset.id)) {
      throw new RevlabError('CONFLICT', `the ${preset.name} model is installed already`, {
        hint: 'edit its exit criteria instead',
      })
    }
    await insertStageModelPreset(c.var.store.db, preset, actorOf(c))
    return c.json(await modelsView(c), 201)
  })
