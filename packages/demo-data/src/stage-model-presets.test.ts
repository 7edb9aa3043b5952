import { describe, expect, it } from 'vitest'
import { STAGE_MODEL_PRESETS } from '@revlab/domain'
import { STAGE_MODELS, STAGES } from './stage-models.js'

// The demo company's stage models are the shipped presets: one definition of the stages, not two that drift.
describe('stage model presets', () => {
  it.each(STAGE_MODEL_PRESETS.map((p) => [p.key, p] as const))(
    'the %s preset equals the demo model',
    (_, preset) => {
      const model = STAGE_MODELS.find((m) => m.id === preset.id)
      expect(model).toMatchObject({
        name: preset.name,
        description: preset.description,
        segment: preset.segment,
      })
      const stages = STAGES.filter((s) => s.stageModelId === preset.id).sort(
        (a, b) => a.position - b.position,
      )
      expect(
        stages.map((s) => ({
          key: s.key,
          name: s.name,
          probability: s.probability,
          exitCriteria: JSON.parse(s.exitCriteria) as string[],
        })),
      ).toEqual(preset.stages)
    },
  )
})
