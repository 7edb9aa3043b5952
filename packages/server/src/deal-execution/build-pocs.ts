/**
 * The POC analysis read from the store for a viewer's scope; shared by the
 * API and `revlab analyze pocs` so both print the same numbers.
 */
import type { IsoDate } from '@revlab/domain'
import { loadPocInputs, type OwnerScope, type Store } from '@revlab/db'
import { analyzePocs, type PocAnalysis, type PocOptions } from '@revlab/analyses'

export type PocsRequest = { date?: IsoDate | null; scope?: OwnerScope; options?: Partial<PocOptions> }

export async function buildPocs(store: Store, request: PocsRequest = {}): Promise<PocAnalysis> {
  const inputs = await loadPocInputs(store.db, { asOf: request.date ?? null, scope: request.scope })
  return analyzePocs(inputs, request.options)
}
