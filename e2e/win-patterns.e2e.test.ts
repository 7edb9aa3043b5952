/**
 * The Win Patterns page in a real browser against a real server and a seeded
 * demo database: the sentences, the win-rate-by-signal chart, the
 * Kaplan-Meier curves for a chosen signal, and the tables.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, waitForChartDrawn } from './support/browser.js'
import { startRevlab, type RevlabServer } from './support/revlab-server.js'

let revlab: RevlabServer
let browser: Browser
const contexts: BrowserContext[] = []

beforeAll(async () => {
  revlab = await startRevlab({ scale: 'small', seed: 42, asOf: '2026-11-23' })
  browser = await launchBrowser()
})

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined)
  await browser?.close()
  await revlab?.stop()
})

async function signedInPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
  contexts.push(context)
  const page = await context.newPage()
  page.setDefaultTimeout(30_000)
  const leader = revlab.login('leader')
  await page.goto(`${revlab.baseUrl}/win-patterns`)
  await page.getByTestId('signin-form').waitFor()
  await page.getByLabel('Email').fill(leader.email)
  await page.getByLabel('Password').fill(leader.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
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
