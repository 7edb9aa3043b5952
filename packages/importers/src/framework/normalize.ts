/**
 * Small pure conversions every importer needs: dates in the shapes exports
 * use, money to integer cents, column names to signal keys, names to a form
 * that matches across systems, and stable ids from source ids.
 */

/** `Competitor Type` → `competitor_type`; `Revenue__c` → `revenue_c`. */
export const toSignalKey = (column: string): string =>
  column
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')

/** "Doe, Jane" / "jane  DOE" / "Jäne Doe" → "jane doe": the form names are matched in. */
export function normalizePersonName(name: string): string {
  let n = name.trim()
  const comma = /^([^,]+),\s*([^,]+)$/.exec(n)
  if (comma) n = `${comma[2]} ${comma[1]}`
  return n
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9@.\s-]/g, '')
    .replace(/[\s.-]+/g, ' ')
    .trim()
}

export const normalizeEmail = (email: string): string => email.trim().toLowerCase()

/** Lower-case words joined by dashes, for ids made of names. */
export const slugify = (text: string): string =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '') || 'blank'

const pad = (n: number): string => String(n).padStart(2, '0')

const validDay = (y: number, m: number, d: number): boolean => {
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1900 || y > 2200) return false
  const date = new Date(Date.UTC(y, m - 1, d))
  return date.getUTCMonth() === m - 1 && date.getUTCDate() === d
}

/**
 * An instant from the shapes exports use: ISO dates and date-times (with or
 * without zone; without one it is UTC), and the US locale `M/D/YYYY` with an
 * optional `h:mm[:ss] AM|PM` or 24-hour `H:mm`. Undefined when it is none of them.
 */
export function parseInstant(text: string): string | undefined {
  const s = text.trim()
  if (s === '') return undefined
  let m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(
    s,
  )
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
    if (!validDay(y, mo, d)) return undefined
    if (m[4] === undefined) return new Date(Date.UTC(y, mo - 1, d)).toISOString()
    const h = Number(m[4])
    const mi = Number(m[5])
    const sec = Number(m[6] ?? 0)
    if (h > 23 || mi > 59 || sec > 59) return undefined
    const zone = m[8] ?? 'Z'
    const iso = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${pad(sec)}${m[7] ?? ''}${zone === 'Z' ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone}`
    const t = Date.parse(iso)
    return Number.isNaN(t) ? undefined : new Date(t).toISOString()
  }
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$/.exec(s)
  if (m) {
    const [mo, d, y] = [Number(m[1]), Number(m[2]), Number(m[3])]
    if (!validDay(y, mo, d)) return undefined
    let h = Number(m[4] ?? 0)
    const mi = Number(m[5] ?? 0)
    const sec = Number(m[6] ?? 0)
    const ampm = m[7]?.toUpperCase()
    if (ampm) {
      if (h < 1 || h > 12) return undefined
      if (ampm === 'AM' && h === 12) h = 0
      if (ampm === 'PM' && h !== 12) h += 12
    }
    if (h > 23 || mi > 59 || sec > 59) return undefined
    return new Date(Date.UTC(y, mo - 1, d, h, mi, sec)).toISOString()
  }
  return undefined
}

/** A `YYYY-MM-DD` day from the same shapes as `parseInstant`. */
export const parseDay = (text: string): string | undefined => parseInstant(text)?.slice(0, 10)

/** "1,234.50", "$1234.5", "(12.00)", "1234" → cents. Undefined when it is not an amount. */
export function parseMoneyCents(text: string): number | undefined {
  let s = text.trim().replace(/^[$€£]\s*|\s*(USD|EUR|GBP)$/gi, '')
  if (s === '') return undefined
  let negative = false
  if (/^\(.*\)$/.test(s)) {
    negative = true
    s = s.slice(1, -1)
  }
  s = s.replace(/,(?=\d{3}(\D|$))/g, '')
  if (!/^-?\d+(\.\d+)?$/.test(s)) return undefined
  const cents = Math.round(Number(s) * 100)
  if (!Number.isSafeInteger(cents)) return undefined
  return negative ? -cents : cents
}

/** A finite number ("1,234.5" allowed), else undefined. */
export function parseNumber(text: string): number | undefined {
  const s = text.trim().replace(/,(?=\d{3}(\D|$))/g, '')
  if (s === '' || !/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(s)) return undefined
  const n = Number(s)
  return Number.isFinite(n) ? n : undefined
}

/** true/false from the words exports use (true/false, 1/0, yes/no, Y/N). */
export function parseBoolean(text: string): boolean | undefined {
  const s = text.trim().toLowerCase()
  if (['true', '1', 'yes', 'y', 't'].includes(s)) return true
  if (['false', '0', 'no', 'n', 'f'].includes(s)) return false
  return undefined
}

/** A short stable hash (FNV-1a, 2×32 bits) for ids made from long keys. */
export function stableHash(text: string): string {
  let h1 = 0x811c9dc5
  let h2 = 0x01000193
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    h1 = Math.imul(h1 ^ c, 0x01000193)
    h2 = Math.imul(h2 ^ c, 0x5bd1e995)
  }
  return (h1 >>> 0).toString(36) + (h2 >>> 0).toString(36)
}
