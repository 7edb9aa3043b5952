/**
 * The design matrix of the multivariable models: one indicator column per
 * non-reference value of each signal (a boolean's reference is false, a
 * category's its most common value), and one "not recorded" column per set
 * of signals that are missing on the same closed deals.
 */
import type { DealTable, Item } from './deal-table.js'

/**
 * `values`: 1 where the deal has the term, per deal of the table (an item's
 * members are shared, not copied); `support`: the closed deals (of `closedIdx`) with it.
 */
export type DesignColumn = { term: string; key: string; value: string; values: Uint8Array; support: number }

const notRecorded = (rec: Uint8Array): Uint8Array => {
  const out = new Uint8Array(rec.length)
  for (let i = 0; i < rec.length; i++) out[i] = 1 - (rec[i] as number)
  return out
}

/** Indicator columns for the models: each non-reference value, and "not recorded" where values are missing. */
export function designColumns(
  table: DealTable,
  closedIdx: Int32Array,
  closedCount: Map<Uint8Array, number>,
  minCount: number,
): DesignColumn[] {
  const columns: DesignColumn[] = []
  const countClosed = (m: Uint8Array): number => {
    let c = closedCount.get(m)
    if (c === undefined) {
      c = 0
      for (let r = 0; r < closedIdx.length; r++) c += m[closedIdx[r] as number] as number
      closedCount.set(m, c)
    }
    return c
  }
  table.signals.forEach((s, si) => {
    const items = table.items.filter((it) => it.signal === si)
    if (items.length === 0) return
    let reference: Item | undefined
    if (s.valueType === 'boolean') reference = items.find((it) => it.value === 'false')
    else reference = items.slice().sort((a, b) => countClosed(b.members) - countClosed(a.members))[0]
    for (const it of items) {
      if (it === reference) continue
      if (s.valueType === 'boolean' && it.value !== 'true') continue
      const c = countClosed(it.members)
      if (c < minCount || c > closedIdx.length - minCount) continue
      columns.push({
        term: s.valueType === 'boolean' ? s.key : `${s.key}=${it.value}`,
        key: s.key,
        value: it.value,
        values: it.members,
        support: c,
      })
    }
    const rec = table.recorded[si] as Uint8Array
    const missing = closedIdx.length - countClosed(rec)
    // Signals captured together (a MEDDPICC form) share one "not recorded" column.
    const duplicate = columns.some((c) => {
      if (c.value !== '(not recorded)') return false
      for (let r = 0; r < closedIdx.length; r++) {
        const i = closedIdx[r] as number
        if (c.values[i] !== 1 - (rec[i] as number)) return false
      }
      return true
    })
    if (!duplicate && missing >= minCount && missing <= closedIdx.length - minCount) {
      columns.push({
        term: `${s.key}:not_recorded`,
        key: s.key,
        value: '(not recorded)',
        values: notRecorded(rec),
        support: missing,
      })
    }
  })
  return columns
}
