/**
 * The daily digest: the morning-coffee briefing by email (SMTP) and to a
 * Slack incoming webhook, configured by environment:
 *
 *   REVLAB_SMTP_URL            smtp://user:pass@host:587 (smtps:// for TLS)
 *   REVLAB_DIGEST_TO           comma-separated recipients
 *   REVLAB_DIGEST_FROM         sender (default revlab@localhost)
 *   REVLAB_SLACK_WEBHOOK_URL   https://hooks.slack.com/services/…
 *   REVLAB_PUBLIC_URL          base URL for links (default http://localhost:4600)
 */
import nodemailer from 'nodemailer'
import { RevlabError } from '@revlab/domain'
import type { Brief } from '@revlab/analyses'

export type DigestConfig = {
  smtpUrl: string | null
  to: string[]
  from: string
  slackWebhookUrl: string | null
  publicUrl: string
}

export function digestConfigFromEnv(env: Record<string, string | undefined>): DigestConfig {
  return {
    smtpUrl: env.REVLAB_SMTP_URL || null,
    to: (env.REVLAB_DIGEST_TO ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    from: env.REVLAB_DIGEST_FROM || 'revlab@localhost',
    slackWebhookUrl: env.REVLAB_SLACK_WEBHOOK_URL || null,
    publicUrl: (env.REVLAB_PUBLIC_URL || 'http://localhost:4600').replace(/\/$/, ''),
  }
}

const escapeHtml = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  )

const subject = (brief: Brief): string =>
  `Morning coffee ${brief.date}${brief.team ? ` (${brief.team})` : ''}: ${brief.headline}`

export function digestText(brief: Brief, publicUrl: string): string {
  const lines = [subject(brief), '']
  for (const item of brief.items)
    lines.push(`- ${item.text}${item.link ? `\n  ${publicUrl}${item.link}` : ''}`)
  lines.push('', `Open the briefing: ${publicUrl}/`)
  return lines.join('\n')
}

export function digestHtml(brief: Brief, publicUrl: string): string {
  const color = { good: '#137333', bad: '#b3261e', neutral: '#555' } as const
  const items = brief.items
    .map(
      (item) =>
        `<li style="margin:6px 0;color:${color[item.tone]}"><span style="color:#222">${escapeHtml(item.text)}</span>` +
        (item.link ? ` <a href="${escapeHtml(publicUrl + item.link)}">detail</a>` : '') +
        '</li>',
    )
    .join('')
  return `<div style="font-family:system-ui,sans-serif;max-width:680px"><h2>Morning coffee — ${escapeHtml(brief.date)}</h2><p><b>${escapeHtml(brief.headline)}</b></p><ul>${items}</ul><p><a href="${escapeHtml(publicUrl)}/">Open Revlab</a></p></div>`
}

/** Slack's mrkdwn: `<url|text>` links, and &, <, > escaped. */
export function slackPayload(brief: Brief, publicUrl: string): { text: string } {
  const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  const mark = { good: ':large_green_circle:', bad: ':red_circle:', neutral: ':white_circle:' } as const
  const lines = [`*${esc(subject(brief))}*`]
  for (const item of brief.items)
    lines.push(`${mark[item.tone]} ${esc(item.text)}${item.link ? ` <${publicUrl}${item.link}|detail>` : ''}`)
  return { text: lines.join('\n') }
}

/** Sends to every channel configured; returns the channels used. Fails loudly, naming the channel. */
export async function sendDigest(
  brief: Brief,
  config: DigestConfig,
  fetchImpl: typeof fetch = fetch,
): Promise<string[]> {
  const sent: string[] = []
  if (config.smtpUrl && config.to.length > 0) {
    const transport = nodemailer.createTransport(config.smtpUrl)
    try {
      await transport.sendMail({
        from: config.from,
        to: config.to,
        subject: subject(brief),
        text: digestText(brief, config.publicUrl),
        html: digestHtml(brief, config.publicUrl),
      })
    } catch (error) {
      throw new RevlabError('BAD_INPUT', `the digest email was not sent: ${(error as Error).message}`, {
        hint: 'check REVLAB_SMTP_URL (smtp://user:pass@host:port) and that the server accepts the sender',
        cause: error,
      })
    } finally {
      transport.close()
    }
    sent.push(`email to ${config.to.join(', ')}`)
  }
  if (config.slackWebhookUrl) {
    const res = await fetchImpl(config.slackWebhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(slackPayload(brief, config.publicUrl)),
    })
    if (!res.ok)
      throw new RevlabError('BAD_INPUT', `Slack refused the digest: HTTP ${res.status}`, {
        hint: 'check REVLAB_SLACK_WEBHOOK_URL is an active incoming webhook',
      })
    sent.push('Slack')
  }
  return sent
}
