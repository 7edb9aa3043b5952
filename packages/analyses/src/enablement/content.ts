/**
 * Content: which content is used, by whom, with what measured effect on the
 * behaviour it teaches (the same staggered comparison as a program, from each
 * person's first use); and for each rep, the content that addresses their
 * weakest behaviour relative to the team.
 */
import { behaviourChange, behaviourValue } from './behaviour-change.js'
import type {
  Behaviour,
  ContentReport,
  ContentUsage,
  EnablementInputs,
  EnablementOptions,
  RepRecommendation,
} from './types.js'

const USE_VERBS = new Set(['completed', 'passed', 'experienced'])

/** The behaviours a piece of content teaches, read from its skills (the first is the one measured). */
export function behavioursTaught(skills: readonly string[]): Behaviour[] {
  const has = (s: string): boolean => skills.includes(s)
  const out: Behaviour[] = []
  if (has('open_questions') || has('discovery')) out.push('openQuestions', 'talkRatio')
  if (has('pain') || has('discovery')) out.push('painUncovered')
  if (has('value') || has('pitch') || has('pricing')) out.push('valueBeforePrice')
  return out
}

export const targetBehaviour = (skills: readonly string[]): Behaviour | null =>
  behavioursTaught(skills)[0] ?? null

export function contentReport(inputs: EnablementInputs, options: EnablementOptions): ContentReport {
  const roleOf = new Map(inputs.people.map((p) => [p.id, p.role]))
  const firstUse = new Map<string, Map<string, number>>()
  for (const e of inputs.learningEvents) {
    if (!USE_VERBS.has(e.verb)) continue
    const byPerson = firstUse.get(e.contentId) ?? new Map<string, number>()
    const ms = Date.parse(e.occurredAt)
    const prev = byPerson.get(e.personId)
    if (prev === undefined || ms < prev) byPerson.set(e.personId, ms)
    firstUse.set(e.contentId, byPerson)
  }
  const items: ContentUsage[] = inputs.content.map((c) => {
    const learners = new Set(inputs.learningEvents.filter((e) => e.contentId === c.id).map((e) => e.personId))
    const byRole: Record<string, number> = {}
    for (const id of learners) {
      const role = roleOf.get(id) ?? 'unknown'
      byRole[role] = (byRole[role] ?? 0) + 1
    }
    const used = firstUse.get(c.id) ?? new Map<string, number>()
    const target = targetBehaviour(c.skills)
    let effect: ContentUsage['effect'] = {
      estimate: null,
      ci95: null,
      sentence: 'Teaches no measured call behaviour.',
    }
    if (target) {
      const [change] = behaviourChange(inputs, c.title, used, options, [target])
      if (change) effect = { estimate: change.estimate, ci95: change.ci95, sentence: change.sentence }
    }
    return {
      contentId: c.id,
      title: c.title,
      kind: c.kind,
      program: c.program,
      skills: c.skills,
      learners: learners.size,
      completions: used.size,
      byRole,
      targetBehaviour: target,
      effect,
    }
  })

  // Each rep's weakest behaviour (z-score against the team; a lower talk ratio is better).
  const reps = inputs.people.filter((p) => p.role === 'ae')
  const behaviours: Behaviour[] = ['openQuestions', 'talkRatio', 'painUncovered', 'valueBeforePrice']
  const means = new Map<string, Partial<Record<Behaviour, number>>>()
  for (const rep of reps) {
    const calls = inputs.calls.filter((c) => c.ownerId === rep.id)
    if (calls.length < 5) continue
    const row: Partial<Record<Behaviour, number>> = {}
    for (const b of behaviours) {
      const vs = calls.map((c) => behaviourValue(c, b)).filter((v): v is number => v !== null)
      if (vs.length) row[b] = vs.reduce((s, v) => s + v, 0) / vs.length
    }
    means.set(rep.id, row)
  }
  const stats = Object.fromEntries(
    behaviours.map((b) => {
      const vs = [...means.values()].map((r) => r[b]).filter((v): v is number => v !== undefined)
      const m = vs.reduce((s, v) => s + v, 0) / Math.max(1, vs.length)
      const sd = Math.sqrt(vs.reduce((s, v) => s + (v - m) ** 2, 0) / Math.max(1, vs.length - 1))
      const sorted = [...vs].sort((a, b2) => a - b2)
      return [b, { m, sd, median: sorted[Math.floor((sorted.length - 1) / 2)] ?? 0 }]
    }),
  ) as Record<Behaviour, { m: number; sd: number; median: number }>
  const effective = (b: Behaviour): ContentUsage[] =>
    items
      .filter((i) => behavioursTaught(i.skills).includes(b))
      .sort(
        (x, y) =>
          (y.effect.ci95 && y.effect.ci95[0] > 0 ? 1 : 0) - (x.effect.ci95 && x.effect.ci95[0] > 0 ? 1 : 0),
      )
  const recommendations: RepRecommendation[] = []
  for (const rep of reps) {
    const row = means.get(rep.id)
    if (!row) continue
    let weakest: Behaviour | null = null
    let worst = Infinity
    for (const b of behaviours) {
      const v = row[b]
      const s = stats[b]
      if (v === undefined || !(s.sd > 0)) continue
      const z = ((v - s.m) / s.sd) * (b === 'talkRatio' ? -1 : 1)
      if (z < worst) {
        worst = z
        weakest = b
      }
    }
    if (weakest === null) continue
    const candidates = effective(weakest)
    const notDone = candidates.find((c) => !(firstUse.get(c.contentId)?.has(rep.id) ?? false))
    const pick = notDone ?? candidates[0]
    recommendations.push({
      personId: rep.id,
      name: rep.name,
      weakestBehaviour: weakest,
      value: row[weakest] as number,
      teamMedian: stats[weakest].median,
      contentId: pick?.contentId ?? null,
      contentTitle: pick?.title ?? null,
      alreadyCompleted: pick !== undefined && notDone === undefined,
    })
  }
  return { items, recommendations }
}
