import {
  latestCloseDate,
  listPlantedEffects,
  loadDealOutcomeInputs,
  loadEnablementInputs,
  loadForecastInputs,
  loadVerifyInputs,
} from '@revlab/db'
import {
  analyzeForecast,
  verifyDealExecution,
  verifyEnablement,
  verifyForecast,
  verifyPlantedEffects,
  verifyWinPatterns,
  type EffectCheck,
} from '@revlab/analyses'
import { buildExperiments, buildPocs } from '@revlab/server'
import { RevlabError } from '@revlab/domain'
import { printJson, renderTable } from '../output.js'
import { withStore } from '../with-store.js'

const round = (x: number): number => Math.round(x * 1e4) / 1e4

export async function demoVerifyCommand(options: { db?: string; json?: boolean }): Promise<void> {
  const checks = await withStore(options.db, async (store) => {
    const planted = await listPlantedEffects(store.db)
    if (planted.length === 0) {
      throw new RevlabError('NOT_FOUND', `${store.location} holds no demo company`, {
        hint: 'run `revlab demo` first',
      })
    }
    const own = verifyPlantedEffects({ planted, data: await loadVerifyInputs(store.db) })
    // Win patterns and cycle time must find the planted effects too, as of the demo's newest close.
    const asOf = (await latestCloseDate(store.db)) ?? new Date().toISOString().slice(0, 10)
    const wp = verifyWinPatterns(planted, await loadDealOutcomeInputs(store.db, { asOf }))
    const strong = wp.unplantedStrong.map((t) => t.term)
    const guard: EffectCheck = {
      key: 'win_patterns:no_unplanted_strong',
      description: 'No unplanted signal is reported as strong by the win-patterns model.',
      metric: 'count_of_strong_unplanted_terms',
      planted: 0,
      estimate: strong.length,
      ci95: null,
      covered: strong.length === 0,
      method: 'win patterns: model terms with Benjamini-Hochberg q < 0.01',
      n: strong.length,
      ...(strong.length ? { note: strong.join(', ') } : {}),
    }
    const singles = wp.unplantedStrongSingles
    const singlesGuard: EffectCheck = {
      key: 'win_patterns:no_unplanted_strong_values',
      description: 'No unplanted signal value is reported as strong on its own (Benjamini-Hochberg).',
      metric: 'count_of_strong_unplanted_values',
      planted: 0,
      estimate: singles.length,
      ci95: null,
      covered: singles.length === 0,
      method: 'win patterns: signal values with q < 0.01 that are not planted or explained by a planted one',
      n: singles.length,
      ...(singles.length ? { note: singles.map((s) => `${s.key}=${s.value}`).join(', ') } : {}),
    }
    // The forecast's backtest must beat or match the CRM's stage probabilities.
    const forecast = verifyForecast(
      analyzeForecast(await loadForecastInputs(store.db), { asOf, replicates: 2000 }),
    )
    // The POC and experiment analyses must find their planted effects too (issue 6).
    const dealExecution = verifyDealExecution(
      planted,
      await buildPocs(store, { date: asOf }),
      await buildExperiments(store, { date: asOf }),
    )
    // The enablement analysis must find the training and deal-size effects (issue 7).
    const enablement = verifyEnablement(planted, await loadEnablementInputs(store.db))
    return [...own, ...wp.checks, guard, singlesGuard, ...forecast, ...dealExecution, ...enablement]
  })
  if (options.json) {
    return printJson(
      checks.map((c: EffectCheck) => ({
        key: c.key,
        planted: c.planted,
        estimate: c.estimate === null ? null : round(c.estimate),
        ci95: c.ci95 ? [round(c.ci95[0]), round(c.ci95[1])] : null,
        covered: c.covered,
        metric: c.metric,
        method: c.method,
        n: c.n,
        ...(c.note ? { note: c.note } : {}),
      })),
    )
  }
  process.stdout.write(
    `${renderTable(checks, [
      { header: 'effect', value: (c) => c.key },
      { header: 'planted', value: (c) => c.planted, align: 'right' },
      {
        header: 'estimate',
        value: (c) => (c.estimate === null ? '–' : c.estimate.toFixed(3)),
        align: 'right',
      },
      {
        header: '95% CI',
        value: (c) => (c.ci95 ? `${c.ci95[0].toFixed(3)} – ${c.ci95[1].toFixed(3)}` : '–'),
        align: 'right',
      },
      {
        header: 'found',
        value: (c) =>
          c.covered ? 'yes' : c.estimate === null ? 'not estimated' : c.note ? `NO (${c.note})` : 'NO',
      },
      { header: 'n', value: (c) => c.n, align: 'right' },
    ])}\n`,
  )
  const covered = checks.filter((c) => c.covered).length
  process.stdout.write(
    `${covered} of ${checks.length} checks pass: each planted effect inside its 95% interval, and no unplanted signal strong.\n`,
  )
}
