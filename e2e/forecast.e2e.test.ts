/**
 * The Forecast page in a real browser against a real server and a seeded demo
 * database: the quarter's figures (P50, P10–P90, chance of quota), the
 * bookings distribution, backtest and calibration charts, the backtest table
 * with its verdict, and a rep seeing only their own forecast.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { waitForChartDrawn } from './support/browser.js'
import { useE2eSession } from './support/e2e-session.js'

const session = useE2eSession()
// The demo's "today": the page takes asOf from the URL so the figures do not move with the clock.
const PATH = '/forecast?asOf=2026-11-23'

async function signedInAs(role: 'leader' | 'rep'): Promise<Page> {
  const page = await session.newPage({ timeoutMs: 60_000 })
  await session.signIn(page, session.revlab.login(role), PATH)
  return page
}

describe('forecast (e2e)', () => {
  it('shows the quarter, its distribution, the backtest against the stage baseline and calibration', async () => {
    const page = await signedInAs('leader')
    const figures = page.getByTestId('forecast-figures')
    await figures.waitFor()
    expect(await figures.textContent()).toMatch(/2026-Q4 bookings/)
    expect(await page.getByTestId('forecast-p50').textContent()).toMatch(/^\$[\d.]+[KM]$/)
    expect(await page.getByTestId('forecast-range').textContent()).toMatch(/^\$[\d.]+[KM]–\$[\d.]+[KM]$/)
    expect(await page.getByTestId('forecast-p-target').textContent()).toMatch(
      /^(\d+(\.\d)?%|over 99.9%|under 0.1%)$/,
    )
    expect(await page.getByTestId('forecast-sentences').textContent()).toMatch(
      /2026-Q4 bookings forecast as of 2026-11-23: P50/,
    )
    await waitForChartDrawn(page, 'chart-bookings-distribution')
    await waitForChartDrawn(page, 'chart-backtest')
    await waitForChartDrawn(page, 'chart-calibration')
    expect(await page.getByTestId('forecast-verdict').textContent()).toMatch(
      /Backtest over \d+ past quarters.*Brier score \(0\.\d{3} vs 0\.\d{3}/,
    )
    expect(await page.getByTestId('backtest-table').locator('tbody tr').count()).toBeGreaterThanOrEqual(3)
    expect(await page.getByTestId('forecast-teams').locator('tbody tr').count()).toBeGreaterThan(3)
    expect(await page.getByTestId('forecast-deals').locator('tbody tr').count()).toBeGreaterThan(5)

    await page.getByTestId('nav-forecast').waitFor()
  })

  it('a rep sees only their own forecast', async () => {
    const page = await signedInAs('rep')
    await page.getByTestId('forecast-figures').waitFor()
    const rep = session.revlab.login('rep')
    const reps = page.getByTestId('forecast-reps').locator('tbody tr')
    expect(await reps.count()).toBe(1)
    expect(rep.name).toBeTruthy()
    expect(await reps.first().textContent()).toContain(rep.name as string)
    expect(await page.getByTestId('filter-team').count()).toBe(0)
  })
})
