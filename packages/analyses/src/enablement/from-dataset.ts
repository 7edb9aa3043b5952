/**
 * Enablement inputs straight from in-memory records (a generated demo
 * company, a test fixture): the same shape `loadEnablementInputs` reads from
 * the store, so the two can be compared.
 */
import type { Dataset, EnablementInputs, IsoDate } from '@revlab/domain'

export function enablementInputsFromDataset(dataset: Dataset, asOf: IsoDate): EnablementInputs {
  const metrics = new Map(dataset.callMetrics.map((m) => [m.callId, m]))
  const skills = (raw: string): string[] => {
    try {
      const v: unknown = JSON.parse(raw)
      return Array.isArray(v) ? v.map(String) : []
    } catch {
      return []
    }
  }
  const byId = <T extends { id: string }>(rows: T[]): T[] =>
    [...rows].sort((a, b) => a.id.localeCompare(b.id))
  return {
    asOf,
    people: byId(dataset.people).map((p) => ({
      id: p.id,
      name: p.name,
      email: p.email,
      role: p.role,
      managerId: p.managerId,
      region: p.region,
      segment: p.segment,
      startDate: p.startDate,
      active: p.active,
    })),
    content: byId(dataset.content).map((c) => ({
      id: c.id,
      kind: c.kind,
      title: c.title,
      program: c.program,
      skills: skills(c.skills),
      durationMin: c.durationMin,
      costCents: c.costCents,
    })),
    learningEvents: [...dataset.learningEvents]
      .filter((e) => e.occurredAt.slice(0, 10) <= asOf)
      .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.id.localeCompare(b.id))
      .map((e) => ({
        personId: e.personId,
        contentId: e.contentId,
        verb: e.verb,
        score: e.score,
        occurredAt: e.occurredAt,
      })),
    certifications: byId(dataset.certifications).map((c) => ({
      personId: c.personId,
      name: c.name,
      status: c.status,
      earnedAt: c.earnedAt,
    })),
    calls: [...dataset.calls]
      .filter((c) => metrics.has(c.id) && c.startedAt.slice(0, 10) <= asOf)
      .sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.id.localeCompare(b.id))
      .map((c) => {
        const m = metrics.get(c.id) as Dataset['callMetrics'][number]
        return {
          id: c.id,
          ownerId: c.ownerId,
          dealId: c.dealId,
          startedAt: c.startedAt,
          openQuestions: m.openQuestions,
          talkRatio: m.talkRatio,
          painUncovered: m.painUncovered,
          valueBeforePrice: m.valueBeforePrice,
        }
      }),
    deals: byId(dataset.deals)
      .filter((d) => d.createdAt.slice(0, 10) <= asOf)
      .map((d) => {
        const isClosed = d.isClosed && d.closeDate <= asOf
        return {
          id: d.id,
          ownerId: d.ownerId,
          kind: d.kind,
          segment: d.segment,
          amountCents: d.amountCents,
          createdAt: d.createdAt,
          closeDate: d.closeDate,
          isClosed,
          isWon: isClosed && d.isWon,
        }
      }),
  }
}
