import { listPlantedEffects, loadVerifyInputs } from '@revlab/db'
import { verifyPlantedEffects, type EffectCheck } from '@revlab/analyses'
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
    return verifyPlantedEffects({ planted, data: await loadVerifyInputs(store.db) })
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
      { header: 'found', value: (c) => (c.covered ? 'yes' : c.estimate === null ? 'not estimated' : 'NO') },
      { header: 'n', value: (c) => c.n, align: 'right' },
    ])}\n`,
  )
  const covered = checks.filter((c) => c.covered).length
  process.stdout.write(`${covered} of ${checks.length} planted effects fall inside their 95% interval.\n`)
}
