/**
 * The records and facts Revlab stores, as the rest of the code sees them.
 * Field names carry their unit (`amountCents`, `durationMs`); dates are
 * `YYYY-MM-DD` strings and instants are UTC ISO-8601 strings. The store maps
 * each field to a snake_case column of the same name (`amountCents` →
 * `amount_cents`), so a record type and its table never drift apart.
 */

export type IsoDate = string
export type IsoInstant = string

export const PERSON_ROLES = ['ae', 'se', 'sdr', 'manager', 'leader'] as const
export type PersonRole = (typeof PERSON_ROLES)[number]
export const AE_TYPES = ['hunter', 'core'] as const
export type AeType = (typeof AE_TYPES)[number]

export type Person = {
  id: string
  name: string
  email: string
  role: PersonRole
  aeType: AeType | null
  managerId: string | null
  team: string
  region: string
  segment: string
  startDate: IsoDate
  active: boolean
}

export type PersonAlias = {
  id: string
  personId: string
  kind: 'email' | 'name'
  value: string
  source: string
}

export type Account = {
  id: string
  name: string
  industry: string
  employees: number
  segment: string
  region: string
  fundingStage: string
  lastFundingDate: IsoDate | null
  ownerId: string | null
  coreOwnerId: string | null
  createdAt: IsoInstant
}

export const SENIORITIES = ['c_level', 'vp', 'director', 'manager', 'ic'] as const
export type Seniority = (typeof SENIORITIES)[number]

export type Contact = {
  id: string
  accountId: string
  name: string
  email: string
  title: string
  seniority: Seniority
  department: string
}

export type StageModel = {
  id: string
  name: string
  description: string
  segment: string | null
}

export type Stage = {
  id: string
  stageModelId: string
  key: string
  name: string
  position: number
  /** The CRM's stage probability (0–1), the baseline a forecast backtest beats. */
  probability: number
  /** JSON array of signal keys that must be known to leave the stage. */
  exitCriteria: string
  isClosed: boolean
  isWon: boolean
}

export const DEAL_KINDS = ['new_logo', 'expansion', 'renewal', 'use_case'] as const
export type DealKind = (typeof DEAL_KINDS)[number]

export const USE_CASE_STATUSES = [
  'identified',
  'evaluating',
  'approved',
  'onboarding',
  'live',
  'slipped',
  'lost',
] as const
export type UseCaseStatus = (typeof USE_CASE_STATUSES)[number]

export type Deal = {
  id: string
  name: string
  accountId: string
  ownerId: string
  seId: string | null
  kind: DealKind
  stageModelId: string
  stageKey: string
  amountCents: number
  currency: string
  createdAt: IsoInstant
  closeDate: IsoDate
  isClosed: boolean
  isWon: boolean
  lossReason: string | null
  competitor: string | null
  source: string
  segment: string
  region: string
  /** Use cases only: the target and actual go-live, lifecycle and expected monthly value. */
  goLiveTarget: IsoDate | null
  goLiveDate: IsoDate | null
  useCaseStatus: UseCaseStatus | null
  expectedMonthlyCents: number | null
}

export type DealStageHistory = {
  id: string
  dealId: string
  stageKey: string
  enteredAt: IsoInstant
  exitedAt: IsoInstant | null
}

export const SIGNAL_GROUPS = [
  'readiness',
  'urgency',
  'budget',
  'competition',
  'stakeholders',
  'meddpicc',
] as const
export type SignalGroup = (typeof SIGNAL_GROUPS)[number]

export type SignalDefinition = {
  key: string
  label: string
  group: SignalGroup
  valueType: 'boolean' | 'category' | 'number'
  description: string
}

export const SIGNAL_SOURCES = ['manual', 'import', 'call', 'rule'] as const
export type SignalSource = (typeof SIGNAL_SOURCES)[number]

export type DealSignal = {
  id: string
  dealId: string
  signalKey: string
  value: string
  observedAt: IsoInstant
  source: SignalSource
  evidence: string | null
  strength: 'strong' | 'weak' | null
  recordedBy: string | null
}

export const STAKEHOLDER_ROLES = [
  'technical_champion',
  'business_stakeholder',
  'economic_buyer',
  'budget_owner',
  'exec_sponsor',
  'blocker',
] as const
export type StakeholderRole = (typeof STAKEHOLDER_ROLES)[number]

export type DealStakeholder = {
  id: string
  dealId: string
  contactId: string
  /** JSON array of StakeholderRole. */
  roles: string
  addedAt: IsoInstant
}

export const ACTIVITY_TYPES = [
  'meeting',
  'call',
  'email',
  'demo',
  'workshop',
  'hallway',
  'executive_briefing',
] as const
export type ActivityType = (typeof ACTIVITY_TYPES)[number]

export type Activity = {
  id: string
  dealId: string | null
  accountId: string
  personId: string
  type: ActivityType
  subject: string
  occurredAt: IsoInstant
  durationMin: number
  /** JSON array of { contactId, seniority }. */
  attendees: string
  /** Weight by type and the most senior attendee (see analyses/activity-weight). */
  weight: number
}

export type Call = {
  id: string
  dealId: string | null
  accountId: string | null
  ownerId: string | null
  title: string
  startedAt: IsoInstant
  durationS: number | null
  source: string
  /** JSON object: header fields of the transcript and anything else the source said. */
  metadata: string
}

export type Utterance = {
  callId: string
  seq: number
  speaker: string
  side: 'internal' | 'external' | 'unknown'
  personId: string | null
  contactId: string | null
  startMs: number | null
  endMs: number | null
  text: string
}

export type CallMetrics = {
  callId: string
  talkRatio: number | null
  questions: number
  openQuestions: number
  longestMonologueWords: number
  interactivity: number
  painUncovered: boolean
  valueBeforePrice: boolean | null
}

export type CallEvidence = {
  id: string
  callId: string
  kind: string
  quote: string
  speaker: string
  positionMs: number | null
}

export const POC_STATUSES = ['planned', 'running', 'paused', 'won', 'lost', 'stopped'] as const
export type PocStatus = (typeof POC_STATUSES)[number]

export type Poc = {
  id: string
  dealId: string
  seId: string
  question: string
  metric: string
  baseline: number
  target: number
  plannedWeeks: number
  startedAt: IsoDate
  goNoGoDate: IsoDate
  paid: boolean
  priceCents: number
  /** JSON object of the commitment agreement: { dedicatedResource, weeklyMeeting, dataAccess, goNoGoDecision }. */
  commitments: string
  status: PocStatus
}

export type PocCheckin = {
  id: string
  pocId: string
  week: number
  checkedAt: IsoDate
  metricValue: number | null
  /** JSON array of the commitment keys met that week. */
  commitmentsMet: string
  note: string
}

export type Playbook = {
  id: string
  name: string
  description: string
}

export type Experiment = {
  id: string
  name: string
  hypothesis: string
  controlPlaybookId: string
  variantPlaybookId: string
  /** JSON object: segments and rep types eligible. */
  eligibility: string
  assignmentMethod: 'random' | 'rule' | 'manual'
  seed: number | null
  primaryMetric: 'win_rate' | 'days_to_close' | 'deal_size'
  startedAt: IsoDate
  endedAt: IsoDate | null
  status: 'draft' | 'running' | 'stopped' | 'done'
}

export type ExperimentAssignment = {
  experimentId: string
  dealId: string
  variant: 'control' | 'variant'
  assignedAt: IsoInstant
  /** Share of the playbook's steps followed, 0–1. */
  adherence: number | null
}

export type Content = {
  id: string
  kind: 'course' | 'module' | 'battlecard' | 'playbook'
  title: string
  program: string | null
  /** JSON array of skill keys the content teaches. */
  skills: string
  durationMin: number | null
  costCents: number | null
}

export type LearningEvent = {
  id: string
  personId: string
  contentId: string
  verb: string
  score: number | null
  occurredAt: IsoInstant
  source: string
}

export type Certification = {
  id: string
  personId: string
  name: string
  product: string | null
  earnedAt: IsoDate | null
  expiresAt: IsoDate | null
  status: 'earned' | 'due' | 'expired'
}

export type ConsumptionDaily = {
  day: IsoDate
  accountId: string
  useCaseId: string | null
  sku: string
  units: number
  revenueCents: number
}

export type Baseline = {
  id: string
  fiscalYear: number
  accountId: string
  /** Annualized run rate snapped on the first day of the fiscal year. */
  runRateCents: number
  snappedAt: IsoDate
}

export type Quota = {
  id: string
  personId: string
  fiscalYear: number
  period: string
  kind: 'bookings' | 'incremental'
  amountCents: number
}

export type BusinessReview = {
  id: string
  accountId: string
  dueAt: IsoDate
  heldAt: IsoDate | null
  execAttendee: string | null
  status: 'scheduled' | 'held' | 'overdue'
  notes: string
}

export const USER_ROLES = ['admin', 'leader', 'manager', 'rep', 'analyst'] as const
export type UserRole = (typeof USER_ROLES)[number]

export type User = {
  id: string
  email: string
  name: string
  role: UserRole
  personId: string | null
  passwordHash: string | null
  createdAt: IsoInstant
  disabled: boolean
}

export type PlantedEffect = {
  key: string
  description: string
  /** The planted size on the scale the `metric` names (an odds ratio, a ratio of medians, a difference…). */
  planted: number
  metric: string
  /** JSON: anything an analysis needs to find it again (signal keys, groups). */
  detail: string
}

/** Everything a demo company (or any bulk load) contains, table by table. */
export type Dataset = {
  people: Person[]
  personAliases: PersonAlias[]
  accounts: Account[]
  contacts: Contact[]
  stageModels: StageModel[]
  stages: Stage[]
  signalDefinitions: SignalDefinition[]
  deals: Deal[]
  dealStageHistory: DealStageHistory[]
  dealSignals: DealSignal[]
  dealStakeholders: DealStakeholder[]
  activities: Activity[]
  calls: Call[]
  utterances: Utterance[]
  callMetrics: CallMetrics[]
  callEvidence: CallEvidence[]
  pocs: Poc[]
  pocCheckins: PocCheckin[]
  playbooks: Playbook[]
  experiments: Experiment[]
  experimentAssignments: ExperimentAssignment[]
  content: Content[]
  learningEvents: LearningEvent[]
  certifications: Certification[]
  baselines: Baseline[]
  quotas: Quota[]
  businessReviews: BusinessReview[]
  plantedEffects: PlantedEffect[]
}

/** Daily consumption is the one fact too large to hold in memory at large scale: it streams in chunks. */
export type ConsumptionStream = () => Iterable<ConsumptionDaily[]>
