/**
 * The Win Patterns page in a real browser against a real server and a seeded
 * demo database: the sentences, the win-rate-by-signal chart, the
 * Kaplan-Meier curves for a chosen signal, and the tables.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { waitForChartDrawn } from './support/browser.js'
import { useE2eSession } from './support/e2e-session.js'

const session = useE2eSession()

async function signedInPage(): Promise<Page> {
  const page = await session.newPage({ timeoutMs: 30_000 })
  await session.signIn(page, session.revlab.login('leader'), '/win-patterns')
  return page
}

describe('win patterns (e2e)', () => {
  it('shows sentences with n and intervals, the charts and the tables', async () => {
    const page = await signedInPage()
    const sentences = page.getByTestId('win-pattern-sentences')
    await sentences.waitFor()
    expect(await sentences.textContent()).toMatch(/won \d+% \(95% CI \d+–\d+%, n=[\d,]+\)/)
    await waitForChartDrawn(page, 'chart-win-rate-by-signal')
    await waitForChartDrawn(page, 'chart-km-curves')
    expect(await page.getByTestId('signals-table').locator('tbody tr').count()).toBeGreaterThan(10)
    expect(await page.getByTestId('model-table').textContent()).toMatch(/exec_sponsor/)

    await page.getByTestId('curve-signal').selectOption('hard_deadline')
    await page.waitForURL(/curve=hard_deadline/)
    await waitForChartDrawn(page, 'chart-km-curves')
  })
})
