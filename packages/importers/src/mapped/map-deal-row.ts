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

function translate(spec: FieldSpec, raw: string): { value: Value; issue?: string } {
  const text = raw.trim()
  if (spec.values) {
    if (text === '' && spec.default !== undefined) return { value: spec.default }
    const exact = spec.values[text]
    if (exact !== undefined) return { value: exact }
    const lower = text.toLowerCase()
    const loose = Object.entries(spec.values).find(([k]) => k.toLowerCase() === lower)
    if (loose) return { value: loose[1] }
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
  const field = (name: DealField): Value => {
    const spec = mapping.fields[name]
    if (!spec) return undefined
    if (spec.template !== undefined) {
      return (
        spec.template.replace(/\{([^}]+)\}/g, (_, col: string) => (values[col] ?? '').trim()).trim() ||
        spec.default
      )
    }
    if (spec.column === undefined) return spec.default
    const { value, issue } = translate(spec, values[spec.column] ?? '')
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
  const stage = mapping.stageModel.stages.find((s) => s.key === stageKey)
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
  const account = referAccount(ctx, { name: accountName })
  const owner = referPerson(ctx, { name: ownerName || '(unassigned)', email: ownerEmail || null })
  const dealId = `${mapping.idPrefix}:${sourceId}`
  const deal: Deal = {
    id: dealId,
    name,
    accountId: account.accountId,
    ownerId: owner.personId,
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
  for (const s of mapping.signals) {
    const value = (values[s.column] ?? '').trim()
    if (value === '') continue
    const signal: DealSignal = {
      id: `${dealId}:${s.key}`,
      dealId,
      signalKey: s.key,
      value,
      observedAt: createdAt,
      source: 'import',
      evidence: `${mapping.title}, column "${s.column}"`,
      strength: null,
      recordedBy: null,
    }
    records.push({ table: 'deal_signals', record: signal, child: true, ownerField: 'dealId' })
  }
  records.push(...account.records, ...owner.records)
  return { records, issues: [] }
}
