/**
 * Salesforce's words in Revlab's terms: contact role → stakeholder roles,
 * job title → seniority, user title → sales role, opportunity type → deal
 * kind, task/event → activity type, and the activity weight. Pure.
 */
import type {
  ActivityType,
  DealKind,
  PersonRole,
  Seniority,
  SignalGroup,
  StakeholderRole,
} from '@revlab/domain'

/** The job title's seniority: C-level and founders, VPs and heads, directors, managers, everyone else. */
export function seniorityFromTitle(title: string): Seniority {
  const t = title.toLowerCase()
  if (/\b(chief|ceo|cfo|cto|cio|coo|cmo|cro|ciso|cdo|president|founder|co-founder|owner)\b/.test(t))
    return /\bvice president\b/.test(t) ? 'vp' : 'c_level'
  if (/\b(vp|svp|evp|avp|vice president|head of)\b/.test(t)) return 'vp'
  if (/\bdirector\b/.test(t)) return 'director'
  if (/\b(manager|lead|supervisor|mgr)\b/.test(t)) return 'manager'
  return 'ic'
}

/** A Salesforce user's sales role from their title (new people only; a matched person keeps theirs). */
export function personRoleFromTitle(title: string): PersonRole {
  const t = title.toLowerCase()
  if (
    /\b(sales engineer|solutions? engineer|solutions? consultant|solutions? architect|presales|pre-sales)\b/.test(
      t,
    )
  )
    return 'se'
  if (/\b(sdr|bdr|sales development|business development rep)/.test(t)) return 'sdr'
  if (/\b(vp|vice president|chief|cro|head of|president)\b/.test(t)) return 'leader'
  if (/\b(manager|director)\b/.test(t)) return 'manager'
  return 'ae'
}

/**
 * OpportunityContactRole.Role → stakeholder roles. A Decision Maker is the
 * economic buyer, and the executive sponsor as well when they are C-level.
 * Unknown roles (custom picklist values) keep the contact on the deal with no role.
 */
export function stakeholderRoles(role: string, seniority: Seniority | undefined): StakeholderRole[] {
  const r = role.trim().toLowerCase()
  switch (r) {
    case 'economic buyer':
    case 'economic decision maker':
      return ['economic_buyer']
    case 'decision maker':
      return seniority === 'c_level' ? ['economic_buyer', 'exec_sponsor'] : ['economic_buyer']
    case 'technical buyer':
    case 'evaluator':
    case 'champion':
    case 'technical champion':
      return ['technical_champion']
    case 'business user':
    case 'influencer':
    case 'business stakeholder':
      return ['business_stakeholder']
    case 'executive sponsor':
    case 'exec sponsor':
      return ['exec_sponsor']
    case 'budget owner':
    case 'budget holder':
      return ['budget_owner']
    case 'blocker':
    case 'detractor':
      return ['blocker']
    default:
      return []
  }
}

/** Opportunity.Type → deal kind; new business when empty or unknown. */
export function dealKindFromType(type: string): DealKind {
  const t = type.toLowerCase()
  if (/renewal|replacement/.test(t)) return 'renewal'
  if (/upgrade|upsell|expansion|add-on|cross-sell|existing/.test(t)) return 'expansion'
  return 'new_logo'
}

/** A Task's activity type, or undefined for a to-do that is not a customer touch. */
export function taskActivityType(fields: {
  subtype: string
  type: string
  subject: string
  callSeconds: number | undefined
}): ActivityType | undefined {
  const sub = fields.subtype.toLowerCase()
  const type = fields.type.toLowerCase()
  if (
    fields.callSeconds !== undefined ||
    sub === 'call' ||
    type === 'call' ||
    /^call\b/i.test(fields.subject)
  )
    return 'call'
  if (sub === 'email' || sub === 'listemail' || type === 'email' || /^email\b/i.test(fields.subject))
    return 'email'
  if (type === 'meeting') return 'meeting'
  if (type === 'demo') return 'demo'
  return undefined
}

/** An Event's activity type from its Type and Subject. */
export function eventActivityType(type: string, subject: string): ActivityType {
  const text = `${type} ${subject}`.toLowerCase()
  if (/executive briefing|ebc|exec(utive)? (briefing|review)/.test(text)) return 'executive_briefing'
  if (/workshop/.test(text)) return 'workshop'
  if (/\bdemo/.test(text)) return 'demo'
  if (/\bcall\b/.test(type.toLowerCase())) return 'call'
  return 'meeting'
}

// The same table demo-data plants (packages/demo-data/src/activities.ts), so
// imported and generated activities weigh alike.
const TYPE_WEIGHTS: Record<ActivityType, number> = {
  executive_briefing: 3,
  workshop: 2.5,
  demo: 2,
  meeting: 1.5,
  call: 1,
  email: 0.3,
  hallway: 0.2,
}
const SENIORITY_WEIGHTS: Record<Seniority, number> = {
  c_level: 2,
  vp: 1.6,
  director: 1.3,
  manager: 1.1,
  ic: 1,
}

/** Type weight × the weight of the most senior attendee (1 with no attendee). */
export function activityWeight(type: ActivityType, seniorities: readonly Seniority[]): number {
  const top = Math.max(1, ...seniorities.map((s) => SENIORITY_WEIGHTS[s]))
  return Math.round(TYPE_WEIGHTS[type] * top * 100) / 100
}

/** The signal group a custom field most likely belongs to, from its name. */
export function signalGroupForField(field: string): SignalGroup {
  const f = field.toLowerCase()
  if (/budget|funding|spend|price/.test(f)) return 'budget'
  if (/compet|incumbent|vendor|open_?source/.test(f)) return 'competition'
  if (/deadline|urgen|timeline|due|event/.test(f)) return 'urgency'
  if (/champion|sponsor|stakeholder|buyer|exec/.test(f)) return 'stakeholders'
  if (/metric|pain|decision|paper|criteria|process|identif/.test(f)) return 'meddpicc'
  return 'readiness'
}
