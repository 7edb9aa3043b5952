import type { EnablementInputs, IsoDate } from '@revlab/domain'
import type { ImputationResult } from './two-way-imputation.js'

export type { EnablementInputs }

export type Interval95 = [number, number]

/** The call behaviours a program can teach (per call). */
export const BEHAVIOURS = ['openQuestions', 'talkRatio', 'painUncovered', 'valueBeforePrice'] as const
export type Behaviour = (typeof BEHAVIOURS)[number]

export const BEHAVIOUR_LABELS: Record<Behaviour, string> = {
  openQuestions: 'open discovery questions per call',
  talkRatio: 'rep talk ratio',
  painUncovered: 'share of calls with pain uncovered',
  valueBeforePrice: 'share of calls with value discussed before price',
}

export type EnablementOptions = {
  /** Program id (its content id) or name; default: the one most people enrolled in (ties by name). */
  program: string | null
  bootstrapReplicates: number
  seed: number
  /** Weeks per bin of the behaviour event study ("months" of four weeks). */
  behaviourBinWeeks: number
  /** Event-study bins shown each side of training (ends are pooled). */
  eventBins: number
  /** Impute a trained observation only where at least this many reps are still untrained in its period. */
  minControlReps: number
  /** Outcomes: months after training counted (later deals are left out). */
  maxMonthsAfter: number
  /** Days before and after training compared in the matched comparison. */
  windowDays: number
  /** Design helper: the effect to detect, in the behaviour's units, and the power wanted. */
  designEffect: number
  designPower: number
  /** Share of bookings kept as gross margin in the payback (1 = bookings). */
  grossMargin: number
}

export type CoveragePerson = {
  personId: string
  name: string
  role: string
  region: string
  learningEvents: number
  certifications: number
  calls: number
  deals: number
  matched: boolean
  /** Why the person is not matched across LMS, CRM and calls (empty when matched). */
  reasons: string[]
}

export type EnablementJoin = {
  reps: number
  withLms: number
  withDeals: number
  withCalls: number
  matched: number
  unmatched: CoveragePerson[]
  people: CoveragePerson[]
  /** Rows that belong to no known person. */
  orphans: {
    learningEvents: number
    callsWithoutOwner: number
    callsUnknownOwner: number
    dealsUnknownOwner: number
  }
  sentence: string
}

export type ProgramSummary = {
  id: string
  name: string
  contentIds: string[]
  costCentsPerLearner: number | null
  enrolled: number
  completed: number
  /** Completion dates by region: the rollout (first and median completion). */
  rollout: {
    region: string
    firstCompletion: IsoDate
    medianCompletion: IsoDate
    completed: number
    reps: number
  }[]
}

export type EventStudyPoint = {
  bin: number
  label: string
  estimate: number
  ci95: Interval95 | null
  n: number
}

export type BehaviourChange = {
  behaviour: Behaviour
  label: string
  estimate: number | null
  ci95: Interval95 | null
  /** Mean per call before training among the reps later trained (the baseline). */
  baseline: number | null
  calls: number
  trainedCalls: number
  reps: number
  eventStudy: EventStudyPoint[]
  verdict: 'increase' | 'decrease' | 'no-detectable-change' | 'insufficient-data'
  sentence: string
}

export type OutcomeKey = 'winRate' | 'daysToClose' | 'logDealSize' | 'pipelineCreated'

export const OUTCOME_LABELS: Record<OutcomeKey, string> = {
  winRate: 'win rate (closed deals)',
  daysToClose: 'days to close',
  logDealSize: 'deal size (ln amount)',
  pipelineCreated: 'pipeline created per rep-month ($)',
}

export type OutcomeEstimate = {
  outcome: OutcomeKey
  label: string
  /** Staggered DiD (imputation, not-yet-trained reps as controls). */
  staggered: { estimate: number | null; ci95: Interval95 | null; n: number }
  /** Trained vs matched untrained reps: (after − before) trained minus (after − before) matched. */
  matched: { estimate: number | null; ci95: Interval95 | null; pairs: number }
  eventStudy: EventStudyPoint[]
  /** The staggered comparison's verdict (its intervals hold their coverage; the matched comparison is a check beside it). */
  verdict: 'increase' | 'decrease' | 'no-detectable-change' | 'insufficient-data'
  sentence: string
}

export type BalanceRow = {
  covariate: string
  trainedMean: number | null
  poolMean: number | null
  matchedMean: number | null
  smdBefore: number | null
  smdAfter: number | null
}

export type OutcomeChange = {
  outcomes: OutcomeEstimate[]
  balance: BalanceRow[]
  matching: {
    trained: number
    matched: number
    unmatched: number
    method: string
    pairs: {
      trainedId: string
      trainedName: string
      controlId: string
      controlName: string
      trainedAt: IsoDate
    }[]
  }
}

export type BehaviourToOutcome = {
  estimate: number | null
  ci95: Interval95 | null
  deals: number
  reps: number
  method: string
  adjustedFor: string[]
  /** % change in deal size per extra open question: exp(b) − 1. */
  percentPerQuestion: number | null
  sentence: string
}

export type RolloutDesign = {
  behaviour: Behaviour
  effect: number
  power: number
  alpha: number
  withinRepSd: number | null
  callsPerRepWeek: number | null
  availableReps: number
  options: {
    weeks: number
    sdOfChange: number
    repsPerWave: number | null
    totalReps: number | null
    feasible: boolean
  }[]
  recommendation: { weeks: number; repsPerWave: number; totalReps: number } | null
  waves: { wave: number; startWeek: number; reps: number; note: string }[]
  sentence: string
}

export type BusinessCase = {
  program: string
  learners: number
  costCentsPerLearner: number | null
  costCents: number | null
  /** Behaviour effect and deal-size effect, each with its interval. */
  behaviourEffect: { label: string; estimate: number | null; ci95: Interval95 | null }
  dealSizeEffect: { estimate: number | null; ci95: Interval95 | null }
  /** Bookings attributable to the program so far: Σ won amount × (1 − e^(−b)) over deals created after training. */
  attributableCents: { estimate: number | null; ci95: Interval95 | null }
  monthsObserved: number
  monthlyAttributableCents: number | null
  /** Months to earn the cost back (gross margin applied); null when there is no measurable effect. */
  paybackMonths: { estimate: number | null; ci95: [number | null, number | null] | null }
  grossMargin: number
  headline: string
  caveats: string[]
}

export type ContentUsage = {
  contentId: string
  title: string
  kind: string
  program: string | null
  skills: string[]
  learners: number
  completions: number
  byRole: Record<string, number>
  targetBehaviour: Behaviour | null
  effect: { estimate: number | null; ci95: Interval95 | null; sentence: string }
}

export type RepRecommendation = {
  personId: string
  name: string
  weakestBehaviour: Behaviour
  value: number
  teamMedian: number
  contentId: string | null
  contentTitle: string | null
  alreadyCompleted: boolean
}

export type ContentReport = { items: ContentUsage[]; recommendations: RepRecommendation[] }

export type ProgramAnalysis = {
  program: ProgramSummary
  behaviour: BehaviourChange[]
  outcomes: OutcomeChange
  businessCase: BusinessCase
  verdictSentence: string
}

export type EnablementAnalysis =
  | {
      status: 'ok'
      asOf: IsoDate
      join: EnablementJoin
      programs: ProgramSummary[]
      analysis: ProgramAnalysis
      behaviourToOutcome: BehaviourToOutcome
      design: RolloutDesign
      content: ContentReport
      options: EnablementOptions
      method: string[]
    }
  | { status: 'insufficient-data' | 'not-found'; asOf: IsoDate; reason: string; programs: ProgramSummary[] }

export type { ImputationResult }
