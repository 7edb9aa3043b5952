/**
 * The whole core schema of ARCHITECTURE.md, tables later capabilities fill
 * included. Frozen: this file never imports app code and never changes once
 * released; later changes are new migrations.
 *
 * Types are the ones both engines share: text, integer, bigint, double
 * precision, boolean, date, timestamptz (UTC). Ids are app-generated text.
 * Money is bigint cents. JSON is text. Foreign-key columns are indexed; the
 * fact tables (utterances, consumption_daily, learning_events, activities)
 * get their indexes on PostgreSQL only, since DuckDB scans columns with zone
 * maps and an ART index there only slows bulk loads.
 */
import { sql, type Kysely } from 'kysely'

type Column = [name: string, type: string, modifiers?: 'pk' | 'not null' | 'unique']

const T = {
  text: 'text',
  int: 'integer',
  big: 'bigint',
  dbl: 'double precision',
  bool: 'boolean',
  date: 'date',
  ts: 'timestamptz',
} as const

const tables: Record<
  string,
  { columns: Column[]; primaryKey?: string[]; indexes?: string[][]; factIndexes?: string[][] }
> = {
  people: {
    columns: [
      ['id', T.text, 'pk'],
      ['name', T.text, 'not null'],
      ['email', T.text, 'not null'],
      ['role', T.text, 'not null'],
      ['ae_type', T.text],
      ['manager_id', T.text],
      ['team', T.text, 'not null'],
      ['region', T.text, 'not null'],
      ['segment', T.text, 'not null'],
      ['start_date', T.date, 'not null'],
      ['active', T.bool, 'not null'],
    ],
    indexes: [['manager_id'], ['email']],
  },
  person_aliases: {
    columns: [
      ['id', T.text, 'pk'],
      ['person_id', T.text, 'not null'],
      ['kind', T.text, 'not null'],
      ['value', T.text, 'not null'],
      ['source', T.text, 'not null'],
    ],
    indexes: [['person_id'], ['value']],
  },
  accounts: {
    columns: [
      ['id', T.text, 'pk'],
      ['name', T.text, 'not null'],
      ['industry', T.text, 'not null'],
      ['employees', T.int, 'not null'],
      ['segment', T.text, 'not null'],
      ['region', T.text, 'not null'],
      ['funding_stage', T.text, 'not null'],
      ['last_funding_date', T.date],
      ['owner_id', T.text],
      ['core_owner_id', T.text],
      ['created_at', T.ts, 'not null'],
    ],
    indexes: [['owner_id'], ['core_owner_id']],
  },
  contacts: {
    columns: [
      ['id', T.text, 'pk'],
      ['account_id', T.text, 'not null'],
      ['name', T.text, 'not null'],
      ['email', T.text, 'not null'],
      ['title', T.text, 'not null'],
      ['seniority', T.text, 'not null'],
      ['department', T.text, 'not null'],
    ],
    indexes: [['account_id']],
  },
  stage_models: {
    columns: [
      ['id', T.text, 'pk'],
      ['name', T.text, 'not null'],
      ['description', T.text, 'not null'],
      ['segment', T.text],
    ],
  },
  stages: {
    columns: [
      ['id', T.text, 'pk'],
      ['stage_model_id', T.text, 'not null'],
      ['key', T.text, 'not null'],
      ['name', T.text, 'not null'],
      ['position', T.int, 'not null'],
      ['probability', T.dbl, 'not null'],
      ['exit_criteria', T.text, 'not null'],
      ['is_closed', T.bool, 'not null'],
      ['is_won', T.bool, 'not null'],
    ],
    indexes: [['stage_model_id']],
  },
  signal_definitions: {
    columns: [
      ['key', T.text, 'pk'],
      ['label', T.text, 'not null'],
      ['group', T.text, 'not null'],
      ['value_type', T.text, 'not null'],
      ['description', T.text, 'not null'],
    ],
  },
  deals: {
    columns: [
      ['id', T.text, 'pk'],
      ['name', T.text, 'not null'],
      ['account_id', T.text, 'not null'],
      ['owner_id', T.text, 'not null'],
      ['se_id', T.text],
      ['kind', T.text, 'not null'],
      ['stage_model_id', T.text, 'not null'],
      ['stage_key', T.text, 'not null'],
      ['amount_cents', T.big, 'not null'],
      ['currency', T.text, 'not null'],
      ['created_at', T.ts, 'not null'],
      ['close_date', T.date, 'not null'],
      ['is_closed', T.bool, 'not null'],
      ['is_won', T.bool, 'not null'],
      ['loss_reason', T.text],
      ['competitor', T.text],
      ['source', T.text, 'not null'],
      ['segment', T.text, 'not null'],
      ['region', T.text, 'not null'],
      ['go_live_target', T.date],
      ['go_live_date', T.date],
      ['use_case_status', T.text],
      ['expected_monthly_cents', T.big],
    ],
    indexes: [['account_id'], ['owner_id'], ['se_id'], ['stage_model_id']],
  },
  deal_stage_history: {
    columns: [
      ['id', T.text, 'pk'],
      ['deal_id', T.text, 'not null'],
      ['stage_key', T.text, 'not null'],
      ['entered_at', T.ts, 'not null'],
      ['exited_at', T.ts],
    ],
    indexes: [['deal_id']],
  },
  deal_signals: {
    columns: [
      ['id', T.text, 'pk'],
      ['deal_id', T.text, 'not null'],
      ['signal_key', T.text, 'not null'],
      ['value', T.text, 'not null'],
      ['observed_at', T.ts, 'not null'],
      ['source', T.text, 'not null'],
      ['evidence', T.text],
      ['strength', T.text],
      ['recorded_by', T.text],
    ],
    indexes: [['deal_id'], ['signal_key']],
  },
  deal_stakeholders: {
    columns: [
      ['id', T.text, 'pk'],
      ['deal_id', T.text, 'not null'],
      ['contact_id', T.text, 'not null'],
      ['roles', T.text, 'not null'],
      ['added_at', T.ts, 'not null'],
    ],
    indexes: [['deal_id'], ['contact_id']],
  },
  activities: {
    columns: [
      ['id', T.text, 'pk'],
      ['deal_id', T.text],
      ['account_id', T.text, 'not null'],
      ['person_id', T.text, 'not null'],
      ['type', T.text, 'not null'],
      ['subject', T.text, 'not null'],
      ['occurred_at', T.ts, 'not null'],
      ['duration_min', T.int, 'not null'],
      ['attendees', T.text, 'not null'],
      ['weight', T.dbl, 'not null'],
    ],
    factIndexes: [['deal_id'], ['account_id'], ['person_id', 'occurred_at']],
  },
  calls: {
    columns: [
      ['id', T.text, 'pk'],
      ['deal_id', T.text],
      ['account_id', T.text],
      ['owner_id', T.text],
      ['title', T.text, 'not null'],
      ['started_at', T.ts, 'not null'],
      ['duration_s', T.int],
      ['source', T.text, 'not null'],
      ['metadata', T.text, 'not null'],
    ],
    indexes: [['deal_id'], ['account_id'], ['owner_id']],
  },
  utterances: {
    columns: [
      ['call_id', T.text, 'not null'],
      ['seq', T.int, 'not null'],
      ['speaker', T.text, 'not null'],
      ['side', T.text, 'not null'],
      ['person_id', T.text],
      ['contact_id', T.text],
      ['start_ms', T.big],
      ['end_ms', T.big],
      ['text', T.text, 'not null'],
    ],
    factIndexes: [['call_id', 'seq']],
  },
  call_metrics: {
    columns: [
      ['call_id', T.text, 'pk'],
      ['talk_ratio', T.dbl],
      ['questions', T.int, 'not null'],
      ['open_questions', T.int, 'not null'],
      ['longest_monologue_words', T.int, 'not null'],
      ['interactivity', T.dbl, 'not null'],
      ['pain_uncovered', T.bool, 'not null'],
      ['value_before_price', T.bool],
    ],
  },
  call_evidence: {
    columns: [
      ['id', T.text, 'pk'],
      ['call_id', T.text, 'not null'],
      ['kind', T.text, 'not null'],
      ['quote', T.text, 'not null'],
      ['speaker', T.text, 'not null'],
      ['position_ms', T.big],
    ],
    indexes: [['call_id']],
  },
  pocs: {
    columns: [
      ['id', T.text, 'pk'],
      ['deal_id', T.text, 'not null'],
      ['se_id', T.text, 'not null'],
      ['question', T.text, 'not null'],
      ['metric', T.text, 'not null'],
      ['baseline', T.dbl, 'not null'],
      ['target', T.dbl, 'not null'],
      ['planned_weeks', T.int, 'not null'],
      ['started_at', T.date, 'not null'],
      ['go_no_go_date', T.date, 'not null'],
      ['paid', T.bool, 'not null'],
      ['price_cents', T.big, 'not null'],
      ['commitments', T.text, 'not null'],
      ['status', T.text, 'not null'],
    ],
    indexes: [['deal_id'], ['se_id']],
  },
  poc_checkins: {
    columns: [
      ['id', T.text, 'pk'],
      ['poc_id', T.text, 'not null'],
      ['week', T.int, 'not null'],
      ['checked_at', T.date, 'not null'],
      ['metric_value', T.dbl],
      ['commitments_met', T.text, 'not null'],
      ['note', T.text, 'not null'],
    ],
    indexes: [['poc_id']],
  },
  playbooks: {
    columns: [
      ['id', T.text, 'pk'],
      ['name', T.text, 'not null'],
      ['description', T.text, 'not null'],
    ],
  },
  experiments: {
    columns: [
      ['id', T.text, 'pk'],
      ['name', T.text, 'not null'],
      ['hypothesis', T.text, 'not null'],
      ['control_playbook_id', T.text, 'not null'],
      ['variant_playbook_id', T.text, 'not null'],
      ['eligibility', T.text, 'not null'],
      ['assignment_method', T.text, 'not null'],
      ['seed', T.big],
      ['primary_metric', T.text, 'not null'],
      ['started_at', T.date, 'not null'],
      ['ended_at', T.date],
      ['status', T.text, 'not null'],
    ],
  },
  experiment_assignments: {
    columns: [
      ['experiment_id', T.text, 'not null'],
      ['deal_id', T.text, 'not null'],
      ['variant', T.text, 'not null'],
      ['assigned_at', T.ts, 'not null'],
      ['adherence', T.dbl],
    ],
    primaryKey: ['experiment_id', 'deal_id'],
    indexes: [['deal_id']],
  },
  content: {
    columns: [
      ['id', T.text, 'pk'],
      ['kind', T.text, 'not null'],
      ['title', T.text, 'not null'],
      ['program', T.text],
      ['skills', T.text, 'not null'],
      ['duration_min', T.int],
      ['cost_cents', T.big],
    ],
  },
  learning_events: {
    columns: [
      ['id', T.text, 'pk'],
      ['person_id', T.text, 'not null'],
      ['content_id', T.text, 'not null'],
      ['verb', T.text, 'not null'],
      ['score', T.dbl],
      ['occurred_at', T.ts, 'not null'],
      ['source', T.text, 'not null'],
    ],
    factIndexes: [['person_id'], ['content_id']],
  },
  certifications: {
    columns: [
      ['id', T.text, 'pk'],
      ['person_id', T.text, 'not null'],
      ['name', T.text, 'not null'],
      ['product', T.text],
      ['earned_at', T.date],
      ['expires_at', T.date],
      ['status', T.text, 'not null'],
    ],
    indexes: [['person_id']],
  },
  consumption_daily: {
    columns: [
      ['day', T.date, 'not null'],
      ['account_id', T.text, 'not null'],
      ['use_case_id', T.text],
      ['sku', T.text, 'not null'],
      ['units', T.dbl, 'not null'],
      ['revenue_cents', T.big, 'not null'],
    ],
    factIndexes: [['account_id', 'day'], ['day']],
  },
  baselines: {
    columns: [
      ['id', T.text, 'pk'],
      ['fiscal_year', T.int, 'not null'],
      ['account_id', T.text, 'not null'],
      ['run_rate_cents', T.big, 'not null'],
      ['snapped_at', T.date, 'not null'],
    ],
    indexes: [['account_id']],
  },
  quotas: {
    columns: [
      ['id', T.text, 'pk'],
      ['person_id', T.text, 'not null'],
      ['fiscal_year', T.int, 'not null'],
      ['period', T.text, 'not null'],
      ['kind', T.text, 'not null'],
      ['amount_cents', T.big, 'not null'],
    ],
    indexes: [['person_id']],
  },
  business_reviews: {
    columns: [
      ['id', T.text, 'pk'],
      ['account_id', T.text, 'not null'],
      ['due_at', T.date, 'not null'],
      ['held_at', T.date],
      ['exec_attendee', T.text],
      ['status', T.text, 'not null'],
      ['notes', T.text, 'not null'],
    ],
    indexes: [['account_id']],
  },
  planted_effects: {
    columns: [
      ['key', T.text, 'pk'],
      ['description', T.text, 'not null'],
      ['planted', T.dbl, 'not null'],
      ['metric', T.text, 'not null'],
      ['detail', T.text, 'not null'],
    ],
  },
  users: {
    columns: [
      ['id', T.text, 'pk'],
      ['email', T.text, 'unique'],
      ['name', T.text, 'not null'],
      ['role', T.text, 'not null'],
      ['person_id', T.text],
      ['password_hash', T.text],
      ['created_at', T.ts, 'not null'],
      ['disabled', T.bool, 'not null'],
    ],
    indexes: [['person_id']],
  },
  sessions: {
    columns: [
      ['id', T.text, 'pk'],
      ['user_id', T.text, 'not null'],
      ['csrf_token', T.text, 'not null'],
      ['created_at', T.ts, 'not null'],
      ['expires_at', T.ts, 'not null'],
    ],
    indexes: [['user_id']],
  },
  api_tokens: {
    columns: [
      ['id', T.text, 'pk'],
      ['user_id', T.text, 'not null'],
      ['name', T.text, 'not null'],
      ['token_hash', T.text, 'unique'],
      ['created_at', T.ts, 'not null'],
      ['last_used_at', T.ts],
    ],
    indexes: [['user_id']],
  },
  audit_log: {
    columns: [
      ['id', T.text, 'pk'],
      ['at', T.ts, 'not null'],
      ['user_id', T.text],
      ['action', T.text, 'not null'],
      ['entity', T.text, 'not null'],
      ['entity_id', T.text],
      ['detail', T.text, 'not null'],
    ],
    indexes: [['entity', 'entity_id']],
  },
  import_runs: {
    columns: [
      ['id', T.text, 'pk'],
      ['source', T.text, 'not null'],
      ['files', T.text, 'not null'],
      ['started_at', T.ts, 'not null'],
      ['finished_at', T.ts],
      ['status', T.text, 'not null'],
      ['rows_in', T.big, 'not null'],
      ['rows_stored', T.big, 'not null'],
      ['rows_rejected', T.big, 'not null'],
    ],
  },
  import_rejects: {
    columns: [
      ['id', T.text, 'pk'],
      ['run_id', T.text, 'not null'],
      ['file', T.text, 'not null'],
      ['row_number', T.big, 'not null'],
      ['reason', T.text, 'not null'],
      ['raw', T.text, 'not null'],
    ],
    indexes: [['run_id']],
  },
}

async function isPostgres(db: Kysely<unknown>): Promise<boolean> {
  const { rows } = await sql<{ v: string }>`select version() as v`.execute(db)
  return rows[0]?.v.startsWith('PostgreSQL') ?? false
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = await isPostgres(db)
  for (const [table, spec] of Object.entries(tables)) {
    let builder = db.schema.createTable(table)
    for (const [name, type, modifier] of spec.columns) {
      builder = builder.addColumn(name, sql.raw(type), (col) => {
        if (modifier === 'pk') return col.primaryKey()
        if (modifier === 'not null') return col.notNull()
        if (modifier === 'unique') return col.notNull().unique()
        return col
      })
    }
    if (spec.primaryKey) builder = builder.addPrimaryKeyConstraint(`${table}_pkey`, spec.primaryKey as never)
    await builder.execute()
    const indexes = [...(spec.indexes ?? []), ...(postgres ? (spec.factIndexes ?? []) : [])]
    for (const columns of indexes) {
      await db.schema
        .createIndex(`${table}_${columns.join('_')}_idx`)
        .on(table)
        .columns(columns)
        .execute()
    }
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of Object.keys(tables).reverse()) {
    await db.schema.dropTable(table).ifExists().execute()
  }
}
