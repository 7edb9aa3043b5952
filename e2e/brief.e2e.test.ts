/**
 * The morning-coffee briefing and the question box in a real browser against
 * a seeded demo server: the leader's briefing renders its items and chart, a
 * plain question gets an answer with the interpretation used, and a rep's
 * question about someone else is refused with a suggestion.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { screenshot, waitForChartDrawn } from './support/browser.js'
import { useE2eSession, type Credentials } from './support/e2e-session.js'

const session = useE2eSession()
const signedIn = (login: Credentials): Promise<Page> => session.signedIn(login)

async function ask(page: Page, question: string): Promise<{ headline: string; interpretation: string }> {
  const input = page.getByTestId('ask-input')
  await input.fill(question)
  await input.press('Enter')
  const headline = page.getByTestId('ask-headline')
  await headline.waitFor()
  return {
    headline: (await headline.textContent()) ?? '',
    interpretation: (await page.getByTestId('ask-answer').textContent()) ?? '',
  }
}

describe('morning coffee and ask (e2e)', () => {
  it("shows the leader the day's briefing with its chart and items", async () => {
    const page = await signedIn(session.revlab.login('leader'))
    await page.goto(`${session.revlab.baseUrl}/coffee?date=2026-11-23`)
    await page.getByTestId('morning-coffee').waitFor()
    const items = page.getByTestId('brief-items').locator('li')
    await items.first().waitFor()
    expect(await items.count()).toBeGreaterThanOrEqual(8)
    const text = (await page.getByTestId('brief-items').textContent()) ?? ''
    expect(text).toMatch(/Consumption on 2026-11-23 was \$/)
    await waitForChartDrawn(page, 'brief-daily-chart')
    await screenshot(page, 'morning-coffee')
  })

  it('answers a plain question from the top bar with the interpretation it used', async () => {
    const page = await signedIn(session.revlab.login('leader'))
    const answer = await ask(page, 'How is Lars doing over the last 30 days?')
    expect(answer.headline.length).toBeGreaterThan(0)
    expect(answer.interpretation).toContain('Lars Eriksen')
    await screenshot(page, 'ask-lars')

    const ranking = await ask(page, 'which accounts lost the most consumption last week?')
    expect(ranking.headline.length).toBeGreaterThan(0)
  })

  it("keeps a rep to their own figures when they ask about a colleague's", async () => {
    const rep = session.revlab.login('rep')
    const page = await signedIn(rep)
    const answer = await ask(page, 'How is Naomi Horvat doing over the last 30 days?')
    expect(answer.interpretation.toLowerCase()).toMatch(/only|your own|not allowed|can't|cannot/)
    await screenshot(page, 'ask-rep-refused')
  })
})
