/**
 * Editing a deal in a real browser against a real server and a seeded demo:
 * a rep sees only their own deals, changes one's stage, amount and close
 * date and sees it saved; adds a signal and a stakeholder; is refused on a
 * colleague's deal; and the edit shows in the deal's history (the audit log).
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { useE2eSession } from './support/e2e-session.js'

const session = useE2eSession()

type DealRow = { id: string; ownerName: string; status: string; stageKey: string; amountCents: number }

/** A JSON call from inside the signed-in page (its cookie, and the CSRF token /api/auth/me hands out). */
async function inPage(
  page: Page,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const me = (await (await fetch('/api/auth/me')).json()) as { csrfToken: string }
      const res = await fetch(path, {
        method,
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
      return { status: res.status, json: (await res.json()) as unknown }
    },
    { method, path, body },
  )
}

describe('deal editing (e2e)', () => {
  it('a rep edits their own deal, is refused on a colleague’s, and the edit is in the audit log', async () => {
    const repLogin = session.revlab.login('rep')
    const rep = await session.signedIn(repLogin, '/')

    // Only their own deals in the pipeline table.
    await rep.getByTestId('deals-table').waitFor()
    await expect
      .poll(() => rep.locator('[data-testid="deal-row"]').count(), { timeout: 30_000 })
      .toBeGreaterThan(0)
    const owners = await rep
      .locator('[data-testid="deals-table"] [data-testid="deal-owner"]')
      .allTextContents()
    expect(owners.length).toBeGreaterThan(0)
    expect(new Set(owners)).toEqual(new Set([repLogin.name]))

    const own = (await inPage(rep, 'GET', '/api/v1/deals?status=open&pageSize=200')).json as {
      data: DealRow[]
    }
    const deal = own.data[0]
    if (!deal) throw new Error('the rep has no open deal')

    // Edit it on the deal page.
    await rep.goto(`${session.revlab.baseUrl}/deals/${deal.id}`)
    await rep.getByTestId('deal-edit-form').waitFor()
    // The deal's checks: exit criteria of its stage and the explained score.
    await rep.getByTestId('deal-score-value').waitFor({ timeout: 60_000 })
    expect(await rep.getByTestId('deal-score-value').textContent()).toMatch(/^\d+(\.\d)?%$/)
    expect(await rep.locator('[data-testid="score-factors"] tbody tr').count()).toBe(9)
    expect(await rep.getByTestId('exit-criteria').textContent()).toMatch(/To leave /)
    const stageOptions = await rep
      .locator('[data-testid="deal-edit-stage"] option')
      .evaluateAll((os) =>
        os.map((o) => ({ value: (o as HTMLOptionElement).value, label: o.textContent ?? '' })),
      )
    const target = stageOptions.find((o) => o.value !== deal.stageKey && !o.value.startsWith('closed_'))
    if (!target) throw new Error('no other open stage to move to')
    await rep.getByTestId('deal-edit-stage').selectOption(target.value)
    await rep.getByTestId('deal-edit-amount').fill('98765')
    await rep.getByTestId('deal-edit-close').fill('2027-01-29')
    await rep.getByTestId('deal-edit-save').click()
    await rep.getByTestId('deal-edit-saved').waitFor()
    await expect.poll(() => rep.getByTestId('deal-stage').textContent()).toBe(target.label)
    expect(await rep.getByTestId('deal-amount').getAttribute('title')).toBe('$98,765')

    // Still there after a reload: it was saved, not just shown.
    await rep.reload()
    await rep.getByTestId('deal-stage').waitFor({ timeout: 60_000 })
    expect(await rep.getByTestId('deal-stage').textContent()).toBe(target.label)
    expect(await rep.getByTestId('deal-amount').getAttribute('title')).toBe('$98,765')

    // A signal and a stakeholder.
    await rep.getByTestId('signal-key').selectOption('economic_buyer')
    await rep.getByTestId('signal-value').selectOption('true')
    await rep.getByTestId('signal-evidence').fill('CFO joined the pricing call')
    await rep.getByTestId('signal-save').click()
    await rep.getByTestId('add-signal-saved').waitFor()
    await expect.poll(() => rep.getByText('CFO joined the pricing call').count()).toBeGreaterThan(0)

    await rep.getByTestId('stakeholder-contact').selectOption('new')
    await rep.getByTestId('stakeholder-name').fill('Petra Sponsor')
    await rep.getByTestId('stakeholder-title').fill('VP Engineering')
    await rep.getByTestId('role-exec_sponsor').check()
    await rep.getByTestId('stakeholder-save').click()
    await rep.getByTestId('add-stakeholder-saved').waitFor()
    await expect
      .poll(() => rep.locator('[data-testid="stakeholder"]', { hasText: 'Petra Sponsor' }).count())
      .toBe(1)

    // A bad edit is refused with the field named.
    await rep.getByTestId('deal-edit-amount').fill('-5')
    await rep.getByTestId('deal-edit-save').click()
    await rep.getByTestId('deal-edit-error').waitFor()
    expect(await rep.getByTestId('deal-edit-error').textContent()).toMatch(
      /amountCents: an amount cannot be negative/,
    )

    // The history shows who changed what.
    await expect.poll(() => rep.locator('[data-testid="audit-entry"]').count()).toBeGreaterThanOrEqual(3)
    const history = await rep.getByTestId('audit-log').textContent()
    expect(history).toContain(repLogin.name)
    expect(history).toContain('$98,765')

    // A colleague's deal: not on the page, and an edit through the API is a 403.
    const leader = await session.signedIn(session.revlab.login('leader'), '/')
    const all = (await inPage(leader, 'GET', '/api/v1/deals?status=open&pageSize=200')).json as {
      data: DealRow[]
    }
    const colleague = all.data.find((d) => d.ownerName !== repLogin.name)
    if (!colleague) throw new Error('no colleague deal')
    await rep.goto(`${session.revlab.baseUrl}/deals/${colleague.id}`)
    await rep.getByTestId('deal-not-found').waitFor()
    const refused = await inPage(rep, 'PATCH', `/api/v1/deals/${colleague.id}`, { amountCents: 1 })
    expect(refused.status).toBe(403)
    expect(JSON.stringify(refused.json)).toMatch(/not yours to edit/)

    // The leader sees the rep's edit in the audit log, and nothing on the colleague's deal.
    const audit = (await inPage(leader, 'GET', `/api/v1/deals/${deal.id}/audit`)).json as {
      data: { action: string; userName: string; detail: { after: Record<string, unknown> } }[]
    }
    const update = audit.data.find((e) => e.action === 'update' && e.detail.after.amountCents === 9_876_500)
    expect(update?.userName).toBe(repLogin.name)
    expect(update?.detail.after).toMatchObject({ stageKey: target.value, closeDate: '2027-01-29' })
    const untouched = (await inPage(leader, 'GET', `/api/v1/deals/${colleague.id}/audit`)).json as {
      data: unknown[]
    }
    expect(untouched.data).toHaveLength(0)
  })
})
