import type { IsoDate } from '@revlab/domain'

const DAY_MS = 86_400_000

const digit = (s: string, i: number): number => s.charCodeAt(i) - 48

/** Days since 1970-01-01 of a `YYYY-MM-DD` (or the date part of an ISO instant), in UTC. */
export const dayNumber = (date: string): number => {
  // Called for every row of large inputs: a valid date is counted without Date.parse (days from civil).
  const y0 = digit(date, 0) * 1000 + digit(date, 1) * 100 + digit(date, 2) * 10 + digit(date, 3)
  const m = digit(date, 5) * 10 + digit(date, 6)
  const d = digit(date, 8) * 10 + digit(date, 9)
  if (
    date.length < 10 ||
    date[4] !== '-' ||
    date[7] !== '-' ||
    !(y0 >= 0 && y0 <= 9999) ||
    !(m >= 1 && m <= 12) ||
    !(
      d >= 1 &&
      d <=
        (m === 2 ? (y0 % 4 === 0 && (y0 % 100 !== 0 || y0 % 400 === 0) ? 29 : 28) : 30 + ((m + (m >> 3)) & 1))
    )
  )
    return Math.floor(Date.parse(`${date.slice(0, 10)}T00:00:00Z`) / DAY_MS)
  const y = m <= 2 ? y0 - 1 : y0
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

export const isoDay = (day: number): IsoDate => new Date(day * DAY_MS).toISOString().slice(0, 10)

export const addDays = (date: string, days: number): IsoDate => isoDay(dayNumber(date) + days)

/** Whether `date` falls in the `days` days ending on `end` (inclusive). */
export const inLastDays = (date: string | null, end: IsoDate, days: number): boolean => {
  if (date === null) return false
  const d = dayNumber(date)
  const e = dayNumber(end)
  return d <= e && d > e - days
}
