/**
 * One CSV row through a deal mapping: the deal, its signals, and the owner
 * and account it names, or the issues that keep the row out. Pure apart
 * from the matchers' memory of people and accounts already seen.
 */
import type { Deal, DealSignal, SignalDefinition, Stage, StageModel } from '@revlab/domain'
import { parseBoolean, parseDay, parseInstant, parseMoneyCents, parseNumber } from '../framework/normalize.js'
import { referAccount, referPerson, type ReferenceContext } from '../framework/references.js'
import type { MappedRow, RowIssue, StagedRecord } from '../framework/types.js'
import type { DealField, DealMapping, FieldSpec } from './mapping.js'

type Value = string | number | boolean | undefined

/** The records a mapping needs once per import: its stage model, stages and signal definitions. */
export function dealMappingSetup(mapping: DealMapping): StagedRecord[] {
  const model: StageModel = {
    id: mapping.stageModel.id,
    name: mapping.stageModel.name,
    description: `imported through the ${mapping.name} mapping`,
    segment: null,
  }
  const stages = mapping.stageModel.stages.map((s, i): Stage => ({
    id: `${model.id}:${s.key}`,
    stageModelId: model.id,
    key: s.key,
    name: s.name,
    position: i + 1,
    probability: s.probability,
    exitCriteria: '[]',
    isClosed: s.isClosed,
    isWon: s.isWon,
  }))
  const definitions = mapping.signals.map((s): SignalDefinition => ({
    key: s.key,
    label: s.column,
    group: s.group,
    valueType: 'category',
    description: `column "${s.column}" of ${mapping.title}`,
  }))
  return [
    { table: 'stage_models', record: model, mode: 'ensure' },
    ...stages.map((record): StagedRecord => ({ table: 'stages', record, mode: 'ensure' })),
    ...definitions.map((record): StagedRecord => ({
      table: 'signal_definitions',
      record,
      mode: 'ensure',
      idField: 'key',
    })),
  ]
}

/** What a mapping needs per row, worked out once: case-folded value maps, the stages by key, the signals' fixed texts. */
type Plan = {
  /** Templates split at their `{column}` parts: odd indexes are column names. */
  templates: Map<FieldSpec, string[]>
  loose: Map<FieldSpec, Map<string, string | number | boolean>>
  stages: Map<string, DealMapping['stageModel']['stages'][number]>
  signals: { column: string; key: string; idSuffix: string; evidence: string }[]
}
const plans = new WeakMap<DealMapping, Plan>()

function planOf(mapping: DealMapping): Plan {
  let plan = plans.get(mapping)
  if (!plan) {
    const loose = new Map<FieldSpec, Map<string, string | number | boolean>>()
    const templates = new Map<FieldSpec, string[]>()
    for (const spec of Object.values(mapping.fields)) {
      if (spec.template !== undefined) templates.set(spec, spec.template.split(/\{([^}]+)\}/))
      if (!spec.values) continue
      const m = new Map<string, string | number | boolean>()
      // The first key that matches case-insensitively wins, as a search in key order would find it.
      for (const [k, v] of Object.entries(spec.values)) if (!m.has(k.toLowerCase())) m.set(k.toLowerCase(), v)
      loose.set(spec, m)
    }
    const stages = new Map<string, DealMapping['stageModel']['stages'][number]>()
    for (const s of mapping.stageModel.stages) if (!stages.has(s.key)) stages.set(s.key, s)
    plan = {
      templates,
      loose,
      stages,
      signals: mapping.signals.map((s) => ({
        column: s.column,
        key: s.key,
        idSuffix: `:${s.key}`,
        evidence: `${mapping.title}, column "${s.column}"`,
      })),
    }
    plans.set(mapping, plan)
  }
  return plan
}

/**
 * The owner and account a row names, per import: the first row that names
 * one gets its records (created person, aliases), later rows only its id
 * (the matchers only ever add, so the same name always means the same one).
 */
type Referred = { id: string; records: StagedRecord[] }
const referred = new WeakMap<ReferenceContext, Map<string, Referred>>()
const NO_RECORDS: StagedRecord[] = []

function referOnce(ctx: ReferenceContext, key: string, refer: () => Referred): Referred {
  let seen = referred.get(ctx)
  if (!seen) {
    seen = new Map()
    referred.set(ctx, seen)
  }
  const known = seen.get(key)
  if (known) return { id: known.id, records: NO_RECORDS }
  const fresh = refer()
  seen.set(key, fresh)
  return fresh
}

/**
 * The account and owner a deal names, through the matchers, once per import:
 * the first call for a name gets the records to ensure, later ones only the ids.
 */
export function referDealParties(
  ctx: ReferenceContext,
  accountName: string,
  ownerName: string,
  ownerEmail: string,
): { accountId: string; ownerId: string; records: StagedRecord[] } {
  const account = referOnce(ctx, `a\u0001${accountName}`, () => {
    const r = referAccount(ctx, { name: accountName })
    return { id: r.accountId, records: r.records }
  })
  const owner = referOnce(ctx, `p\u0001${ownerName}\u0001${ownerEmail}`, () => {
    const r = referPerson(ctx, { name: ownerName || '(unassigned)', email: ownerEmail || null })
    return { id: r.personId, records: r.records }
  })
  const records =
    account.records.length + owner.records.length === 0 ? NO_RECORDS : [...account.records, ...owner.records]
  return { accountId: account.id, ownerId: owner.id, records }
}

/** What one column-fed field of a mapping makes of a cell's text: the value, or the issue (as `mapDealRow` sees it). */
export function fieldValue(
  mapping: DealMapping,
  spec: FieldSpec,
  raw: string,
): { value: string | number | boolean | undefined; issue?: string } {
  return translate(spec, raw, planOf(mapping))
}

function translate(spec: FieldSpec, raw: string, plan: Plan): { value: Value; issue?: string } {
  const text = raw.trim()
  if (spec.values) {
    if (text === '' && spec.default !== undefined) return { value: spec.default }
    const exact = spec.values[text]
    if (exact !== undefined) return { value: exact }
    const loose = plan.loose.get(spec)?.get(text.toLowerCase())
    if (loose !== undefined) return { value: loose }
    const known = Object.keys(spec.values)
    return {
      value: undefined,
      issue: `"${text}" is not one of ${known
        .slice(0, 8)
        .map((k) => `"${k}"`)
        .join(', ')}${known.length > 8 ? ', …' : ''}`,
    }
  }
  if (text === '') return { value: spec.default }
  switch (spec.type ?? 'text') {
    case 'text':
      return { value: text }
    case 'number':
    case 'days-before-close': {
      const n = parseNumber(text)
      return n === undefined ? { value: undefined, issue: `"${text}" is not a number` } : { value: n }
    }
    case 'money': {
      const c = parseMoneyCents(text)
      return c === undefined ? { value: undefined, issue: `"${text}" is not an amount` } : { value: c }
    }
    case 'date': {
      const d = parseDay(text)
      return d === undefined ? { value: undefined, issue: `"${text}" is not a date` } : { value: d }
    }
    case 'instant': {
      const t = parseInstant(text)
      return t === undefined ? { value: undefined, issue: `"${text}" is not a date or time` } : { value: t }
    }
    case 'boolean': {
      const b = parseBoolean(text)
      return b === undefined ? { value: undefined, issue: `"${text}" is not true or false` } : { value: b }
    }
  }
}

export function mapDealRow(
  values: Readonly<Record<string, string>>,
  mapping: DealMapping,
  ctx: ReferenceContext,
): MappedRow {
  const issues: RowIssue[] = []
  const plan = planOf(mapping)
  const field = (name: DealField): Value => {
    const spec = mapping.fields[name]
    if (!spec) return undefined
    if (spec.template !== undefined) {
      const parts = plan.templates.get(spec) ?? [spec.template]
      let text = parts[0] ?? ''
      for (let i = 1; i < parts.length; i += 2)
        text += (values[parts[i] ?? ''] ?? '').trim() + (parts[i + 1] ?? '')
      return text.trim() || spec.default
    }
    if (spec.column === undefined) return spec.default
    const { value, issue } = translate(spec, values[spec.column] ?? '', plan)
    if (issue) issues.push({ column: spec.column, reason: issue })
    return value
  }
  const missing = (name: DealField): void => {
    const spec = mapping.fields[name]
    if (spec?.column !== undefined && issues.some((i) => i.column === spec.column)) return
    issues.push({ column: spec?.column ?? null, reason: `${name} is empty` })
  }

  const sourceId = (values[mapping.idColumn] ?? '').trim()
  if (sourceId === '') issues.push({ column: mapping.idColumn, reason: 'the id is empty' })
  const stageKey = field('stage')
  const stage = typeof stageKey === 'string' ? plan.stages.get(stageKey) : undefined
  if (stageKey !== undefined && !stage)
    issues.push({
      column: mapping.fields.stage?.column ?? null,
      reason: `unknown stage "${String(stageKey)}"`,
    })
  if (stageKey === undefined) missing('stage')
  const closeDate = field('closeDate')
  if (closeDate === undefined) missing('closeDate')
  const closeDay = typeof closeDate === 'string' ? (parseDay(closeDate) ?? closeDate) : undefined
  const amount = field('amount')
  if (mapping.fields.amount && amount === undefined) missing('amount')

  const createdSpec = mapping.fields.createdAt
  const createdRaw = field('createdAt')
  let createdAt: string | undefined
  if (createdSpec?.type === 'days-before-close' && typeof createdRaw === 'number' && closeDay) {
    createdAt = new Date(Date.parse(`${closeDay}T00:00:00Z`) - createdRaw * 86_400_000).toISOString()
  } else if (typeof createdRaw === 'string') {
    createdAt = parseInstant(createdRaw)
    if (!createdAt)
      issues.push({ column: createdSpec?.column ?? null, reason: `"${createdRaw}" is not a date` })
  } else if (closeDay) {
    createdAt = `${closeDay}T00:00:00.000Z`
  }
  const text = (name: DealField, fallback = ''): string => {
    const v = field(name)
    return v === undefined ? fallback : String(v)
  }
  const name = text('name', sourceId)
  const accountName = text('account', '(no account)')
  const ownerName = text('owner')
  const ownerEmail = text('ownerEmail')
  const lossReason = field('lossReason')
  const competitor = field('competitor')
  const currency = text('currency', 'USD')
  const source = text('source', mapping.name)
  const segment = text('segment')
  const region = text('region')

  if (issues.length > 0 || !stage || !closeDay || !createdAt) return { records: [], issues }

  const records: StagedRecord[] = []
  const parties = referDealParties(ctx, accountName, ownerName, ownerEmail)
  const dealId = `${mapping.idPrefix}:${sourceId}`
  const deal: Deal = {
    id: dealId,
    name,
    accountId: parties.accountId,
    ownerId: parties.ownerId,
    seId: null,
    kind: 'new_logo',
    stageModelId: mapping.stageModel.id,
    stageKey: stage.key,
    amountCents: typeof amount === 'number' ? Math.round(amount) : 0,
    currency,
    createdAt,
    closeDate: closeDay,
    isClosed: stage.isClosed,
    isWon: stage.isWon,
    lossReason: lossReason === undefined ? null : String(lossReason),
    competitor: competitor === undefined ? null : String(competitor),
    source,
    segment,
    region,
    goLiveTarget: null,
    goLiveDate: null,
    useCaseStatus: null,
    expectedMonthlyCents: null,
  }
  records.push({ table: 'deals', record: deal })
  for (const s of plan.signals) {
    const value = (values[s.column] ?? '').trim()
    if (value === '') continue
    const signal: DealSignal = {
      id: dealId + s.idSuffix,
      dealId,
      signalKey: s.key,
      value,
      observedAt: createdAt,
      source: 'import',
      evidence: s.evidence,
      strength: null,
      recordedBy: null,
    }
    records.push({ table: 'deal_signals', record: signal, child: true, ownerField: 'dealId' })
  }
  records.push(...parties.records)
  return { records, issues: [] }
}
