/**
 * The POCs and Experiments pages in a real browser against a real server and
 * a seeded demo: the active-POC table with risk flags and both charts, and
 * the experiment comparison with its early-stopping warning.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { waitForChartDrawn } from './support/browser.js'
import { useE2eSession } from './support/e2e-session.js'

const session = useE2eSession()
const signedIn = (path: string): Promise<Page> => session.signedIn(session.revlab.login('leader'), path)

describe('deal execution pages (e2e)', () => {
  it('shows active POCs with risk flags, SE load and conversion by shape', async () => {
    const page = await signedIn('/pocs')
    await page.getByTestId('poc-table').waitFor()
    expect(await page.locator('[data-testid="poc-table"] tbody tr').count()).toBeGreaterThan(0)
    expect(await page.locator('[data-testid="poc-table"] tbody tr[data-risk="yes"]').count()).toBeGreaterThan(
      0,
    )
    await waitForChartDrawn(page, 'se-load-chart')
    await waitForChartDrawn(page, 'poc-conversion-chart')
    await expect.poll(() => page.getByText('Paid vs free.').count()).toBe(1)
  })

  it('shows the dual-champion experiment with intention to treat and per protocol', async () => {
    const page = await signedIn('/experiments')
    await page.getByTestId('experiment-exp-dual-champion').waitFor()
    await expect.poll(() => page.getByText('Intention to treat').count()).toBe(1)
    await expect.poll(() => page.getByText(/^Per protocol/).count()).toBe(1)
  })
})
