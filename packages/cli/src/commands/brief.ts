/**
 * `revlab brief`: the morning-coffee briefing in a terminal, as JSON, or sent
 * as the daily digest (email and/or Slack, configured by environment).
 */
import type { Brief } from '@revlab/analyses'
import type { Store } from '@revlab/db'
import { buildBrief, digestConfigFromEnv, sendDigest } from '@revlab/server'
import pc from 'picocolors'
import { note, printJson } from '../output.js'
import { withStore } from '../with-store.js'

export type BriefOptions = { db?: string; date?: string; team?: string; json?: boolean; send?: boolean }

export function renderBrief(brief: Brief): string {
  const mark = { good: pc.green('▲'), bad: pc.red('▼'), neutral: pc.dim('•') } as const
  const lines = [
    pc.bold(`Morning coffee — ${brief.date}${brief.team ? ` · ${brief.team}` : ''}`),
    brief.headline,
    '',
    ...brief.items.map((item) => `  ${mark[item.tone]} ${item.text}`),
  ]
  return `${lines.join('\n')}\n`
}

export async function printBriefFor(store: Store, options: { date?: string; team?: string }): Promise<void> {
  process.stdout.write(
    renderBrief(await buildBrief(store, { date: options.date ?? null, team: options.team ?? null })),
  )
}

export async function briefCommand(options: BriefOptions): Promise<void> {
  const brief = await withStore(options.db, (store) =>
    buildBrief(store, { date: options.date ?? null, team: options.team ?? null }),
  )
  if (options.json) printJson(brief)
  else process.stdout.write(renderBrief(brief))
  if (options.send) {
    const sent = await sendDigest(brief, digestConfigFromEnv(process.env))
    note(
      sent.length
        ? `Digest sent: ${sent.join(', ')}`
        : 'No digest sent: set REVLAB_SMTP_URL and REVLAB_DIGEST_TO, or REVLAB_SLACK_WEBHOOK_URL',
    )
  }
}
