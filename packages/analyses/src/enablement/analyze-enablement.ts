/**
 * Enablement ROI for one program: the join and its coverage, behaviour
 * change, outcome change (staggered and matched), behaviour to outcome, a
 * waitlist design for the next program, the business case, and content.
 */
import type { EnablementAnalysis, EnablementInputs, EnablementOptions, ProgramSummary } from './types.js'
import { joinEnablement } from './join.js'
import { findProgram, listPrograms, type Program } from './programs.js'
import { behaviourChange } from './behaviour-change.js'
import { outcomeChange } from './outcome-change.js'
import { behaviourToOutcome } from './behaviour-to-outcome.js'
import { rolloutDesign } from './design.js'
import { businessCase } from './business-case.js'
import { contentReport } from './content.js'

export const DEFAULT_ENABLEMENT_OPTIONS: EnablementOptions = {
  program: null,
  bootstrapReplicates: 200,
  seed: 20261204,
  behaviourBinWeeks: 4,
  eventBins: 9,
  minControlReps: 5,
  maxMonthsAfter: 12,
  windowDays: 180,
  designEffect: 1,
  designPower: 0.8,
  grossMargin: 0.8,
}

const summary = (p: Program): ProgramSummary => {
  const { completedAt: _completedAt, ...rest } = p
  return rest
}

export function analyzeEnablement(
  inputs: EnablementInputs,
  overrides: Partial<EnablementOptions> = {},
): EnablementAnalysis {
  const options = { ...DEFAULT_ENABLEMENT_OPTIONS, ...overrides }
  const programs = listPrograms(inputs)
  const summaries = programs.map(summary)
  if (programs.length === 0)
    return {
      status: 'insufficient-data',
      asOf: inputs.asOf,
      reason: 'No learning content belongs to a program.',
      programs: summaries,
    }
  const program = options.program
    ? findProgram(programs, options.program)
    : ([...programs].sort((a, b) => b.enrolled - a.enrolled || a.name.localeCompare(b.name))[0] as Program)
  if (!program)
    return {
      status: 'not-found',
      asOf: inputs.asOf,
      reason: `No program "${options.program}"; programs: ${programs.map((p) => `${p.name} (${p.id})`).join(', ')}.`,
      programs: summaries,
    }
  const reps = inputs.people.filter((p) => p.role === 'ae')
  if (reps.length < 4 || inputs.calls.length === 0)
    return {
      status: 'insufficient-data',
      asOf: inputs.asOf,
      reason: `Enablement ROI compares reps with each other: ${reps.length} reps and ${inputs.calls.length} calls in view are not enough.`,
      programs: summaries,
    }
  const join = joinEnablement(inputs)
  // Other programs rolled out in the same weeks are adjusted for, so their effects are not read as this one's.
  const others = programs.filter((p) => p !== program).map((p) => p.completedAt)
  const behaviour = behaviourChange(inputs, program.name, program.completedAt, options, undefined, others)
  const outcomes = outcomeChange(inputs, program.name, program.completedAt, options, others)
  const link = behaviourToOutcome(inputs)
  const design = rolloutDesign(inputs, {
    behaviour: 'openQuestions',
    effect: options.designEffect,
    power: options.designPower,
    completedAt: program.completedAt,
  })
  const bc = businessCase(inputs, summary(program), program.completedAt, behaviour, outcomes, link, options)
  const open = behaviour.find((b) => b.behaviour === 'openQuestions')
  const size = outcomes.outcomes.find((o) => o.outcome === 'logDealSize')
  return {
    status: 'ok',
    asOf: inputs.asOf,
    join,
    programs: summaries,
    analysis: {
      program: summary(program),
      behaviour,
      outcomes,
      businessCase: bc,
      verdictSentence: [open?.sentence, size?.sentence].filter(Boolean).join(' '),
    },
    behaviourToOutcome: link,
    design,
    content: contentReport(inputs, options),
    options,
    method: [
      'Behaviour: staggered difference in differences (imputation estimator: rep and calendar-week effects, and completion of each other program, fitted on calls of reps not yet trained or never trained); event study by 4-week months since completion; 95% intervals cluster-robust by rep (imputation weights × fit residuals) with t(reps − 1).',
      'Outcomes: the same estimator on deals by calendar month of creation (a deal created in the month of training counts as before), 95% intervals from a leave-one-rep-out jackknife with t(reps − 1); beside it, trained reps against matched untrained reps (difference in differences over the windows either side of training, a cluster bootstrap over the matched controls).',
      'Behaviour to outcome: OLS of ln(amount) on the deal mean of open questions per call, adjusting for segment, kind and year, CR1 standard errors clustered by rep.',
      'Design: two-sample t test on per-rep change scores (R power.t.test), variance components from untrained calls.',
    ],
  }
}
