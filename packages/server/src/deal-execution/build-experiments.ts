/**
 * The experiment analysis read from the store for a viewer's scope; shared by
 * the API and `revlab analyze experiments`.
 */
import type { IsoDate } from '@revlab/domain'
import { loadExperimentInputs, type OwnerScope, type Store } from '@revlab/db'
import { analyzeExperiments, type ExperimentAnalysis, type ExperimentOptions } from '@revlab/analyses'

export type ExperimentsRequest = {
  date?: IsoDate | null
  scope?: OwnerScope
  options?: Partial<ExperimentOptions>
}

export async function buildExperiments(
  store: Store,
  request: ExperimentsRequest = {},
): Promise<ExperimentAnalysis> {
  const inputs = await loadExperimentInputs(store.db, { asOf: request.date ?? null, scope: request.scope })
  return analyzeExperiments(inputs, request.options)
}
