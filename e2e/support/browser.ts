import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { repoRoot } from './revlab-server.js'

export const screenshotDir = join(repoRoot, '.tmp', 'screenshots')

/** Debian's Chromium; these flags keep it quiet and working inside a container. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(screenshotDir, { recursive: true })
  const path = join(screenshotDir, `${name}.png`)
  await page.screenshot({ path, fullPage: true })
  return path
}

/**
 * True once the chart's canvas has drawn something: more than a handful of
 * non-transparent pixels. Polls, because ECharts animates in.
 */
export async function waitForChartDrawn(page: Page, testId: string): Promise<void> {
  await page.waitForFunction(
    (id) => {
      const canvas = document.querySelector<HTMLCanvasElement>(`[data-testid="${id}"] canvas`)
      if (!canvas || canvas.width === 0 || canvas.height === 0) return false
      const ctx = canvas.getContext('2d')
      if (!ctx) return false
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height)
      let painted = 0
      for (let i = 3; i < data.length; i += 4) {
        if ((data[i] ?? 0) > 0 && ++painted > 500) return true
      }
      return false
    },
    testId,
    { timeout: 15_000 },
  )
}
