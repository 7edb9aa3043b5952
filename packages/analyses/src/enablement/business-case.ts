/**
 * The business case a CFO reads: what the program cost, what it measurably
 * changed (with intervals), the bookings attributable so far, the payback
 * period, and the caveats in plain words. Attributable bookings apply the
 * measured deal-size effect b (ln amount) to the won deals that trained reps
 * created after training: Σ amount × (1 − e^(−b)); the interval uses the
 * ends of b's interval. Payback = cost / (monthly attributable × margin),
 * the monthly figure taken over the last six months.
 */
import type {
  BehaviourChange,
  BehaviourToOutcome,
  BusinessCase,
  EnablementInputs,
  EnablementOptions,
  OutcomeChange,
  ProgramSummary,
} from './types.js'
import { dollars, fmt } from './format.js'

const DAY_MS = 86_400_000
const RECENT_MONTHS = 6

export function businessCase(
  inputs: EnablementInputs,
  program: ProgramSummary,
  completedAt: ReadonlyMap<string, number>,
  behaviour: BehaviourChange[],
  outcomes: OutcomeChange,
  link: BehaviourToOutcome,
  options: EnablementOptions,
): BusinessCase {
  const size = outcomes.outcomes.find((o) => o.outcome === 'logDealSize')
  const b = size?.staggered.estimate ?? null
  const bCi = size?.staggered.ci95 ?? null
  const costCents =
    program.costCentsPerLearner === null ? null : program.costCentsPerLearner * program.enrolled
  const asOfMs = Date.parse(`${inputs.asOf}T23:59:59Z`)
  const recentFrom = asOfMs - RECENT_MONTHS * 30.4375 * DAY_MS
  const eligible = inputs.deals.filter((d) => {
    const at = completedAt.get(d.ownerId)
    return d.isWon && at !== undefined && Date.parse(d.createdAt) > at
  })
  const attributable = (effect: number, deals: typeof eligible): number =>
    deals.reduce((s, d) => s + d.amountCents * (1 - Math.exp(-effect)), 0)
  const recent = eligible.filter((d) => Date.parse(`${d.closeDate}T00:00:00Z`) >= recentFrom)
  const first = Math.min(...completedAt.values())
  const monthsObserved = Number.isFinite(first) ? Math.max(0, (asOfMs - first) / (30.4375 * DAY_MS)) : 0
  const monthly = (effect: number): number => attributable(effect, recent) / RECENT_MONTHS
  const payback = (effect: number): number | null => {
    const m = monthly(effect) * options.grossMargin
    return costCents === null || m <= 0 ? null : costCents / m
  }
  const measured = b !== null && bCi !== null && bCi[0] > 0
  const open = behaviour.find((x) => x.behaviour === 'openQuestions') ?? behaviour[0]
  const behaviourEffect = {
    label: open?.label ?? 'behaviour',
    estimate: open?.estimate ?? null,
    ci95: open?.ci95 ?? null,
  }
  const pct = (x: number): string => `${fmt((Math.exp(x) - 1) * 100, 1)}%`
  const paybackEstimate = measured ? payback(b) : null
  const paybackCi: [number | null, number | null] | null =
    measured && bCi ? [payback(bCi[1]), payback(bCi[0])] : null
  const costText =
    costCents === null ? 'an unknown cost (no cost per learner in the LMS)' : dollars(costCents)
  // The verdict is the staggered comparison's; say so when the matched comparison does not find the same increase.
  const matchedDisagrees =
    measured &&
    size !== undefined &&
    size.matched.estimate !== null &&
    !(size.matched.ci95 && size.matched.ci95[0] > 0)
  const headline = measured
    ? `${program.name} cost ${costText} for ${program.enrolled} learners. Deals created by trained reps are ${pct(b)} bigger ` +
      `(95% CI ${pct(bCi[0])} to ${pct(bCi[1])}) than reps not yet trained would have closed, worth ${dollars(attributable(b, eligible))} ` +
      `in bookings so far` +
      (matchedDisagrees ? ' (the matched comparison does not confirm it)' : '') +
      (paybackEstimate === null
        ? '.'
        : `; at a gross margin of ${Math.round(options.grossMargin * 100)}% it pays back in ${fmt(paybackEstimate, 1)} months` +
          (paybackCi && paybackCi[0] !== null && paybackCi[1] !== null
            ? ` (95% CI ${fmt(paybackCi[0], 1)} to ${fmt(paybackCi[1], 1)}).`
            : '.'))
    : `${program.name} cost ${costText} for ${program.enrolled} learners and shows no measurable effect on deal size` +
      (b !== null && bCi !== null
        ? ` (${pct(b)}, 95% CI ${pct(bCi[0])} to ${pct(bCi[1])}; the interval covers zero)`
        : '') +
      '. No payback can be claimed from these data.'
  const win = outcomes.outcomes.find((o) => o.outcome === 'winRate')
  const caveats = [
    ...(matchedDisagrees && size?.matched.estimate != null
      ? [
          `Trained reps against matched untrained reps show ${pct(size.matched.estimate)} bigger deals${size.matched.ci95 ? ` (95% CI ${pct(size.matched.ci95[0])} to ${pct(size.matched.ci95[1])})` : ''}, which does not confirm the staggered estimate: treat the revenue figure as uncertain.`,
        ]
      : []),
    'Training was rolled out region by region, not at random: the comparison is with reps not yet trained in the same months, so anything else that changed in a region at the same time as its training would be counted as the program.',
    `${inputs.people.filter((p) => p.role === 'ae').length} reps in all: intervals are wide, and the ranges above are the honest ones to quote, not the central figures.`,
    `Bookings are not profit: payback uses a gross margin of ${Math.round(options.grossMargin * 100)}%, counts only the LMS cost per learner (${program.costCentsPerLearner === null ? 'unknown' : dollars(program.costCentsPerLearner)}), not the reps' time away from selling, and only deals already won.`,
    `${program.enrolled - program.completed} of ${program.enrolled} people who started did not complete; they count as untrained.`,
    win && win.verdict === 'no-detectable-change'
      ? 'Win rate and days to close did not measurably change; the gain, if any, is in deal size.'
      : 'Win rate and days to close are reported separately; only deal size enters the revenue figure.',
    link.estimate !== null && open?.estimate != null
      ? `Cross-check: the behaviour change (${fmt(open.estimate, 2)} open questions per call) times the link between open questions and deal size (${fmt(link.estimate, 3)} per question) predicts ${pct(open.estimate * link.estimate)} bigger deals.`
      : 'The behaviour-to-outcome link could not be measured, so the revenue figure is not cross-checked.',
  ]
  return {
    program: program.name,
    learners: program.enrolled,
    costCentsPerLearner: program.costCentsPerLearner,
    costCents,
    behaviourEffect,
    dealSizeEffect: { estimate: b, ci95: bCi },
    attributableCents: {
      estimate: b === null ? null : attributable(b, eligible),
      ci95: bCi ? [attributable(bCi[0], eligible), attributable(bCi[1], eligible)] : null,
    },
    monthsObserved,
    monthlyAttributableCents: b === null ? null : monthly(b),
    paybackMonths: { estimate: paybackEstimate, ci95: paybackCi },
    grossMargin: options.grossMargin,
    headline,
    caveats,
  }
}
