import type { Experiment, ExperimentAssignment, Playbook } from '@revlab/domain'
import type { Rng } from '@revlab/stats'
import type { DealPlan } from './deal-plan.js'
import { toIsoDate, toIsoInstant } from './dates.js'

export const EXPERIMENT_ID = 'exp-dual-champion'

export const PLAYBOOKS: Playbook[] = [
  {
    id: 'pb-standard-discovery',
    name: 'Standard discovery',
    description: 'One discovery call with the technical contact, then a demo.',
  },
  {
    id: 'pb-dual-champion',
    name: 'Dual-champion discovery',
    description:
      'A technical and a business stakeholder on every first call; both sign off on the success criteria.',
  },
  {
    id: 'pb-use-case-meddpicc',
    name: 'Use-case MEDDPICC',
    description: 'Run every consumption use case through MEDDPICC before go-live.',
  },
]

/**
 * The dual-champion experiment. Assignment was drawn in deals.ts from
 * createRng(seed) over eligible deals in id order (recorded here as `seed`).
 * Adherence is recorded but does not change outcomes: the planted effect is
 * on assignment (intention to treat).
 */
export const buildExperiment = (
  rng: Rng,
  options: { plans: DealPlan[]; seed: number; startDay: number; asOfDay: number },
): { experiment: Experiment; assignments: ExperimentAssignment[] } => {
  const { plans, seed, startDay } = options
  const assignments: ExperimentAssignment[] = []
  for (const deal of plans) {
    if (deal.experimentVariant === null) continue
    const createdMs = deal.createdDay * 86_400_000 + deal.createdMinute * 60_000
    const startMs = startDay * 86_400_000 + 8 * 3_600_000
    assignments.push({
      experimentId: EXPERIMENT_ID,
      dealId: deal.id,
      variant: deal.experimentVariant,
      assignedAt: createdMs >= startMs ? new Date(createdMs).toISOString() : toIsoInstant(startDay, 8 * 60),
      adherence:
        Math.round((deal.experimentVariant === 'variant' ? rng.float(0.45, 1) : rng.float(0.6, 1)) * 100) /
        100,
    })
  }
  return {
    experiment: {
      id: EXPERIMENT_ID,
      name: 'Dual-champion discovery',
      hypothesis:
        'Bringing a technical and a business stakeholder to the first call shortens the sales cycle.',
      controlPlaybookId: 'pb-standard-discovery',
      variantPlaybookId: 'pb-dual-champion',
      eligibility: JSON.stringify({
        kinds: ['new_logo'],
        rule: 'every new-logo deal open on or after the start date',
        segments: 'all',
        aeTypes: ['hunter'],
      }),
      assignmentMethod: 'random',
      seed,
      primaryMetric: 'days_to_close',
      startedAt: toIsoDate(startDay),
      endedAt: null,
      status: 'running',
    },
    assignments,
  }
}
