/**
 * The Import page in a real browser against a real server and a seeded demo:
 * choose the Salesforce source, upload a small messy export, preview the
 * first rows as mapped, import, and see the counts, the rejects and the run;
 * a large file shows its progress (rows, % of bytes, elapsed) while it runs
 * in the background, then the result; a file that cannot be read says why.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, screenshot } from './support/browser.js'
import { repoRoot, startRevlab, type RevlabServer } from './support/revlab-server.js'

const messy = path.join(repoRoot, 'packages/importers/src/salesforce/fixtures/messy')
const dataDir = path.resolve(repoRoot, process.env.REVLAB_SAMPLE_DATA ?? '../shared/data')
const ibmFile = path.join(dataDir, 'ibm-sales-win-loss/WA_Fn-UseC_-Sales-Win-Loss.csv')
const BIG_ROWS = 20_000
const IBM_HEADER =
  'Opportunity Number,Supplies Subgroup,Supplies Group,Region,Route To Market,Elapsed Days In Sales Stage,Opportunity Result,Sales Stage Change Count,Total Days Identified Through Closing,Total Days Identified Through Qualified,Opportunity Amount USD,Client Size By Revenue,Client Size By Employee Count,Revenue From Client Past Two Years,Competitor Type,Ratio Days Identified To Total Days,Ratio Days Validated To Total Days,Ratio Days Qualified To Total Days,Deal Size Category'
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'revlab-import-e2e-'))

/** The first BIG_ROWS rows of the IBM sample (or made-up rows in its columns when the data set is not here), in a temp file. */
function bigIbmFile(): string {
  const file = path.join(tmp, 'ibm-win-loss-20k.csv')
  const lines = fs.existsSync(ibmFile)
    ? fs
        .readFileSync(ibmFile, 'utf8')
        .split('\n')
        .slice(0, BIG_ROWS + 1)
    : [
        IBM_HEADER,
        ...Array.from(
          { length: BIG_ROWS },
          (_, i) =>
            `${9_000_000 + i},Sub ${i % 7},Group ${i % 3},Region ${i % 5},Route ${i % 4},${i % 90},${i % 4 ? 'Loss' : 'Won'},${i % 9},${30 + (i % 200)},${20 + (i % 100)},${(i % 50) * 1000},${1 + (i % 5)},${1 + (i % 5)},${i % 4},Unknown,0.5,0.25,0.25,${1 + (i % 7)}`,
        ),
      ]
  fs.writeFileSync(file, `${lines.join('\n')}\n`)
  return file
}

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
  fs.rmSync(tmp, { recursive: true, force: true })
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

  it('shows the progress of a large import while it runs, then the result', async () => {
    const page = await context!.newPage()
    page.setDefaultTimeout(20_000)
    await page.goto(`${revlab.baseUrl}/import`)
    await page.getByTestId('import-page').waitFor()
    await page.getByTestId('import-source').selectOption('mapped')
    await page.getByTestId('import-mapping').selectOption('ibm-sales-win-loss')
    await page.getByTestId('import-files').setInputFiles(bigIbmFile())
    await page.getByTestId('import-submit').click()

    const progress = page.getByTestId('import-progress')
    await progress.waitFor()
    expect(await page.getByTestId('import-submit').isDisabled()).toBe(true)
    // The bar moves: wait for a report with rows read, before the result replaces it.
    await page.waitForFunction(
      () =>
        Number(document.querySelector('[data-testid="import-progress"]')?.getAttribute('data-rows') ?? 0) >
          0 || document.querySelector('[data-testid="import-result"]') !== null,
      undefined,
      { timeout: 60_000, polling: 50 },
    )
    expect(await page.getByTestId('import-result').count()).toBe(0)
    const rows = Number(await progress.getAttribute('data-rows'))
    const percent = Number(await progress.getAttribute('data-percent'))
    expect(rows).toBeGreaterThan(0)
    expect(rows).toBeLessThanOrEqual(BIG_ROWS)
    expect(percent).toBeGreaterThan(0)
    expect(percent).toBeLessThanOrEqual(100)
    expect(await page.getByRole('progressbar').getAttribute('aria-valuenow')).toBe(String(percent))
    expect(await page.getByTestId('import-progress-elapsed').textContent()).toMatch(/^\d+\.\d s$|^\d+:\d\d$/)
    expect(await progress.textContent()).toContain('rows read')
    await screenshot(page, 'import-progress-running')

    const result = page.getByTestId('import-result')
    await result.waitFor({ timeout: 110_000 })
    expect(await result.getAttribute('data-status')).toBe('committed')
    expect(await page.getByTestId('import-count-rows_read').textContent()).toBe('20,000')
    expect(await page.getByTestId('import-count-rejected').textContent()).toBe('0')
    expect(await progress.count()).toBe(0)
    expect(await page.getByTestId('import-submit').isDisabled()).toBe(false)
    await page.getByTestId('import-run-row').filter({ hasText: 'ibm-win-loss-20k.csv' }).waitFor()
    await screenshot(page, 'import-progress-result')
  }, 180_000)

  it('says in one line why an import failed, and that nothing was stored', async () => {
    const page = await context!.newPage()
    page.setDefaultTimeout(20_000)
    await page.goto(`${revlab.baseUrl}/import`)
    await page.getByTestId('import-page').waitFor()
    await page.getByTestId('import-source').selectOption('mapped')
    await page.getByTestId('import-mapping').selectOption('ibm-sales-win-loss')
    const empty = path.join(tmp, 'empty.csv')
    fs.writeFileSync(empty, '')
    await page.getByTestId('import-files').setInputFiles(empty)
    await page.getByTestId('import-submit').click()
    const failed = page.getByTestId('import-failed')
    await failed.waitFor()
    const text = (await failed.textContent()) ?? ''
    expect(text).toContain('failed and was rolled back: nothing was stored')
    expect(text).toContain('empty.csv')
    await screenshot(page, 'import-failed')
  })
})
