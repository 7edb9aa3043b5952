/**
 * The Open University Learning Analytics Dataset (OULAD) as an LMS export:
 * module presentations, assessments and VLE sites become content; each
 * student becomes a person (a learner, not a sales rep: see README.md);
 * registrations, final results and assessment scores become learning events.
 * Dates in OULAD are days from the presentation's start; a presentation
 * `2013J` starts in October 2013 and `2014B` in February 2014.
 */
import type { Content, LearningEvent, Person } from '@revlab/domain'
import { parseNumber } from '../framework/normalize.js'
import type { MappedRow, StagedRecord } from '../framework/types.js'

export const OULAD_TABLES = {
  courses: ['code_module', 'code_presentation', 'module_presentation_length'],
  assessments: ['code_module', 'code_presentation', 'id_assessment', 'assessment_type', 'date', 'weight'],
  vle: ['id_site', 'code_module', 'code_presentation', 'activity_type'],
  studentInfo: ['code_module', 'code_presentation', 'id_student', 'final_result'],
  studentRegistration: ['code_module', 'code_presentation', 'id_student', 'date_registration'],
  studentAssessment: ['id_assessment', 'id_student', 'date_submitted', 'score'],
} as const

export type OuladTable = keyof typeof OULAD_TABLES

/** Reference order: content first, then people (from studentInfo), then their events. */
export const OULAD_ORDER: readonly OuladTable[] = [
  'courses',
  'assessments',
  'vle',
  'studentInfo',
  'studentRegistration',
  'studentAssessment',
]

/** Which OULAD table a header is, if any (studentVle is not supported: it is not in the shipped set). */
export function ouladTableOf(header: readonly string[]): OuladTable | null {
  const has = new Set(header)
  // studentInfo and studentRegistration share their keys: tell them by the columns only one has.
  for (const table of OULAD_ORDER) {
    if (OULAD_TABLES[table].every((c) => has.has(c))) return table
  }
  return null
}

/** What the later tables need from the earlier ones. */
export type OuladLookups = {
  /** `AAA-2013J` → presentation length in days. */
  lengthDays: Map<string, number>
  /** id_assessment → its presentation key. */
  assessment: Map<string, string>
  /** `AAA-2013J|11391` → unregistration day (relative), when the student withdrew. */
  unregistered: Map<string, number>
}

export const emptyOuladLookups = (): OuladLookups => ({
  lengthDays: new Map(),
  assessment: new Map(),
  unregistered: new Map(),
})

const presentationKey = (v: Record<string, string>): string =>
  `${v.code_module ?? ''}-${v.code_presentation ?? ''}`

/** The first day of a presentation: `2013J` → 2013-10-01, `2014B` → 2014-02-01. Null when not that shape. */
export function presentationStart(code: string): number | null {
  const m = /^(\d{4})([A-L])$/.exec(code.trim())
  if (!m) return null
  const month = m[2] === 'B' ? 1 : m[2] === 'J' ? 9 : (m[2] ?? 'A').charCodeAt(0) - 65
  return Date.UTC(Number(m[1]), month, 1)
}

const DAY_MS = 86_400_000

function instantOf(code: string, relativeDay: number | null): string | null {
  const start = presentationStart(code)
  if (start === null) return null
  return new Date(start + (relativeDay ?? 0) * DAY_MS).toISOString()
}

const fail = (column: string | null, reason: string): MappedRow => ({
  records: [],
  issues: [{ column, reason }],
})

const int = (text: string | undefined): number | null | undefined => {
  const t = (text ?? '').trim()
  if (t === '' || t === '?') return null
  const n = parseNumber(t)
  return n === undefined || !Number.isInteger(n) ? undefined : n
}

const content = (c: Omit<Content, 'skills' | 'durationMin' | 'costCents'>): StagedRecord => ({
  table: 'content',
  record: { ...c, skills: '[]', durationMin: null, costCents: null } satisfies Content,
})

export const ouladPersonId = (student: string): string => `person:oulad-${student}`

/** Records the lookups need from a row of an earlier table (call before mapping later tables). */
export function rememberOuladRow(table: OuladTable, v: Record<string, string>, lookups: OuladLookups): void {
  switch (table) {
    case 'courses': {
      const n = int(v.module_presentation_length)
      if (typeof n === 'number') lookups.lengthDays.set(presentationKey(v), n)
      return
    }
    case 'assessments':
      if (v.id_assessment) lookups.assessment.set(v.id_assessment.trim(), presentationKey(v))
      return
    case 'studentRegistration': {
      const n = int(v.date_unregistration)
      if (typeof n === 'number') lookups.unregistered.set(`${presentationKey(v)}|${v.id_student ?? ''}`, n)
      return
    }
    case 'vle':
    case 'studentInfo':
    case 'studentAssessment':
      return
  }
}

const RESULT_VERBS: Record<string, string> = {
  Pass: 'passed',
  Distinction: 'passed',
  Fail: 'failed',
  Withdrawn: 'withdrawn',
}

/** One OULAD row → its records (the row's own record first). */
export function mapOuladRow(
  table: OuladTable,
  v: Record<string, string>,
  lookups: OuladLookups,
  source: string,
): MappedRow {
  const key = presentationKey(v)
  const module = (v.code_module ?? '').trim()
  const presentation = (v.code_presentation ?? '').trim()
  if (table !== 'studentAssessment' && presentationStart(presentation) === null)
    return fail('code_presentation', `"${presentation}" is not a presentation code like 2013J`)
  const courseId = `oulad:${key}`
  switch (table) {
    case 'courses':
      return {
        records: [
          content({ id: courseId, kind: 'course', title: `${module} ${presentation}`, program: module }),
        ],
        issues: [],
      }
    case 'assessments': {
      const id = (v.id_assessment ?? '').trim()
      if (!id) return fail('id_assessment', 'the assessment id is empty')
      const weight = (v.weight ?? '').trim()
      return {
        records: [
          content({
            id: `oulad:assessment:${id}`,
            kind: 'module',
            title: `${module} ${presentation} ${(v.assessment_type ?? '').trim()} ${id}${weight ? ` (weight ${weight}%)` : ''}`,
            program: module,
          }),
        ],
        issues: [],
      }
    }
    case 'vle': {
      const id = (v.id_site ?? '').trim()
      if (!id) return fail('id_site', 'the site id is empty')
      return {
        records: [
          content({
            id: `oulad:vle:${id}`,
            kind: 'module',
            title: `${module} ${presentation} ${(v.activity_type ?? '').trim()} ${id}`,
            program: module,
          }),
        ],
        issues: [],
      }
    }
    case 'studentInfo': {
      const student = (v.id_student ?? '').trim()
      if (!student) return fail('id_student', 'the student id is empty')
      const result = (v.final_result ?? '').trim()
      const verb = RESULT_VERBS[result]
      if (!verb) return fail('final_result', `"${result}" is not one of Pass, Distinction, Fail, Withdrawn`)
      // A result is known at the end of the presentation; a withdrawal on the day the student unregistered.
      const day =
        verb === 'withdrawn'
          ? (lookups.unregistered.get(`${key}|${student}`) ?? lookups.lengthDays.get(key) ?? null)
          : (lookups.lengthDays.get(key) ?? null)
      const start = instantOf(presentation, 0) ?? ''
      const person: Person = {
        id: ouladPersonId(student),
        name: `OULAD student ${student}`,
        email: '',
        role: 'ae',
        aeType: null,
        managerId: null,
        team: 'OULAD learners',
        region: (v.region ?? '').trim(),
        segment: '',
        startDate: start.slice(0, 10),
        active: false,
      }
      const event: LearningEvent = {
        id: `oulad:result:${key}:${student}`,
        personId: person.id,
        contentId: courseId,
        verb,
        score: null,
        occurredAt: instantOf(presentation, day) ?? start,
        source,
      }
      return {
        records: [
          { table: 'learning_events', record: event },
          { table: 'people', record: person, mode: 'ensure' },
        ],
        issues: [],
      }
    }
    case 'studentRegistration': {
      const student = (v.id_student ?? '').trim()
      if (!student) return fail('id_student', 'the student id is empty')
      const day = int(v.date_registration)
      if (day === undefined)
        return fail('date_registration', `"${v.date_registration ?? ''}" is not a day number`)
      const event: LearningEvent = {
        id: `oulad:registered:${key}:${student}`,
        personId: ouladPersonId(student),
        contentId: courseId,
        verb: 'registered',
        score: null,
        occurredAt: instantOf(presentation, day) ?? '',
        source,
      }
      return { records: [{ table: 'learning_events', record: event }], issues: [] }
    }
    case 'studentAssessment': {
      const student = (v.id_student ?? '').trim()
      const assessment = (v.id_assessment ?? '').trim()
      const of = lookups.assessment.get(assessment)
      if (!of) return fail('id_assessment', `assessment ${assessment} is not in assessments.csv`)
      const day = int(v.date_submitted)
      if (day === undefined) return fail('date_submitted', `"${v.date_submitted ?? ''}" is not a day number`)
      const scoreText = (v.score ?? '').trim()
      const score = scoreText === '' || scoreText === '?' ? null : parseNumber(scoreText)
      if (score === undefined) return fail('score', `"${scoreText}" is not a number`)
      const code = of.slice(of.lastIndexOf('-') + 1)
      const event: LearningEvent = {
        id: `oulad:scored:${assessment}:${student}`,
        personId: ouladPersonId(student),
        contentId: `oulad:assessment:${assessment}`,
        verb: 'scored',
        score,
        occurredAt: instantOf(code, day) ?? '',
        source,
      }
      return { records: [{ table: 'learning_events', record: event }], issues: [] }
    }
  }
}
