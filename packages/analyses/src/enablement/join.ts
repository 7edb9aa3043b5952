/**
 * The join: every learning event, certification, call and deal tied to the
 * same person, and the coverage (how many reps appear in the LMS, the CRM and
 * the call recorder; who does not, and why).
 */
import type { CoveragePerson, EnablementInputs, EnablementJoin } from './types.js'

const count = <T>(rows: readonly T[], key: (r: T) => string | null): Map<string, number> => {
  const out = new Map<string, number>()
  for (const r of rows) {
    const k = key(r)
    if (k !== null) out.set(k, (out.get(k) ?? 0) + 1)
  }
  return out
}

export function joinEnablement(inputs: EnablementInputs): EnablementJoin {
  const known = new Set(inputs.people.map((p) => p.id))
  const events = count(inputs.learningEvents, (e) => e.personId)
  const certs = count(inputs.certifications, (c) => c.personId)
  const calls = count(inputs.calls, (c) => c.ownerId)
  const deals = count(inputs.deals, (d) => d.ownerId)
  const people: CoveragePerson[] = inputs.people
    .filter((p) => p.role === 'ae')
    .map((p) => {
      const row = {
        learningEvents: events.get(p.id) ?? 0,
        certifications: certs.get(p.id) ?? 0,
        calls: calls.get(p.id) ?? 0,
        deals: deals.get(p.id) ?? 0,
      }
      const reasons: string[] = []
      if (row.learningEvents === 0) reasons.push('no LMS record (no learning events under this person)')
      if (row.deals === 0) reasons.push('no CRM deals owned')
      if (row.calls === 0) reasons.push('no recorded calls with measured behaviours')
      return {
        personId: p.id,
        name: p.name,
        role: p.role,
        region: p.region,
        ...row,
        matched: reasons.length === 0,
        reasons,
      }
    })
  const matched = people.filter((p) => p.matched).length
  const orphans = {
    learningEvents: inputs.learningEvents.filter((e) => !known.has(e.personId)).length,
    callsWithoutOwner: inputs.calls.filter((c) => c.ownerId === null).length,
    callsUnknownOwner: inputs.calls.filter((c) => c.ownerId !== null && !known.has(c.ownerId)).length,
    dealsUnknownOwner: inputs.deals.filter((d) => !known.has(d.ownerId)).length,
  }
  const orphanCalls = orphans.callsWithoutOwner + orphans.callsUnknownOwner
  const sentence =
    `${matched} of ${people.length} account executives are matched across the LMS, the CRM and the call recorder` +
    (people.length > matched ? `; ${people.length - matched} are not (reasons listed)` : '') +
    (orphanCalls > 0 ? `; ${orphanCalls} calls belong to no known rep` : '') +
    '.'
  return {
    reps: people.length,
    withLms: people.filter((p) => p.learningEvents > 0).length,
    withDeals: people.filter((p) => p.deals > 0).length,
    withCalls: people.filter((p) => p.calls > 0).length,
    matched,
    unmatched: people.filter((p) => !p.matched),
    people,
    orphans,
    sentence,
  }
}
