import type { Stage } from '@revlab/domain'
import type { HealthActivity, HealthStakeholder, StakeholderGap } from './types.js'

const BUSINESS_ROLES = ['business_stakeholder', 'economic_buyer', 'budget_owner', 'exec_sponsor']
const CONVERSATIONS = new Set(['call', 'meeting', 'demo', 'workshop', 'executive_briefing'])

/**
 * Gaps in the buying committee for the deal's stage. A stage counts as
 * "budget" from a CRM probability of 0.6 (Budget & Approval in the category
 * model, Negotiation in the classic one) and as "evaluation" from 0.2, so the
 * rules hold for any stage model with sensible probabilities.
 */
export function stakeholderGaps(
  stage: Stage | undefined,
  stakeholders: HealthStakeholder[],
  activities: HealthActivity[],
): StakeholderGap[] {
  if (!stage || stage.isClosed) return []
  const has = (role: string) => stakeholders.some((s) => s.roles.includes(role))
  const gaps: StakeholderGap[] = []
  if (stage.probability >= 0.6) {
    if (!has('economic_buyer'))
      gaps.push({
        code: 'no-economic-buyer',
        severity: 'high',
        message: `No economic buyer at ${stage.name}`,
      })
    if (!has('budget_owner'))
      gaps.push({ code: 'no-budget-owner', severity: 'medium', message: `No budget owner at ${stage.name}` })
    if (!has('exec_sponsor'))
      gaps.push({
        code: 'no-exec-sponsor',
        severity: 'medium',
        message: `No executive sponsor at ${stage.name}`,
      })
  }
  if (stage.probability >= 0.2 && !has('technical_champion')) {
    gaps.push({
      code: 'no-technical-champion',
      severity: 'medium',
      message: `No technical champion at ${stage.name}`,
    })
  }
  const first = activities
    .filter((a) => CONVERSATIONS.has(a.type) && a.attendees.length > 0)
    .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt))[0]
  if (first) {
    const business = new Set(
      stakeholders.filter((s) => s.roles.some((r) => BUSINESS_ROLES.includes(r))).map((s) => s.contactId),
    )
    if (!first.attendees.some((a) => business.has(a.contactId))) {
      gaps.push({
        code: 'first-call-without-business',
        severity: 'medium',
        message: `First call (${first.occurredAt.slice(0, 10)}) without a business stakeholder`,
      })
    }
  }
  for (const b of stakeholders.filter((s) => s.roles.includes('blocker'))) {
    gaps.push({ code: 'blocker', severity: 'high', message: `Blocker on the deal: ${b.name}` })
  }
  if (stage.probability >= 0.2 && stakeholders.length === 1) {
    gaps.push({
      code: 'single-threaded',
      severity: 'medium',
      message: 'Single-threaded: one buyer contact mapped',
    })
  }
  return gaps
}
