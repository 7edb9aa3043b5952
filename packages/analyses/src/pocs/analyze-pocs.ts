/**
 * POC discipline: which running POCs are at risk and whether to pause or stop
 * them, how loaded each SE is, and which POC shapes convert. Pure: the as-of
 * date comes in with the inputs.
 */
import type { IsoDate, PocCheckin } from '@revlab/domain'
import { oddsRatio, proportion, proportionDifference } from './intervals.js'
import type {
  ActivePoc,
  PocAnalysis,
  PocInput,
  PocInputs,
  PocOptions,
  PocRecommendation,
  PocRiskFlag,
  PocShapeComparison,
  SeLoad,
} from './types.js'

export const DEFAULT_POC_OPTIONS: PocOptions = {
  minCommitmentShare: 1,
  stopAfterOverrunWeeks: 2,
  maxDaysWithoutCheckin: 10,
  seHoursPerPoc: 12,
  seWeeklyHours: 40,
  maxActivePocsPerSe: 3,
  keptCommitmentShare: 0.8,
}

const DAY_MS = 86_400_000
const daysBetween = (from: IsoDate, to: IsoDate): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS)

const parseKeys = (json: string): string[] => {
  try {
    const value: unknown = JSON.parse(json)
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
  } catch {
    return []
  }
}

/** The commitment keys the customer agreed to (true in the agreement object). */
export const promisedCommitments = (json: string): string[] => {
  try {
    const value: unknown = JSON.parse(json)
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return []
    return Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v === true)
      .map(([k]) => k)
      .sort()
  } catch {
    return []
  }
}

const COMMITMENT_COUNT = 4

type CheckinFacts = {
  commitmentShare: number | null
  lastMissed: boolean
  lastCheckinAt: IsoDate | null
  progress: number | null
  previousProgress: number | null
}

function checkinFacts(poc: PocInput, checkins: PocCheckin[], options: PocOptions): CheckinFacts {
  const promised = promisedCommitments(poc.commitments)
  const sorted = [...checkins].sort((a, b) => a.week - b.week)
  let met = 0
  const shares: number[] = []
  for (const c of sorted) {
    const keys = new Set(parseKeys(c.commitmentsMet))
    const kept = promised.filter((k) => keys.has(k)).length
    met += kept
    if (promised.length > 0) shares.push(kept / promised.length)
  }
  // One slipped commitment in one week happens; a miss two weeks running, or
  // half the agreement missed at once, is the customer not holding up its side.
  const last = shares.at(-1)
  const previous = shares.at(-2)
  const lastMissed =
    last !== undefined &&
    (last < 0.5 ||
      (last < options.minCommitmentShare && previous !== undefined && previous < options.minCommitmentShare))
  const span = poc.target - poc.baseline
  const readings = sorted.filter((c) => c.metricValue !== null)
  const progressOf = (c: PocCheckin | undefined): number | null =>
    c === undefined || c.metricValue === null || span === 0 ? null : (c.metricValue - poc.baseline) / span
  return {
    commitmentShare:
      sorted.length > 0 && promised.length > 0 ? met / (promised.length * sorted.length) : null,
    lastMissed,
    lastCheckinAt: sorted.at(-1)?.checkedAt ?? null,
    progress: progressOf(readings.at(-1)),
    previousProgress: progressOf(readings.at(-2)),
  }
}

function recommend(
  flags: PocRiskFlag[],
  overrunWeeks: number,
  progress: number | null,
  options: PocOptions,
): { recommendation: PocRecommendation; reason: string } {
  const has = (f: PocRiskFlag): boolean => flags.includes(f)
  const progressText =
    progress === null ? 'no metric reading' : `${Math.round(progress * 100)}% of the way to target`
  if (overrunWeeks >= options.stopAfterOverrunWeeks && (progress === null || progress < 0.9)) {
    return {
      recommendation: 'stop',
      reason: `${overrunWeeks} weeks past the planned length with ${progressText}: hold the go/no-go decision now`,
    }
  }
  if (has('overrunning') && has('missed-commitments')) {
    return {
      recommendation: 'stop',
      reason: `past the go/no-go date and the customer missed commitments (${progressText})`,
    }
  }
  if (has('missed-commitments')) {
    return {
      recommendation: 'pause',
      reason: 'the customer missed agreed commitments at the last check-in: pause until they are met',
    }
  }
  if (has('no-metric-movement') || has('behind-on-metric')) {
    return {
      recommendation: 'pause',
      reason: `the success metric is not moving toward target (${progressText}): pause and re-scope`,
    }
  }
  if (has('no-recent-checkin')) {
    return {
      recommendation: 'pause',
      reason: 'no weekly check-in recently: pause until the weekly meeting resumes',
    }
  }
  if (has('overrunning')) {
    return {
      recommendation: 'continue',
      reason: `past the planned length but ${progressText}: decide go/no-go this week`,
    }
  }
  return { recommendation: 'continue', reason: `on plan (${progressText})` }
}

function assessActive(
  poc: PocInput,
  checkins: PocCheckin[],
  asOf: IsoDate,
  seName: string,
  options: PocOptions,
): ActivePoc {
  const facts = checkinFacts(poc, checkins, options)
  const daysIn = Math.max(0, daysBetween(poc.startedAt, asOf))
  const weeksElapsed = Math.floor(daysIn / 7)
  const expectedProgress = poc.plannedWeeks > 0 ? Math.min(1, daysIn / 7 / poc.plannedWeeks) : 1
  const overrunWeeks = Math.max(0, Math.floor(daysBetween(poc.goNoGoDate, asOf) / 7))
  const promised = promisedCommitments(poc.commitments)
  const flags: PocRiskFlag[] = []
  if (facts.lastMissed) flags.push('missed-commitments')
  if (asOf > poc.goNoGoDate) flags.push('overrunning')
  if (weeksElapsed >= 2) {
    // A POC already at target has nothing left to move.
    if (
      facts.progress === null ||
      (facts.progress < 1 && facts.previousProgress !== null && facts.progress <= facts.previousProgress)
    ) {
      flags.push('no-metric-movement')
    } else if (facts.progress < 0.5 * expectedProgress) flags.push('behind-on-metric')
  }
  const sinceCheckin = facts.lastCheckinAt === null ? daysIn : daysBetween(facts.lastCheckinAt, asOf)
  if (daysIn >= 7 && sinceCheckin > options.maxDaysWithoutCheckin) flags.push('no-recent-checkin')
  if (promised.length < COMMITMENT_COUNT) flags.push('incomplete-agreement')
  // An incomplete agreement is a warning about how the POC was set up, not a
  // reason on its own to pause a POC that is moving.
  const atRisk = flags.some((f) => f !== 'incomplete-agreement')
  return {
    id: poc.id,
    dealId: poc.dealId,
    dealName: poc.dealName,
    seId: poc.seId,
    seName,
    question: poc.question,
    metric: poc.metric,
    status: poc.status,
    paid: poc.paid,
    priceCents: poc.priceCents,
    startedAt: poc.startedAt,
    goNoGoDate: poc.goNoGoDate,
    plannedWeeks: poc.plannedWeeks,
    weeksElapsed,
    metricProgress: facts.progress,
    expectedProgress,
    commitmentsPromised: promised.length,
    commitmentShare: facts.commitmentShare,
    lastCheckinAt: facts.lastCheckinAt,
    flags,
    atRisk,
    ...recommend(flags, overrunWeeks, facts.progress, options),
  }
}

const pct = (x: number | null): string => (x === null ? '–' : `${Math.round(x * 100)}%`)

function compareShapes(
  key: PocShapeComparison['key'],
  label: string,
  labels: [string, string],
  closed: PocInput[],
  inA: (p: PocInput) => boolean,
): PocShapeComparison {
  const a = closed.filter(inA)
  const b = closed.filter((p) => !inA(p))
  const winA = proportion(a.filter((p) => p.dealIsWon).length, a.length)
  const winB = proportion(b.filter((p) => p.dealIsWon).length, b.length)
  const difference = proportionDifference(winA, winB)
  const ci = difference.ci95
  const sentence =
    difference.estimate === null || !ci
      ? `${label}: too few closed POCs in one group to compare (${a.length} vs ${b.length}).`
      : `${labels[0]} won ${pct(winA.estimate)} (n=${winA.n}) vs ${labels[1]} ${pct(winB.estimate)} (n=${winB.n}): ` +
        `a difference of ${Math.round(difference.estimate * 100)} points (95% CI ${Math.round(ci[0] * 100)} to ${Math.round(ci[1] * 100)})` +
        (ci[0] > 0 || ci[1] < 0 ? '.' : ', not distinguishable from no difference.')
  return {
    key,
    label,
    groupA: { label: labels[0], winRate: winA },
    groupB: { label: labels[1], winRate: winB },
    difference,
    oddsRatio: oddsRatio(winA, winB),
    sentence,
  }
}

export function analyzePocs(inputs: PocInputs, options: Partial<PocOptions> = {}): PocAnalysis {
  const opts = { ...DEFAULT_POC_OPTIONS, ...options } satisfies PocOptions
  const { asOf } = inputs
  const pocs = inputs.pocs.filter((p) => p.startedAt <= asOf || p.status === 'planned')
  if (pocs.length === 0) {
    return { status: 'insufficient-data', asOf, needed: 1, got: 0, reason: 'no POCs in the store' }
  }
  const names = new Map(inputs.people.map((p) => [p.id, p.name]))
  const checkinsByPoc = new Map<string, PocCheckin[]>()
  for (const c of inputs.checkins) {
    if (c.checkedAt > asOf) continue
    const list = checkinsByPoc.get(c.pocId) ?? []
    list.push(c)
    checkinsByPoc.set(c.pocId, list)
  }
  const isActive = (p: PocInput): boolean =>
    !p.dealIsClosed && p.startedAt <= asOf && (p.status === 'running' || p.status === 'paused')
  const active = pocs
    .filter(isActive)
    .map((p) => assessActive(p, checkinsByPoc.get(p.id) ?? [], asOf, names.get(p.seId) ?? p.seId, opts))
    .sort(
      (a, b) =>
        Number(b.atRisk) - Number(a.atRisk) || b.flags.length - a.flags.length || a.id.localeCompare(b.id),
    )

  const seIds = new Set([
    ...inputs.people.filter((p) => p.role === 'se').map((p) => p.id),
    ...pocs.map((p) => p.seId),
  ])
  const seLoad: SeLoad[] = [...seIds]
    .map((seId) => {
      const own = active.filter((p) => p.seId === seId)
      return {
        seId,
        name: names.get(seId) ?? seId,
        activePocs: own.length,
        timeShareInPocs: Math.min(1, (own.length * opts.seHoursPerPoc) / opts.seWeeklyHours),
        atRiskPocs: own.filter((p) => p.atRisk).length,
        overloaded: own.length > opts.maxActivePocsPerSe,
      }
    })
    .sort((a, b) => b.activePocs - a.activePocs || a.name.localeCompare(b.name))

  const closed = pocs.filter((p) => p.dealIsClosed && p.startedAt <= asOf)
  const kept = (p: PocInput): boolean => {
    const share = checkinFacts(p, checkinsByPoc.get(p.id) ?? [], opts).commitmentShare
    return share !== null && share >= opts.keptCommitmentShare
  }
  const conversion: PocShapeComparison[] = [
    compareShapes('paid', 'Paid vs free', ['paid POCs', 'free POCs'], closed, (p) => p.paid),
    compareShapes(
      'length',
      'Planned length',
      ['POCs of 4 weeks or less', 'longer POCs'],
      closed,
      (p) => p.plannedWeeks <= 4,
    ),
    compareShapes(
      'commitments-kept',
      'Commitments kept',
      [`POCs with ≥${Math.round(opts.keptCommitmentShare * 100)}% of commitments kept`, 'the rest'],
      closed,
      kept,
    ),
    compareShapes(
      'full-agreement',
      'Full commitment agreement',
      ['POCs with all four commitments agreed', 'POCs with fewer'],
      closed,
      (p) => promisedCommitments(p.commitments).length === COMMITMENT_COUNT,
    ),
  ]
  return {
    status: 'ok',
    asOf,
    options: opts,
    totals: {
      pocs: pocs.length,
      active: active.length,
      atRisk: active.filter((p) => p.atRisk).length,
      recommendedPause: active.filter((p) => p.recommendation === 'pause').length,
      recommendedStop: active.filter((p) => p.recommendation === 'stop').length,
      closed: closed.length,
      won: closed.filter((p) => p.dealIsWon).length,
    },
    active,
    seLoad,
    conversion,
  }
}
