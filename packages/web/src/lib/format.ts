/**
 * Every number, amount and date the web app shows goes through here, so a
 * table and a chart tooltip always agree. Money arrives as integer cents,
 * rates as fractions 0–1, dates as ISO strings in UTC.
 */

const compactUnits: ReadonlyArray<readonly [number, string]> = [
  [1e9, 'B'],
  [1e6, 'M'],
  [1e3, 'K'],
]

/** 123_456_789 cents → "$1.2M"; 4_500_000 → "$45K"; 95_000 → "$950". */
export function formatMoneyCompact(cents: number, currency = 'USD'): string {
  const symbol = currencySymbol(currency)
  const dollars = cents / 100
  const sign = dollars < 0 ? '-' : ''
  const abs = Math.abs(dollars)
  for (const [size, suffix] of compactUnits) {
    // Round first so 999_950 shows as "$1.0M", not "$1000.0K".
    if (abs >= size * 0.9995) {
      const scaled = abs / size
      const digits = scaled >= 100 ? 0 : 1
      const text = scaled.toFixed(digits).replace(/\.0$/, '')
      return `${sign}${symbol}${text}${suffix}`
    }
  }
  return `${sign}${symbol}${Math.round(abs).toLocaleString('en-US')}`
}

/** 123_456_789 cents → "$1,234,568". For headers where the exact figure matters. */
export function formatMoneyFull(cents: number, currency = 'USD'): string {
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    maximumFractionDigits: 0,
  }).format(cents / 100)
}

function currencySymbol(currency: string): string {
  if (currency === 'USD') return '$'
  const part = new Intl.NumberFormat('en-US', { style: 'currency', currency })
    .formatToParts(0)
    .find((p) => p.type === 'currency')
  return part?.value ?? `${currency} `
}

/** 0.3141 → "31.4%"; null → "–". */
export function formatPercent(fraction: number | null | undefined): string {
  if (fraction == null || !Number.isFinite(fraction)) return '–'
  return `${(fraction * 100).toFixed(1)}%`
}

/**
 * A chance estimated by simulation: never a certain "100.0%" or "0.0%" (no
 * run of `replicates` can show certainty), but "over 99.9%" / "under 0.1%".
 */
export function formatSimulatedChance(fraction: number | null | undefined): string {
  if (fraction == null || !Number.isFinite(fraction)) return '–'
  if (fraction > 0.999) return 'over 99.9%'
  if (fraction < 0.001) return 'under 0.1%'
  return formatPercent(fraction)
}

/** [0.27, 0.35] → "27.0–35.0%". */
export function formatInterval(ci: readonly [number, number] | null | undefined): string {
  if (!ci) return '–'
  return `${(ci[0] * 100).toFixed(1)}–${(ci[1] * 100).toFixed(1)}%`
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US')
}

const dateFormat = new Intl.DateTimeFormat('en-US', {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  timeZone: 'UTC',
})

/** "2026-03-31" or "2026-03-31T14:00:00Z" → "Mar 31, 2026". Always read as UTC so a date never shifts a day. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '–'
  const ms = parseIsoMs(iso)
  return Number.isNaN(ms) ? iso : dateFormat.format(ms)
}

/** Whole days between two ISO dates (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((parseIsoMs(b) - parseIsoMs(a)) / 86_400_000)
}

export function parseIsoMs(iso: string): number {
  // A bare date is a UTC calendar date; Date.parse already treats it so, but be explicit.
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) ? Date.parse(`${iso}T00:00:00Z`) : Date.parse(iso)
}

/** Today as "YYYY-MM-DD" in UTC. */
export function todayIso(): string {
  return new Date().toISOString().slice(0, 10)
}

/** 12.46 → "12.5"; 3 → "3". Day counts can be fractional (stage changes carry a time). */
export function formatDayCount(days: number | null | undefined): string {
  if (days == null) return '–'
  return days.toLocaleString('en-US', { maximumFractionDigits: 1 })
}

export function formatDays(days: number | null | undefined): string {
  if (days == null) return '–'
  return days === 1 ? '1 day' : `${formatDayCount(days)} days`
}

/** "2026Q1" or "2026-Q1" → "Q1 2026". */
export function formatQuarter(quarter: string): string {
  const m = /^(\d{4})-?Q([1-4])$/.exec(quarter)
  return m ? `Q${m[2]} ${m[1]}` : quarter
}

/** "economic_buyer" → "Economic buyer". */
export function humanize(key: string): string {
  const text = key.replace(/[_-]+/g, ' ').trim()
  return text.charAt(0).toUpperCase() + text.slice(1)
}

const ROLE_LABELS: Record<string, string> = {
  admin: 'Admin',
  leader: 'Sales leader',
  manager: 'Manager',
  rep: 'Account executive',
  analyst: 'Analyst',
}

export function formatRole(role: string): string {
  return ROLE_LABELS[role] ?? humanize(role)
}

const SOURCE_LABELS: Record<string, string> = {
  crm: 'CRM',
  salesforce: 'Salesforce',
  call: 'Call',
  gong: 'Gong',
  lms: 'LMS',
  email: 'Email',
  manual: 'Entered by hand',
}

/** Where a signal came from: "crm" → "CRM". */
export function formatSource(source: string): string {
  return SOURCE_LABELS[source.toLowerCase()] ?? humanize(source)
}

/** A signal's stored value as a person would say it: "true" → "Yes", "open_source" → "Open source". */
export function formatSignalValue(value: string): string {
  const v = value.trim().toLowerCase()
  if (v === 'true' || v === 'yes') return 'Yes'
  if (v === 'false' || v === 'no') return 'No'
  if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v).toLocaleString('en-US')
  return humanize(value)
}
