/**
 * Deal execution read-outs on both engines: exit criteria missing for the
 * current stage, stakeholder gaps by stage, the explained deal score and its
 * calibration against closed outcomes, the pipeline board, the coaching view
 * per rep; and the signal catalogue and stage models that admins edit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Store } from '@revlab/db'
import type { DemoCompany } from '@revlab/demo-data'
import type { RevlabApp } from '@revlab/server'
import type {
  DealScore,
  DealScoreModel,
  ExitCriteriaStatus,
  RepCoaching,
  StakeholderGap,
} from '@revlab/analyses'
import { ENGINES } from '../../db/test/engines.js'
import { callerForEveryRole, openDemoApp, type ApiCall } from './demo-app.js'

const NOW = new Date('2026-11-23T12:00:00Z')
type ErrorBody = { error: { message: string } }
type Execution = { exitCriteria: ExitCriteriaStatus; stakeholderGaps: StakeholderGap[]; score: DealScore }

for (const engine of ENGINES) {
  describe(`${engine}: deal execution read-outs and the catalogue`, () => {
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

    const repId = () => company.logins.find((l) => l.role === 'rep')?.personId ?? ''

    it('shows the missing exit criteria of the current stage, and they disappear once captured', async () => {
      const deal = company.dataset.deals.find(
        (d) => d.ownerId === repId() && !d.isClosed && d.kind !== 'use_case',
      )
      if (!deal) throw new Error('no open rep deal')
      const before = (await call('rep', 'GET', `/api/v1/deals/${deal.id}/execution`)).body as Execution
      expect(before.exitCriteria.stageKey).toBe(deal.stageKey)
      const stage = company.dataset.stages.find(
        (s) => s.stageModelId === deal.stageModelId && s.key === deal.stageKey,
      )
      expect(before.exitCriteria.criteria.map((c) => c.key)).toEqual(JSON.parse(stage?.exitCriteria ?? '[]'))
      const missing = before.exitCriteria.criteria.find((c) => !c.known)
      if (missing) {
        const def = company.dataset.signalDefinitions.find((d) => d.key === missing.key)
        const value =
          def?.valueType === 'boolean' ? 'true' : def?.valueType === 'number' ? '3' : 'prior_spend'
        expect(
          (await call('rep', 'POST', `/api/v1/deals/${deal.id}/signals`, { key: missing.key, value })).status,
        ).toBe(201)
        const after = (await call('rep', 'GET', `/api/v1/deals/${deal.id}/execution`)).body as Execution
        expect(after.exitCriteria.missing).not.toContain(missing.label)
        expect(after.exitCriteria.missing.length).toBe(before.exitCriteria.missing.length - 1)
      }
    })

    it('warns of stakeholder gaps by stage: no economic buyer at Budget & Approval', async () => {
      const deal = company.dataset.deals.find(
        (d) =>
          !d.isClosed &&
          d.kind !== 'use_case' &&
          d.stageKey === 'budget_approval' &&
          !company.dataset.dealStakeholders.some(
            (k) => k.dealId === d.id && k.roles.includes('economic_buyer'),
          ),
      )
      if (!deal) throw new Error('no open Budget & Approval deal without an economic buyer')
      const res = (await call('leader', 'GET', `/api/v1/deals/${deal.id}/execution`)).body as Execution
      expect(res.stakeholderGaps.map((g) => g.message)).toContain('No economic buyer at Budget & Approval')
      const withEb = company.dataset.deals.find(
        (d) =>
          !d.isClosed &&
          d.kind !== 'use_case' &&
          d.stageKey === 'budget_approval' &&
          company.dataset.dealStakeholders.some(
            (k) => k.dealId === d.id && k.roles.includes('economic_buyer'),
          ),
      )
      if (withEb) {
        const ok = (await call('leader', 'GET', `/api/v1/deals/${withEb.id}/execution`)).body as Execution
        expect(ok.stakeholderGaps.map((g) => g.code)).not.toContain('no-economic-buyer')
      }
    })

    it('explains the deal score factor by factor and checks it against closed outcomes', async () => {
      const model = (await call('leader', 'GET', '/api/v1/deal-score')).body as DealScoreModel
      if (model.status !== 'ok') throw new Error(model.reason)
      const cal = model.calibration
      console.info(
        `${engine} deal score: n ${cal.n} (won ${cal.wins}), Brier ${cal.brier.toFixed(4)} vs base ${cal.brierBaseRate.toFixed(4)}, ` +
          `AUC ${cal.auc?.toFixed(3)} (activity count ${cal.aucActivityCount?.toFixed(3)}, weighted activity ${cal.aucWeightedActivity?.toFixed(3)}); ` +
          `bins ${cal.bins.map((b) => `${b.lo.toFixed(1)}:${b.n}:${b.meanPredicted.toFixed(2)}/${b.observedRate.toFixed(2)}`).join(' ')}; ` +
          `coef ${model.coefficients.map((k) => `${k.key} ${k.estimate.toFixed(2)}`).join(', ')}`,
      )
      expect(cal.brier).toBeLessThan(cal.brierBaseRate)
      expect(cal.auc).toBeGreaterThan(0.58)
      expect(cal.bins.reduce((a, b) => a + b.n, 0)).toBe(cal.n)
      // Calibrated: in bins with 30+ deals the observed rate sits within 0.15 of the mean prediction.
      for (const b of cal.bins.filter((x) => x.n >= 30))
        expect(Math.abs(b.observedRate - b.meanPredicted)).toBeLessThan(0.15)
      // The demo plants its win odds in exec sponsor, prior open-source use and paid POCs (not in activity):
      // those three terms must carry the model.
      const coef = Object.fromEntries(model.coefficients.map((k) => [k.key, k]))
      for (const key of ['execSponsor', 'priorOssUse', 'paidPoc'])
        expect(coef[key]?.ci95[0]).toBeGreaterThan(0)

      const deal = company.dataset.deals.find(
        (d) => d.ownerId === repId() && !d.isClosed && d.kind !== 'use_case',
      )
      const ex = (await call('rep', 'GET', `/api/v1/deals/${deal?.id}/execution`)).body as Execution
      expect(ex.score.probability).toBeGreaterThan(0)
      expect(ex.score.probability).toBeLessThan(1)
      expect(ex.score.factors.map((f) => f.key).sort()).toEqual([
        'champion',
        'economicBuyer',
        'execSponsor',
        'paidPoc',
        'priorOssUse',
        'rolesCovered',
        'seniorConversations',
        'strongBudget',
        'weightedActivity',
      ])
      expect(ex.score.sentence).toMatch(/% chance to win against a \d+% base rate/)
    })

    it('serves the pipeline board and the coaching view, scoped to the caller', async () => {
      const board = (await call('rep', 'GET', '/api/v1/pipeline-board')).body as {
        models: { columns: { count: number; deals: { ownerId: string }[] }[] }[]
      }
      const cards = board.models.flatMap((m) => m.columns.flatMap((col) => col.deals))
      expect(cards.length).toBeGreaterThan(0)
      expect(new Set(cards.map((d) => d.ownerId))).toEqual(new Set([repId()]))

      const mine = (await call('rep', 'GET', '/api/v1/coaching')).body as {
        reps: { id: string }[]
        coaching: RepCoaching
      }
      expect(mine.reps.map((r) => r.id)).toEqual([repId()])
      expect(mine.coaching.repId).toBe(repId())
      expect(typeof mine.coaching.summary).toBe('string')
      const other = company.dataset.deals.find((d) => d.ownerId !== repId())?.ownerId
      expect((await call('rep', 'GET', `/api/v1/coaching?repId=${other}`)).status).toBe(403)
      const all = (await call('leader', 'GET', '/api/v1/coaching')).body as { reps: unknown[] }
      expect(all.reps.length).toBeGreaterThan(1)
    })

    it('lets admins edit the signal catalogue and exit criteria, and install a preset; nobody else', async () => {
      expect(
        (
          await call('leader', 'POST', '/api/v1/signal-definitions', {
            key: 'security_review',
            label: 'Security review passed',
            group: 'meddpicc',
            valueType: 'boolean',
          })
        ).status,
      ).toBe(403)
      const created = await call('admin', 'POST', '/api/v1/signal-definitions', {
        key: 'security_review',
        label: 'Security review passed',
        group: 'meddpicc',
        valueType: 'boolean',
      })
      expect(created.status).toBe(201)
      expect(
        (
          await call('admin', 'POST', '/api/v1/signal-definitions', {
            key: 'security_review',
            label: 'x',
            group: 'meddpicc',
            valueType: 'boolean',
          })
        ).status,
      ).toBe(409)
      const badKey = await call('admin', 'POST', '/api/v1/signal-definitions', {
        key: 'Security Review',
        label: 'x',
        group: 'meddpicc',
        valueType: 'boolean',
      })
      expect((badKey.body as ErrorBody).error.message).toMatch(/^invalid request: key: keys are snake_case/)
      expect(
        (
          await call('admin', 'PATCH', '/api/v1/signal-definitions/security_review', {
            label: 'Security review done',
          })
        ).status,
      ).toBe(200)

      const set = await call(
        'admin',
        'PUT',
        '/api/v1/stage-models/sm-category/stages/closure/exit-criteria',
        { exitCriteria: ['paper_process', 'security_review'] },
      )
      expect(set.status).toBe(200)
      const models = set.body as {
        data: { id: string; stages: { key: string; exitCriteria: string[] }[] }[]
        presets: { key: string; installed: boolean }[]
      }
      expect(
        models.data.find((m) => m.id === 'sm-category')?.stages.find((s) => s.key === 'closure')
          ?.exitCriteria,
      ).toEqual(['paper_process', 'security_review'])
      const unknown = await call(
        'admin',
        'PUT',
        '/api/v1/stage-models/sm-category/stages/closure/exit-criteria',
        { exitCriteria: ['telepathy'] },
      )
      expect((unknown.body as ErrorBody).error.message).toBe('exitCriteria: unknown signal telepathy')
      expect(models.presets.every((p) => p.installed)).toBe(true)
      expect((await call('admin', 'POST', '/api/v1/stage-models/presets/category')).status).toBe(409)
      expect((await call('admin', 'POST', '/api/v1/stage-models/presets/waterfall')).status).toBe(400)
      expect(
        (
          await call('rep', 'PUT', '/api/v1/stage-models/sm-category/stages/closure/exit-criteria', {
            exitCriteria: [],
          })
        ).status,
      ).toBe(403)
    })
  })
}
