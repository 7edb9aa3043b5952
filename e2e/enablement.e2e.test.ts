/**
 * The Enablement page in a real browser against a real server and a seeded
 * demo (small, seed 42): the planted +1.5 open questions after Discovery
 * Excellence shows in the behaviour table, the event-study, coverage and
 * content charts draw, the balance table is there, the null program reads
 * "no detectable change", and the business-case PDF downloads.
 */
import fs from 'node:fs'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { waitForChartDrawn } from './support/browser.js'
import { useE2eSession } from './support/e2e-session.js'

const session = useE2eSession()
const signedIn = (path: string): Promise<Page> => session.signedIn(session.revlab.login('leader'), path)

describe('enablement page (e2e)', () => {
  it('shows behaviour change with intervals, balance, coverage and content, and downloads the PDF', async () => {
    const page = await signedIn('/enablement')
    await page.getByTestId('enablement').waitFor({ timeout: 60_000 })
    await expect
      .poll(() => page.getByRole('heading', { name: 'Enablement ROI — Discovery Excellence' }).count())
      .toBe(1)
    const row = page.locator('[data-testid="behaviour-table"] tr[data-behaviour="openQuestions"]')
    const change = Number(await row.locator('td').nth(2).innerText())
    expect(change).toBeGreaterThan(1.2)
    expect(change).toBeLessThan(1.9)
    expect(await row.locator('td').nth(5).innerText()).toBe('increase')
    expect(await page.locator('[data-testid="balance-table"] tbody tr').count()).toBeGreaterThan(8)
    expect(await page.getByTestId('coverage-sentence').innerText()).toMatch(
      /^30 of 30 account executives are matched/,
    )
    await waitForChartDrawn(page, 'behaviour-event-study-chart')
    await waitForChartDrawn(page, 'outcome-event-study-chart')
    await waitForChartDrawn(page, 'coverage-chart')
    await waitForChartDrawn(page, 'content-chart')
    expect(await page.getByTestId('business-case-headline').innerText()).toMatch(
      /^Discovery Excellence cost \$20k for 45 learners/,
    )

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('business-case-pdf').click(),
    ])
    expect(download.suggestedFilename()).toBe('business-case-discovery-excellence.pdf')
    const file = await download.path()
    const bytes = fs.readFileSync(file)
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-')
  })

  it('reports no detectable change for the null program', async () => {
    const page = await signedIn('/enablement')
    await page.getByTestId('enablement').waitFor({ timeout: 60_000 })
    await page.getByTestId('enablement-program').selectOption('Negotiation Foundations')
    await expect
      .poll(() => page.getByRole('heading', { name: 'Enablement ROI — Negotiation Foundations' }).count(), {
        timeout: 60_000,
      })
      .toBe(1)
    expect(await page.getByTestId('enablement-verdict').innerText()).toMatch(
      /^No detectable change in open discovery questions per call after Negotiation Foundations: .*the interval covers zero\./,
    )
    await page.getByTestId('nav-enablement').waitFor()
  })
})
