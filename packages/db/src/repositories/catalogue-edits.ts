/**
 * Writes behind the admin catalogue API: signal definitions, the exit
 * criteria of a stage, and installing a stage-model preset. Each with its
 * audit entry.
 */
import type { Kysely } from 'kysely'
import { presetStages, type SignalDefinition, type StageModelPreset } from '@revlab/domain'
import type { Database } from '../schema.js'
import { writeAudit } from './audit-log.js'
import type { EditActor } from './deal-edits.js'

export async function insertSignalDefinition(
  db: Kysely<Database>,
  def: SignalDefinition,
  actor: EditActor,
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('signal_definitions')
      .values({
        key: def.key,
        label: def.label,
        group: def.group,
        value_type: def.valueType,
        description: def.description,
      })
      .execute()
    await writeAudit(tx, {
      ...actorFields(actor),
      action: 'create',
      entity: 'signal_definition',
      entityId: def.key,
      detail: { before: null, after: def },
    })
  })
}

export async function updateSignalDefinition(
  db: Kysely<Database>,
  before: SignalDefinition,
  after: SignalDefinition,
  actor: EditActor,
): Promise<string[]> {
  const changed = (['label', 'group', 'valueType', 'description'] as const).filter(
    (k) => before[k] !== after[k],
  )
  if (changed.length === 0) return []
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('signal_definitions')
      .set({
        label: after.label,
        group: after.group,
        value_type: after.valueType,
        description: after.description,
      })
      .where('key', '=', before.key)
      .execute()
    await writeAudit(tx, {
      ...actorFields(actor),
      action: 'update',
      entity: 'signal_definition',
      entityId: before.key,
      detail: {
        before: Object.fromEntries(changed.map((k) => [k, before[k]])),
        after: Object.fromEntries(changed.map((k) => [k, after[k]])),
      },
    })
  })
  return changed
}

export async function updateStageExitCriteria(
  db: Kysely<Database>,
  stage: { id: string; exitCriteria: string[]; before: string[] },
  actor: EditActor,
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('stages')
      .set({ exit_criteria: JSON.stringify(stage.exitCriteria) })
      .where('id', '=', stage.id)
      .execute()
    await writeAudit(tx, {
      ...actorFields(actor),
      action: 'update',
      entity: 'stage',
      entityId: stage.id,
      detail: { before: { exitCriteria: stage.before }, after: { exitCriteria: stage.exitCriteria } },
    })
  })
}

/** Installs a preset stage model with its stages (the caller checks it is not there yet). */
export async function insertStageModelPreset(
  db: Kysely<Database>,
  preset: StageModelPreset,
  actor: EditActor,
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('stage_models')
      .values({ id: preset.id, name: preset.name, description: preset.description, segment: preset.segment })
      .execute()
    await tx
      .insertInto('stages')
      .values(
        presetStages(preset).map((s) => ({
          id: s.id,
          stage_model_id: s.stageModelId,
          key: s.key,
          name: s.name,
          position: s.position,
          probability: s.probability,
          exit_criteria: s.exitCriteria,
          is_closed: s.isClosed,
          is_won: s.isWon,
        })),
      )
      .execute()
    await writeAudit(tx, {
      ...actorFields(actor),
      action: 'install_preset',
      entity: 'stage_model',
      entityId: preset.id,
      detail: { before: null, after: { preset: preset.key, stages: preset.stages.map((s) => s.key) } },
    })
  })
}

const actorFields = (actor: EditActor) => ({ at: actor.at, userId: actor.userId })
