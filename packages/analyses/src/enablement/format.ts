import type { EventStudyPoint, Interval95 } from './types.js'
import type { ImputationResult } from './two-way-imputation.js'

export const fmt = (x: number, digits = 2): string => {
  const s = x.toFixed(digits)
  return s.startsWith('-') ? `−${s.slice(1)}` : s
}

export const ciText = (
  ci: Interval95 | null,
  digits = 2,
  format: (x: number) => string = (x) => fmt(x, digits),
): string => (ci ? `95% CI ${format(ci[0])} to ${format(ci[1])}` : 'no interval')

export type Verdict = 'increase' | 'decrease' | 'no-detectable-change' | 'insufficient-data'

export const verdictOf = (estimate: number | null, ci: Interval95 | null): Verdict =>
  estimate === null || ci === null
    ? 'insufficient-data'
    : ci[0] > 0
      ? 'increase'
      : ci[1] < 0
        ? 'decrease'
        : 'no-detectable-change'

export const binLabel = (bin: number, edge: number, unit: string): string =>
  bin <= -edge ? `≤${bin} ${unit}` : bin >= edge ? `≥${bin} ${unit}` : `${bin} ${unit}`

export const eventStudyPoints = (result: ImputationResult, edge: number, unit: string): EventStudyPoint[] =>
  result.bins.map((b) => ({
    bin: b.bin,
    label: binLabel(b.bin, edge, unit),
    estimate: b.estimate,
    ci95: b.ci95,
    n: b.n,
  }))

export const dollars = (cents: number): string => {
  const d = cents / 100
  const abs = Math.abs(d)
  const s =
    abs >= 1e6
      ? `$${(abs / 1e6).toFixed(2)}M`
      : abs >= 1e4
        ? `$${(abs / 1e3).toFixed(0)}k`
        : `$${abs.toFixed(0)}`
  return d < 0 ? `−${s}` : s
}
