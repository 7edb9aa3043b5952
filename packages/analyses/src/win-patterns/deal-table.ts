/**
 * Deal outcomes as columns: days open (to close, or to the as-of date for
 * open deals), closed and won flags, and one membership column per signal
 * value ("item"). Shared by win patterns and cycle time.
 */
import type { DealOutcomeInputs, DealOutcomeSignal } from '@revlab/domain'
import { kaplanMeierFromCounts, type KaplanMeier } from '@revlab/stats'

const DAY_MS = 86_400_000
/** Category values that state an absence: kept as values, but not offered as patterns to combine. */
export const ABSENT_VALUES = new Set(['none', 'unknown', 'no', 'false', 'n/a'])

export type Item = {
  key: string
  label: string
  group: string
  valueType: DealOutcomeSignal['valueType']
  value: string
  /** Index of the signal in `table.signals`. */
  signal: number
  /** 1 where the deal has this value. */
  members: Uint8Array
  /** Whether this value asserts something (a boolean's false is the absence of a signal). */
  positive: boolean
}

export type DealTable = {
  asOf: string
  n: number
  days: Float64Array
  closed: Uint8Array
  won: Uint8Array
  /** Deal indices sorted by days (ascending), for survival curves without re-sorting. */
  byDays: Int32Array
  /** The distinct values of `days`, ascending, and each deal's index into them. */
  uniqueDays: Float64Array
  dayIndex: Int32Array
  signals: DealOutcomeSignal[]
  items: Item[]
  /** Per signal, 1 where the deal has any value recorded. */
  recorded: Uint8Array[]
}

const dayNumber = (isoDate: string): number =>
  Math.floor(Date.parse(`${isoDate.slice(0, 10)}T00:00:00Z`) / DAY_MS)

const digit = (s: string, at: number): number => {
  const c = s.charCodeAt(at) - 48
  return c >= 0 && c <= 9 ? c : NaN
}

/**
 * `dayNumber` without building and parsing a string: a date that starts
 * YYYY-MM-DD (month 1-12, day 1-31, which Date.parse accepts and rolls over
 * past the month's end) by days-from-civil arithmetic; anything else by Date.parse.
 */
export function isoDayNumber(iso: string): number {
  const y = digit(iso, 0) * 1000 + digit(iso, 1) * 100 + digit(iso, 2) * 10 + digit(iso, 3)
  const m = digit(iso, 5) * 10 + digit(iso, 6)
  const d = digit(iso, 8) * 10 + digit(iso, 9)
  if (!(iso.charCodeAt(4) === 45 && iso.charCodeAt(7) === 45 && m >= 1 && m <= 12 && d >= 1 && d <= 31))
    return dayNumber(iso)
  // Days from 1970-01-01 to the first of the month (H. Hinnant's days_from_civil), plus the day.
  const yy = m <= 2 ? y - 1 : y
  const era = Math.floor(yy / 400)
  const yoe = yy - era * 400
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5)
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468 + d - 1
}

/**
 * Bins of a numeric signal: each distinct value when there are at most six,
 * else equal-count bins (3 to 10 of them, about 300 deals or more each) cut
 * at the sample quantiles. Takes the distinct values, ascending, and how many
 * deals have each (the sample is their multiset).
 */
function numberBins(distinct: number[], counts: number[]): { label: string; test: (x: number) => boolean }[] {
  if (distinct.length <= 6) return distinct.map((v) => ({ label: String(v), test: (x: number) => x === v }))
  let total = 0
  for (const c of counts) total += c
  // The value at a position of the sorted sample.
  const at = (position: number): number => {
    let seen = 0
    for (let k = 0; k < distinct.length; k++) {
      seen += counts[k] as number
      if (position < seen) return distinct[k] as number
    }
    return distinct[distinct.length - 1] as number
  }
  const count = Math.max(3, Math.min(10, Math.floor(total / 300)))
  const edges: number[] = []
  for (let k = 1; k < count; k++) {
    const edge = at(Math.min(total - 1, Math.floor((k / count) * total)))
    if (edges.length === 0 || edge > (edges[edges.length - 1] as number)) edges.push(edge)
  }
  const lo = distinct[0] as number
  const hi = distinct[distinct.length - 1] as number
  const round = (x: number): string => String(Number(x.toPrecision(4)))
  const bins: { label: string; test: (x: number) => boolean }[] = []
  let previous = -Infinity
  for (const edge of [...edges, Infinity]) {
    const from = previous
    const label =
      from === -Infinity
        ? `${round(lo)}–${round(edge)}`
        : edge === Infinity
          ? `above ${round(from)} (to ${round(hi)})`
          : `above ${round(from)} to ${round(edge)}`
    bins.push({ label, test: (x: number) => x > from && x <= edge })
    previous = edge
  }
  return bins.filter((bin) => distinct.some(bin.test))
}

export function buildDealTable(inputs: DealOutcomeInputs): DealTable {
  const { deals, signals } = inputs
  const n = deals.length
  const asOfDay = dayNumber(inputs.asOf)
  const day = isoDayNumber
  const days = new Float64Array(n)
  const closed = new Uint8Array(n)
  const won = new Uint8Array(n)
  let maxDay = 0
  for (let i = 0; i < n; i++) {
    const d = deals[i] as DealOutcomeInputs['deals'][number]
    const start = day(d.createdOn)
    const closeDay = d.isClosed ? day(d.closeDate) : Infinity
    const isClosed = d.isClosed && closeDay <= asOfDay
    closed[i] = isClosed ? 1 : 0
    won[i] = isClosed && d.isWon ? 1 : 0
    const value = Math.max(0, (isClosed ? closeDay : asOfDay) - start)
    days[i] = value
    if (value > maxDay) maxDay = value
  }
  // Whole days: a counting sort gives the time order and each deal's distinct-day slot in O(n + days).
  const integral = days.every((d) => Number.isInteger(d)) && maxDay < 1e7
  let byDays: Int32Array
  let uniqueDays: Float64Array
  let dayIndex: Int32Array
  if (integral) {
    const counts = new Int32Array(maxDay + 2)
    for (let i = 0; i < n; i++)
      counts[(days[i] as number) + 1] = (counts[(days[i] as number) + 1] as number) + 1
    const distinct: number[] = []
    const slot = new Int32Array(maxDay + 1)
    for (let d = 0; d <= maxDay; d++) {
      if ((counts[d + 1] as number) > 0) {
        slot[d] = distinct.length
        distinct.push(d)
      }
      counts[d + 1] = (counts[d + 1] as number) + (counts[d] as number)
    }
    byDays = new Int32Array(n)
    for (let i = 0; i < n; i++) {
      const d = days[i] as number
      byDays[counts[d] as number] = i
      counts[d] = (counts[d] as number) + 1
    }
    uniqueDays = Float64Array.from(distinct)
    dayIndex = new Int32Array(n)
    for (let i = 0; i < n; i++) dayIndex[i] = slot[days[i] as number] as number
  } else {
    byDays = Int32Array.from({ length: n }, (_, i) => i).sort(
      (a, b) => (days[a] as number) - (days[b] as number),
    )
    uniqueDays = Float64Array.from(new Set(Array.from(byDays, (i) => days[i] as number)))
    const slotOfDay = new Map(Array.from(uniqueDays, (d, k) => [d, k]))
    dayIndex = Int32Array.from(days, (d) => slotOfDay.get(d) as number)
  }
  const items: Item[] = []
  const recorded: Uint8Array[] = []
  // One pass over the deals for every signal: each deal's value as 1 + a code into the signal's
  // distinct values (0: not recorded), in the smallest array that holds the codes. Keyed lookups per
  // deal and signal, and string columns, are slow on 200,000 deals.
  const keyIndex = new Map(signals.map((s, si) => [s.key, si]))
  const codeOf = signals.map(() => new Map<string, number>())
  const distinctRaw: string[][] = signals.map(() => [])
  const codes: (Uint8Array | Uint16Array | Int32Array)[] = signals.map(() => new Uint8Array(n))
  // Deals' signals usually list their keys in the same order: the key that followed the previous
  // one last time is tried first (slot 0: the first key; slot si + 1: after signal si; the last
  // slot: after a key that is not a signal, whose signal number is -1).
  const afterLast = signals.length + 1
  const nextKey: (string | undefined)[] = new Array<string | undefined>(afterLast + 1).fill(undefined)
  const nextSignal = new Int32Array(afterLast + 1)
  for (let i = 0; i < n; i++) {
    const own = (deals[i] as DealOutcomeInputs['deals'][number]).signals
    let after = 0
    for (const key in own) {
      let si = nextSignal[after] as number
      if (nextKey[after] !== key) {
        si = keyIndex.get(key) ?? -1
        nextKey[after] = key
        nextSignal[after] = si
      }
      after = si < 0 ? afterLast : si + 1
      if (si < 0) continue
      const v = own[key]
      if (v === undefined || v === '') continue
      // A signal's first few values are compared directly (most signals have only a few).
      const seen = distinctRaw[si] as string[]
      let c: number | undefined =
        seen[0] === v ? 0 : seen[1] === v ? 1 : seen[2] === v ? 2 : seen[3] === v ? 3 : undefined
      const map = codeOf[si] as Map<string, number>
      if (c === undefined) c = map.get(v)
      if (c === undefined) {
        c = seen.length
        seen.push(v)
        map.set(v, c)
        const held = codes[si] as Uint8Array | Uint16Array | Int32Array
        if (held instanceof Uint8Array && c + 1 > 0xff) codes[si] = Uint16Array.from(held)
        else if (held instanceof Uint16Array && c + 1 > 0xffff) codes[si] = Int32Array.from(held)
      }
      ;(codes[si] as Uint8Array | Uint16Array | Int32Array)[i] = c + 1
    }
  }
  signals.forEach((s, si) => {
    const code = codes[si] as Uint8Array | Uint16Array | Int32Array
    const rawValues = distinctRaw[si] as string[]
    const rec = new Uint8Array(n)
    for (let i = 0; i < n; i++) rec[i] = code[i] !== 0 ? 1 : 0
    recorded.push(rec)
    // One pass per signal: each deal's value → its item.
    let labelOf: (v: string) => string | null
    let values: { value: string; positive: boolean }[]
    if (s.valueType === 'boolean') {
      values = [
        { value: 'true', positive: true },
        { value: 'false', positive: false },
      ]
      labelOf = (v) => (v === 'true' || v === 'false' ? v : null)
    } else if (s.valueType === 'number') {
      // Deals per distinct raw value, then per distinct finite number.
      const perCode = new Float64Array(rawValues.length + 1)
      for (let i = 0; i < n; i++) perCode[code[i] as number] = (perCode[code[i] as number] as number) + 1
      const perNumber = new Map<number, number>()
      rawValues.forEach((v, c) => {
        const x = Number(v)
        if (Number.isFinite(x)) perNumber.set(x, (perNumber.get(x) ?? 0) + (perCode[c + 1] as number))
      })
      const distinct = [...perNumber.keys()].sort((a, b) => a - b)
      const bins = numberBins(
        distinct,
        distinct.map((x) => perNumber.get(x) as number),
      )
      values = bins.map((b) => ({ value: b.label, positive: true }))
      labelOf = (v) => {
        const x = Number(v)
        return bins.find((b) => b.test(x))?.label ?? null
      }
    } else {
      values = [...rawValues]
        .sort()
        .map((value) => ({ value, positive: !ABSENT_VALUES.has(value.toLowerCase()) }))
      labelOf = (v) => v
    }
    const slot = new Map(values.map((v, k) => [v.value, k]))
    // Each stored code's item slot, looked up once per distinct raw value (-1: none, or not recorded).
    const slotOfCode = new Int32Array(rawValues.length + 1).fill(-1)
    rawValues.forEach((v, c) => {
      const label = labelOf(v)
      slotOfCode[c + 1] = label === null ? -1 : (slot.get(label) ?? -1)
    })
    const members = values.map(() => new Uint8Array(n))
    if (values.length <= 8) {
      // Few values: one branch-free pass per value.
      members.forEach((m, k) => {
        for (let i = 0; i < n; i++) m[i] = slotOfCode[code[i] as number] === k ? 1 : 0
      })
    } else {
      for (let i = 0; i < n; i++) {
        const k = slotOfCode[code[i] as number] as number
        if (k >= 0) (members[k] as Uint8Array)[i] = 1
      }
    }
    values.forEach((v, k) => {
      const m = members[k] as Uint8Array
      if (m.includes(1))
        items.push({
          key: s.key,
          label: s.label,
          group: s.group,
          valueType: s.valueType,
          value: v.value,
          signal: si,
          members: m,
          positive: v.positive,
        })
    })
  })
  return { asOf: inputs.asOf, n, days, uniqueDays, dayIndex, closed, won, byDays, signals, items, recorded }
}

/** Survival-curve inputs for the deals where `include` is 1, already in time order. */
export function survivalInputs(
  table: DealTable,
  include: (i: number) => boolean,
): { time: number[]; event: number[] } {
  const time: number[] = []
  const event: number[] = []
  for (const i of table.byDays) {
    if (!include(i)) continue
    time.push(table.days[i] as number)
    event.push(table.closed[i] as number)
  }
  return { time, event }
}

/** Kaplan-Meier of days to close for the deals where `members` is 1 (members are 0 or 1), tallied per distinct day. */
export function kaplanMeierOf(table: DealTable, members: Uint8Array): KaplanMeier {
  const m = table.uniqueDays.length
  // Per day: all deals, and the closed ones (events); the rest are censored. Branch-free.
  const all = new Float64Array(m)
  const events = new Float64Array(m)
  const { dayIndex, closed } = table
  for (let i = 0; i < table.n; i++) {
    const k = dayIndex[i] as number
    const x = members[i] as number
    all[k] = (all[k] as number) + x
    events[k] = (events[k] as number) + (x & (closed[i] as number))
  }
  for (let k = 0; k < m; k++) all[k] = (all[k] as number) - (events[k] as number)
  return kaplanMeierFromCounts(table.uniqueDays, events, all)
}

/** Kaplan-Meier of days to close for the deals where `include` is true, tallied per distinct day. */
export function kaplanMeierFor(table: DealTable, include: (i: number) => boolean): KaplanMeier {
  const events = new Float64Array(table.uniqueDays.length)
  const censored = new Float64Array(table.uniqueDays.length)
  for (let i = 0; i < table.n; i++) {
    if (!include(i)) continue
    const k = table.dayIndex[i] as number
    if (table.closed[i] === 1) events[k] = (events[k] as number) + 1
    else censored[k] = (censored[k] as number) + 1
  }
  return kaplanMeierFromCounts(table.uniqueDays, events, censored)
}
