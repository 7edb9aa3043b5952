/**
 * The Accounts, account and Use Cases pages in a real browser against a
 * seeded demo server: the tables fill, the charts draw, sorting follows the
 * URL, an account opens with its daily chart, and /consumption lands on
 * Accounts.
 */
import { describe, expect, it } from 'vitest'
import { screenshot, waitForChartDrawn } from './support/browser.js'
import { useE2eSession } from './support/e2e-session.js'

const session = useE2eSession()

describe('accounts and use cases (e2e)', () => {
  it('shows the leader the accounts with tiles, chart and a sortable table, then one account', async () => {
    const page = await session.signedIn(session.revlab.login('leader'), '/consumption')
    await page.getByTestId('accounts-page').waitFor()
    await page.waitForURL(/\/accounts$/)
    await page.getByTestId('account-row').first().waitFor()
    expect(await page.getByTestId('kpi-nrr').textContent()).toMatch(/\d+\.\d%/)
    await waitForChartDrawn(page, 'chart-gainers-losers')
    await screenshot(page, 'accounts')

    // An earlier day (in the URL) gives other figures; clearing it returns to the latest.
    const date = page.getByTestId('accounts-date')
    const latest = await date.inputValue()
    expect(latest).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    const runRate = await page.getByTestId('kpi-run-rate').textContent()
    const earlier = new Date(Date.parse(`${latest}T00:00:00Z`) - 60 * 86_400_000).toISOString().slice(0, 10)
    await date.fill(earlier)
    await page.waitForURL(new RegExp(`date=${earlier}`))
    await page.waitForFunction((before) => {
      const el = document.querySelector('[data-testid="kpi-run-rate"]')
      return el !== null && el.textContent !== before
    }, runRate)
    expect(await page.getByTestId('accounts-page').textContent()).toContain('as of')
    await screenshot(page, 'accounts-earlier')
    await page.goto(`${session.revlab.baseUrl}/accounts`)
    await page.getByTestId('account-row').first().waitFor()
    expect(await page.getByTestId('kpi-run-rate').textContent()).toBe(runRate)

    await page.getByTestId('sort-name').click()
    await page.waitForURL(/sort=name&order=asc/)
    const names = await page.locator('[data-testid="account-row"] td:first-child a').allTextContents()
    expect(names.length).toBeGreaterThan(1)
    expect([...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()))).toEqual(names)

    await page.locator('[data-testid="account-row"] td:first-child a').first().click()
    await page.getByTestId('account-page').waitFor()
    await page.waitForURL(/\/accounts\/[^/?]+$/)
    await waitForChartDrawn(page, 'chart-account-daily')
    expect((await page.getByTestId('account-name').textContent())?.length).toBeGreaterThan(0)
    await screenshot(page, 'account-detail')

    // The briefing's account links (/consumption?account=…) open the same page.
    const detailUrl = new URL(page.url())
    const id = detailUrl.pathname.split('/').pop() ?? ''
    await page.goto(`${session.revlab.baseUrl}/consumption?account=${id}`)
    await page.waitForURL((url) => url.pathname === detailUrl.pathname)
    await waitForChartDrawn(page, 'chart-account-daily')
  })

  it('shows use cases by lifecycle status with the list, and filters by status', async () => {
    const page = await session.signedIn(session.revlab.login('leader'), '/use-cases')
    await page.getByTestId('use-cases-page').waitFor()
    await page.getByTestId('use-case-row').first().waitFor()
    await waitForChartDrawn(page, 'chart-use-case-status')
    await screenshot(page, 'use-cases')

    await page.getByTestId('filter-use-case-status').selectOption('live')
    await page.waitForURL(/status=live/)
    const statuses = await page.locator('[data-testid="use-case-row"] .badge').allTextContents()
    expect(statuses.every((s) => s === 'Live')).toBe(true)

    // An earlier day keeps the status filter and re-dates the list.
    const date = page.getByTestId('use-cases-date')
    const latest = await date.inputValue()
    const subtitle = await page.locator('.page-header p').textContent()
    const earlier = new Date(Date.parse(`${latest}T00:00:00Z`) - 60 * 86_400_000).toISOString().slice(0, 10)
    await date.fill(earlier)
    await page.waitForURL(new RegExp(`status=live&date=${earlier}`))
    await page.waitForFunction(
      (before) => document.querySelector('.page-header p')?.textContent !== before,
      subtitle,
    )
    expect(await date.inputValue()).toBe(earlier)
    expect(await page.getByTestId('filter-use-case-status').inputValue()).toBe('live')
  })
})
