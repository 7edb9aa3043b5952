/**
 * Calendar arithmetic on whole UTC days. A "day number" is days since
 * 1970-01-01; instants are built from a day number plus minutes, so nothing
 * here ever reads the clock.
 */
const MS_PER_DAY = 86_400_000

export const toDayNumber = (isoDate: string): number => {
  const ms = Date.parse(`${isoDate.slice(0, 10)}T00:00:00Z`)
  if (Number.isNaN(ms)) throw new Error(`not a YYYY-MM-DD date: "${isoDate}"`)
  return Math.floor(ms / MS_PER_DAY)
}

export const toIsoDate = (dayNumber: number): string =>
  new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10)

/** `2024-03-05T14:23:00.000Z` from a day number and minutes after midnight UTC. */
export const toIsoInstant = (dayNumber: number, minuteOfDay = 0): string =>
  new Date(dayNumber * MS_PER_DAY + Math.round(minuteOfDay * 60_000)).toISOString()

/** Day number of an instant (or date) string. */
export const instantDay = (iso: string): number => toDayNumber(iso.slice(0, 10))

/** 0 = Sunday … 6 = Saturday. */
export const weekday = (dayNumber: number): number => (((dayNumber + 4) % 7) + 7) % 7

export const yearOf = (dayNumber: number): number => Number(toIsoDate(dayNumber).slice(0, 4))

export const jan1 = (year: number): number => toDayNumber(`${year}-01-01`)

export const quarterOf = (dayNumber: number): string => {
  const date = toIsoDate(dayNumber)
  return `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`
}
