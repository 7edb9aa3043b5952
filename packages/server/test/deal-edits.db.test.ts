/**
 * Editing deals, POCs and experiments through the API, on both engines: a
 * rep edits only their own deals (403 on a colleague's), a manager their
 * team's; invalid edits are 400s that name the field; every edit lands in
 * the audit log with who, what, before and after.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Store } from '@revlab/db'
import type { DemoCompany } from '@revlab/demo-data'
import type { RevlabApp } from '@revlab/server'
import type { AuditEntryView, DealDetail, ExperimentPlan } from '@revlab/domain'
import { randomArm } from '@revlab/analyses'
import { ENGINES } from '../../db/test/engines.js'
import { callerForEveryRole, openDemoApp, type ApiCall } from './demo-app.js'

const NOW = new Date('2026-11-23T12:00:00Z')

type EditBody = { changed: string[]; warnings: string[]; deal: DealDetail }
type ErrorBody = { error: { code: string; message: string; hint?: string } }

for (const engine of ENGINES) {
  describe(`${engine}: editing deals, POCs and experiments`, () => {
    let store: Store
    let app: RevlabApp
    let company: DemoCompany
    let call: ApiCall

    beforeAll(async () => {
      ;({ store, app, company } = await openDemoApp({ seed: 3, now: NOW, asOf: '2026-11-23', engine }))
      call = await callerForEveryRole({ store, app, company })
    })
    afterAll(async () => {
      await store.close()
    })

    const personOf = (role: string): string => {
      const id = company.logins.find((l) => l.role === role)?.personId
      if (!id) throw new Error(`no person for ${role}`)
      return id
    }
    const deals = () => company.dataset.deals
    const ownOpenDeal = () => {
      const d = deals().find((x) => x.ownerId === personOf('rep') && !x.isClosed)
      if (!d) throw new Error('the rep has no open deal')
      return d
    }
    const colleagueDeal = () => {
      const rep = personOf('rep')
      const managerId = company.dataset.people.find((p) => p.id === rep)?.managerId
      const d = deals().find(
        (x) =>
          x.ownerId !== rep &&
          company.dataset.people.find((p) => p.id === x.ownerId)?.managerId !== managerId,
      )
      if (!d) throw new Error('no deal outside the rep’s team')
      return d
    }
    const teamDeal = () => {
      const rep = personOf('rep')
      const managerId = company.dataset.people.find((p) => p.id === rep)?.managerId
      const d = deals().find(
        (x) =>
          x.ownerId !== rep &&
          company.dataset.people.find((p) => p.id === x.ownerId)?.managerId === managerId,
      )
      if (!d) throw new Error('no team deal')
      return d
    }
    /** The last open stage of the deal's model (a stage it is not in yet). */
    const lastOpenStage = (modelId: string): string => {
      const open = company.dataset.stages.filter((st) => st.stageModelId === modelId && !st.isClosed)
      return open.sort((a, b) => a.position - b.position).at(-1)?.key ?? ''
    }
    const auditOf = async (dealId: string): Promise<AuditEntryView[]> => {
      const res = await call('leader', 'GET', `/api/v1/deals/${dealId}/audit`)
      expect(res.status).toBe(200)
      return (res.body as { data: AuditEntryView[] }).data
    }

    it('a rep changes stage, amount and close date of their own deal; history and audit follow', async () => {
      const deal = ownOpenDeal()
      const target = lastOpenStage(deal.stageModelId)
      expect(target).not.toBe(deal.stageKey)
      const res = await call('rep', 'PATCH', `/api/v1/deals/${deal.id}`, {
        stageKey: target,
        amountCents: 12_345_600,
        closeDate: '2026-12-31',
      })
      expect(res.status).toBe(200)
      const body = res.body as EditBody
      expect(body.changed.sort()).toEqual(['amountCents', 'closeDate', 'stageKey'])
      expect(body.deal.deal.stageKey).toBe(target)
      expect(body.deal.deal.amountCents).toBe(12_345_600)
      expect(body.deal.deal.closeDate).toBe('2026-12-31')
      const last = body.deal.stageHistory.at(-1)
      expect(last?.stageKey).toBe(target)
      expect(last?.exitedAt).toBeNull()
      expect(body.deal.stageHistory.filter((h) => h.exitedAt === null)).toHaveLength(1)

      const audit = await auditOf(deal.id)
      const entry = audit.find((a) => a.action === 'update')
      expect(entry?.userName).toBe(company.logins.find((l) => l.role === 'rep')?.name)
      expect(entry?.detail).toMatchObject({
        before: { stageKey: deal.stageKey, amountCents: deal.amountCents, closeDate: deal.closeDate },
        after: { stageKey: target, amountCents: 12_345_600, closeDate: '2026-12-31' },
      })
    })

    it("refuses a rep on a colleague's deal (403), an analyst anywhere (403), and a missing deal (404)", async () => {
      const other = colleagueDeal()
      const res = await call('rep', 'PATCH', `/api/v1/deals/${other.id}`, { amountCents: 1 })
      expect(res.status).toBe(403)
      expect((res.body as ErrorBody).error.message).toMatch(/not yours to edit/)
      expect(
        (await call('rep', 'POST', `/api/v1/deals/${other.id}/signals`, { key: 'pain', value: 'true' }))
          .status,
      ).toBe(403)
      expect((await call('rep', 'GET', `/api/v1/deals/${other.id}/audit`)).status).toBe(403)
      expect((await call('analyst', 'PATCH', `/api/v1/deals/${other.id}`, { amountCents: 1 })).status).toBe(
        403,
      )
      expect((await call('rep', 'PATCH', '/api/v1/deals/no-such-deal', { amountCents: 1 })).status).toBe(404)
      // Nothing was written for the refused edits.
      expect((await auditOf(other.id)).length).toBe(0)
    })

    it("lets a manager edit their team's deals but not another team's; a leader edits any", async () => {
      expect(
        (await call('manager', 'PATCH', `/api/v1/deals/${teamDeal().id}`, { name: 'Renamed by manager' }))
          .status,
      ).toBe(200)
      expect(
        (await call('manager', 'PATCH', `/api/v1/deals/${colleagueDeal().id}`, { name: 'x' })).status,
      ).toBe(403)
      expect(
        (await call('leader', 'PATCH', `/api/v1/deals/${colleagueDeal().id}`, { name: 'Renamed by leader' }))
          .status,
      ).toBe(200)
    })

    it.each([
      [{ stageKey: 'haggling' }, /^stageKey: unknown stage "haggling" in the stage model/],
      [{ amountCents: -5 }, /amountCents: an amount cannot be negative/],
      [{ closeDate: '2026-02-30' }, /closeDate: not a calendar date/],
      [{ closeDate: '2001-01-01' }, /closeDate: 2001-01-01 is before the deal was created/],
      [{ color: 'red' }, /body: Unrecognized key/],
      [{}, /send at least one field/],
    ])('rejects the edit %j with a 400 that names the field', async (edit, message) => {
      const res = await call('rep', 'PATCH', `/api/v1/deals/${ownOpenDeal().id}`, edit)
      expect(res.status).toBe(400)
      expect((res.body as ErrorBody).error.message).toMatch(message)
    })

    it('captures signals with date learned, source, evidence and budget strength', async () => {
      const deal = ownOpenDeal()
      const res = await call('rep', 'POST', `/api/v1/deals/${deal.id}/signals`, {
        key: 'budget_status',
        value: 'prior_spend',
        observedAt: '2026-11-20',
        source: 'call',
        evidence: 'They spend on a warehouse vendor today.',
      })
      expect(res.status).toBe(201)
      const added = (res.body as EditBody).deal.signals.find(
        (s) => s.key === 'budget_status' && s.observedAt.startsWith('2026-11-20'),
      )
      expect(added).toMatchObject({
        value: 'prior_spend',
        source: 'call',
        evidence: 'They spend on a warehouse vendor today.',
        strength: 'strong',
      })
      const audit = await auditOf(deal.id)
      expect(audit.find((a) => a.action === 'add_signal')?.detail).toMatchObject({
        after: { key: 'budget_status', value: 'prior_spend', strength: 'strong', source: 'call' },
      })
    })

    it.each([
      [{ key: 'no_such_signal', value: 'true' }, /^key: unknown signal "no_such_signal"/],
      [{ key: 'pain', value: 'perhaps' }, /^value: "perhaps" is not yes\/no/],
      [{ key: 'stakeholder_count', value: 'many' }, /^value: "many" is not a number/],
      [{ key: 'budget_status', value: 'next_year_maybe' }, /^strength: say whether the budget signal/],
      [{ key: 'pain', value: 'true', strength: 'strong' }, /^strength: only budget signals carry a strength/],
      [{ key: 'pain', value: 'true', observedAt: '2027-01-01' }, /^observedAt: 2027-01-01 is in the future/],
    ])('rejects the signal %j', async (signal, message) => {
      const res = await call('rep', 'POST', `/api/v1/deals/${ownOpenDeal().id}/signals`, signal)
      expect(res.status).toBe(400)
      expect((res.body as ErrorBody).error.message).toMatch(message)
    })

    it('adds stakeholders with roles: a new contact, or one of the account; not another account’s', async () => {
      const deal = ownOpenDeal()
      const res = await call('rep', 'POST', `/api/v1/deals/${deal.id}/stakeholders`, {
        contact: { name: 'Fiona Budget', title: 'VP Finance', seniority: 'vp' },
        roles: ['economic_buyer', 'budget_owner'],
      })
      expect(res.status).toBe(201)
      const fiona = (res.body as EditBody).deal.stakeholders.find((s) => s.name === 'Fiona Budget')
      expect(fiona?.roles).toEqual(['economic_buyer', 'budget_owner'])

      const contacts = await call('rep', 'GET', `/api/v1/deals/${deal.id}/contacts`)
      expect((contacts.body as { data: { name: string }[] }).data.map((c) => c.name)).toContain(
        'Fiona Budget',
      )

      const foreign = company.dataset.contacts.find((c) => c.accountId !== deal.accountId)
      const bad = await call('rep', 'POST', `/api/v1/deals/${deal.id}/stakeholders`, {
        contactId: foreign?.id,
        roles: ['blocker'],
      })
      expect(bad.status).toBe(400)
      expect((bad.body as ErrorBody).error.message).toMatch(/^contactId: .* works at another account/)
      const noRole = await call('rep', 'POST', `/api/v1/deals/${deal.id}/stakeholders`, {
        contactId: foreign?.id,
        roles: [],
      })
      expect((noRole.body as ErrorBody).error.message).toMatch(
        /roles: give the stakeholder at least one role/,
      )
      expect(
        (
          await call('rep', 'POST', `/api/v1/deals/${deal.id}/stakeholders`, {
            contactId: foreign?.id,
            roles: ['chief'],
          })
        ).status,
      ).toBe(400)
    })

    it('creates deals: a rep for themselves, not for a colleague; bad amounts and stages refused', async () => {
      const account = company.dataset.accounts.find((a) => a.segment !== 'SMB')
      const base = {
        name: 'New platform deal',
        accountId: account?.id,
        stageKey: 'problem_understanding',
        amountCents: 5_000_000,
        closeDate: '2027-03-31',
      }
      const res = await call('rep', 'POST', '/api/v1/deals', base)
      expect(res.status).toBe(201)
      const created = (res.body as EditBody).deal
      expect(created.deal.ownerId).toBe(personOf('rep'))
      expect(created.deal.stageModelId).toBe('sm-category')
      expect(created.stageHistory).toHaveLength(1)
      expect((await auditOf(created.deal.id))[0]).toMatchObject({ action: 'create', entity: 'deal' })

      expect(
        (await call('rep', 'POST', '/api/v1/deals', { ...base, ownerId: colleagueDeal().ownerId })).status,
      ).toBe(403)
      const neg = await call('rep', 'POST', '/api/v1/deals', { ...base, amountCents: -1 })
      expect((neg.body as ErrorBody).error.message).toMatch(/amountCents: an amount cannot be negative/)
      const stage = await call('rep', 'POST', '/api/v1/deals', { ...base, stageKey: 'discovery' })
      expect((stage.body as ErrorBody).error.message).toMatch(/stageKey: unknown stage "discovery"/)
    })

    it('runs a POC: create with defaults, refuse a go/no-go before the start, weekly check-ins', async () => {
      const deal = ownOpenDeal()
      const se = company.dataset.people.find((p) => p.role === 'se')
      const ae = company.dataset.people.find((p) => p.role === 'ae')
      const base = {
        seId: se?.id,
        question: 'Can the platform load our nightly batch in under an hour?',
        metric: 'batch load minutes',
        baseline: 180,
        target: 60,
        startedAt: '2026-11-02',
        commitments: { dedicatedResource: true, weeklyMeeting: true, dataAccess: true, goNoGoDecision: true },
      }
      const early = await call('rep', 'POST', `/api/v1/deals/${deal.id}/pocs`, {
        ...base,
        goNoGoDate: '2026-10-01',
      })
      expect(early.status).toBe(400)
      expect((early.body as ErrorBody).error.message).toBe(
        'goNoGoDate: the go/no-go date 2026-10-01 is before the start 2026-11-02',
      )
      const notSe = await call('rep', 'POST', `/api/v1/deals/${deal.id}/pocs`, { ...base, seId: ae?.id })
      expect((notSe.body as ErrorBody).error.message).toMatch(/^seId: .* is not a solution engineer/)
      const paidFree = await call('rep', 'POST', `/api/v1/deals/${deal.id}/pocs`, { ...base, paid: true })
      expect((paidFree.body as ErrorBody).error.message).toBe('priceCents: a paid POC needs a price above 0')
      expect((await call('rep', 'POST', `/api/v1/deals/${colleagueDeal().id}/pocs`, base)).status).toBe(403)

      const res = await call('rep', 'POST', `/api/v1/deals/${deal.id}/pocs`, {
        ...base,
        paid: true,
        priceCents: 1_500_000,
      })
      expect(res.status).toBe(201)
      const poc = (res.body as { poc: { id: string; plannedWeeks: number; goNoGoDate: string } }).poc
      expect(poc.plannedWeeks).toBe(4)
      expect(poc.goNoGoDate).toBe('2026-11-30')

      const week1 = await call('rep', 'POST', `/api/v1/pocs/${poc.id}/checkins`, {
        week: 1,
        checkedAt: '2026-11-09',
        metricValue: 150,
        commitmentsMet: ['weeklyMeeting', 'dataAccess'],
      })
      expect(week1.status).toBe(201)
      expect((week1.body as { warnings: string[] }).warnings).toEqual([
        'commitments missed this week: dedicatedResource, goNoGoDecision',
      ])
      expect(
        (await call('rep', 'POST', `/api/v1/pocs/${poc.id}/checkins`, { week: 1, checkedAt: '2026-11-10' }))
          .status,
      ).toBe(409)
      const before = await call('rep', 'POST', `/api/v1/pocs/${poc.id}/checkins`, {
        week: 2,
        checkedAt: '2026-10-01',
      })
      expect((before.body as ErrorBody).error.message).toMatch(
        /^checkedAt: 2026-10-01 is before the POC started/,
      )

      const moved = await call('rep', 'PATCH', `/api/v1/pocs/${poc.id}`, { goNoGoDate: '2026-10-30' })
      expect(moved.status).toBe(400)
      const ok = await call('rep', 'PATCH', `/api/v1/pocs/${poc.id}`, { status: 'running', plannedWeeks: 3 })
      expect((ok.body as { changed: string[] }).changed.sort()).toEqual(['plannedWeeks', 'status'])

      const audit = await auditOf(deal.id)
      expect(
        audit
          .filter((a) => a.entity === 'poc')
          .map((a) => a.action)
          .sort(),
      ).toEqual(['add_checkin', 'create', 'update'])
      expect(audit.find((a) => a.entity === 'poc' && a.action === 'update')?.detail).toMatchObject({
        before: { status: 'planned', plannedWeeks: 4 },
        after: { status: 'running', plannedWeeks: 3 },
      })
    })

    it('defines an experiment with its plan, records the seed, and assigns deals reproducibly', async () => {
      const [control, variant] = company.dataset.playbooks
      const def = {
        name: 'Budget by the second call',
        hypothesis: 'Asking for budget by the second discovery call raises the win rate',
        controlPlaybookId: control?.id,
        variantPlaybookId: variant?.id,
        eligibility: { segments: [ownOpenDeal().segment] },
        assignmentMethod: 'random',
        seed: 20261123,
        primaryMetric: 'win_rate',
        smallestEffect: 0.1,
        startedAt: '2026-11-23',
      }
      expect((await call('rep', 'POST', '/api/v1/experiments', def)).status).toBe(403)
      const bad = await call('leader', 'POST', '/api/v1/experiments', { ...def, smallestEffect: 10 })
      expect((bad.body as ErrorBody).error.message).toMatch(
        /^smallestEffect: for win rate give a difference in points/,
      )
      const samePlaybook = await call('leader', 'POST', '/api/v1/experiments', {
        ...def,
        variantPlaybookId: control?.id,
      })
      expect((samePlaybook.body as ErrorBody).error.message).toMatch(
        /^variantPlaybookId: the variant must be a different playbook/,
      )

      const res = await call('leader', 'POST', '/api/v1/experiments', def)
      expect(res.status).toBe(201)
      const exp = (res.body as { experiment: { id: string; seed: number; plan: ExperimentPlan } }).experiment
      expect(exp.seed).toBe(20261123)
      expect(exp.plan.unit).toBe('closed deals')
      expect(exp.plan.neededPerArm).toBeGreaterThan(100)
      expect(exp.plan.weeklyFlow).toBeGreaterThan(0)
      expect(exp.plan.weeksNeeded).toBe(Math.ceil(((exp.plan.neededPerArm ?? 0) * 2) / exp.plan.weeklyFlow))

      const deal = ownOpenDeal()
      const assigned = await call('rep', 'POST', `/api/v1/experiments/${exp.id}/assignments`, {
        dealId: deal.id,
      })
      expect(assigned.status).toBe(201)
      expect((assigned.body as { variant: string }).variant).toBe(randomArm(20261123, deal.id))
      expect(
        (await call('rep', 'POST', `/api/v1/experiments/${exp.id}/assignments`, { dealId: deal.id })).status,
      ).toBe(409)
      expect(
        (
          await call('rep', 'POST', `/api/v1/experiments/${exp.id}/assignments`, {
            dealId: colleagueDeal().id,
          })
        ).status,
      ).toBe(403)
      const outside = deals().find((d) => d.segment !== deal.segment)
      const ineligible = await call('leader', 'POST', `/api/v1/experiments/${exp.id}/assignments`, {
        dealId: outside?.id,
      })
      expect((ineligible.body as ErrorBody).error.message).toMatch(
        /^dealId: the deal's segment .* is not eligible/,
      )

      const manual = await call('leader', 'POST', '/api/v1/experiments', {
        ...def,
        eligibility: { segments: [] },
        assignmentMethod: 'manual',
        seed: undefined,
        primaryMetric: 'days_to_close',
        smallestEffect: 0.8,
      })
      const manualId = (
        manual.body as { experiment: { id: string; seed: number | null; plan: ExperimentPlan } }
      ).experiment
      expect(manualId.seed).toBeNull()
      expect(manualId.plan.basis).toMatch(/t test on ln days/)
      const noArm = await call('leader', 'POST', `/api/v1/experiments/${manualId.id}/assignments`, {
        dealId: teamDeal().id,
      })
      expect((noArm.body as ErrorBody).error.message).toBe(
        'variant: manual assignment needs the arm: control or variant',
      )
    })
  })
}
