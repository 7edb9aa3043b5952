/**
 * Coaching per rep: where the rep's deals differ from the winning pattern.
 * The pattern is read from won deals: which signals were known by the time
 * they left each stage, and which buying roles they had mapped. The rep's
 * deals are compared stage by stage, and each open deal gets concrete next
 * steps (the signals and roles most winners had at its stage that it lacks).
 */
import { exitCriteriaOf, knownSignals } from './exit-criteria.js'
import { groupInputs } from './deal-score.js'
import type { CoachingGap, CoachingStep, RepCoaching } from '@revlab/domain'
import type { DealHealthInputs, HealthDeal } from './types.js'

export type { CoachingGap, CoachingStep, RepCoaching } from '@revlab/domain'

const ROLES = ['technical_champion', 'business_stakeholder', 'economic_buyer', 'budget_owner', 'exec_sponsor']
const ROLE_LABEL: Record<string, string> = {
  technical_champion: 'technical champion',
  business_stakeholder: 'business stakeholder',
  economic_buyer: 'economic buyer',
  budget_owner: 'budget owner',
  exec_sponsor: 'executive sponsor',
}
const share = (xs: boolean[]): number => (xs.length ? xs.filter(Boolean).length / xs.length : 0)

/**
 * A signal or role belongs to the winning pattern when at least `pattern` of
 * won deals had it and won deals had it `minLift` more often than lost ones
 * (what every deal has, won or lost, is no pattern). A rep lags it when their
 * share is `minGap` below the winners'.
 */
export function coachRep(
  inputs: DealHealthInputs,
  repId: string,
  options: { minGap?: number; pattern?: number; minLift?: number } = {},
): RepCoaching | null {
  const minGap = options.minGap ?? 0.15
  const pattern = options.pattern ?? 0.5
  const minLift = options.minLift ?? 0.1
  const repDeals = inputs.deals.filter((d) => d.ownerId === repId)
  const repName = repDeals[0]?.ownerName
  if (!repName) return null
  const grouped = groupInputs(inputs)
  const visits = new Map<string, Map<string, { enteredAt: string; exitedAt: string | null }>>()
  for (const v of inputs.history) {
    const m = visits.get(v.dealId) ?? new Map<string, { enteredAt: string; exitedAt: string | null }>()
    m.set(v.stageKey, { enteredAt: v.enteredAt, exitedAt: v.exitedAt })
    visits.set(v.dealId, m)
  }
  const won = inputs.deals.filter((d) => d.isWon)
  const lost = inputs.deals.filter((d) => d.isClosed && !d.isWon)
  const label = (k: string) => inputs.signalLabels[k] ?? k
  /** Known by the time the deal left the stage (or by now, while it is in it). */
  const knewAtStage = (deal: HealthDeal, stageKey: string, signal: string): boolean | null => {
    const visit = visits.get(deal.id)?.get(stageKey)
    if (!visit) return null
    const cutoff = visit.exitedAt ?? `${inputs.asOf}T23:59:59.999Z`
    return knownSignals(grouped.signals.get(deal.id) ?? [], cutoff).has(signal)
  }
  const signalGaps: CoachingGap[] = []
  const winnersAt = new Map<
    string,
    { stageName: string; signal: string; winners: number; losers: number }[]
  >()
  const models = new Set(repDeals.map((d) => d.stageModelId))
  for (const modelId of models) {
    const stages = inputs.stages
      .filter((s) => s.stageModelId === modelId && !s.isClosed)
      .sort((a, b) => a.position - b.position)
    const keys = [...new Set(stages.flatMap(exitCriteriaOf))]
    const modelWon = won.filter((d) => d.stageModelId === modelId)
    const modelLost = lost.filter((d) => d.stageModelId === modelId)
    const modelRep = repDeals.filter((d) => d.stageModelId === modelId)
    for (const stage of stages) {
      const expected: { stageName: string; signal: string; winners: number; losers: number }[] = []
      for (const key of keys) {
        const w = modelWon.map((d) => knewAtStage(d, stage.key, key)).filter((x): x is boolean => x !== null)
        const r = modelRep.map((d) => knewAtStage(d, stage.key, key)).filter((x): x is boolean => x !== null)
        const l = modelLost.map((d) => knewAtStage(d, stage.key, key)).filter((x): x is boolean => x !== null)
        if (w.length < 5 || l.length < 5) continue
        const ws = share(w)
        if (ws < pattern || ws - share(l) < minLift) continue
        expected.push({ stageName: stage.name, signal: key, winners: ws, losers: share(l) })
        if (r.length >= 3 && ws - share(r) >= minGap) {
          signalGaps.push({
            stageName: stage.name,
            signal: key,
            label: label(key),
            winners: ws,
            rep: share(r),
            repDeals: r.length,
          })
        }
      }
      winnersAt.set(`${modelId}:${stage.key}`, expected)
    }
  }
  const rolesOf = (d: HealthDeal) => new Set((grouped.stakeholders.get(d.id) ?? []).flatMap((s) => s.roles))
  const roleLosers = Object.fromEntries(ROLES.map((r) => [r, share(lost.map((d) => rolesOf(d).has(r)))]))
  const roleWinners = Object.fromEntries(
    ROLES.map((r) => [r, share(won.map((d) => rolesOf(d).has(r)))]).filter(
      ([r, w]) => (w as number) >= pattern && (w as number) - (roleLosers[r as string] ?? 0) >= minLift,
    ),
  )
  const roleGaps = ROLES.filter((r) => r in roleWinners)
    .map((role) => ({
      role: ROLE_LABEL[role] ?? role,
      winners: roleWinners[role] ?? 0,
      rep: share(repDeals.map((d) => rolesOf(d).has(role))),
      repDeals: repDeals.length,
    }))
    .filter((g) => g.winners - g.rep >= minGap)

  const nextSteps: CoachingStep[] = []
  for (const d of repDeals.filter((x) => !x.isClosed)) {
    const stage = inputs.stages.find((s) => s.stageModelId === d.stageModelId && s.key === d.stageKey)
    if (!stage) continue
    const known = knownSignals(grouped.signals.get(d.id) ?? [])
    const steps: string[] = []
    for (const e of (winnersAt.get(`${d.stageModelId}:${d.stageKey}`) ?? []).sort(
      (a, b) => b.winners - a.winners,
    )) {
      if (!known.has(e.signal)) {
        steps.push(
          `Find out: ${label(e.signal)} — ${Math.round(e.winners * 100)}% of won deals knew it before leaving ${stage.name} (${Math.round(e.losers * 100)}% of lost ones)`,
        )
      }
    }
    const roles = rolesOf(d)
    for (const r of ROLES) {
      const w = roleWinners[r]
      if (!roles.has(r) && w !== undefined) {
        steps.push(
          `Reach the ${ROLE_LABEL[r]} — ${Math.round(w * 100)}% of won deals had one mapped (${Math.round((roleLosers[r] ?? 0) * 100)}% of lost ones)`,
        )
      }
    }
    if (steps.length)
      nextSteps.push({ dealId: d.id, dealName: d.name, stageName: stage.name, steps: steps.slice(0, 5) })
  }
  const closed = repDeals.filter((d) => d.isClosed)
  const allClosed = inputs.deals.filter((d) => d.isClosed)
  const winRate = closed.length ? closed.filter((d) => d.isWon).length / closed.length : null
  const teamWinRate = allClosed.length ? allClosed.filter((d) => d.isWon).length / allClosed.length : null
  const top = signalGaps.sort((a, b) => b.winners - b.rep - (a.winners - a.rep))[0]
  const summary = top
    ? `Biggest gap: ${top.label} by the end of ${top.stageName} — ${Math.round(top.rep * 100)}% of ${repName}'s deals vs ${Math.round(top.winners * 100)}% of won deals.`
    : `${repName}'s deals follow the winning pattern at every stage we can compare.`
  return {
    repId,
    repName,
    deals: {
      open: repDeals.length - closed.length,
      won: closed.filter((d) => d.isWon).length,
      lost: closed.filter((d) => !d.isWon).length,
      winRate,
    },
    teamWinRate,
    signalGaps,
    roleGaps,
    nextSteps,
    summary,
  }
}
