/**
 * Programs and completions: a program is the content sharing a `program`
 * name; a person completed it at their first 'completed' (or 'passed')
 * statement on any of its content. The rollout is read from the data (the
 * first and median completion per region), not assumed.
 */
import type { EnablementInputs, ProgramSummary } from './types.js'

const COMPLETION_VERBS = new Set(['completed', 'passed'])
const median = (values: string[]): string => {
  const sorted = [...values].sort()
  return sorted[Math.floor((sorted.length - 1) / 2)] as string
}

export type Program = ProgramSummary & {
  /** personId → epoch ms of completion. */
  completedAt: Map<string, number>
}

/** First completion (ms) per person of any content in `contentIds`. */
export function completionTimes(
  inputs: EnablementInputs,
  contentIds: ReadonlySet<string>,
): Map<string, number> {
  const out = new Map<string, number>()
  for (const e of inputs.learningEvents) {
    if (!contentIds.has(e.contentId) || !COMPLETION_VERBS.has(e.verb)) continue
    const ms = Date.parse(e.occurredAt)
    const prev = out.get(e.personId)
    if (prev === undefined || ms < prev) out.set(e.personId, ms)
  }
  return out
}

export function listPrograms(inputs: EnablementInputs): Program[] {
  const byName = new Map<string, EnablementInputs['content']>()
  for (const c of inputs.content) {
    if (c.program === null) continue
    byName.set(c.program, [...(byName.get(c.program) ?? []), c])
  }
  const people = new Map(inputs.people.map((p) => [p.id, p]))
  return [...byName.entries()]
    .map(([name, items]) => {
      const ids = new Set(items.map((c) => c.id))
      const completedAt = completionTimes(inputs, ids)
      const enrolled = new Set(
        inputs.learningEvents.filter((e) => ids.has(e.contentId)).map((e) => e.personId),
      )
      const costs = items.map((c) => c.costCents).filter((c): c is number => c !== null)
      const regions = new Map<string, string[]>()
      for (const [personId, ms] of completedAt) {
        const person = people.get(personId)
        if (person?.role !== 'ae') continue
        const region = person.region
        regions.set(region, [...(regions.get(region) ?? []), new Date(ms).toISOString().slice(0, 10)])
      }
      const repsByRegion = new Map<string, number>()
      for (const p of inputs.people)
        if (p.role === 'ae') repsByRegion.set(p.region, (repsByRegion.get(p.region) ?? 0) + 1)
      return {
        id: (items[0] as EnablementInputs['content'][number]).id,
        name,
        contentIds: [...ids].sort(),
        costCentsPerLearner: costs.length ? costs.reduce((a, b) => a + b, 0) : null,
        enrolled: enrolled.size,
        completed: completedAt.size,
        rollout: [...regions.entries()]
          .map(([region, dates]) => ({
            region,
            firstCompletion: [...dates].sort()[0] as string,
            medianCompletion: median(dates),
            completed: dates.length,
            reps: repsByRegion.get(region) ?? 0,
          }))
          .sort((a, b) => a.medianCompletion.localeCompare(b.medianCompletion)),
        completedAt,
      }
    })
    .sort((a, b) => a.name.localeCompare(b.name))
}

/** The program named or identified by `key` (its name, or the id of any of its content), case-insensitive. */
export function findProgram(programs: Program[], key: string): Program | undefined {
  const k = key.trim().toLowerCase()
  return programs.find(
    (p) =>
      p.name.toLowerCase() === k ||
      p.id.toLowerCase() === k ||
      p.contentIds.some((c) => c.toLowerCase() === k),
  )
}
