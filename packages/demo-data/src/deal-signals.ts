import type { DealSignal, SignalSource } from '@revlab/domain'
import type { Rng } from '@revlab/stats'
import type { DealPlan } from './deal-plan.js'
import type { DealStakeholderPlan } from './stakeholders.js'
import { CLOSE_MINUTE } from './stage-history.js'
import { OPEN_SOURCE_TOOLS, VENDOR_COMPETITORS } from './names.js'

const MS_PER_DAY = 86_400_000

export type Competition = { kind: 'none' | 'open_source' | 'vendor'; name: string | null }

type SignalDraft = {
  key: string
  value: string
  strength: 'strong' | 'weak' | null
  evidence: string
  learnedAt: readonly [number, number]
}

const BUDGET_STATUSES = [
  {
    value: 'allocated',
    strength: 'strong',
    evidence: 'Budget for the platform is allocated in this fiscal year.',
  },
  {
    value: 'prior_spend',
    strength: 'strong',
    evidence: 'They already spend on a warehouse vendor and would move that budget.',
  },
  {
    value: 'fresh_funding',
    strength: 'strong',
    evidence: 'Fresh funding round; the data team is hiring and has budget.',
  },
  { value: 'planning', strength: 'weak', evidence: '"We will find it in planning."' },
  { value: 'unknown', strength: 'weak', evidence: 'Budget not discussed yet.' },
] as const

const yesNo = (value: boolean): string => (value ? 'true' : 'false')

const EVIDENCE: Record<string, [string, string]> = {
  multiple_projects: [
    'Three teams are starting projects on the new platform this year.',
    'Only one project in scope for now.',
  ],
  prior_oss_use: [
    'They ran an open-source stack for a year before it became too much to maintain.',
    'No prior attempt at building this in-house.',
  ],
  budget_allocated: [
    'Budget line approved for data infrastructure.',
    'No budget set aside for the area yet.',
  ],
  exec_sponsor: [
    'The CTO is sponsoring the project and joined the second call.',
    'Only the engineering lead is involved so far.',
  ],
  hard_deadline: [
    'Their current vendor contract ends at quarter end; they must be live before then.',
    'No hard date; "sometime next year".',
  ],
  metrics: ['Agreed target: cut report latency from six hours to one.', 'No agreed success metric yet.'],
  economic_buyer: ['The VP who signs met us and confirmed the budget.', 'Economic buyer not identified.'],
  decision_criteria: [
    'Criteria shared: performance, governance, cost predictability.',
    'Decision criteria unclear.',
  ],
  decision_process: [
    'Decision steps mapped: team review, security, VP sign-off.',
    'Decision process not mapped.',
  ],
  paper_process: [
    'Procurement needs a security review and MSA redlines, about three weeks.',
    'Paper process unknown.',
  ],
  pain: ['Nightly jobs miss the morning deadline twice a week.', 'No acknowledged pain yet.'],
  champion: ['The platform lead is selling internally for us.', 'No champion yet.'],
  competition: ['They named the alternatives they are weighing.', 'Alternatives not discussed.'],
}

/**
 * The signals captured on a deal, each with the moment it was learned. The
 * planted signals (exec_sponsor, prior_oss_use, hard_deadline) come from the
 * deal plan and are recorded as 'true'/'false' on every closed deal; the
 * others are independent draws with no effect on outcomes, except that
 * economic_buyer, champion and stakeholder_count agree with the stakeholder
 * map. Open deals only carry what was learned by asOf.
 */
export const generateDealSignals = (
  rng: Rng,
  options: { deal: DealPlan; stakeholders: DealStakeholderPlan[]; asOfDay: number; nextId: () => string },
): { signals: DealSignal[]; competition: Competition } => {
  const { deal, stakeholders, asOfDay, nextId } = options
  const competitionKind = rng.weighted(['none', 'open_source', 'vendor'] as const, [0.35, 0.3, 0.35])
  const competition: Competition = {
    kind: competitionKind,
    name:
      competitionKind === 'vendor'
        ? rng.pick(VENDOR_COMPETITORS)
        : competitionKind === 'open_source'
          ? rng.pick(OPEN_SOURCE_TOOLS)
          : null,
  }
  const budget = rng.pick(BUDGET_STATUSES)
  const roles = new Set(stakeholders.flatMap((s) => s.roles))
  const bool = (key: string, value: boolean, learnedAt: readonly [number, number]): SignalDraft => {
    const [yes, no] = EVIDENCE[key] ?? ['', '']
    return { key, value: yesNo(value), strength: null, evidence: value ? yes : no, learnedAt }
  }
  const early = [0.05, 0.45] as const
  const middle = [0.2, 0.75] as const
  const drafts: SignalDraft[] = [
    bool('multiple_projects', rng.bernoulli(0.45), early),
    bool('prior_oss_use', deal.priorOssUse, early),
    bool('budget_allocated', rng.bernoulli(0.4), early),
    bool('exec_sponsor', deal.execSponsor, middle),
    bool('hard_deadline', deal.hardDeadline, early),
    {
      key: 'budget_status',
      value: budget.value,
      strength: budget.strength,
      evidence: budget.evidence,
      learnedAt: middle,
    },
    {
      key: 'competitor',
      value: competition.kind,
      strength: null,
      evidence:
        competition.name === null ? 'No alternatives in play.' : `Also evaluating ${competition.name}.`,
      learnedAt: early,
    },
    {
      key: 'stakeholder_count',
      value: String(stakeholders.length),
      strength: null,
      evidence: `${stakeholders.length} stakeholders engaged.`,
      learnedAt: middle,
    },
  ]
  // MEDDPICC: recorded on about 70% of deals (reps skip the form).
  if (rng.bernoulli(0.7)) {
    drafts.push(
      bool('metrics', rng.bernoulli(0.5), middle),
      bool('economic_buyer', roles.has('economic_buyer'), middle),
      bool('decision_criteria', rng.bernoulli(0.6), middle),
      bool('decision_process', rng.bernoulli(0.5), [0.4, 0.9]),
      bool('paper_process', rng.bernoulli(0.4), [0.5, 0.95]),
      bool('pain', rng.bernoulli(0.7), early),
      bool('champion', roles.has('technical_champion') && rng.bernoulli(0.8), middle),
      bool('competition', competition.kind !== 'none', early),
    )
  }
  const startMs = deal.createdDay * MS_PER_DAY + deal.createdMinute * 60_000
  const endMs = deal.closeDay * MS_PER_DAY + CLOSE_MINUTE * 60_000
  const asOfMs = asOfDay * MS_PER_DAY + 7 * 60 * 60_000
  const signals: DealSignal[] = []
  for (const draft of drafts) {
    const observedMs =
      Math.round((startMs + (endMs - startMs) * rng.float(draft.learnedAt[0], draft.learnedAt[1])) / 60_000) *
      60_000
    const source: SignalSource = rng.weighted(
      ['call', 'manual', 'import', 'rule'] as const,
      [0.45, 0.35, 0.15, 0.05],
    )
    if (!deal.isClosed && observedMs > asOfMs) continue
    signals.push({
      id: nextId(),
      dealId: deal.id,
      signalKey: draft.key,
      value: draft.value,
      observedAt: new Date(observedMs).toISOString(),
      source,
      evidence: source === 'call' || source === 'manual' ? draft.evidence : null,
      strength: draft.strength,
      recordedBy: source === 'manual' ? deal.ownerId : null,
    })
  }
  return { signals, competition }
}
