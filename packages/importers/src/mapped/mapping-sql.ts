/**
 * A deal mapping compiled to SQL over a table of raw CSV cells (`c1`…`cN`,
 * all text): per row the deal's fields, its signals' values and `ok`, which
 * is true only where the SQL result is provably what `mapDealRow` makes of
 * the row. Cells are trimmed of the characters JavaScript's `trim` removes
 * (so they are the very texts `mapDealRow` sees); plain text,
 * templates, money (`-?digits[.dd]`) and days-before-close (`-?digits`) are
 * computed in SQL; everything else a field can be (value maps, dates, other
 * types) goes through a lookup: each distinct cell is translated once in JS
 * by the same code `mapDealRow` runs, and rows whose cell has an issue are
 * simply not `ok` (they go through `mapDealRow`, which says why). Pure.
 */
import type { Engine } from '@revlab/db'
import { parseDay, parseInstant } from '../framework/normalize.js'
import { fieldValue } from './map-deal-row.js'
import { DEAL_FIELDS, mappedColumns, type DealField, type DealMapping, type FieldSpec } from './mapping.js'

/** A text as an SQL literal (both engines read backslashes literally). */
export const lit = (text: string): string => `'${text.replace(/'/g, "''")}'`

/** The characters JavaScript's `trim` removes: SQL's trim over this set is JavaScript's trim. */
const JS_SPACE = [
  ' ',
  '\t',
  '\n',
  '\v',
  '\f',
  '\r',
  '\u00a0',
  '\u1680',
  ...Array.from({ length: 11 }, (_, i) => String.fromCharCode(0x2000 + i)),
  '\u2028',
  '\u2029',
  '\u202f',
  '\u205f',
  '\u3000',
  '\ufeff',
].join('')
/** A text that begins or ends with one of them (the characters themselves in the class: both engines read them alike). */
const EDGE_SPACE = `^[${JS_SPACE}]|[${JS_SPACE}]$`

/** A field's value where `mapDealRow` would reject the row. */
const EXCLUDED = Symbol('excluded')
type Out = string | null | typeof EXCLUDED
type Value = string | number | boolean | undefined

/** One translation table to fill in JS: the distinct cells of `column` (trimmed), each with `out`, or left out. */
export type MappingLookup = {
  table: string
  column: number
  /** The trimmed cell, in SQL over the raw table's columns. */
  cell: string
  out: (cell: string) => Out
}
export const isExcluded = (out: Out): out is typeof EXCLUDED => out === EXCLUDED

export type CompiledMapping = {
  lookups: MappingLookup[]
  /** `select` of the mapped rows from `raw` (with `seq`), one line per row. */
  mappedSelect: (raw: string) => string
  /** The stage of each key, with its closed and won flags. */
  stages: { key: string; isClosed: boolean; isWon: boolean }[]
  signals: { key: string; column: string; evidence: string }[]
}

const TEXT_DEFAULTS: Partial<Record<DealField, (m: DealMapping) => string | null>> = {
  account: () => '(no account)',
  owner: () => '',
  ownerEmail: () => '',
  segment: () => '',
  region: () => '',
  currency: () => 'USD',
  source: (m) => m.name,
  lossReason: () => null,
  competitor: () => null,
}

/** What `mapDealRow` makes of a field's value, as text for SQL (EXCLUDED where the row is rejected). */
function consume(mapping: DealMapping, name: DealField, value: Value): Out {
  switch (name) {
    case 'stage':
      return typeof value === 'string' && mapping.stageModel.stages.some((s) => s.key === value)
        ? value
        : EXCLUDED
    case 'amount':
      if (value === undefined) return mapping.fields.amount ? EXCLUDED : '0'
      if (typeof value !== 'number') return '0'
      return Number.isSafeInteger(Math.round(value)) ? String(Math.round(value)) : EXCLUDED
    case 'closeDate':
      return typeof value === 'string' ? (parseDay(value) ?? EXCLUDED) : EXCLUDED
    case 'createdAt':
      // Not a text: the close day's midnight (null here); a text: that instant.
      return typeof value === 'string' ? (parseInstant(value) ?? EXCLUDED) : null
    case 'name':
      return value === undefined ? null : String(value)
    default:
      return value === undefined ? (TEXT_DEFAULTS[name]?.(mapping) ?? null) : String(value)
  }
}

type Engines = {
  trim: (x: string) => string
  matches: (x: string, pattern: string) => string
  daysBefore: (day: string, days: string) => string
}
// Trimming over a character set is slow: only cells with whitespace at an end are trimmed.
const ENGINES: Record<Engine, Engines> = {
  duckdb: {
    trim: (x) =>
      `case when regexp_matches(${x}, ${lit(EDGE_SPACE)}) then trim(${x}, ${lit(JS_SPACE)}) else ${x} end`,
    matches: (x, p) => `regexp_full_match(${x}, ${lit(p)})`,
    daysBefore: (d, n) => `strftime(cast(${d} as date) - cast(${n} as integer), '%Y-%m-%d')`,
  },
  postgres: {
    trim: (x) => `case when ${x} ~ ${lit(EDGE_SPACE)} then btrim(${x}, ${lit(JS_SPACE)}) else ${x} end`,
    matches: (x, p) => `(${x} ~ ${lit(`^(${p})$`)})`,
    daysBefore: (d, n) => `to_char(cast(${d} as date) - cast(${n} as integer), 'YYYY-MM-DD')`,
  },
}

const MONEY = '-?[0-9]{1,13}([.][0-9]{1,2})?'
const DAYS = '-?[0-9]{1,5}'

const sqlOut = (out: Out): string => (out === null || out === EXCLUDED ? 'null' : lit(out))

/**
 * Compiles `mapping` for a file whose header is `header`; undefined when
 * some part of it has no exact SQL form (the file then goes row by row).
 */
export function compileMappingSql(
  mapping: DealMapping,
  header: readonly string[],
  engine: Engine,
  prefix: string,
): CompiledMapping | undefined {
  const e = ENGINES[engine]
  const index = new Map(header.map((h, i) => [h, i + 1]))
  const used = mappedColumns(mapping)
  if (used.some((c) => !index.has(c))) return undefined
  const cell = (column: string): string => `v${index.get(column) ?? 0}`
  const lookups: MappingLookup[] = []
  /** Per field: its SQL value (already what mapDealRow uses) and the condition that it is exact. */
  const fields = new Map<DealField, { sql: string; ok: string[] }>()

  // The deal fields, createdAt last (it is combined with the close date after the loop).
  const fieldOrder: DealField[] = [...DEAL_FIELDS.filter((f) => f !== 'createdAt'), 'createdAt']
  const constant = (name: DealField, value: Value): boolean => {
    const out = consume(mapping, name, value)
    if (isExcluded(out)) return false
    fields.set(name, { sql: sqlOut(out), ok: [] })
    return true
  }
  const textDefault = (name: DealField, spec: FieldSpec): string =>
    sqlOut(consume(mapping, name, spec.default))
  for (const name of fieldOrder) {
    const spec = mapping.fields[name]
    if (!spec) {
      if (name === 'createdAt') continue
      if (!constant(name, undefined)) return undefined
      continue
    }
    const plainText = name !== 'stage' && name !== 'amount' && name !== 'closeDate' && name !== 'createdAt'
    if (spec.template !== undefined) {
      if (!plainText) return undefined
      const parts = spec.template.split(/\{([^}]+)\}/)
      const pieces = parts.map((p, i) => (i % 2 === 1 ? `coalesce(${cell(p)}, '')` : lit(p)))
      const text = e.trim(pieces.length === 1 ? (pieces[0] ?? "''") : `concat(${pieces.join(', ')})`)
      fields.set(name, {
        sql: `case when ${text} = '' then ${textDefault(name, spec)} else ${text} end`,
        ok: [],
      })
      continue
    }
    if (spec.column === undefined) {
      if (name === 'createdAt') {
        if (typeof spec.default === 'string' || spec.type === 'days-before-close') return undefined
        continue
      }
      if (!constant(name, spec.default)) return undefined
      continue
    }
    const v = cell(spec.column)
    if (!spec.values && (spec.type ?? 'text') === 'text' && plainText) {
      fields.set(name, { sql: `case when ${v} = '' then ${textDefault(name, spec)} else ${v} end`, ok: [] })
      continue
    }
    if (!spec.values && spec.type === 'money' && name === 'amount') {
      const d = spec.default
      fields.set(name, {
        sql: `case when ${v} = '' then ${typeof d === 'number' ? String(Math.round(d)) : 'null'} when ${e.matches(v, MONEY)} then cast(cast(${v} as decimal(18, 2)) * 100 as bigint) end`,
        ok: [`(${v} = '' and ${typeof d === 'number' ? 'true' : 'false'} or ${e.matches(v, MONEY)})`],
      })
      continue
    }
    if (!spec.values && spec.type === 'days-before-close' && name === 'createdAt') {
      const d = spec.default
      const n = d === undefined ? '0' : typeof d === 'number' && Number.isInteger(d) ? String(d) : undefined
      if (n === undefined || Math.abs(Number(n)) > 99_999) return undefined
      fields.set(name, {
        sql: `case when ${v} = '' then ${n} when ${e.matches(v, DAYS)} then cast(${v} as integer) end`,
        ok: [`(${v} = '' or ${e.matches(v, DAYS)})`],
      })
      continue
    }
    if (spec.values && spec.type === 'days-before-close') return undefined
    // Everything else: each distinct cell through mapDealRow's own translation.
    const table = `${prefix}_l_${lookups.length + 1}`
    lookups.push({
      table,
      column: index.get(spec.column) ?? 0,
      cell: e.trim(`coalesce(c${index.get(spec.column) ?? 0}, '')`),
      out: (text) => {
        const { value, issue } = fieldValue(mapping, spec, text)
        return issue ? EXCLUDED : consume(mapping, name, value)
      },
    })
    fields.set(name, { sql: `${table}.out`, ok: [`${table}.v is not null`] })
  }

  const idCell = cell(mapping.idColumn)
  const createdSpec = mapping.fields.createdAt
  const created = fields.get('createdAt')
  const f = (name: DealField): string => fields.get(name)?.sql ?? 'null'
  const dealId = `concat(${lit(`${mapping.idPrefix}:`)}, ${idCell})`
  const closeDay = f('closeDate')
  // `||` (not concat) keeps a missing close day null on rows that are not ok.
  const midnight = (day: string): string => `(${day} || 'T00:00:00.000Z')`
  const createdAt = !created
    ? midnight(closeDay)
    : createdSpec?.type === 'days-before-close' && !createdSpec.values
      ? midnight(e.daysBefore(closeDay, created.sql))
      : `coalesce(${created.sql}, ${midnight(closeDay)})`
  const signals = mapping.signals.map((s) => ({
    key: s.key,
    column: s.column,
    evidence: `${mapping.title}, column "${s.column}"`,
  }))
  const oks = [`${idCell} <> ''`, ...[...fields.values()].flatMap((x) => x.ok)]
  const cellColumns = [...new Set(used.map((c) => index.get(c) ?? 0))]
  return {
    lookups,
    stages: mapping.stageModel.stages.map((s) => ({ key: s.key, isClosed: s.isClosed, isWon: s.isWon })),
    signals,
    mappedSelect: (raw) => {
      const cells = cellColumns.map((i) => `${e.trim(`coalesce(c${i}, '')`)} as v${i}`).join(', ')
      const joins = lookups.map((l) => `left join ${l.table} on ${l.table}.v = x.v${l.column}`).join(' ')
      return `select x.seq, (${oks.join(' and ')}) as ok, ${dealId} as deal_id,
          coalesce(${f('name')}, ${idCell}) as name, ${f('account')} as account_name,
          ${f('owner')} as owner_name, ${f('ownerEmail')} as owner_email, ${f('stage')} as stage_key,
          cast(${f('amount')} as bigint) as amount_cents, cast(${closeDay} as date) as close_day, cast(${createdAt} as timestamptz) as created_at,
          ${f('lossReason')} as loss_reason, ${f('competitor')} as competitor, ${f('currency')} as currency,
          ${f('source')} as source, ${f('segment')} as segment, ${f('region')} as region
          ${signals.map((s, i) => `, ${cell(s.column)} as s${i + 1}`).join('')}
        from (select seq, ${cells} from ${raw} r0) x ${joins}`
    },
  }
}
