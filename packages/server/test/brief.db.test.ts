/**
 * The morning-coffee briefing on the hand-computed company, on both engines,
 * and the digest delivered to a real (local, in-test) SMTP server and a
 * Slack-shaped webhook.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrateToLatest, openStore, type Store } from '@revlab/db'
import type { Brief } from '@revlab/analyses'
import { buildBrief, sendDigest } from '@revlab/server'
import { ENGINES, freshDatabase } from '../../db/test/engines.js'
import * as fixture from './consumption-fixture.js'

for (const engine of ENGINES) {
  describe(`${engine}: morning coffee on the hand-computed company`, () => {
    let store: Store
    let brief: Brief

    beforeAll(async () => {
      store = await openStore(await freshDatabase(engine))
      await migrateToLatest(store)
      await fixture.loadFixture(store)
      brief = await buildBrief(store)
    })
    afterAll(async () => {
      await store.close()
    })

    it('defaults to the latest day with consumption and counts what happened that week', () => {
      expect(brief.date).toBe(fixture.AS_OF)
      expect(brief.figures).toMatchObject({
        yesterdayCents: 3_500,
        weekAgoCents: 4_500,
        baselineDailyCents: 6_000, // 2,190,000 / 365
        useCasesCreated: 1,
        useCasesLive: 1,
        useCasesSlipped: 1,
        dealsWon: 1,
        dealsWonCents: 5_000_000,
        dealsLost: 0,
        dealsPushed: 1,
        dealsCreated: 0,
        pocsAtRisk: 1,
        reviewsOverdue: 1,
        certificationsEarned: 1,
      })
    })

    it('writes sentences that name the owner and link to the detail', () => {
      const byKind = new Map(brief.items.map((i) => [i.kind, i]))
      expect(byKind.get('consumption')?.text).toBe(
        'Consumption on 2026-03-31 was $35, −22% on the same day last week.' +
          // 7 days × $35 a day against (3,650 + 10,950 + 7,300) / 365 = $60 a day: −42%.
          " The last 7 days ran −22% on the week before and −42% on the baseline's daily line." +
          ' Run rate $16K a year, −$6.3K against the 2026 baseline (−136% of the incremental quota).',
      )
      expect(byKind.get('loser')).toMatchObject({
        text: 'Beta lost $140 (−67%) on the week, $7.3K a year if it holds — ask Carl Core what changed.',
        link: '/consumption?account=beta',
        ownerName: 'Carl Core',
        amountCents: -14_000,
      })
      expect(byKind.get('gainer')?.text).toBe(
        "Alpha gained $70 (+100%) on the week, $3.6K a year at this pace — Cora Core's account.",
      )
      expect(byKind.get('use_cases_slipped')).toMatchObject({ link: '/deals/uC', ownerName: 'Hugo Hunter' })
      expect(byKind.get('deals_won')?.text).toBe(
        '1 deal won for $50K, led by Alpha platform ($50K, Hana Hunter).',
      )
      expect(byKind.get('poc_at_risk')?.text).toBe(
        'POC at risk on Beta expansion (Carl Core, SE Cora Core): the customer missed data access 2 check-ins running,' +
          ' the go/no-go date (2026-03-01) passed 30 days ago and minutes saved has moved 10% of the way to target.',
      )
      expect(byKind.get('reviews_overdue')?.text).toBe(
        'The business review at Beta ($9.2K run rate) is 30 days overdue — Carl Core.',
      )
      expect(byKind.get('certifications')?.text).toBe('Certifications: Cora Core earned Platform Pro.')
      expect(brief.items.length).toBeLessThanOrEqual(15)
    })

    it('narrows to a team', async () => {
      const south = await buildBrief(store, { team: 'south' })
      expect(south.figures.yesterdayCents).toBe(1_500) // Beta 1,000 + Gamma 500
      expect(south.figures.dealsWon).toBe(0)
      await expect(buildBrief(store, { team: 'nowhere' })).rejects.toThrow('no one is in a team')
    })
  })
}

describe('the daily digest', () => {
  const brief: Brief = {
    date: '2026-03-31',
    team: null,
    eventDays: 7,
    headline: 'Consumption down 22% on the week.',
    items: [
      {
        kind: 'loser',
        tone: 'bad',
        text: 'Beta lost $140 (−67%) on the week — ask Carl Core what changed.',
        link: '/consumption?account=beta',
        ownerId: 'c2',
        ownerName: 'Carl Core',
        amountCents: -14_000,
      },
    ],
    figures: {} as Brief['figures'],
    pocsAtRisk: [],
    daily: [],
  }

  it('sends an email through SMTP and posts to a Slack webhook', async () => {
    const received: { from: string; to: string[]; data: string }[] = []
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        let data = ''
        stream.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')))
        stream.on('end', () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            data,
          })
          callback()
        })
      },
    })
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve))
    const smtpPort = (smtp.server.address() as AddressInfo).port
    const posts: string[] = []
    const slack = createServer((req, res) => {
      let body = ''
      req.on('data', (c: Buffer) => (body += c.toString('utf8')))
      req.on('end', () => {
        posts.push(body)
        res.end('ok')
      })
    })
    await new Promise<void>((resolve) => slack.listen(0, '127.0.0.1', resolve))
    const slackPort = (slack.address() as AddressInfo).port
    try {
      const sent = await sendDigest(brief, {
        smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
        to: ['leader@example.com'],
        from: 'revlab@example.com',
        slackWebhookUrl: `http://127.0.0.1:${slackPort}/hook`,
        publicUrl: 'https://revlab.example.com',
      })
      expect(sent).toEqual(['email to leader@example.com', 'Slack'])
      expect(received).toHaveLength(1)
      expect(received[0]?.to).toEqual(['leader@example.com'])
      expect(received[0]?.data).toMatch(/Subject: Morning coffee 2026-03-31/)
      // Quoted-printable: undo soft line breaks and =3D before looking for the link.
      const body = (received[0]?.data ?? '').replace(/=\r\n/g, '').replace(/=3D/g, '=')
      expect(body).toContain('https://revlab.example.com/consumption?account=beta')
      const payload = JSON.parse(posts[0] ?? '{}') as { text: string }
      expect(payload.text).toContain('<https://revlab.example.com/consumption?account=beta|detail>')
      expect(payload.text).toContain('ask Carl Core what changed')
    } finally {
      await new Promise<void>((resolve) => smtp.close(() => resolve()))
      await new Promise<void>((resolve) => slack.close(() => resolve()))
    }
  })
})
