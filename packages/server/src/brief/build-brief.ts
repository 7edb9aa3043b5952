/**
 * The consumption analysis and the morning-coffee briefing, read from the
 * store for a date, a team and a viewer's scope. One function each, shared
 * by the API, the CLI, the digest and the benchmark.
 */
import { RevlabError, type IsoDate } from '@revlab/domain'
import {
  intersectScopes,
  latestConsumptionDay,
  loadBriefInputs,
  loadConsumptionInputs,
  loadConsumptionSummary,
  teamScope,
  type OwnerScope,
  type Store,
} from '@revlab/db'
import {
  accountConsumptionRows,
  analyzeConsumption,
  composeBrief,
  summarizeConsumption,
  type AccountConsumption,
  type Brief,
  type ConsumptionAnalysis,
  type ConsumptionOptions,
} from '@revlab/analyses'

export type BriefRequest = {
  /** The last day reported ("yesterday" to the reader); default the latest day with consumption. */
  date?: IsoDate | null
  team?: string | null
  /** What the viewer may see (a rep their own accounts, a manager the team's). */
  scope?: OwnerScope
  /** The clock, for a store with no consumption at all. */
  today?: IsoDate
} & ConsumptionOptions

export async function resolveScope(store: Store, request: BriefRequest): Promise<OwnerScope> {
  const scope = request.scope ?? { kind: 'all' }
  if (!request.team) return scope
  const team = await teamScope(store.db, request.team)
  if (team.kind === 'owners' && team.ownerIds.length === 0)
    throw new RevlabError('BAD_INPUT', `no one is in a team called "${request.team}"`, {
      hint: 'team names are as the people records have them, e.g. "EMEA Mid-Market"',
    })
  return intersectScopes(scope, team)
}

export async function resolveBriefDate(store: Store, request: BriefRequest): Promise<IsoDate> {
  if (request.date) return request.date
  return (await latestConsumptionDay(store.db)) ?? request.today ?? new Date().toISOString().slice(0, 10)
}

export async function buildConsumption(
  store: Store,
  request: BriefRequest = {},
): Promise<ConsumptionAnalysis> {
  const asOf = await resolveBriefDate(store, request)
  const scope = await resolveScope(store, request)
  return analyzeConsumption(await loadConsumptionInputs(store.db, { asOf, scope }), request)
}

/**
 * One account's row of the consumption analysis, read for that account
 * alone: null when it is outside the scope, or when the analysis of the
 * whole scope has no data (as `buildConsumption(...).accounts` would say).
 */
export async function accountConsumptionRow(
  store: Store,
  options: { asOf: IsoDate; scope: OwnerScope; accountId: string },
): Promise<AccountConsumption | null> {
  const { asOf, scope, accountId } = options
  const row = accountConsumptionRows(
    await loadConsumptionInputs(store.db, { asOf, scope, accountId, dailyDays: 1 }),
  )[0]
  if (!row) return null
  const own = row.last30Cents !== 0 || row.ytdCents !== 0
  if (own) return row
  // A quiet account: its row still stands if anyone in the scope has consumption.
  const whole = summarizeConsumption(
    await loadConsumptionSummary(store.db, { asOf, scope, dailyDays: 0, useCases: false }),
  )
  return whole.status === 'ok' ? row : null
}

export async function buildBrief(store: Store, request: BriefRequest = {}): Promise<Brief> {
  const asOf = await resolveBriefDate(store, request)
  const scope = await resolveScope(store, request)
  // The briefing needs totals, moves and events only: summed in SQL, never a per-account list.
  const [summary, inputs] = await Promise.all([
    loadConsumptionSummary(store.db, { asOf, scope, eventDays: request.eventDays, top: request.top }),
    loadBriefInputs(store.db, { asOf, eventDays: request.eventDays, scope }),
  ])
  const consumption = summarizeConsumption(summary, request)
  if (consumption.status !== 'ok')
    throw new RevlabError('BAD_INPUT', `no briefing for ${asOf}: ${consumption.reason}`, {
      hint: 'pick a --date with consumption, or import daily consumption',
    })
  return composeBrief(consumption, inputs, { team: request.team ?? null })
}
