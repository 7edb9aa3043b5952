/**
 * The pipeline and deal pages in a real browser against a real server and a
 * seeded demo database: sign-in, charts, the deals table, a deal's history,
 * sign-out, and that a rep only ever sees their own deals.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { screenshot, waitForChartDrawn } from './support/browser.js'
import { useE2eSession, type Credentials } from './support/e2e-session.js'

const session = useE2eSession()
const newPage = session.newPage
const signIn = (page: Page, login: Credentials): Promise<void> => session.signIn(page, login)

async function dealsTotal(page: Page): Promise<number> {
  const total = page.getByTestId('deals-total')
  await page.waitForFunction(() =>
    document.querySelector('[data-testid="deals-total"]')?.hasAttribute('data-total'),
  )
  return Number(await total.getAttribute('data-total'))
}

/** Leader's deals that the rep test then tries to open directly. */
const leaderDeals: Array<{ id: string; owner: string }> = []
let leaderTotal = 0

describe('pipeline (e2e)', () => {
  it('signs the leader in and shows the charts and the deals table', async () => {
    const leader = session.revlab.login('leader')
    const page = await newPage()
    await signIn(page, leader)

    const menu = page.getByTestId('user-menu')
    await menu.waitFor()
    expect(await page.getByTestId('user-role').textContent()).toMatch(/leader/i)
    if (leader.name) expect(await page.getByTestId('user-name').textContent()).toBe(leader.name)

    await waitForChartDrawn(page, 'chart-pipeline-by-stage')
    await waitForChartDrawn(page, 'chart-win-rate-by-quarter')
    expect(await page.getByTestId('kpi-open-pipeline').textContent()).toMatch(/\$\d/)
    expect(await page.getByTestId('kpi-win-rate').textContent()).toMatch(/\d+\.\d%.*95% CI/)

    await page.getByTestId('deal-row').first().waitFor()
    const rows = page.getByTestId('deal-row')
    expect(await rows.count()).toBeGreaterThan(0)
    expect(await rows.count()).toBeLessThanOrEqual(25)
    leaderTotal = await dealsTotal(page)
    expect(leaderTotal).toBeGreaterThan(0)
    const pages = Math.ceil(leaderTotal / 25)
    expect(await page.getByTestId('page-indicator').textContent()).toBe(`Page 1 of ${pages}`)

    for (const row of await rows.all()) {
      leaderDeals.push({
        id: (await row.getAttribute('data-deal-id')) ?? '',
        owner: (await row.getByTestId('deal-owner').textContent()) ?? '',
      })
    }
    await screenshot(page, 'pipeline-leader')

    if (pages > 1) {
      await page.getByTestId('page-next').click()
      await page.getByText(`Page 2 of ${pages}`).waitFor()
      await page.waitForFunction(
        (firstId) =>
          document.querySelector('[data-testid="deal-row"]')?.getAttribute('data-deal-id') !== firstId,
        leaderDeals[0]?.id,
      )
      expect(page.url()).toContain('page=2')
      await page.getByTestId('page-prev').click()
      await page.getByText(`Page 1 of ${pages}`).waitFor()
    }
  })

  it('filters the deals table by status', async () => {
    const page = await newPage()
    await signIn(page, session.revlab.login('leader'))
    await page.getByTestId('deal-row').first().waitFor()
    const all = await dealsTotal(page)

    await page.getByTestId('filter-status').selectOption('won')
    await page.waitForFunction(() => new URL(location.href).searchParams.get('status') === 'won')
    await page.waitForFunction(
      (total) =>
        document.querySelector('[data-testid="deals-total"]')?.getAttribute('data-total') !== String(total),
      all,
    )
    const won = await dealsTotal(page)
    expect(won).toBeGreaterThan(0)
    expect(won).toBeLessThan(all)
    const badges = await page.locator('[data-testid="deal-row"] .badge').allTextContents()
    expect(new Set(badges)).toEqual(new Set(['Won']))
  })

  it('opens a deal and shows its stage history, then signs out', async () => {
    const page = await newPage()
    await signIn(page, session.revlab.login('leader'))
    const firstLink = page.getByTestId('deal-link').first()
    const dealName = (await firstLink.textContent()) ?? ''
    await firstLink.click()

    await page.getByTestId('deal-header').waitFor()
    expect(page.url()).toMatch(/\/deals\/[^/]+$/)
    expect(await page.getByTestId('deal-name').textContent()).toBe(dealName)
    await page.getByTestId('stage-history-row').first().waitFor()
    expect(await page.getByTestId('stage-history-row').count()).toBeGreaterThan(0)
    await waitForChartDrawn(page, 'chart-stage-timeline')
    await screenshot(page, 'deal')

    // Back returns to the pipeline, thanks to pushState routing.
    await page.goBack()
    await page.getByTestId('deals-table').waitFor()

    await page.getByTestId('sign-out').click()
    await page.getByTestId('signin-form').waitFor()
    // The session is gone on the server too, not just hidden in the page.
    await page.reload()
    await page.getByTestId('signin-form').waitFor()
    expect(await page.getByTestId('user-menu').count()).toBe(0)
  })

  it('shows a rep only their own deals', async () => {
    const rep = session.revlab.login('rep')
    const page = await newPage()
    await signIn(page, rep)
    await page.getByTestId('user-menu').waitFor()
    const repName = ((await page.getByTestId('user-name').textContent()) ?? '').trim()
    expect(repName).not.toBe('')

    await page.getByTestId('deal-row').first().waitFor()
    await waitForChartDrawn(page, 'chart-pipeline-by-stage')
    const owners = (await page.getByTestId('deal-owner').allTextContents()).map((o) => o.trim())
    expect(owners.length).toBeGreaterThan(0)
    expect(new Set(owners)).toEqual(new Set([repName]))

    const repTotal = await dealsTotal(page)
    expect(repTotal).toBeGreaterThan(0)
    expect(repTotal).toBeLessThan(leaderTotal)
    await screenshot(page, 'pipeline-rep')

    // Someone else's deal, opened by URL, is not found for the rep.
    const other = leaderDeals.find((d) => d.owner.trim() !== repName)
    if (other) {
      await page.goto(`${session.revlab.baseUrl}/deals/${encodeURIComponent(other.id)}`)
      await page.getByTestId('deal-not-found').waitFor()
      await screenshot(page, 'deal-not-visible-to-rep')
    }
  })

  it('shows the API error message for a wrong password', async () => {
    const leader = session.revlab.login('leader')
    const page = await newPage()
    await signIn(page, { email: leader.email, password: `${leader.password}-wrong` })

    const error = page.getByTestId('signin-error')
    await error.waitFor()
    expect(((await error.textContent()) ?? '').trim().length).toBeGreaterThan(0)
    expect(await page.getByTestId('user-menu').count()).toBe(0)
    await screenshot(page, 'signin-wrong-password')
  })
})
