/**
 * The Kysely view of the store. Record tables are derived from the domain
 * records, field by field (`amountCents` → `amount_cents`), so a record and
 * its table cannot drift apart; the tables only the store knows about
 * (sessions, tokens, audit, import bookkeeping) are declared here.
 */
import type {
  Account,
  Activity,
  Baseline,
  BusinessReview,
  Call,
  CallEvidence,
  CallMetrics,
  Certification,
  ConsumptionDaily,
  Contact,
  Content,
  Deal,
  DealSignal,
  DealStageHistory,
  DealStakeholder,
  Experiment,
  ExperimentAssignment,
  LearningEvent,
  Person,
  PersonAlias,
  PlantedEffect,
  Playbook,
  Poc,
  PocCheckin,
  Quota,
  SignalDefinition,
  Stage,
  StageModel,
  User,
  Utterance,
} from '@revlab/domain'

type SnakeCase<S extends string> = S extends `${infer Head}${infer Tail}`
  ? Head extends Lowercase<Head>
    ? `${Head}${SnakeCase<Tail>}`
    : `_${Lowercase<Head>}${SnakeCase<Tail>}`
  : S

/** A record as its table row: the same fields under snake_case column names. */
export type RowOf<T> = { [K in keyof T & string as SnakeCase<K>]: T[K] }

export type SessionTable = {
  id: string
  user_id: string
  csrf_token: string
  created_at: string
  expires_at: string
}

export type ApiTokenTable = {
  id: string
  user_id: string
  name: string
  token_hash: string
  created_at: string
  last_used_at: string | null
}

export type AuditLogTable = {
  id: string
  at: string
  user_id: string | null
  action: string
  entity: string
  entity_id: string | null
  detail: string
}

export type ImportRunTable = {
  id: string
  source: string
  files: string
  started_at: string
  finished_at: string | null
  status: 'running' | 'committed' | 'rolled_back' | 'failed'
  rows_in: number
  rows_stored: number
  rows_rejected: number
  inserted: number | null
  updated: number | null
  unchanged: number | null
  /** JSON: notes, records created on the way, repeated source ids. */
  summary: string | null
}

export type ImportRejectTable = {
  id: string
  run_id: string
  file: string
  row_number: number
  reason: string
  raw: string
  line: number | null
  column_name: string | null
}

export type Database = {
  people: RowOf<Person>
  person_aliases: RowOf<PersonAlias>
  accounts: RowOf<Account>
  contacts: RowOf<Contact>
  stage_models: RowOf<StageModel>
  stages: RowOf<Stage>
  signal_definitions: RowOf<SignalDefinition>
  deals: RowOf<Deal>
  deal_stage_history: RowOf<DealStageHistory>
  deal_signals: RowOf<DealSignal>
  deal_stakeholders: RowOf<DealStakeholder>
  activities: RowOf<Activity>
  calls: RowOf<Call>
  utterances: RowOf<Utterance>
  call_metrics: RowOf<CallMetrics>
  call_evidence: RowOf<CallEvidence>
  pocs: RowOf<Poc>
  poc_checkins: RowOf<PocCheckin>
  playbooks: RowOf<Playbook>
  /** The design fields only the edit API writes (migration 202612051200). */
  experiments: RowOf<Experiment> & { smallest_effect: number | null; assignment_rule: string | null }
  experiment_assignments: RowOf<ExperimentAssignment>
  content: RowOf<Content>
  learning_events: RowOf<LearningEvent>
  certifications: RowOf<Certification>
  consumption_daily: RowOf<ConsumptionDaily>
  /** The monthly rollup of consumption_daily (migration 202612061200; kept by repositories/consumption-rollup.ts). */
  consumption_monthly: {
    month: string
    account_id: string
    use_case_id: string | null
    sku: string
    revenue_cents: number
    first_day: string
    /** consumption_daily rows summed into this one (a month's row count tells a stale month). */
    day_rows: number
  }
  /** Daily consumption by account and use case, SKUs summed, in day order (migration 202612061200). */
  consumption_day_totals: {
    day: string
    account_id: string
    use_case_id: string | null
    revenue_cents: number
  }
  baselines: RowOf<Baseline>
  quotas: RowOf<Quota>
  business_reviews: RowOf<BusinessReview>
  planted_effects: RowOf<PlantedEffect>
  users: RowOf<User>
  sessions: SessionTable
  api_tokens: ApiTokenTable
  audit_log: AuditLogTable
  import_runs: ImportRunTable
  import_rejects: ImportRejectTable
}

export type TableName = keyof Database

/** Every table, in the order a bulk load fills them (parents before children). */
export const TABLES = [
  'people',
  'person_aliases',
  'accounts',
  'contacts',
  'stage_models',
  'stages',
  'signal_definitions',
  'deals',
  'deal_stage_history',
  'deal_signals',
  'deal_stakeholders',
  'activities',
  'calls',
  'utterances',
  'call_metrics',
  'call_evidence',
  'pocs',
  'poc_checkins',
  'playbooks',
  'experiments',
  'experiment_assignments',
  'content',
  'learning_events',
  'certifications',
  'consumption_daily',
  'baselines',
  'quotas',
  'business_reviews',
  'planted_effects',
  'users',
  'sessions',
  'api_tokens',
  'audit_log',
  'import_runs',
  'import_rejects',
] as const satisfies readonly TableName[]
