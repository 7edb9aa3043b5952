/**
 * One xAPI statement → the records it becomes: a learning event per learner
 * (a Group actor gives one per identified member), the content it is about,
 * the learner as a person (matched by email or name, created when unknown),
 * and a certification when a learner passed certification content.
 * Every verb is kept: completion-type verbs drive the analyses, the rest is usage.
 */
import type { Certification, Content, LearningEvent } from '@revlab/domain'
import { normalizeEmail, parseInstant, slugify, stableHash } from '../framework/normalize.js'
import { referPerson, type ReferenceContext } from '../framework/references.js'
import type { MappedRow, RowIssue, StagedRecord } from '../framework/types.js'

type Json = Record<string, unknown>

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null)

/** The ADL verbs the analyses read, by the last segment of their IRI. */
export const COMPLETION_VERBS = ['completed', 'passed', 'failed', 'attempted', 'experienced'] as const

/** A verb IRI's short name: `http://adlnet.gov/expapi/verbs/completed` → `completed`. */
export function verbName(verb: unknown): string | null {
  if (!isObject(verb)) return null
  const id = str(verb.id)
  if (!id) return null
  const last =
    id
      .replace(/[/#]+$/, '')
      .split(/[/#]/)
      .pop() ?? id
  return slugify(last).replace(/-/g, '_') || null
}

/** The first language's text of an xAPI language map (`{"en-US": "…"}`), preferring English. */
export function languageText(map: unknown): string | null {
  if (!isObject(map)) return null
  for (const key of ['en-US', 'en', 'en-GB']) {
    const v = str(map[key])
    if (v) return v
  }
  for (const v of Object.values(map)) if (str(v)) return str(v)
  return null
}

type Learner = { email: string | null; name: string | null; key: string }

/** An agent's identity: mbox (an email), mbox_sha1sum, account or openid, with its name. */
export function agentIdentity(agent: unknown): Learner | null {
  if (!isObject(agent)) return null
  const name = str(agent.name)
  const mbox = str(agent.mbox)
  if (mbox) {
    const email = normalizeEmail(mbox.replace(/^mailto:/i, ''))
    return { email, name, key: `mbox:${email}` }
  }
  const sha1 = str(agent.mbox_sha1sum)
  if (sha1) return { email: null, name, key: `sha1:${sha1.toLowerCase()}` }
  if (isObject(agent.account)) {
    const home = str(agent.account.homePage) ?? ''
    const acct = str(agent.account.name)
    if (acct) return { email: null, name, key: `account:${home}|${acct}` }
  }
  const openid = str(agent.openid)
  if (openid) return { email: null, name, key: `openid:${openid}` }
  return null
}

/** The learners a statement is about: the agent, or each identified member of a group (or the group itself). */
function learnersOf(actor: unknown): Learner[] {
  if (!isObject(actor)) return []
  if (actor.objectType === 'Group') {
    const members = Array.isArray(actor.member) ? actor.member.map(agentIdentity) : []
    const identified = members.filter((m): m is Learner => m !== null)
    if (identified.length > 0) return identified
  }
  const self = agentIdentity(actor)
  return self ? [self] : []
}

/** A score on 0–100: scaled (−1..1) × 100, else raw over the max (or min..max), else raw as given. */
export function scoreOf(result: unknown): number | null {
  if (!isObject(result) || !isObject(result.score)) return null
  const { scaled, raw, min, max } = result.score
  if (typeof scaled === 'number' && Number.isFinite(scaled)) return Math.round(scaled * 10_000) / 100
  if (typeof raw === 'number' && Number.isFinite(raw)) {
    const lo = typeof min === 'number' ? min : 0
    if (typeof max === 'number' && max > lo) return Math.round(((raw - lo) / (max - lo)) * 10_000) / 100
    return raw
  }
  return null
}

const CERTIFICATION = /certif/i

/** The person a learner is: matched by email, then name; created when no source knows them. */
function learnerPerson(
  ctx: ReferenceContext,
  learner: Learner,
): { personId: string; records: StagedRecord[] } {
  if (learner.email) return referPerson(ctx, { email: learner.email, name: learner.name })
  const found = learner.name ? ctx.people.find({ name: learner.name }) : undefined
  if (found) return referPerson(ctx, { name: learner.name, id: found })
  // No email: an id derived from the identifier, so the same learner is one person on every import.
  const id = `person:xapi-${stableHash(learner.key)}`
  return referPerson(ctx, { name: learner.name ?? `xAPI learner ${stableHash(learner.key)}`, id })
}

/** Maps one parsed statement; `fallbackId` names a statement without an `id` (from its raw text). */
export function mapStatement(statement: unknown, ctx: ReferenceContext, fallbackId: string): MappedRow {
  const issues: RowIssue[] = []
  if (!isObject(statement)) return { records: [], issues: [{ column: null, reason: 'not a JSON object' }] }
  const verb = verbName(statement.verb)
  if (!verb) issues.push({ column: 'verb', reason: 'the statement has no verb id' })
  const learners = learnersOf(statement.actor)
  if (learners.length === 0)
    issues.push({ column: 'actor', reason: 'the actor has no mbox, mbox_sha1sum, account or openid' })
  const object = statement.object
  const objectId = isObject(object) ? str(object.id) : null
  if (!objectId) issues.push({ column: 'object', reason: 'the statement has no object id' })
  const when = str(statement.timestamp) ?? str(statement.stored)
  const occurredAt = when ? parseInstant(when) : undefined
  if (!occurredAt)
    issues.push({
      column: 'timestamp',
      reason: when ? `"${when}" is not a timestamp` : 'the statement has no timestamp',
    })
  if (issues.length > 0 || !verb || !objectId || !occurredAt) return { records: [], issues }

  const definition = isObject(object) && isObject(object.definition) ? object.definition : {}
  const type = str(definition.type) ?? ''
  const title = languageText(definition.name) ?? objectId
  const context = isObject(statement.context) ? statement.context : {}
  const activities = isObject(context.contextActivities) ? context.contextActivities : {}
  const parent = [activities.parent, activities.grouping, activities.category]
    .flatMap((a) => (Array.isArray(a) ? a : []))
    .find(isObject)
  const content: Content = {
    id: `xapi:${objectId}`,
    kind: /\/course$/i.test(type) ? 'course' : 'module',
    title,
    program: parent
      ? (languageText(isObject(parent.definition) ? parent.definition.name : null) ?? str(parent.id))
      : null,
    skills: '[]',
    durationMin: null,
    costCents: null,
  }
  const score = scoreOf(statement.result)
  const statementId = str(statement.id) ?? fallbackId
  const events: StagedRecord[] = []
  const refs: StagedRecord[] = []
  learners.forEach((learner, i) => {
    const { personId, records } = learnerPerson(ctx, learner)
    refs.push(...records)
    const event: LearningEvent = {
      id: learners.length === 1 ? `xapi:${statementId}` : `xapi:${statementId}:${i + 1}`,
      personId,
      contentId: content.id,
      verb,
      score,
      occurredAt,
      source: ctx.source,
    }
    events.push({ table: 'learning_events', record: event })
    if (verb === 'passed' && (CERTIFICATION.test(type) || CERTIFICATION.test(title))) {
      const cert: Certification = {
        id: `cert:${stableHash(`${personId}|${content.id}`)}`,
        personId,
        name: title,
        product: content.program,
        earnedAt: occurredAt.slice(0, 10),
        expiresAt: null,
        status: 'earned',
      }
      refs.push({ table: 'certifications', record: cert, mode: 'ensure' })
    }
  })
  return { records: [...events, { table: 'content', record: content, mode: 'ensure' }, ...refs], issues: [] }
}
