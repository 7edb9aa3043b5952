import type { ActivityType, Seniority } from '@revlab/domain'

/**
 * An activity's weight: what it was times who attended (the most senior
 * buyer present; 1 when nobody from the buyer was there). A hallway bump
 * (0.2) never counts like an executive briefing with a CFO (3 × 2 = 6).
 * The same table the demo company plants its activity weights with.
 */
export const ACTIVITY_TYPE_WEIGHT: Record<ActivityType, number> = {
  executive_briefing: 3,
  workshop: 2.5,
  demo: 2,
  meeting: 1.5,
  call: 1,
  email: 0.3,
  hallway: 0.2,
}
export const SENIORITY_WEIGHT: Record<Seniority, number> = {
  c_level: 2,
  vp: 1.6,
  director: 1.3,
  manager: 1.1,
  ic: 1,
}
const SENIORITY_RANK: Seniority[] = ['c_level', 'vp', 'director', 'manager', 'ic']

export function mostSenior(seniorities: Seniority[]): Seniority | null {
  for (const s of SENIORITY_RANK) if (seniorities.includes(s)) return s
  return null
}

export function activityWeight(type: ActivityType, seniorities: Seniority[]): number {
  const top = mostSenior(seniorities)
  return ACTIVITY_TYPE_WEIGHT[type] * (top ? SENIORITY_WEIGHT[top] : 1)
}
