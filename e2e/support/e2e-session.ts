/**
 * The set-up every browser test shares: a demo server and a Chromium for the
 * file (started before its tests, stopped after), pages in their own
 * contexts, and signing in through the real form.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { launchBrowser } from './browser.js'
import { startRevlab, type DemoLogin, type RevlabServer, type StartOptions } from './revlab-server.js'

export type Credentials = Pick<DemoLogin, 'email' | 'password'>

export type E2eSession = {
  /** The running server (valid inside tests). */
  readonly revlab: RevlabServer
  /** A fresh page in its own browser context (its own cookies). */
  newPage(options?: { timeoutMs?: number }): Promise<Page>
  /** Opens `path`, fills the sign-in form and submits it; does not wait for success. */
  signIn(page: Page, login: Credentials, path?: string): Promise<void>
  /** A new page signed in as `login` on `path`, once the app shows the user menu. */
  signedIn(login: Credentials, path?: string): Promise<Page>
}

export function useE2eSession(
  options: StartOptions = { scale: 'small', seed: 42, asOf: '2026-11-23' },
): E2eSession {
  let revlab: RevlabServer | undefined
  let browser: Browser | undefined
  const contexts: BrowserContext[] = []

  beforeAll(async () => {
    revlab = await startRevlab(options)
    browser = await launchBrowser()
  })

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined)
    await browser?.close()
    await revlab?.stop()
  })

  const session: E2eSession = {
    get revlab(): RevlabServer {
      if (!revlab) throw new Error('the demo server is not started yet')
      return revlab
    },
    async newPage({ timeoutMs = 20_000 } = {}) {
      if (!browser) throw new Error('the browser is not started yet')
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
      contexts.push(context)
      const page = await context.newPage()
      page.setDefaultTimeout(timeoutMs)
      return page
    },
    async signIn(page, login, path = '/') {
      await page.goto(`${session.revlab.baseUrl}${path}`)
      await page.getByTestId('signin-form').waitFor()
      await page.getByLabel('Email').fill(login.email)
      await page.getByLabel('Password').fill(login.password)
      await page.getByRole('button', { name: 'Sign in' }).click()
    },
    async signedIn(login, path = '/') {
      const page = await session.newPage()
      await session.signIn(page, login, path)
      await page.getByTestId('user-menu').waitFor()
      return page
    },
  }
  return session
}
