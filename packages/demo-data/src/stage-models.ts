import type { Stage, StageModel } from '@revlab/domain'

export const CATEGORY_MODEL_ID = 'sm-category'
export const CLASSIC_MODEL_ID = 'sm-classic'

type StageSpec = { key: string; name: string; probability: number; exitCriteria: string[] }

const CATEGORY_STAGES: StageSpec[] = [
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
  { key: 'closure', name: 'Closure', probability: 0.8, exitCriteria: ['paper_process', 'decision_process'] },
]

const CLASSIC_STAGES: StageSpec[] = [
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
]

const CLOSED_STAGES: StageSpec[] = [
  { key: 'closed_won', name: 'Closed Won', probability: 1, exitCriteria: [] },
  { key: 'closed_lost', name: 'Closed Lost', probability: 0, exitCriteria: [] },
]

/**
 * Two stage models: the five-stage category model (the category creator's
 * stages) is the default, used for Mid-Market and Enterprise; SMB keeps a
 * classic CRM pipeline. Probabilities are the CRM's, the baseline a forecast
 * backtest has to beat.
 */
export const STAGE_MODELS: StageModel[] = [
  {
    id: CATEGORY_MODEL_ID,
    name: 'Category creation',
    description:
      'Problem Understanding → Solution Fit → Implementation Planning → Budget & Approval → Closure',
    segment: null,
  },
  {
    id: CLASSIC_MODEL_ID,
    name: 'Classic pipeline',
    description: 'Discovery → Technical Evaluation → POC → Negotiation',
    segment: 'SMB',
  },
]

const toStages = (modelId: string, prefix: string, open: StageSpec[]): Stage[] =>
  [...open, ...CLOSED_STAGES].map((spec, index) => ({
    id: `stage-${prefix}-${spec.key}`,
    stageModelId: modelId,
    key: spec.key,
    name: spec.name,
    position: index + 1,
    probability: spec.probability,
    exitCriteria: JSON.stringify(spec.exitCriteria),
    isClosed: spec.key.startsWith('closed_'),
    isWon: spec.key === 'closed_won',
  }))

export const STAGES: Stage[] = [
  ...toStages(CATEGORY_MODEL_ID, 'category', CATEGORY_STAGES),
  ...toStages(CLASSIC_MODEL_ID, 'classic', CLASSIC_STAGES),
]

/** Open stage keys in order, per model. */
export const OPEN_STAGE_KEYS: Record<string, string[]> = {
  [CATEGORY_MODEL_ID]: CATEGORY_STAGES.map((s) => s.key),
  [CLASSIC_MODEL_ID]: CLASSIC_STAGES.map((s) => s.key),
}

export const stageModelForSegment = (segment: string): string =>
  segment === 'SMB' ? CLASSIC_MODEL_ID : CATEGORY_MODEL_ID
