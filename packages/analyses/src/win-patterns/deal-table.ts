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

/**
 * Bins of a numeric signal: each distinct value when there are at most six,
 * else equal-count bins (3 to 10 of them, about 300 deals or more each) cut
 * at the sample quantiles.
 */
function numberBins(values: number[]): { label: string; test: (x: number) => boolean }[] {
  const distinct = [...new Set(values)].sort((a, b) => a - b)
  if (distinct.length <= 6) return distinct.map((v) => ({ label: String(v), test: (x: number) => x === v }))
  const sorted = values.slice().sort((a, b) => a - b)
  const count = Math.max(3, Math.min(10, Math.floor(sorted.length / 300)))
  const edges: number[] = []
  for (let k = 1; k < count; k++) {
    const edge = sorted[Math.min(sorted.length - 1, Math.floor((k / count) * sorted.length))] as number
    if (edges.length === 0 || edge > (edges[edges.length - 1] as number)) edges.push(edge)
  }
  const lo = sorted[0] as number
  const hi = sorted[sorted.length - 1] as number
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
  return bins.filter((bin) => values.some(bin.test))
}

export function buildDealTable(inputs: DealOutcomeInputs): DealTable {
  const { deals, signals } = inputs
  const n = deals.length
  const asOfDay = dayNumber(inputs.asOf)
  // Dates repeat across deals: parse each distinct one once.
  const parsed = new Map<string, number>()
  const day = (iso: string): number => {
    let d = parsed.get(iso)
    if (d === undefined) {
      d = dayNumber(iso)
      parsed.set(iso, d)
    }
    return d
  }
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
  // One pass over the deals for every signal: each deal's value as a code into the signal's distinct
  // values (-1: not recorded). Keyed lookups per deal and signal, and string columns, are slow on 200,000 deals.
  const keyIndex = new Map(signals.map((s, si) => [s.key, si]))
  const codeOf = signals.map(() => new Map<string, number>())
  const distinctRaw: string[][] = signals.map(() => [])
  const codes = signals.map(() => new Int32Array(n).fill(-1))
  for (let i = 0; i < n; i++) {
    const own = (deals[i] as DealOutcomeInputs['deals'][number]).signals
    for (const key in own) {
      const si = keyIndex.get(key)
      if (si === undefined) continue
      const v = own[key]
      if (v === undefined || v === '') continue
      const map = codeOf[si] as Map<string, number>
      let c = map.get(v)
      if (c === undefined) {
        const seen = distinctRaw[si] as string[]
        c = seen.length
        seen.push(v)
        map.set(v, c)
      }
      ;(codes[si] as Int32Array)[i] = c
    }
  }
  signals.forEach((s, si) => {
    const code = codes[si] as Int32Array
    const rawValues = distinctRaw[si] as string[]
    const rec = new Uint8Array(n)
    for (let i = 0; i < n; i++) if ((code[i] as number) >= 0) rec[i] = 1
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
      const asNumber = rawValues.map(Number)
      const numbers: number[] = []
      for (let i = 0; i < n; i++) {
        const c = code[i] as number
        if (c >= 0 && Number.isFinite(asNumber[c])) numbers.push(asNumber[c] as number)
      }
      const bins = numberBins(numbers)
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
    // Each distinct raw value's item slot, looked up once (-1: none).
    const slotOfCode = Int32Array.from(rawValues, (v) => {
      const label = labelOf(v)
      return label === null ? -1 : (slot.get(label) ?? -1)
    })
    const members = values.map(() => new Uint8Array(n))
    for (let i = 0; i < n; i++) {
      const c = code[i] as number
      if (c < 0) continue
      const k = slotOfCode[c] as number
      if (k >= 0) (members[k] as Uint8Array)[i] = 1
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

/** Kaplan-Meier of days to close for the deals where `include` is 1, tallied per distinct day. */
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
