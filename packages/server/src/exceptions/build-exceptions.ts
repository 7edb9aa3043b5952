/**
 * The exception chain read from the store for a date, a team and a viewer's
 * scope. Incremental attainment comes from the consumption analysis, so the
 * exception report and the briefing can never disagree on it.
 */
import type { IsoDate } from '@revlab/domain'
import { loadConsumptionSummary, loadExceptionInputs, type OwnerScope, type Store } from '@revlab/db'
import {
  analyzeExceptions,
  summarizeConsumption,
  type ExceptionThresholds,
  type ExceptionsAnalysis,
} from '@revlab/analyses'
import { resolveBriefDate, resolveScope } from '../brief/build-brief.js'

export type ExceptionsRequest = {
  /** The day the chain is measured on; default the latest day with consumption. */
  date?: IsoDate | null
  team?: string | null
  scope?: OwnerScope
  today?: IsoDate
  /** Weighted activity is summed over this many days up to the date. */
  activityDays?: number
  thresholds?: Partial<ExceptionThresholds>
}

export async function buildExceptions(
  store: Store,
  request: ExceptionsRequest = {},
): Promise<ExceptionsAnalysis> {
  const asOf = await resolveBriefDate(store, request)
  const scope = await resolveScope(store, request)
  const [summary, rows] = await Promise.all([
    loadConsumptionSummary(store.db, { asOf, scope, dailyDays: 0, useCases: false }),
    loadExceptionInputs(store.db, { asOf, scope, activityDays: request.activityDays }),
  ])
  const consumption = summarizeConsumption(summary)
  const incremental = new Map(
    consumption.status === 'ok' ? consumption.owners.map((o) => [o.personId, o.incrementalRunRateCents]) : [],
  )
  return analyzeExceptions(
    {
      ...rows,
      reps: rows.reps.map((r) => ({ ...r, incrementalRunRateCents: incremental.get(r.id) ?? 0 })),
    },
    request.thresholds,
  )
}
