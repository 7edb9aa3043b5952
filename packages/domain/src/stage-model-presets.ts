import type { Stage, StageModel } from './records.js'

/**
 * Stage models that ship as presets: the five-stage category model (the
 * category creator's stages) and a classic CRM pipeline. Each open stage
 * lists its exit criteria: the signals that must be known to leave it. An
 * admin installs a preset into a store that has none (a real CRM import) and
 * edits the exit criteria from there.
 */
export type StageSpec = { key: string; name: string; probability: number; exitCriteria: string[] }
export type StageModelPreset = {
  key: 'category' | 'classic'
  id: string
  name: string
  description: string
  segment: string | null
  stages: StageSpec[]
}

const CLOSED: StageSpec[] = [
  { key: 'closed_won', name: 'Closed Won', probability: 1, exitCriteria: [] },
  { key: 'closed_lost', name: 'Closed Lost', probability: 0, exitCriteria: [] },
]

export const STAGE_MODEL_PRESETS: StageModelPreset[] = [
  {
    key: 'category',
    id: 'sm-category',
    name: 'Category creation',
    description:
      'Problem Understanding → Solution Fit → Implementation Planning → Budget & Approval → Closure',
    segment: null,
    stages: [
      {
        key: 'problem_understanding',
        name: 'Problem Understanding',
        probability: 0.1,
        exitCriteria: ['pain', 'multiple_projects'],
      },
      {
        key: 'solution_fit',
        name: 'Solution Fit',
        probability: 0.2,
        exitCriteria: ['prior_oss_use', 'decision_criteria', 'champion'],
      },
      {
        key: 'implementation_planning',
        name: 'Implementation Planning',
        probability: 0.4,
        exitCriteria: ['hard_deadline', 'metrics'],
      },
      {
        key: 'budget_approval',
        name: 'Budget & Approval',
        probability: 0.6,
        exitCriteria: ['budget_status', 'economic_buyer', 'exec_sponsor'],
      },
      {
        key: 'closure',
        name: 'Closure',
        probability: 0.8,
        exitCriteria: ['paper_process', 'decision_process'],
      },
      ...CLOSED,
    ],
  },
  {
    key: 'classic',
    id: 'sm-classic',
    name: 'Classic pipeline',
    description: 'Discovery → Technical Evaluation → POC → Negotiation',
    segment: 'SMB',
    stages: [
      { key: 'discovery', name: 'Discovery', probability: 0.1, exitCriteria: ['pain', 'budget_status'] },
      {
        key: 'technical_evaluation',
        name: 'Technical Evaluation',
        probability: 0.25,
        exitCriteria: ['decision_criteria', 'champion'],
      },
      { key: 'poc', name: 'POC', probability: 0.5, exitCriteria: ['metrics'] },
      {
        key: 'negotiation',
        name: 'Negotiation',
        probability: 0.75,
        exitCriteria: ['economic_buyer', 'paper_process'],
      },
      ...CLOSED,
    ],
  },
]

/** A preset as the stage model record it installs. */
export const presetStageModel = (preset: StageModelPreset): StageModel => ({
  id: preset.id,
  name: preset.name,
  description: preset.description,
  segment: preset.segment,
})

/** A preset's stages as the records it installs, in order, with stable ids. */
export const presetStages = (preset: StageModelPreset): Stage[] =>
  preset.stages.map((spec, index) => ({
    id: `stage-${preset.key}-${spec.key}`,
    stageModelId: preset.id,
    key: spec.key,
    name: spec.name,
    position: index + 1,
    probability: spec.probability,
    exitCriteria: JSON.stringify(spec.exitCriteria),
    isClosed: spec.key.startsWith('closed_'),
    isWon: spec.key === 'closed_won',
  }))
