import type { IsoDate } from '@revlab/domain'

const DAY_MS = 86_400_000

/** Days since 1970-01-01 of a `YYYY-MM-DD` (or the date part of an ISO instant), in UTC. */
export const dayNumber = (date: string): number =>
  Math.floor(Date.parse(`${date.slice(0, 10)}T00:00:00Z`) / DAY_MS)

export const isoDay = (day: number): IsoDate => new Date(day * DAY_MS).toISOString().slice(0, 10)

export const addDays = (date: string, days: number): IsoDate => isoDay(dayNumber(date) + days)

/** Whether `date` falls in the `days` days ending on `end` (inclusive). */
export const inLastDays = (date: string | null, end: IsoDate, days: number): boolean => {
  if (date === null) return false
  const d = dayNumber(date)
  const e = dayNumber(end)
  return d <= e && d > e - days
}
