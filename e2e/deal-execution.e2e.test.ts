/**
 * The POCs and Experiments pages in a real browser against a real server and
 * a seeded demo: the active-POC table with risk flags and both charts, and
 * the experiment comparison with its early-stopping warning.
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

async function signedIn(path: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
  contexts.push(context)
  const page = await context.newPage()
  page.setDefaultTimeout(20_000)
  const login = revlab.login('leader')
  await page.goto(`${revlab.baseUrl}${path}`)
  await page.getByTestId('signin-form').waitFor()
  await page.getByLabel('Email').fill(login.email)
  await page.getByLabel('Password').fill(login.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByTestId('user-menu').waitFor()
  return page
}

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
