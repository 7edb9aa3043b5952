/** Money and percentages the way a sales leader writes them in a note: $1.2M, $35K, +12%. */
export function money(cents: number): string {
  const dollars = Math.abs(cents) / 100
  const sign = cents < 0 ? '−' : ''
  if (dollars >= 1e9) return `${sign}$${(dollars / 1e9).toFixed(1)}B`
  if (dollars >= 1e6) return `${sign}$${(dollars / 1e6).toFixed(1)}M`
  if (dollars >= 1e4) return `${sign}$${Math.round(dollars / 1e3)}K`
  if (dollars >= 1e3) return `${sign}$${(dollars / 1e3).toFixed(1)}K`
  return `${sign}$${Math.round(dollars)}`
}

export const pct = (fraction: number): string =>
  `${fraction >= 0 ? '+' : '−'}${Math.abs(Math.round(fraction * 100))}%`

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`

/** "A, B and C". */
export function listOf(parts: string[]): string {
  if (parts.length <= 1) return parts.join('')
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1] ?? ''}`
}
