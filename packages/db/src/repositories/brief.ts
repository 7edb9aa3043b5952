/**
 * What the morning-coffee briefing reads besides consumption: deals created,
 * closed or due around the date, running POCs with their check-ins, and
 * certifications earned or due. Small result sets, filtered in SQL.
 */
import { sql, type Kysely } from 'kysely'
import type { BriefInputs, IsoDate } from '@revlab/domain'
import type { Database } from '../schema.js'
import type { OwnerScope } from './owner-scope.js'

/** The briefing's inputs, as the analyses declare them. */
export type BriefInputRows = BriefInputs

const DAY_MS = 86_400_000
const shift = (date: IsoDate, days: number): IsoDate =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10)

/** The people of a team (for `--team`), as an owner scope. */
export async function teamScope(db: Kysely<Database>, team: string): Promise<OwnerScope> {
  const rows = await db
    .selectFrom('people')
    .select('id')
    .where(sql<boolean>`lower(team) = ${team.toLowerCase()}`)
    .execute()
  return { kind: 'owners', ownerIds: rows.map((r) => r.id) }
}

/** The two scopes combined: someone must be in both. */
export function intersectScopes(a: OwnerScope, b: OwnerScope): OwnerScope {
  if (a.kind === 'all') return b
  if (b.kind === 'all') return a
  const keep = new Set(b.ownerIds)
  return { kind: 'owners', ownerIds: a.ownerIds.filter((id) => keep.has(id)) }
}

export async function loadBriefInputs(
  db: Kysely<Database>,
  options: { asOf: IsoDate; eventDays?: number; scope?: OwnerScope },
): Promise<BriefInputRows> {
  const { asOf } = options
  const from = shift(asOf, -((options.eventDays ?? 7) - 1))
  const scope = options.scope ?? { kind: 'all' }
  const owners = scope.kind === 'all' ? null : scope.ownerIds.length ? scope.ownerIds : ['\u0000']
  const createdFrom = `${from}T00:00:00.000Z`
  const createdTo = `${shift(asOf, 1)}T00:00:00.000Z`

  // Independent reads, run side by side.
  const dealsQuery = db
    .selectFrom('deals as d')
    .innerJoin('accounts as a', 'a.id', 'd.account_id')
    .innerJoin('people as p', 'p.id', 'd.owner_id')
    .select([
      'd.id',
      'd.name',
      'd.kind',
      'a.name as account_name',
      'd.owner_id',
      'p.name as owner_name',
      'd.amount_cents',
      'd.created_at',
      'd.close_date',
      'd.is_closed',
      'd.is_won',
      'd.loss_reason',
      'd.competitor',
    ])
    .where((eb) =>
      eb.or([
        eb.and([
          eb('d.created_at', '>=', sql<string>`cast(${createdFrom} as timestamptz)`),
          eb('d.created_at', '<', sql<string>`cast(${createdTo} as timestamptz)`),
        ]),
        eb.between('d.close_date', sql<string>`cast(${from} as date)`, sql<string>`cast(${asOf} as date)`),
      ]),
    )
    .$if(owners !== null, (q) => q.where('d.owner_id', 'in', owners ?? []))
    .orderBy('d.id')
    .execute()

  const pocsQuery = db
    .selectFrom('pocs as x')
    .innerJoin('deals as d', 'd.id', 'x.deal_id')
    .innerJoin('people as p', 'p.id', 'd.owner_id')
    .leftJoin('people as se', 'se.id', 'x.se_id')
    .select([
      'x.id',
      'x.deal_id',
      'd.name as deal_name',
      'p.name as owner_name',
      'se.name as se_name',
      'x.metric',
      'x.baseline',
      'x.target',
      'x.planned_weeks',
      'x.started_at',
      'x.go_no_go_date',
      'x.status',
      'x.commitments',
    ])
    .where('x.status', 'in', ['running', 'paused'])
    .where('x.started_at', '<=', sql<string>`cast(${asOf} as date)`)
    .$if(owners !== null, (q) => q.where('d.owner_id', 'in', owners ?? []))
    .orderBy('x.id')
    .execute()
  // The same POCs as above, joined rather than listed (thousands of ids make a slow IN list).
  const checkinsQuery = db
    .selectFrom('poc_checkins as k')
    .innerJoin('pocs as x', 'x.id', 'k.poc_id')
    .innerJoin('deals as d', 'd.id', 'x.deal_id')
    .select(['k.poc_id', 'k.week', 'k.checked_at', 'k.metric_value', 'k.commitments_met'])
    .where('x.status', 'in', ['running', 'paused'])
    .where('x.started_at', '<=', sql<string>`cast(${asOf} as date)`)
    .$if(owners !== null, (q) => q.where('d.owner_id', 'in', owners ?? []))
    .where('k.checked_at', '<=', sql<string>`cast(${asOf} as date)`)
    .orderBy('k.poc_id')
    .orderBy('k.week')
    .execute()

  const certificationsQuery = db
    .selectFrom('certifications as c')
    .innerJoin('people as p', 'p.id', 'c.person_id')
    .select(['c.person_id', 'p.name as person_name', 'c.name', 'c.earned_at', 'c.expires_at', 'c.status'])
    .where((eb) =>
      eb.or([
        eb.between('c.earned_at', sql<string>`cast(${from} as date)`, sql<string>`cast(${asOf} as date)`),
        eb('c.status', '=', 'due'),
        eb.between(
          'c.expires_at',
          sql<string>`cast(${asOf} as date)`,
          sql<string>`cast(${shift(asOf, 30)} as date)`,
        ),
      ]),
    )
    .$if(owners !== null, (q) => q.where('c.person_id', 'in', owners ?? []))
    .orderBy('c.person_id')
    .orderBy('c.name')
    .execute()

  const [deals, pocs, checkins, certifications] = await Promise.all([
    dealsQuery,
    pocsQuery,
    checkinsQuery,
    certificationsQuery,
  ])

  const checkinsByPoc = new Map<string, BriefInputRows['pocs'][number]['checkins']>()
  for (const c of checkins) {
    const list = checkinsByPoc.get(c.poc_id) ?? []
    list.push({
      week: Number(c.week),
      checkedAt: c.checked_at,
      metricValue: c.metric_value === null ? null : Number(c.metric_value),
      commitmentsMet: c.commitments_met,
    })
    checkinsByPoc.set(c.poc_id, list)
  }
  return {
    deals: deals.map((d) => ({
      id: d.id,
      name: d.name,
      kind: d.kind,
      accountName: d.account_name,
      ownerId: d.owner_id,
      ownerName: d.owner_name,
      amountCents: Number(d.amount_cents),
      createdAt: d.created_at,
      closeDate: d.close_date,
      isClosed: d.is_closed,
      isWon: d.is_won,
      lossReason: d.loss_reason,
      competitor: d.competitor,
    })),
    pocs: pocs.map((p) => ({
      id: p.id,
      dealId: p.deal_id,
      dealName: p.deal_name,
      ownerName: p.owner_name,
      seName: p.se_name,
      metric: p.metric,
      baseline: Number(p.baseline),
      target: Number(p.target),
      plannedWeeks: Number(p.planned_weeks),
      startedAt: p.started_at,
      goNoGoDate: p.go_no_go_date,
      status: p.status,
      commitments: p.commitments,
      checkins: checkinsByPoc.get(p.id) ?? [],
    })),
    certifications: certifications.map((c) => ({
      personId: c.person_id,
      personName: c.person_name,
      name: c.name,
      earnedAt: c.earned_at,
      expiresAt: c.expires_at,
      status: c.status,
    })),
  }
}
