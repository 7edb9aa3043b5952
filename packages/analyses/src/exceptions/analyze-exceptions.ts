import type {
  ExceptionCause,
  ExceptionInputs,
  ExceptionLink,
  ExceptionRepInput,
  ExceptionThresholds,
  ExceptionsAnalysis,
  QuotaKind,
  RepException,
  TeamException,
} from './types.js'
import { dayNumber } from '../consumption/iso-days.js'
import { listOf, money } from '../brief/brief-format.js'

export const DEFAULT_EXCEPTION_THRESHOLDS = {
  minAttainment: 0.9,
  minCoverage: 3,
  minActivityRatio: 0.8,
  minCertifiedShare: 1,
  minProductShare: 0.1,
  minPeers: 3,
} satisfies ExceptionThresholds

const QUESTIONS = {
  number: 'Making the number?',
  pipeline: 'Enough pipeline?',
  activity: 'Enough activity?',
  enablement: 'Trained and certified on what they sell?',
} as const

const percent = (fraction: number): string => `${Math.round(fraction * 100)}%`
const times = (multiple: number): string => `${multiple.toFixed(1)}×`

/** The median, or null for an empty list. */
function median(values: number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2
}

/**
 * The share of a quota period that has elapsed by `asOf` (inclusive): a
 * quarter `YYYY-Qn` by its own days, anything else (`FY2026`) as the year.
 */
export function elapsedShare(period: string, fiscalYear: number, asOf: string): number {
  const quarter = /^(\d{4})-Q([1-4])$/.exec(period)
  const year = quarter ? Number(quarter[1]) : fiscalYear
  const startMonth = quarter ? (Number(quarter[2]) - 1) * 3 : 0
  const endMonth = quarter ? startMonth + 3 : 12
  const start = Date.UTC(year, startMonth, 1) / 86_400_000
  const end = Date.UTC(year, endMonth, 1) / 86_400_000 // exclusive
  const today = dayNumber(asOf)
  if (today < start) return 0
  if (today >= end - 1) return 1
  return (today - start + 1) / (end - start)
}

type Measured = {
  quotaKind: QuotaKind | null
  quotaCents: number
  quotaToDateCents: number
  achievedCents: number
  remainingCents: number
  pipelineCents: number
  required: string[]
  certified: string[]
}

/**
 * Quota and progress for one rep. Bookings quotas count closed-won bookings
 * against the quarters elapsed (the current one pro rata). Incremental
 * quotas are a run rate to add by year end, so the quota to date is its
 * straight-line glide path (quota × share of the year elapsed) and progress
 * is the incremental run rate now.
 */
function measure(rep: ExceptionRepInput, inputs: ExceptionInputs, t: ExceptionThresholds): Measured {
  const kinds = new Set(rep.quotas.map((q) => q.kind))
  const quotaCents = rep.quotas.reduce((s, q) => s + q.amountCents, 0)
  const quotaToDateCents = Math.round(
    rep.quotas.reduce(
      (s, q) => s + q.amountCents * elapsedShare(q.period, inputs.fiscalYear, inputs.asOf),
      0,
    ),
  )
  const achievedCents =
    (kinds.has('bookings') ? rep.wonBookingsCents : 0) +
    (kinds.has('incremental') ? rep.incrementalRunRateCents : 0)
  const pipelineCents =
    (kinds.has('bookings') || kinds.size === 0 ? rep.openBookingsCents : 0) +
    (kinds.has('incremental') || kinds.size === 0 ? rep.openUseCaseRunRateCents : 0)
  const quotaKind: QuotaKind | null = kinds.has('incremental')
    ? kinds.has('bookings')
      ? rep.incrementalRunRateCents >= rep.wonBookingsCents
        ? 'incremental'
        : 'bookings'
      : 'incremental'
    : kinds.has('bookings')
      ? 'bookings'
      : null

  const totalSku = rep.skuRevenue.reduce((s, r) => s + r.revenueCents, 0)
  const certifiable = new Set(inputs.certifiableProducts)
  const required = rep.skuRevenue
    .filter((r) => totalSku > 0 && r.revenueCents / totalSku >= t.minProductShare && certifiable.has(r.sku))
    .map((r) => r.sku)
    .sort()
  const today = dayNumber(inputs.asOf)
  const valid = new Set(
    rep.certifications
      .filter(
        (c) =>
          c.status === 'earned' &&
          c.product !== null &&
          (c.earnedAt === null || dayNumber(c.earnedAt) <= today) &&
          (c.expiresAt === null || dayNumber(c.expiresAt) >= today),
      )
      .map((c) => c.product ?? ''),
  )
  return {
    quotaKind,
    quotaCents,
    quotaToDateCents,
    achievedCents,
    remainingCents: Math.max(0, quotaCents - achievedCents),
    pipelineCents,
    required,
    certified: required.filter((p) => valid.has(p)),
  }
}

type ChainFigures = {
  attainment: number | null
  coverage: number | null
  remainingCents: number
  pipelineCents: number
  quotaToDateCents: number
  achievedCents: number
  activity: number
  activityNorm: number | null
  required: string[]
  certified: string[]
  hasAnyEnablement: boolean
}

function links(f: ChainFigures, t: ExceptionThresholds): ExceptionLink[] {
  const number: ExceptionLink =
    f.attainment === null
      ? {
          key: 'number',
          question: QUESTIONS.number,
          status: 'no-data',
          reached: true,
          figure: null,
          threshold: t.minAttainment,
          detail: 'no quota for this fiscal year',
        }
      : {
          key: 'number',
          question: QUESTIONS.number,
          status: f.attainment >= t.minAttainment ? 'pass' : 'fail',
          reached: true,
          figure: f.attainment,
          threshold: t.minAttainment,
          detail: `${money(f.achievedCents)} of ${money(f.quotaToDateCents)} quota to date (${percent(f.attainment)}; needs ${percent(t.minAttainment)})`,
        }
  const pipeline: ExceptionLink = {
    key: 'pipeline',
    question: QUESTIONS.pipeline,
    status: f.remainingCents === 0 || (f.coverage !== null && f.coverage >= t.minCoverage) ? 'pass' : 'fail',
    reached: false,
    figure: f.coverage,
    threshold: t.minCoverage,
    detail:
      f.remainingCents === 0
        ? `the year's quota is already met; ${money(f.pipelineCents)} open`
        : `${money(f.pipelineCents)} open against ${money(f.remainingCents)} still to go (${times(f.coverage ?? 0)}; needs ${times(t.minCoverage)})`,
  }
  const ratio = f.activityNorm === null || f.activityNorm === 0 ? null : f.activity / f.activityNorm
  const activity: ExceptionLink = {
    key: 'activity',
    question: QUESTIONS.activity,
    status: ratio === null ? 'no-data' : ratio >= t.minActivityRatio ? 'pass' : 'fail',
    reached: false,
    figure: ratio,
    threshold: t.minActivityRatio,
    detail:
      ratio === null
        ? 'no activity recorded for the peers, so no norm to compare with'
        : `${f.activity.toFixed(1)} weighted activities against a norm of ${(f.activityNorm ?? 0).toFixed(1)} (${percent(ratio)}; needs ${percent(t.minActivityRatio)})`,
  }
  const missing = f.required.filter((p) => !f.certified.includes(p))
  const share = f.required.length === 0 ? null : f.certified.length / f.required.length
  const enablement: ExceptionLink = {
    key: 'enablement',
    question: QUESTIONS.enablement,
    status:
      share === null
        ? f.hasAnyEnablement
          ? 'pass'
          : 'fail'
        : share >= t.minCertifiedShare
          ? 'pass'
          : 'fail',
    reached: false,
    figure: share,
    threshold: t.minCertifiedShare,
    detail:
      share === null
        ? f.hasAnyEnablement
          ? 'no product certification applies to what they sell; holds other certifications or training'
          : 'no product certification applies, and no certification or training in the last 12 months'
        : `certified on ${f.certified.length} of ${f.required.length} products sold` +
          (missing.length ? ` (missing: ${listOf(missing)})` : '') +
          `; needs ${percent(t.minCertifiedShare)}`,
  }
  const chain = [number, pipeline, activity, enablement]
  // The chain walks on while a link fails: a passed link explains the shortfall and ends it.
  for (const [i, link] of chain.entries()) {
    const previous = chain[i - 1]
    link.reached = i === 0 || (previous !== undefined && previous.reached && previous.status !== 'pass')
  }
  return chain
}

function causeOf(chain: ExceptionLink[]): ExceptionCause {
  const status = (key: string) => chain.find((l) => l.key === key)?.status
  if (status('number') === 'no-data') return 'no_quota'
  if (status('number') === 'pass') return 'on_track'
  if (status('pipeline') === 'pass') return 'conversion'
  if (status('activity') === 'pass') return 'pipeline_generation'
  if (status('enablement') === 'fail') return 'enablement'
  return 'effort'
}

function explain(
  cause: ExceptionCause,
  who: string,
  f: ChainFigures,
  t: ExceptionThresholds,
  team: boolean,
): { diagnosis: string; action: string } {
  const att = percent(f.attainment ?? 0)
  const norm = f.activityNorm ?? 0
  const missing = f.required.filter((p) => !f.certified.includes(p))
  switch (cause) {
    case 'no_quota':
      return {
        diagnosis: `${who} has no quota for this fiscal year, so there is no number to make.`,
        action: `Set ${who}'s quota, or leave ${team ? 'the team' : 'them'} out of the exception report.`,
      }
    case 'on_track':
      return {
        diagnosis: `${who} is making the number: ${att} of the quota to date.`,
        action:
          f.remainingCents > 0 && (f.coverage ?? 0) < t.minCoverage
            ? `Nothing to fix now; build pipeline for the rest of the year (${times(f.coverage ?? 0)} of the ${money(f.remainingCents)} to go).`
            : 'Nothing to fix; ask what is working and share it.',
      }
    case 'conversion':
      return {
        diagnosis: `${who} is short of the number (${att} to date) with enough pipeline (${times(f.coverage ?? 0)} of what is left): deals are not converting.`,
        action: team
          ? 'Run a deal review of the largest open deals: stage age, next steps, economic buyer met.'
          : `Review ${who}'s largest open deals together: stage age, next steps, economic buyer met; join the next call on the biggest one.`,
      }
    case 'pipeline_generation':
      return {
        diagnosis: `${who} is short of the number (${att}) and of pipeline (${times(f.coverage ?? 0)} of ${times(t.minCoverage)}) although activity is at the norm: the activity is not creating pipeline.`,
        action:
          'Look at who the meetings are with (seniority, new use cases vs service) and coach on qualification: fewer emails, more discovery meetings with budget owners.',
      }
    case 'enablement':
      return {
        diagnosis:
          `${who} is short of the number (${att}), of pipeline and of activity, and ` +
          (missing.length
            ? `not certified on ${listOf(missing)}, which ${team ? 'the team sells' : 'they sell'}.`
            : 'has no certification or training in the last 12 months.'),
        action: missing.length
          ? `Certify ${who} on ${listOf(missing)} first, then set a weekly activity target (norm ${norm.toFixed(1)} weighted activities over the period).`
          : `Enrol ${who} in the current enablement program, then set a weekly activity target.`,
      }
    case 'effort':
      return {
        diagnosis: `${who} is short of the number (${att}) and of pipeline, with activity below the norm (${f.activity.toFixed(1)} vs ${norm.toFixed(1)} weighted) while trained and certified: it is effort or time.`,
        action: `Agree a weekly activity target with ${who} at the norm (${norm.toFixed(1)} weighted activities over the period, meetings and executive briefings weigh most) and check in weekly.`,
      }
  }
}

/**
 * The exception chain per rep and per team: making the number? If not,
 * enough pipeline? If not, enough activity? If not, trained and certified on
 * what they sell? Each link is measured with its threshold; the walk stops
 * at the first link that passes, and that link names the most likely cause.
 * See README.md for every definition.
 */
export function analyzeExceptions(
  inputs: ExceptionInputs,
  thresholds: Partial<ExceptionThresholds> = {},
): ExceptionsAnalysis {
  const t = { ...DEFAULT_EXCEPTION_THRESHOLDS, ...thresholds }
  if (inputs.reps.length === 0)
    return { status: 'insufficient-data', asOf: inputs.asOf, reason: 'no account executives in scope' }

  const measured = new Map(inputs.reps.map((r) => [r.id, measure(r, inputs, t)]))
  const normFor = (rep: ExceptionRepInput): number | null => {
    const sameType = inputs.reps.filter((r) => r.team === rep.team && r.aeType === rep.aeType)
    const sameTeam = inputs.reps.filter((r) => r.team === rep.team)
    const peers =
      sameType.length >= t.minPeers ? sameType : sameTeam.length >= t.minPeers ? sameTeam : inputs.reps
    return median(peers.map((r) => r.weightedActivity))
  }

  const reps: RepException[] = inputs.reps.map((rep) => {
    const m = measured.get(rep.id) as Measured
    const figures: ChainFigures = {
      attainment: m.quotaToDateCents > 0 ? m.achievedCents / m.quotaToDateCents : null,
      coverage: m.remainingCents > 0 ? m.pipelineCents / m.remainingCents : null,
      remainingCents: m.remainingCents,
      pipelineCents: m.pipelineCents,
      quotaToDateCents: m.quotaToDateCents,
      achievedCents: m.achievedCents,
      activity: rep.weightedActivity,
      activityNorm: normFor(rep),
      required: m.required,
      certified: m.certified,
      hasAnyEnablement:
        rep.trainingCompleted > 0 ||
        rep.certifications.some(
          (c) =>
            c.status === 'earned' &&
            (c.expiresAt === null || dayNumber(c.expiresAt) >= dayNumber(inputs.asOf)),
        ),
    }
    const chain = links(figures, t)
    const cause = causeOf(chain)
    return {
      personId: rep.id,
      name: rep.name,
      team: rep.team,
      region: rep.region,
      aeType: rep.aeType,
      quotaKind: m.quotaKind,
      quotaCents: m.quotaCents,
      quotaToDateCents: m.quotaToDateCents,
      achievedCents: m.achievedCents,
      remainingCents: m.remainingCents,
      pipelineCents: m.pipelineCents,
      weightedActivity: rep.weightedActivity,
      activityNorm: figures.activityNorm,
      missingCertifications: m.required.filter((p) => !m.certified.includes(p)),
      onTrack: cause === 'on_track',
      cause,
      ...explain(cause, rep.name, figures, t, false),
      links: chain,
    }
  })

  const companyNorm = median(inputs.reps.map((r) => r.weightedActivity))
  const teamNames = [...new Set(inputs.reps.map((r) => r.team))].sort()
  const teams: TeamException[] = teamNames.map((team) => {
    const members = reps.filter((r) => r.team === team)
    const inputsOf = inputs.reps.filter((r) => r.team === team)
    const withQuota = members.filter((r) => r.quotaCents > 0)
    const quotaToDateCents = withQuota.reduce((s, r) => s + r.quotaToDateCents, 0)
    const achievedCents = withQuota.reduce((s, r) => s + r.achievedCents, 0)
    const remainingCents = withQuota.reduce((s, r) => s + r.remainingCents, 0)
    const pipelineCents = withQuota.reduce((s, r) => s + r.pipelineCents, 0)
    const figures: ChainFigures = {
      attainment: quotaToDateCents > 0 ? achievedCents / quotaToDateCents : null,
      coverage: remainingCents > 0 ? pipelineCents / remainingCents : null,
      remainingCents,
      pipelineCents,
      quotaToDateCents,
      achievedCents,
      activity: median(inputsOf.map((r) => r.weightedActivity)) ?? 0,
      activityNorm: companyNorm,
      // Product certifications as "rep:product" pairs, so the share is over every rep's products.
      required: members.flatMap((r) =>
        (measured.get(r.personId)?.required ?? []).map((p) => `${r.name}: ${p}`),
      ),
      certified: members.flatMap((r) =>
        (measured.get(r.personId)?.certified ?? []).map((p) => `${r.name}: ${p}`),
      ),
      hasAnyEnablement: members.some((r) => r.links.find((l) => l.key === 'enablement')?.status === 'pass'),
    }
    const chain = links(figures, t)
    const cause = causeOf(chain)
    return {
      team,
      reps: members.length,
      repsOffTrack: members.filter((r) => !r.onTrack && r.cause !== 'no_quota').length,
      quotaToDateCents,
      achievedCents,
      remainingCents,
      pipelineCents,
      onTrack: cause === 'on_track',
      cause,
      ...explain(cause, `The ${team} team`, figures, t, true),
      links: chain,
    }
  })

  const byCause: Record<string, number> = {}
  for (const r of reps) byCause[r.cause] = (byCause[r.cause] ?? 0) + 1
  const order = (r: RepException): number => (r.onTrack ? 1 : r.cause === 'no_quota' ? 2 : 0)
  reps.sort(
    (a, b) =>
      order(a) - order(b) ||
      (a.links[0]?.figure ?? Infinity) - (b.links[0]?.figure ?? Infinity) ||
      a.name.localeCompare(b.name),
  )
  return {
    status: 'ok',
    asOf: inputs.asOf,
    fiscalYear: inputs.fiscalYear,
    activityDays: inputs.activityDays,
    thresholds: t,
    summary: {
      reps: reps.length,
      onTrack: reps.filter((r) => r.onTrack).length,
      exceptions: reps.filter((r) => !r.onTrack && r.cause !== 'no_quota').length,
      byCause,
    },
    reps,
    teams,
  }
}
