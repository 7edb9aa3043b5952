/**
 * Call intelligence in a real browser against a real server and a seeded
 * demo: the calls list, a call page with highlighted evidence and the
 * scorecard, the behaviour trends, and that a rep only sees their own calls.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { screenshot, waitForChartDrawn } from './support/browser.js'
import { useE2eSession, type Credentials } from './support/e2e-session.js'

const session = useE2eSession()
const newPage = session.newPage

async function signIn(page: Page, login: Credentials, path = '/'): Promise<void> {
  await session.signIn(page, login, path)
  await page.getByTestId('user-menu').waitFor()
}

async function callsTotal(page: Page): Promise<number> {
  await page.waitForFunction(() =>
    document.querySelector('[data-testid="calls-total"]')?.hasAttribute('data-total'),
  )
  return Number(await page.getByTestId('calls-total').getAttribute('data-total'))
}

let leaderTotal = 0
const leaderCalls: Array<{ id: string; owner: string }> = []

describe('calls (e2e)', () => {
  it('lists calls, opens one, and shows highlighted evidence and the scorecard', async () => {
    const page = await newPage()
    await signIn(page, session.revlab.login('leader'))
    await page.getByTestId('nav-calls').click()
    await page.getByTestId('call-row').first().waitFor()
    leaderTotal = await callsTotal(page)
    expect(leaderTotal).toBe(session.revlab.demo.counts.calls)
    for (const row of await page.getByTestId('call-row').all())
      leaderCalls.push({
        id: (await row.getAttribute('data-call-id')) ?? '',
        owner: (await row.getByTestId('call-owner').textContent()) ?? '',
      })
    await screenshot(page, 'calls-list-leader')

    // Filter by evidence kind: fewer calls, each showing that kind.
    await page.getByTestId('calls-filter-evidence').selectOption('pain')
    await page.waitForFunction(() => new URL(location.href).searchParams.get('evidence') === 'pain')
    await page.waitForFunction(
      (total) =>
        document.querySelector('[data-testid="calls-total"]')?.getAttribute('data-total') !== String(total),
      leaderTotal,
    )
    const painTotal = await callsTotal(page)
    expect(painTotal).toBeGreaterThan(0)
    expect(painTotal).toBeLessThanOrEqual(leaderTotal)

    await page.getByTestId('call-link').first().click()
    await page.getByTestId('call-title').waitFor()
    await page.getByTestId('utterance').first().waitFor()
    const marks = page.getByTestId('evidence-mark')
    expect(await marks.count()).toBeGreaterThan(0)
    expect(await page.locator('[data-testid="evidence-mark"][data-kinds~="pain"]').count()).toBeGreaterThan(0)
    expect(await page.getByTestId('metric-talk-ratio').textContent()).toMatch(/\d+\.\d%/)

    const items = page.getByTestId('scorecard-item')
    expect(await items.count()).toBeGreaterThan(3)
    expect(await page.locator('[data-testid="scorecard-item"][data-met="true"]').count()).toBeGreaterThan(0)
    expect(await page.getByTestId('scorecard-score').textContent()).toMatch(/^\d+%$/)
    expect(await page.getByTestId('call-summary').textContent()).toMatch(/Summary/)
    await screenshot(page, 'call-page')

    // A kind in the legend highlights its quotes and fades the others.
    await page.locator('[data-testid="evidence-kind"][data-kind="pain"]').click()
    expect(await page.locator('[data-testid="evidence-mark"].faded[data-kinds~="pain"]').count()).toBe(0)
    await page.locator('.utterance.focused').waitFor()

    // Another methodology scores the same call again.
    const meddpicc = await page.getByTestId('scorecard').textContent()
    await page.getByTestId('methodology').selectOption('discovery')
    await page.waitForFunction(
      (before) => document.querySelector('[data-testid="scorecard"]')?.textContent !== before,
      meddpicc,
    )
    expect(await page.getByTestId('scorecard').textContent()).toMatch(/Discovery call/)
    await page.evaluate(() => window.scrollTo(0, 0))
    await screenshot(page, 'call-page-discovery')
  })

  it('draws the rep behaviour trends', async () => {
    const page = await newPage()
    await signIn(page, session.revlab.login('leader'), '/calls/trends')
    await waitForChartDrawn(page, 'chart-talk-ratio')
    await waitForChartDrawn(page, 'chart-open-questions')
    expect(await page.getByTestId('trends-row').count()).toBeGreaterThan(2)
    await screenshot(page, 'call-trends')
  })

  it('shows a rep only their own calls', async () => {
    const rep = session.revlab.login('rep')
    const page = await newPage()
    await signIn(page, rep, '/calls')
    await page.getByTestId('call-row').first().waitFor()
    const total = await callsTotal(page)
    expect(total).toBeGreaterThan(0)
    expect(total).toBeLessThan(leaderTotal)
    // The list has no owner column for a rep; the API behind it names the owner of every call.
    expect(await page.getByTestId('call-owner').count()).toBe(0)
    const res = await page.request.get(`${session.revlab.baseUrl}/api/v1/calls?pageSize=200`)
    const owners = new Set(
      ((await res.json()) as { data: { ownerName: string }[] }).data.map((c) => c.ownerName),
    )
    expect(owners.size).toBe(1)
    if (rep.name) expect([...owners]).toEqual([rep.name])
    await screenshot(page, 'calls-list-rep')

    // Someone else's call, opened by its address, is not found.
    const foreign = leaderCalls.find((c) => !owners.has(c.owner))
    expect(foreign).toBeDefined()
    await page.goto(`${session.revlab.baseUrl}/calls/${foreign?.id}`)
    await page.getByTestId('call-not-found').waitFor()
  })
})
