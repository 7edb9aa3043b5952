/**
 * A completion CSV row (email, course, completed_at, score, status) → a
 * learning event, its course and its learner. SCORM-style statuses become
 * the xAPI verbs the analyses read; a passed certification course also
 * becomes a certification.
 */
import type { Certification, Content, LearningEvent } from '@revlab/domain'
import { normalizeEmail, parseInstant, parseNumber, slugify, stableHash } from '../framework/normalize.js'
import { referPerson, type ReferenceContext } from '../framework/references.js'
import type { MappedRow, RowIssue } from '../framework/types.js'

/** SCORM `cmi.core.lesson_status` (and common spellings) → verb. */
const STATUS_VERBS: Record<string, string> = {
  completed: 'completed',
  complete: 'completed',
  passed: 'passed',
  pass: 'passed',
  failed: 'failed',
  fail: 'failed',
  incomplete: 'attempted',
  'in progress': 'attempted',
  attempted: 'attempted',
  'not attempted': 'not_attempted',
  'not started': 'not_attempted',
  browsed: 'experienced',
}

/** The header names each field goes by in LMS exports, lower-cased. */
export const COMPLETION_COLUMNS = {
  email: ['email', 'user_email', 'learner_email', 'e-mail', 'email address'],
  course: ['course', 'course_name', 'course_title', 'course name', 'title'],
  completedAt: ['completed_at', 'completion_date', 'completed', 'date', 'completed on'],
  score: ['score', 'grade', 'score_raw'],
  status: ['status', 'completion_status', 'lesson_status'],
  name: ['name', 'learner', 'user_name', 'full_name', 'learner name'],
} as const

export type CompletionColumns = { [K in keyof typeof COMPLETION_COLUMNS]: string | null }

/** Which header column holds each field (null when absent). */
export function findCompletionColumns(header: readonly string[]): CompletionColumns {
  const pick = (names: readonly string[]): string | null =>
    header.find((h) => names.includes(h.trim().toLowerCase())) ?? null
  return {
    email: pick(COMPLETION_COLUMNS.email),
    course: pick(COMPLETION_COLUMNS.course),
    completedAt: pick(COMPLETION_COLUMNS.completedAt),
    score: pick(COMPLETION_COLUMNS.score),
    status: pick(COMPLETION_COLUMNS.status),
    name: pick(COMPLETION_COLUMNS.name),
  }
}

const CERTIFICATION = /certif/i

export function mapCompletionRow(
  values: Record<string, string>,
  columns: CompletionColumns,
  ctx: ReferenceContext,
): MappedRow {
  const issues: RowIssue[] = []
  const get = (c: string | null): string => (c ? (values[c] ?? '').trim() : '')
  const email = get(columns.email)
  const course = get(columns.course)
  const name = get(columns.name)
  if (!email && !name)
    issues.push({ column: columns.email, reason: 'no email (and no name) for the learner' })
  else if (email && !/^[^@\s]+@[^@\s]+$/.test(email))
    issues.push({ column: columns.email, reason: `"${email}" is not an email address` })
  if (!course) issues.push({ column: columns.course, reason: 'the course is empty' })
  const statusText = get(columns.status).toLowerCase().replace(/[_-]+/g, ' ')
  const verb = columns.status ? STATUS_VERBS[statusText] : 'completed'
  if (!verb)
    issues.push({
      column: columns.status,
      reason: `"${get(columns.status)}" is not a status (completed, passed, failed, incomplete, not attempted, browsed)`,
    })
  const when = get(columns.completedAt)
  const occurredAt = when ? parseInstant(when) : undefined
  if (!occurredAt)
    issues.push({
      column: columns.completedAt,
      reason: when ? `"${when}" is not a date` : 'completed_at is empty (an event needs a date)',
    })
  const scoreText = get(columns.score).replace(/%$/, '')
  const score = scoreText === '' ? null : parseNumber(scoreText)
  if (score === undefined) issues.push({ column: columns.score, reason: `"${scoreText}" is not a number` })
  if (issues.length > 0 || !verb || !occurredAt || score === undefined) return { records: [], issues }

  const { personId, records: personRecords } = referPerson(ctx, {
    email: email ? normalizeEmail(email) : null,
    name: name || null,
  })
  const content: Content = {
    id: `lms:${slugify(course)}`,
    kind: 'course',
    title: course,
    program: null,
    skills: '[]',
    durationMin: null,
    costCents: null,
  }
  const event: LearningEvent = {
    id: `lms:${stableHash(`${personId}|${content.id}|${verb}|${occurredAt}`)}`,
    personId,
    contentId: content.id,
    verb,
    score,
    occurredAt,
    source: ctx.source,
  }
  const records: MappedRow['records'] = [
    { table: 'learning_events', record: event },
    { table: 'content', record: content, mode: 'ensure' },
    ...personRecords,
  ]
  if (verb === 'passed' && CERTIFICATION.test(course)) {
    const cert: Certification = {
      id: `cert:${stableHash(`${personId}|${content.id}`)}`,
      personId,
      name: course,
      product: null,
      earnedAt: occurredAt.slice(0, 10),
      expiresAt: null,
      status: 'earned',
    }
    records.push({ table: 'certifications', record: cert, mode: 'ensure' })
  }
  return { records, issues: [] }
}
