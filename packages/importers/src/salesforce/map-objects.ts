/**
 * One Salesforce export row → Revlab records, object by object. References
 * between objects (an opportunity's AccountId, a contact role's ContactId)
 * resolve through the export state: what earlier files of the same export
 * held, and for people and accounts also what the store already knows.
 * Pure apart from that state and the matchers' memory.
 */
import type {
  Account,
  Activity,
  Contact,
  Deal,
  DealSignal,
  DealStageHistory,
  DealStakeholder,
  Person,
  Seniority,
  SignalDefinition,
  Stage,
  StageModel,
} from '@revlab/domain'
import {
  parseBoolean,
  parseDay,
  parseInstant,
  parseMoneyCents,
  parseNumber,
  toSignalKey,
} from '../framework/normalize.js'
import { aliasRecord, type ReferenceContext } from '../framework/references.js'
import type { MappedRow, RowIssue, StagedRecord } from '../framework/types.js'
import {
  activityWeight,
  dealKindFromType,
  eventActivityType,
  personRoleFromTitle,
  seniorityFromTitle,
  signalGroupForField,
  stakeholderRoles,
  taskActivityType,
} from './vocabulary.js'

export const SF_OBJECTS = [
  'User',
  'Account',
  'Contact',
  'Opportunity',
  'OpportunityHistory',
  'OpportunityContactRole',
  'Task',
  'Event',
] as const
export type SfObject = (typeof SF_OBJECTS)[number]

export const SF_REQUIRED: Record<SfObject, readonly string[]> = {
  User: ['Id'],
  Account: ['Id', 'Name'],
  Contact: ['Id', 'AccountId'],
  Opportunity: ['Id', 'AccountId', 'OwnerId', 'StageName', 'CloseDate', 'CreatedDate'],
  OpportunityHistory: ['OpportunityId', 'StageName', 'CreatedDate'],
  OpportunityContactRole: ['OpportunityId', 'ContactId', 'Role'],
  Task: ['Id', 'OwnerId'],
  Event: ['Id', 'OwnerId', 'StartDateTime'],
}

export const SF_STAGE_MODEL_ID = 'salesforce'

export type SfOptions = { customFieldsAsSignals: boolean }

/** What the export's files said so far, keyed by Salesforce Id. */
export type SfState = {
  /** Objects whose file is part of this import: a reference to one of them must be found in it. */
  present: Set<SfObject>
  users: Map<string, string>
  accounts: Map<string, { accountId: string; segment: string; region: string }>
  contacts: Map<string, { contactId: string; accountId: string; seniority: Seniority }>
  opportunities: Map<string, { dealId: string; accountId: string }>
  stages: Map<string, SfStage>
  customFields: string[]
}

export type SfStage = { key: string; name: string; probability: number; isClosed: boolean; isWon: boolean }

export const sfId = (id: string): string => `sf:${id}`
/** The alias that finds a person by Salesforce user Id in later imports. */
const userIdAlias = (id: string): string => `salesforce-user ${id}`

type Values = Readonly<Record<string, string>>
const get = (v: Values, column: string): string => (v[column] ?? '').trim()

/** Reads typed fields of a row and collects what is wrong with them. */
function fieldReader(values: Values) {
  const issues: RowIssue[] = []
  const fail = (column: string, reason: string): undefined => {
    issues.push({ column, reason })
    return undefined
  }
  return {
    issues,
    fail,
    text: (c: string) => get(values, c),
    required(c: string): string | undefined {
      const s = get(values, c)
      return s === '' ? fail(c, `${c} is empty`) : s
    },
    instant(c: string, required = false): string | undefined {
      const s = get(values, c)
      if (s === '') return required ? fail(c, `${c} is empty`) : undefined
      return parseInstant(s) ?? fail(c, `"${s}" is not a date or time`)
    },
    day(c: string, required = false): string | undefined {
      const s = get(values, c)
      if (s === '') return required ? fail(c, `${c} is empty`) : undefined
      return parseDay(s) ?? fail(c, `"${s}" is not a date`)
    },
    money(c: string): number | undefined {
      const s = get(values, c)
      if (s === '') return undefined
      return parseMoneyCents(s) ?? fail(c, `"${s}" is not an amount`)
    },
    number(c: string): number | undefined {
      const s = get(values, c)
      if (s === '') return undefined
      return parseNumber(s) ?? fail(c, `"${s}" is not a number`)
    },
    boolean(c: string): boolean | undefined {
      const s = get(values, c)
      if (s === '') return undefined
      return parseBoolean(s) ?? fail(c, `"${s}" is not true or false`)
    },
  }
}

const rejected = (issues: RowIssue[]): MappedRow => ({ records: [], issues })

/** The person a Salesforce user Id means: from this export's User file, else from an earlier import. */
function findUser(state: SfState, ctx: ReferenceContext, id: string): string | undefined {
  return state.users.get(id) ?? ctx.people.find({ name: userIdAlias(id) })
}

function findAccount(state: SfState, ctx: ReferenceContext, id: string): string | undefined {
  return state.accounts.get(id)?.accountId ?? ctx.accounts.find({ id: sfId(id) })
}

/** An opportunity or contact from this export, or by its Salesforce id when its file is not part of the import. */
function findById<T>(
  state: SfState,
  object: 'Opportunity' | 'Contact',
  map: Map<string, T>,
  id: string,
  fallback: (id: string) => T,
): T | undefined {
  const found = map.get(id)
  if (found) return found
  return state.present.has(object) ? undefined : fallback(id)
}

const personName = (v: Values): string =>
  get(v, 'Name') || [get(v, 'FirstName'), get(v, 'LastName')].filter(Boolean).join(' ')

export function mapUser(values: Values, state: SfState, ctx: ReferenceContext): MappedRow {
  const r = fieldReader(values)
  const id = r.required('Id')
  const name = personName(values)
  const email = r.text('Email')
  if (!name && !email) r.fail('LastName', 'the user has no name and no email')
  const active = r.boolean('IsActive')
  const created = r.instant('CreatedDate')
  if (r.issues.length > 0 || id === undefined) return rejected(r.issues)
  const matched = ctx.people.find({ email: email || null, name: name || null })
  const personId = matched ?? sfId(id)
  state.users.set(id, personId)
  const records: StagedRecord[] = []
  // A person another source created keeps their record; one this source created takes the newer export.
  if (personId === sfId(id)) {
    const person: Person = {
      id: personId,
      name: name || email,
      email: email.toLowerCase(),
      role: personRoleFromTitle(r.text('Title')),
      aeType: null,
      managerId: null,
      team: r.text('Department'),
      region: r.text('Division') || r.text('Country'),
      segment: '',
      startDate: (created ?? ctx.now).slice(0, 10),
      active: active ?? true,
    }
    records.push({ table: 'people', record: person })
  }
  ctx.people.remember(personId, { email: email || null, name: name || null })
  records.push(aliasRecord(personId, 'name', userIdAlias(id), ctx.source))
  if (name) records.push(aliasRecord(personId, 'name', name, ctx.source))
  if (email) records.push(aliasRecord(personId, 'email', email, ctx.source))
  return { records, issues: [] }
}

/** Fills in each user's manager once every user is known (ManagerId can point forward in the file). */
export function withManager(row: MappedRow, values: Values, state: SfState): MappedRow {
  const managerId = get(values, 'ManagerId')
  const person = row.records[0]
  if (!managerId || person?.table !== 'people') return row
  const manager = state.users.get(managerId)
  if (!manager) return row
  return {
    ...row,
    records: [{ ...person, record: { ...person.record, managerId: manager } }, ...row.records.slice(1)],
  }
}

function segmentFromEmployees(employees: number | undefined): string {
  if (employees === undefined) return ''
  if (employees < 200) return 'SMB'
  if (employees < 2_000) return 'Mid-Market'
  return 'Enterprise'
}

export function mapAccount(values: Values, state: SfState, ctx: ReferenceContext): MappedRow {
  const r = fieldReader(values)
  const id = r.required('Id')
  const name = r.required('Name')
  const employees = r.number('NumberOfEmployees')
  const created = r.instant('CreatedDate')
  const ownerSfId = r.text('OwnerId')
  if (r.issues.length > 0 || id === undefined || name === undefined) return rejected(r.issues)
  const accountId = ctx.accounts.find({ id: sfId(id), name }) ?? sfId(id)
  ctx.accounts.remember(accountId, name)
  const segment = segmentFromEmployees(employees)
  const region = r.text('BillingCountry') || r.text('BillingState')
  state.accounts.set(id, { accountId, segment, region })
  const account: Account = {
    id: accountId,
    name,
    industry: r.text('Industry'),
    employees: Math.round(employees ?? 0),
    segment,
    region,
    fundingStage: '',
    lastFundingDate: null,
    ownerId: ownerSfId ? (findUser(state, ctx, ownerSfId) ?? null) : null,
    coreOwnerId: null,
    createdAt: created ?? ctx.now,
  }
  return { records: [{ table: 'accounts', record: account }], issues: [] }
}

export function mapContact(values: Values, state: SfState, ctx: ReferenceContext): MappedRow {
  const r = fieldReader(values)
  const id = r.required('Id')
  const accountSfId = r.required('AccountId')
  const accountId = accountSfId === undefined ? undefined : findAccount(state, ctx, accountSfId)
  if (accountSfId !== undefined && accountId === undefined)
    r.fail('AccountId', `no account with Id ${accountSfId} in Account.csv or the store`)
  const name = personName(values)
  if (!name) r.fail('LastName', 'the contact has no name')
  if (r.issues.length > 0 || id === undefined || accountId === undefined) return rejected(r.issues)
  const title = r.text('Title')
  const seniority = seniorityFromTitle(title)
  state.contacts.set(id, { contactId: sfId(id), accountId, seniority })
  const contact: Contact = {
    id: sfId(id),
    accountId,
    name,
    email: r.text('Email').toLowerCase(),
    title,
    seniority,
    department: r.text('Department'),
  }
  return { records: [{ table: 'contacts', record: contact }], issues: [] }
}

/** The stage model an export's stages make: ordered by probability, closed stages last, lost after won. */
export function buildStageModel(stages: Iterable<SfStage>): StagedRecord[] {
  const ordered = [...stages].sort(
    (a, b) =>
      Number(a.isClosed) - Number(b.isClosed) ||
      Number(b.isWon) - Number(a.isWon) ||
      a.probability - b.probability ||
      a.name.localeCompare(b.name),
  )
  const model: StageModel = {
    id: SF_STAGE_MODEL_ID,
    name: 'Salesforce',
    description: 'the stages of the Salesforce export, ordered by probability',
    segment: null,
  }
  return [
    { table: 'stage_models', record: model, mode: 'ensure' },
    ...ordered.map((s, i): StagedRecord => {
      const stage: Stage = {
        id: `${SF_STAGE_MODEL_ID}:${s.key}`,
        stageModelId: SF_STAGE_MODEL_ID,
        key: s.key,
        name: s.name,
        position: i + 1,
        probability: s.probability,
        exitCriteria: '[]',
        isClosed: s.isClosed,
        isWon: s.isWon,
      }
      return { table: 'stages', record: stage, mode: 'ensure' }
    }),
  ]
}

/** Notes a stage seen in Opportunity or OpportunityHistory (its highest probability, closed/won flags). */
export function collectStage(state: SfState, values: Values): void {
  const name = get(values, 'StageName')
  if (!name) return
  const key = toSignalKey(name) || 'stage'
  const probability = parseNumber(get(values, 'Probability'))
  const isClosed = parseBoolean(get(values, 'IsClosed')) ?? /^closed\b/i.test(name)
  const isWon = parseBoolean(get(values, 'IsWon')) ?? /^closed won$/i.test(name)
  const fraction = probability === undefined ? (isWon ? 1 : 0) : Math.min(1, Math.max(0, probability / 100))
  const before = state.stages.get(key)
  state.stages.set(key, {
    key,
    name: before?.name ?? name,
    probability: Math.max(before?.probability ?? 0, fraction),
    isClosed: (before?.isClosed ?? false) || isClosed,
    isWon: (before?.isWon ?? false) || isWon,
  })
}

export function customFieldDefinitions(fields: readonly string[]): StagedRecord[] {
  return fields.map((field): StagedRecord => {
    const definition: SignalDefinition = {
      key: toSignalKey(field),
      label: field.replace(/__c$/, '').replace(/_/g, ' '),
      group: signalGroupForField(field),
      valueType: 'category',
      description: `Salesforce custom field Opportunity.${field}`,
    }
    return { table: 'signal_definitions', record: definition, mode: 'ensure', idField: 'key' }
  })
}

export function mapOpportunity(
  values: Values,
  state: SfState,
  ctx: ReferenceContext,
  options: SfOptions,
): MappedRow {
  const r = fieldReader(values)
  const id = r.required('Id')
  const accountSfId = r.text('AccountId')
  let accountId: string | undefined
  if (accountSfId === '') r.fail('AccountId', 'the opportunity has no AccountId')
  else {
    accountId = findAccount(state, ctx, accountSfId)
    if (!accountId) r.fail('AccountId', `no account with Id ${accountSfId} in Account.csv or the store`)
  }
  const ownerSfId = r.required('OwnerId')
  const ownerId = ownerSfId === undefined ? undefined : findUser(state, ctx, ownerSfId)
  if (ownerSfId !== undefined && !ownerId)
    r.fail('OwnerId', `no user with Id ${ownerSfId} in User.csv or an earlier import`)
  const stageName = r.required('StageName')
  const amount = r.money('Amount')
  const closeDate = r.day('CloseDate', true)
  const createdAt = r.instant('CreatedDate', true)
  r.number('Probability')
  const isClosed = r.boolean('IsClosed')
  const isWon = r.boolean('IsWon')
  if (
    r.issues.length > 0 ||
    id === undefined ||
    accountId === undefined ||
    ownerId === undefined ||
    stageName === undefined ||
    closeDate === undefined ||
    createdAt === undefined
  )
    return rejected(r.issues)
  const stage = state.stages.get(toSignalKey(stageName) || 'stage')
  const dealId = sfId(id)
  state.opportunities.set(id, { dealId, accountId })
  const account = state.accounts.get(accountSfId)
  const deal: Deal = {
    id: dealId,
    name: r.text('Name') || id,
    accountId,
    ownerId,
    seId: null,
    kind: dealKindFromType(r.text('Type')),
    stageModelId: SF_STAGE_MODEL_ID,
    stageKey: stage?.key ?? toSignalKey(stageName),
    amountCents: amount ?? 0,
    currency: r.text('CurrencyIsoCode') || 'USD',
    createdAt,
    closeDate,
    isClosed: isClosed ?? stage?.isClosed ?? false,
    isWon: isWon ?? stage?.isWon ?? false,
    lossReason: r.text('Loss_Reason__c') || null,
    competitor: r.text('Competitor__c') || null,
    source: 'salesforce',
    segment: account?.segment ?? '',
    region: account?.region ?? '',
    goLiveTarget: null,
    goLiveDate: null,
    useCaseStatus: null,
    expectedMonthlyCents: null,
  }
  const records: StagedRecord[] = [{ table: 'deals', record: deal }]
  if (options.customFieldsAsSignals) {
    for (const field of state.customFields) {
      const value = r.text(field)
      if (value === '') continue
      const key = toSignalKey(field)
      const signal: DealSignal = {
        id: `${dealId}:${key}`,
        dealId,
        signalKey: key,
        value,
        // Salesforce says when the record last changed, not when this field did: the later of created and modified.
        observedAt: createdAt,
        source: 'import',
        evidence: `Salesforce Opportunity.${field}`,
        strength: null,
        recordedBy: null,
      }
      records.push({ table: 'deal_signals', record: signal, child: true })
    }
  }
  return { records, issues: [] }
}

export type HistoryRow = { index: number; values: Values }

/**
 * OpportunityHistory has one row per change (stage, amount, close date); a
 * stage visit runs from the first row in a stage to the first row in the
 * next one. Returns, for each row index, its row's records or issues: every
 * row of a visit carries the visit (so a later export that extends it updates it).
 */
export function mapOpportunityHistory(rows: readonly HistoryRow[], state: SfState): Map<number, MappedRow> {
  const out = new Map<number, MappedRow>()
  const byDeal = new Map<string, { index: number; at: string; stageKey: string; id: string }[]>()
  for (const { index, values } of rows) {
    const r = fieldReader(values)
    const oppId = r.required('OpportunityId')
    const stageName = r.required('StageName')
    const at = r.instant('CreatedDate', true)
    const opp =
      oppId === undefined
        ? undefined
        : findById(state, 'Opportunity', state.opportunities, oppId, (i) => ({
            dealId: sfId(i),
            accountId: '',
          }))
    if (oppId !== undefined && !opp)
      r.fail('OpportunityId', `no opportunity with Id ${oppId} in Opportunity.csv`)
    if (r.issues.length > 0 || !opp || stageName === undefined || at === undefined) {
      out.set(index, rejected(r.issues))
      continue
    }
    const list = byDeal.get(opp.dealId) ?? []
    list.push({ index, at, stageKey: toSignalKey(stageName), id: r.text('Id') || `row${index}` })
    byDeal.set(opp.dealId, list)
  }
  for (const [dealId, list] of byDeal) {
    list.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.index - b.index))
    const visits: { rows: typeof list; entry: DealStageHistory }[] = []
    for (const row of list) {
      const last = visits.at(-1)
      if (last && last.entry.stageKey === row.stageKey) {
        last.rows.push(row)
        continue
      }
      if (last) last.entry.exitedAt = row.at
      visits.push({
        rows: [row],
        entry: { id: sfId(row.id), dealId, stageKey: row.stageKey, enteredAt: row.at, exitedAt: null },
      })
    }
    for (const visit of visits)
      for (const row of visit.rows)
        out.set(row.index, { records: [{ table: 'deal_stage_history', record: visit.entry }], issues: [] })
  }
  return out
}

export function mapContactRole(values: Values, state: SfState, ctx: ReferenceContext): MappedRow {
  const r = fieldReader(values)
  const oppId = r.required('OpportunityId')
  const contactSfId = r.required('ContactId')
  const role = r.text('Role')
  const opp =
    oppId === undefined
      ? undefined
      : findById(state, 'Opportunity', state.opportunities, oppId, (i) => ({
          dealId: sfId(i),
          accountId: '',
        }))
  if (oppId !== undefined && !opp)
    r.fail('OpportunityId', `no opportunity with Id ${oppId} in Opportunity.csv`)
  const contact =
    contactSfId === undefined
      ? undefined
      : findById<{ contactId: string; seniority?: Seniority }>(
          state,
          'Contact',
          state.contacts,
          contactSfId,
          (i) => ({ contactId: sfId(i) }),
        )
  if (contactSfId !== undefined && !contact)
    r.fail('ContactId', `no contact with Id ${contactSfId} in Contact.csv`)
  const added = r.instant('CreatedDate')
  if (r.issues.length > 0 || !opp || !contact) return rejected(r.issues)
  const id = r.text('Id') || `${oppId}-${contactSfId}-${toSignalKey(role)}`
  const roles = stakeholderRoles(role, contact.seniority)
  const stakeholder: DealStakeholder = {
    id: sfId(id),
    dealId: opp.dealId,
    contactId: contact.contactId,
    roles: JSON.stringify(roles),
    addedAt: added ?? ctx.now,
  }
  return { records: [{ table: 'deal_stakeholders', record: stakeholder }], issues: [] }
}

/** Task or Event → an activity on the deal (WhatId an opportunity) or the account. */
export function mapActivity(
  object: 'Task' | 'Event',
  values: Values,
  state: SfState,
  ctx: ReferenceContext,
): MappedRow {
  const r = fieldReader(values)
  const id = r.required('Id')
  const ownerSfId = r.required('OwnerId')
  const personId = ownerSfId === undefined ? undefined : findUser(state, ctx, ownerSfId)
  if (ownerSfId !== undefined && !personId)
    r.fail('OwnerId', `no user with Id ${ownerSfId} in User.csv or an earlier import`)
  const subject = r.text('Subject')
  const whatId = r.text('WhatId')
  const opp = whatId ? state.opportunities.get(whatId) : undefined
  const whoId = r.text('WhoId')
  const who = whoId ? state.contacts.get(whoId) : undefined
  const accountSfId = r.text('AccountId')
  const accountId =
    opp?.accountId ||
    (accountSfId ? findAccount(state, ctx, accountSfId) : undefined) ||
    (whatId ? findAccount(state, ctx, whatId) : undefined) ||
    who?.accountId
  let occurredAt: string | undefined
  let durationMin = 0
  let type: Activity['type'] | undefined
  if (object === 'Task') {
    const callSeconds = r.number('CallDurationInSeconds')
    occurredAt = r.instant('CompletedDateTime') ?? r.instant('ActivityDate') ?? r.instant('CreatedDate')
    if (occurredAt === undefined && r.issues.length === 0) r.fail('ActivityDate', 'the task has no date')
    type = taskActivityType({
      subtype: r.text('TaskSubtype'),
      type: r.text('Type'),
      subject,
      callSeconds,
    })
    if (type === undefined && r.issues.length === 0)
      r.fail('TaskSubtype', `"${subject || id}" is a to-do, not a call, email or meeting`)
    durationMin = callSeconds !== undefined ? Math.round(callSeconds / 60) : type === 'email' ? 5 : 30
  } else {
    occurredAt = r.instant('StartDateTime', true)
    const minutes = r.number('DurationInMinutes')
    const end = r.instant('EndDateTime')
    durationMin =
      minutes ??
      (end && occurredAt ? Math.max(0, Math.round((Date.parse(end) - Date.parse(occurredAt)) / 60_000)) : 0)
    type = eventActivityType(r.text('Type'), subject)
  }
  if (!accountId && r.issues.length === 0)
    r.fail(accountSfId ? 'AccountId' : 'WhatId', 'the activity names no known account or opportunity')
  if (r.issues.length > 0 || id === undefined || !personId || !accountId || !occurredAt || !type)
    return rejected(r.issues)
  const attendees = who ? [{ contactId: who.contactId, seniority: who.seniority }] : []
  const activity: Activity = {
    id: sfId(id),
    dealId: opp?.dealId ?? null,
    accountId,
    personId,
    type,
    subject,
    occurredAt,
    durationMin,
    attendees: JSON.stringify(attendees),
    weight: activityWeight(
      type,
      attendees.map((a) => a.seniority),
    ),
  }
  return { records: [{ table: 'activities', record: activity }], issues: [] }
}
