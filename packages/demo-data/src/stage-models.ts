import {
  STAGE_MODEL_PRESETS,
  presetStageModel,
  presetStages,
  type Stage,
  type StageModel,
  type StageModelPreset,
} from '@revlab/domain'

export const CATEGORY_MODEL_ID = 'sm-category'
export const CLASSIC_MODEL_ID = 'sm-classic'

/**
 * The demo company uses the two shipped presets: the five-stage category
 * model (the category creator's stages) is the default, used for Mid-Market
 * and Enterprise; SMB keeps the classic CRM pipeline. Probabilities are the
 * CRM's, the baseline a forecast backtest has to beat.
 */
const presetById = (id: string): StageModelPreset => {
  const preset = STAGE_MODEL_PRESETS.find((p) => p.id === id)
  if (!preset) throw new Error(`no stage model preset ${id}`)
  return preset
}
const DEMO_PRESETS = [presetById(CATEGORY_MODEL_ID), presetById(CLASSIC_MODEL_ID)]

export const STAGE_MODELS: StageModel[] = DEMO_PRESETS.map(presetStageModel)

export const STAGES: Stage[] = DEMO_PRESETS.flatMap(presetStages)

/** Open stage keys in order, per model. */
export const OPEN_STAGE_KEYS: Record<string, string[]> = Object.fromEntries(
  DEMO_PRESETS.map((p) => [p.id, p.stages.filter((s) => !s.key.startsWith('closed_')).map((s) => s.key)]),
)

export const stageModelForSegment = (segment: string): string =>
  segment === 'SMB' ? CLASSIC_MODEL_ID : CATEGORY_MODEL_ID
