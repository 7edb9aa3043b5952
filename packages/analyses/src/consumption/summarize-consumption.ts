import type { ConsumptionSummaryInputs } from '@revlab/domain'
import type { ConsumptionAnalysis, ConsumptionDigest, ConsumptionOptions, OverdueReview } from './types.js'
import { DEFAULTS, annualize7, move, ratio, topBy, useCaseEvents } from './analyze-consumption.js'
import { dayNumber } from './iso-days.js'

type Ok = Extract<ConsumptionAnalysis, { status: 'ok' }>
type Insufficient = Extract<ConsumptionAnalysis, { status: 'insufficient-data' }>

const byOverdue = (a: OverdueReview, b: OverdueReview): number =>
  b.runRate30Cents - a.runRate30Cents || a.accountId.localeCompare(b.accountId)
const byPerson = (a: { personId: string }, b: { personId: string }): number =>
  a.personId < b.personId ? -1 : a.personId > b.personId ? 1 : 0

/**
 * The briefing's view of a full consumption analysis (the reference the
 * SQL-summed path is tested against).
 */
export function digestConsumption(
  analysis: Ok,
  options: Pick<ConsumptionOptions, 'top'> = {},
): ConsumptionDigest {
  const top = options.top ?? DEFAULTS.top
  return {
    status: 'ok',
    asOf: analysis.asOf,
    fiscalYear: analysis.fiscalYear,
    eventDays: analysis.eventDays,
    totals: analysis.totals,
    daily: analysis.daily,
    gainers: analysis.gainers,
    losers: analysis.losers,
    useCaseGainers: analysis.useCaseGainers,
    useCaseLosers: analysis.useCaseLosers,
    useCases: {
      created: analysis.useCases.created,
      wentLive: analysis.useCases.wentLive,
      slipped: analysis.useCases.slipped,
    },
    owners: analysis.owners
      .filter((o) => o.accounts > 0)
      .map((o) => ({ personId: o.personId, incrementalRunRateCents: o.incrementalRunRateCents }))
      .sort(byPerson),
    businessReviews: {
      overdueCount: analysis.businessReviews.overdue.length,
      overdue: analysis.businessReviews.overdue.slice(0, top),
    },
  }
}

/**
 * The same digest from sums taken in SQL (see db's loadConsumptionSummary):
 * the figures of analyzeConsumption without a per-account list. Definitions
 * in README.md.
 */
export function summarizeConsumption(
  inputs: ConsumptionSummaryInputs,
  options: ConsumptionOptions = {},
): ConsumptionDigest | Insufficient {
  const opts = { ...DEFAULTS, ...options }
  const { asOf } = inputs
  if (inputs.activeAccounts === 0) {
    return {
      status: 'insufficient-data',
      asOf,
      reason: `no consumption in the 60 days up to ${asOf}: import daily consumption first`,
    }
  }
  const asOfDay = dayNumber(asOf)
  const daysElapsed = asOfDay - dayNumber(`${inputs.fiscalYear}-01-01`) + 1
  const t = inputs.totals
  const incrementalRunRateCents = t.runRate30Cents - t.baselineRunRateCents
  const toMoves = (list: ConsumptionSummaryInputs['accountMoves']) =>
    list.map((m) =>
      move(
        { id: m.id, name: m.name, accountId: m.accountId, accountName: m.accountName },
        { id: m.ownerId, name: m.ownerName },
        m,
      ),
    )
  const accountMoves = toMoves(inputs.accountMoves)
  const useCaseMoves = toMoves(inputs.useCaseMoves)
  const overdue = inputs.overdueReviews.top
    .map((r): OverdueReview => ({
      accountId: r.accountId,
      accountName: r.accountName,
      ownerId: r.ownerId,
      ownerName: r.ownerName,
      dueAt: r.dueAt,
      daysOverdue: asOfDay - dayNumber(r.dueAt),
      runRate30Cents: r.runRate30Cents,
    }))
    .sort(byOverdue)
    .slice(0, opts.top)
  return {
    status: 'ok',
    asOf,
    fiscalYear: inputs.fiscalYear,
    eventDays: opts.eventDays,
    totals: {
      yesterdayCents: t.yesterdayCents,
      weekAgoCents: t.weekAgoCents,
      yesterdayChangePct: ratio(t.yesterdayCents - t.weekAgoCents, t.weekAgoCents),
      last7Cents: t.last7Cents,
      prior7Cents: t.prior7Cents,
      weekChangePct: ratio(t.last7Cents - t.prior7Cents, t.prior7Cents),
      last30Cents: t.last30Cents,
      runRate30Cents: t.runRate30Cents,
      runRate7Cents: annualize7(t.last7Cents),
      baselineRunRateCents: t.baselineRunRateCents,
      baselineDailyCents: Math.round(t.baselineRunRateCents / 365),
      incrementalRunRateCents,
      ytdCents: t.ytdCents,
      ytdBaselineCents: Math.round((t.baselineRunRateCents * daysElapsed) / 365),
      ytdIncrementalCents: t.ytdCents - t.ytdBaselineByAccountCents,
      incrementalQuotaCents: inputs.incrementalQuotaCents,
      attainment:
        inputs.incrementalQuotaCents > 0 ? incrementalRunRateCents / inputs.incrementalQuotaCents : null,
    },
    daily: inputs.daily,
    gainers: topBy(accountMoves, opts.top, 1),
    losers: topBy(accountMoves, opts.top, -1),
    useCaseGainers: topBy(useCaseMoves, opts.top, 1),
    useCaseLosers: topBy(useCaseMoves, opts.top, -1),
    useCases: useCaseEvents(inputs.useCases, asOf, opts.eventDays, (u) => u),
    owners: [...inputs.owners].sort(byPerson),
    businessReviews: { overdueCount: inputs.overdueReviews.count, overdue },
  }
}
