/**
 * The mapping file that brings any deal CSV in: which columns are the deal's
 * fields, how their values translate, and which columns become signals.
 * `parseDealMapping` checks a parsed JSON file and says what is wrong in it. Pure.
 */
import { RevlabError, SIGNAL_GROUPS, type SignalGroup } from '@revlab/domain'
import { toSignalKey } from '../framework/normalize.js'

export const FIELD_TYPES = [
  'text',
  'number',
  'money',
  'date',
  'instant',
  'boolean',
  'days-before-close',
] as const
export type FieldType = (typeof FIELD_TYPES)[number]

export type FieldSpec = {
  /** The CSV column the value comes from. */
  column?: string
  /** Or a text built from columns: `"{product} for {account}"`. */
  template?: string
  type?: FieldType
  /** Value translations (exact, then case-insensitive). */
  values?: Record<string, string | number | boolean>
  /** Used when the column is empty (or absent). */
  default?: string | number | boolean
}

export const DEAL_FIELDS = [
  'name',
  'account',
  'owner',
  'ownerEmail',
  'stage',
  'amount',
  'currency',
  'createdAt',
  'closeDate',
  'lossReason',
  'competitor',
  'source',
  'segment',
  'region',
] as const
export type DealField = (typeof DEAL_FIELDS)[number]

export type MappedStage = {
  key: string
  name: string
  isClosed: boolean
  isWon: boolean
  probability: number
}

export type SignalSpec = { column: string; key: string; group: SignalGroup }

export type DealMapping = {
  name: string
  title: string
  entity: 'deal'
  idColumn: string
  /** Prefix of deal ids; the mapping name by default. */
  idPrefix: string
  stageModel: { id: string; name: string; stages: MappedStage[] }
  fields: Partial<Record<DealField, FieldSpec>>
  signals: SignalSpec[]
  /** Columns deliberately left out, each with the reason. */
  ignore: Record<string, string>
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

export function parseDealMapping(json: unknown, file: string): DealMapping {
  const fail = (
    problem: string,
    hint = 'see packages/importers/mappings/README.md for the format',
  ): never => {
    throw new RevlabError('BAD_INPUT', `${file}: ${problem}`, { hint })
  }
  if (!isRecord(json)) return fail('a mapping file is a JSON object')
  const name = json.name
  if (typeof name !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(name))
    return fail('"name" must be a lower-case kebab-case name, like "ibm-sales-win-loss"')
  if ((json.entity ?? 'deal') !== 'deal')
    return fail('"entity" must be "deal" (the only entity mappings bring in)')
  const id = json.id
  const idColumn =
    typeof id === 'string' ? id : isRecord(id) && typeof id.column === 'string' ? id.column : undefined
  if (!idColumn) return fail('"id" must name the column that holds each row\'s source id')
  const idPrefix = isRecord(id) && typeof id.prefix === 'string' ? id.prefix : name

  const sm = json.stageModel
  if (!isRecord(sm) || typeof sm.id !== 'string' || !Array.isArray(sm.stages) || sm.stages.length === 0)
    return fail('"stageModel" needs an "id" and a non-empty "stages" list')
  const stages = sm.stages.map((s, i): MappedStage => {
    if (!isRecord(s) || typeof s.key !== 'string') return fail(`stageModel.stages[${i}] needs a "key"`)
    return {
      key: s.key,
      name: typeof s.name === 'string' ? s.name : s.key,
      isClosed: s.isClosed === true,
      isWon: s.isWon === true,
      probability: typeof s.probability === 'number' ? s.probability : s.isWon === true ? 1 : 0,
    }
  })

  const fieldsJson = json.fields
  if (!isRecord(fieldsJson)) return fail('"fields" must map deal fields to columns')
  const fields: Partial<Record<DealField, FieldSpec>> = {}
  for (const [field, spec] of Object.entries(fieldsJson)) {
    if (!(DEAL_FIELDS as readonly string[]).includes(field))
      return fail(`unknown deal field "${field}"`, `fields are: ${DEAL_FIELDS.join(', ')}`)
    const s: unknown = typeof spec === 'string' ? { column: spec } : spec
    if (!isRecord(s)) return fail(`fields.${field} must be a column name or an object`)
    if (s.column === undefined && s.template === undefined && s.default === undefined)
      return fail(`fields.${field} needs a "column", a "template" or a "default"`)
    if (s.type !== undefined && !(FIELD_TYPES as readonly unknown[]).includes(s.type))
      return fail(`fields.${field}.type must be one of ${FIELD_TYPES.join(', ')}`)
    if (s.values !== undefined && !isRecord(s.values)) return fail(`fields.${field}.values must be an object`)
    fields[field as DealField] = s as FieldSpec
  }
  for (const required of ['stage', 'closeDate'] as const)
    if (!fields[required]) fail(`fields.${required} is required`)
  const stageValues = fields.stage?.values
  if (stageValues)
    for (const v of Object.values(stageValues))
      if (!stages.some((s) => s.key === v))
        fail(`fields.stage.values maps to "${String(v)}", which is not a stage key`)

  const signals = (Array.isArray(json.signals) ? json.signals : []).map((s, i): SignalSpec => {
    const spec: unknown = typeof s === 'string' ? { column: s } : s
    if (!isRecord(spec) || typeof spec.column !== 'string') return fail(`signals[${i}] needs a "column"`)
    const group = spec.group ?? 'readiness'
    if (!(SIGNAL_GROUPS as readonly unknown[]).includes(group))
      return fail(`signals[${i}].group must be one of ${SIGNAL_GROUPS.join(', ')}`)
    return {
      column: spec.column,
      key: typeof spec.key === 'string' ? spec.key : toSignalKey(spec.column),
      group: group as SignalGroup,
    }
  })
  const ignore = isRecord(json.ignore)
    ? Object.fromEntries(Object.entries(json.ignore).map(([k, v]) => [k, String(v)]))
    : {}
  return {
    name,
    title: typeof json.title === 'string' ? json.title : name,
    entity: 'deal',
    idColumn,
    idPrefix,
    stageModel: { id: sm.id, name: typeof sm.name === 'string' ? sm.name : sm.id, stages },
    fields,
    signals,
    ignore,
  }
}

/** Every column the mapping reads: the file must have them all. */
export function mappedColumns(mapping: DealMapping): string[] {
  const cols = new Set<string>([mapping.idColumn])
  for (const spec of Object.values(mapping.fields)) {
    if (spec.column) cols.add(spec.column)
    for (const m of spec.template?.matchAll(/\{([^}]+)\}/g) ?? []) if (m[1]) cols.add(m[1])
  }
  for (const s of mapping.signals) cols.add(s.column)
  return [...cols]
}
