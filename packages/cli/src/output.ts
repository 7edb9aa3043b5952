/**
 * How commands print: a readable table to a person, exact JSON to scripts
 * (`--json`), progress and notes to stderr so stdout stays clean for pipes.
 */
import Table from 'cli-table3'
import pc from 'picocolors'

export const printJson = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`)
}

export type Column<T> = { header: string; value: (row: T) => string | number; align?: 'left' | 'right' }

export function renderTable<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  const table = new Table({
    head: columns.map((c) => pc.bold(c.header)),
    colAligns: columns.map((c) => c.align ?? 'left'),
    style: { head: [], border: [], compact: true },
  })
  for (const row of rows) table.push(columns.map((c) => String(c.value(row))))
  return table.toString()
}

export const note = (message: string): void => {
  process.stderr.write(`${message}\n`)
}

const number = new Intl.NumberFormat('en-US')
export const formatCount = (n: number): string => number.format(n)

export function formatMoney(cents: number): string {
  const dollars = cents / 100
  const abs = Math.abs(dollars)
  if (abs >= 1e9) return `$${(dollars / 1e9).toFixed(1)}B`
  if (abs >= 1e6) return `$${(dollars / 1e6).toFixed(1)}M`
  if (abs >= 1e3) return `$${(dollars / 1e3).toFixed(0)}K`
  return `$${dollars.toFixed(0)}`
}

export const formatPercent = (fraction: number | null, digits = 1): string =>
  fraction === null ? '–' : `${(fraction * 100).toFixed(digits)}%`

/** A chance estimated by simulation: never a certain "100%" or "0%", but ">99%" / "<1%" where it merely rounds there. */
export const formatSimulatedChance = (fraction: number | null): string =>
  fraction === null ? '–' : fraction > 0.995 ? '>99%' : fraction < 0.005 ? '<1%' : formatPercent(fraction, 0)
