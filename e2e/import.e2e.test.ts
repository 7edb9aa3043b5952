/**
 * The Import page in a real browser against a real server and a seeded demo:
 * choose the Salesforce source, upload a small messy export, preview the
 * first rows as mapped, import, and see the counts, the rejects and the run.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, screenshot } from './support/browser.js'
import { repoRoot, startRevlab, type RevlabServer } from './support/revlab-server.js'

const messy = path.join(repoRoot, 'packages/importers/src/salesforce/fixtures/messy')

let revlab: RevlabServer
let browser: Browser
let context: BrowserContext | undefined

beforeAll(async () => {
  revlab = await startRevlab({ scale: 'small', seed: 42, asOf: '2026-11-23' })
  browser = await launchBrowser()
})

afterAll(async () => {
  await context?.close().catch(() => undefined)
  await browser?.close()
  await revlab?.stop()
})

async function signIn(page: Page): Promise<void> {
  const login = revlab.login('leader')
  await page.goto(`${revlab.baseUrl}/`)
  await page.getByTestId('signin-form').waitFor()
  await page.getByLabel('Email').fill(login.email)
  await page.getByLabel('Password').fill(login.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByTestId('user-menu').waitFor()
}

describe('import page (e2e)', () => {
  it('uploads a Salesforce export, previews it, imports it and lists the rejects', async () => {
    context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
    const page = await context.newPage()
    page.setDefaultTimeout(20_000)
    await signIn(page)
    await page.getByTestId('nav-import').click()
    await page.getByTestId('import-page').waitFor()
    await page.getByTestId('import-source').selectOption('salesforce')
    await page
      .getByTestId('import-files')
      .setInputFiles(fs.readdirSync(messy).map((f) => path.join(messy, f)))

    await page.getByTestId('import-preview').click()
    await page.getByTestId('import-preview-result').waitFor()
    const previewRows = page.getByTestId('import-preview-row')
    expect(await previewRows.count()).toBe(15)
    expect(await page.locator('[data-testid="import-preview-row"][data-status="rejected"]').count()).toBe(4)
    await screenshot(page, 'import-preview')

    await page.getByTestId('import-submit').click()
    await page.getByTestId('import-result').waitFor()
    expect(await page.getByTestId('import-result').getAttribute('data-status')).toBe('committed')
    expect(await page.getByTestId('import-count-rows_read').textContent()).toBe('15')
    expect(await page.getByTestId('import-count-rejected').textContent()).toBe('4')
    const rejects = page.getByTestId('import-reject-row')
    expect(await rejects.count()).toBe(4)
    expect(await rejects.first().textContent()).toContain('the opportunity has no AccountId')
    await page.getByTestId('import-run-row').first().waitFor()
    await screenshot(page, 'import-result')
  })
})
