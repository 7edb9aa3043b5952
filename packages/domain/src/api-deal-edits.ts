/**
 * Editing deals, POCs and experiments through the API: the request bodies
 * (validated at the edge, each bad field named in the 400) and the shapes the
 * edit routes answer with. Checks that need the store (a stage of the deal's
 * model, a contact of the deal's account, a go/no-go date after the start)
 * live in the server and name the field the same way.
 */
import { z } from 'zod'
import { DEAL_KINDS, SENIORITIES, SIGNAL_GROUPS, SIGNAL_SOURCES, STAKEHOLDER_ROLES } from './records.js'

const isRealDate = (s: string): boolean => {
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}

export const IsoDateField = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'use a YYYY-MM-DD date')
  .refine(isRealDate, 'not a calendar date')

/** A day (`2026-03-01`) or an instant (`2026-03-01T10:00:00Z`); stored as a UTC instant. */
export const DayOrInstantField = z
  .string()
  .refine(
    (s) => (/^\d{4}-\d{2}-\d{2}$/.test(s) ? isRealDate(s) : !Number.isNaN(Date.parse(s))),
    'use a YYYY-MM-DD date or an ISO-8601 instant',
  )

const AmountCents = z
  .number({ error: 'amountCents must be a number of cents' })
  .int('amountCents is whole cents')
  .nonnegative('an amount cannot be negative')
  .max(1e13, 'amountCents is implausibly large')

export const DealCreateSchema = z
  .object({
    name: z.string().trim().min(1, 'a deal needs a name').max(200),
    accountId: z.string().min(1),
    /** Default: the caller's own person (a rep always owns what they create). */
    ownerId: z.string().min(1).optional(),
    kind: z.enum(DEAL_KINDS).default('new_logo'),
    /** Default: the stage model of the account's segment. */
    stageModelId: z.string().min(1).optional(),
    stageKey: z.string().min(1),
    amountCents: AmountCents,
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'a three-letter currency code such as USD')
      .default('USD'),
    closeDate: IsoDateField,
    competitor: z.string().trim().max(200).nullable().optional(),
  })
  .strict()
export type DealCreate = z.infer<typeof DealCreateSchema>

export const DealUpdateSchema = z
  .object({
    name: z.string().trim().min(1, 'a deal needs a name').max(200).optional(),
    ownerId: z.string().min(1).optional(),
    stageKey: z.string().min(1).optional(),
    amountCents: AmountCents.optional(),
    closeDate: IsoDateField.optional(),
    competitor: z.string().trim().max(200).nullable().optional(),
    lossReason: z.string().trim().max(500).nullable().optional(),
  })
  .strict()
  .refine((o) => Object.keys(o).length > 0, 'send at least one field to change')
export type DealUpdate = z.infer<typeof DealUpdateSchema>

export const SignalCaptureSchema = z
  .object({
    key: z.string().min(1),
    value: z.string().trim().min(1, 'a signal needs a value'),
    /** When the signal became known (the date learned); default now. */
    observedAt: DayOrInstantField.optional(),
    source: z.enum(SIGNAL_SOURCES).default('manual'),
    evidence: z.string().trim().max(2000).nullable().optional(),
    /** Budget signals only; derived from the value when it is a known one. */
    strength: z.enum(['strong', 'weak']).nullable().optional(),
  })
  .strict()
export type SignalCapture = z.infer<typeof SignalCaptureSchema>

export const StakeholderAddSchema = z
  .object({
    /** An existing contact of the deal's account … */
    contactId: z.string().min(1).optional(),
    /** … or a new one, created on the account. */
    contact: z
      .object({
        name: z.string().trim().min(1, 'a contact needs a name').max(200),
        title: z.string().trim().max(200).default(''),
        email: z.string().trim().max(320).default(''),
        seniority: z.enum(SENIORITIES).default('ic'),
        department: z.string().trim().max(100).default(''),
      })
      .strict()
      .optional(),
    roles: z.array(z.enum(STAKEHOLDER_ROLES)).min(1, 'give the stakeholder at least one role'),
  })
  .strict()
  .refine((o) => (o.contactId === undefined) !== (o.contact === undefined), {
    message: 'give either contactId or contact, not both',
    path: ['contactId'],
  })
export type StakeholderAdd = z.infer<typeof StakeholderAddSchema>

export const COMMITMENT_KEYS = ['dedicatedResource', 'weeklyMeeting', 'dataAccess', 'goNoGoDecision'] as const
export type CommitmentKey = (typeof COMMITMENT_KEYS)[number]

const CommitmentsSchema = z
  .object({
    dedicatedResource: z.boolean(),
    weeklyMeeting: z.boolean(),
    dataAccess: z.boolean(),
    goNoGoDecision: z.boolean(),
  })
  .strict()

const PocFields = {
  seId: z.string().min(1),
  question: z.string().trim().min(1, 'a POC answers one question').max(500),
  metric: z.string().trim().min(1, 'a POC has one success metric').max(200),
  baseline: z.number(),
  target: z.number(),
  plannedWeeks: z.number().int('whole weeks').min(1, 'at least one week').max(26, 'at most 26 weeks'),
  startedAt: IsoDateField,
  goNoGoDate: IsoDateField,
  paid: z.boolean(),
  priceCents: AmountCents,
  commitments: CommitmentsSchema,
  status: z.enum(['planned', 'running', 'paused', 'won', 'lost', 'stopped']),
}

export const PocCreateSchema = z
  .object({
    ...PocFields,
    plannedWeeks: PocFields.plannedWeeks.default(4),
    /** Default: the start plus the planned weeks. */
    goNoGoDate: IsoDateField.optional(),
    paid: z.boolean().default(false),
    priceCents: AmountCents.default(0),
    commitments: CommitmentsSchema.default({
      dedicatedResource: false,
      weeklyMeeting: false,
      dataAccess: false,
      goNoGoDecision: false,
    }),
    status: PocFields.status.default('planned'),
  })
  .strict()
export type PocCreate = z.infer<typeof PocCreateSchema>

export const PocUpdateSchema = z
  .object(PocFields)
  .partial()
  .strict()
  .refine((o) => Object.keys(o).length > 0, 'send at least one field to change')
export type PocUpdate = z.infer<typeof PocUpdateSchema>

export const PocCheckinCreateSchema = z
  .object({
    week: z.number().int('whole weeks').min(1, 'weeks count from 1').max(52),
    checkedAt: IsoDateField,
    metricValue: z.number().nullable().default(null),
    commitmentsMet: z.array(z.enum(COMMITMENT_KEYS)).default([]),
    note: z.string().trim().max(2000).default(''),
  })
  .strict()
export type PocCheckinCreate = z.infer<typeof PocCheckinCreateSchema>

export const EXPERIMENT_METRICS = ['win_rate', 'days_to_close', 'deal_size'] as const
export const ASSIGNMENT_METHODS = ['random', 'rule', 'manual'] as const
export const RULE_FIELDS = ['segment', 'aeType', 'region'] as const

const EligibilitySchema = z
  .object({
    segments: z.array(z.string().min(1)).default([]),
    aeTypes: z.array(z.enum(['hunter', 'core'])).default([]),
  })
  .strict()
export type ExperimentEligibility = z.infer<typeof EligibilitySchema>

/** Assignment by rule: deals whose `field` is one of `variantValues` get the variant playbook. */
const AssignmentRuleSchema = z
  .object({
    field: z.enum(RULE_FIELDS),
    variantValues: z.array(z.string().min(1)).min(1, 'name at least one value that gets the variant'),
  })
  .strict()
export type AssignmentRule = z.infer<typeof AssignmentRuleSchema>

const ExperimentFields = {
  name: z.string().trim().min(1, 'an experiment needs a name').max(200),
  hypothesis: z.string().trim().min(1, 'state the hypothesis').max(2000),
  controlPlaybookId: z.string().min(1),
  variantPlaybookId: z.string().min(1),
  eligibility: EligibilitySchema,
  assignmentMethod: z.enum(ASSIGNMENT_METHODS),
  /** Random assignment: the seed is recorded (drawn when not given). */
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .nullable(),
  assignmentRule: AssignmentRuleSchema.nullable(),
  primaryMetric: z.enum(EXPERIMENT_METRICS),
  /**
   * The smallest effect worth detecting: a win-rate difference in points
   * (0.1 = +10 points), or a ratio for days to close (0.8 = 20% faster) and
   * deal size (1.2 = 20% larger).
   */
  smallestEffect: z.number().positive('the smallest effect is above 0').max(10),
  startedAt: IsoDateField,
  endedAt: IsoDateField.nullable(),
  status: z.enum(['draft', 'running', 'stopped', 'done']),
}

export const ExperimentCreateSchema = z
  .object({
    ...ExperimentFields,
    eligibility: EligibilitySchema.default({ segments: [], aeTypes: [] }),
    seed: ExperimentFields.seed.optional(),
    assignmentRule: ExperimentFields.assignmentRule.optional(),
    endedAt: ExperimentFields.endedAt.optional(),
    status: ExperimentFields.status.default('draft'),
  })
  .strict()
export type ExperimentCreate = z.infer<typeof ExperimentCreateSchema>

export const ExperimentUpdateSchema = z
  .object(ExperimentFields)
  .partial()
  .strict()
  .refine((o) => Object.keys(o).length > 0, 'send at least one field to change')
export type ExperimentUpdate = z.infer<typeof ExperimentUpdateSchema>

export const ExperimentAssignSchema = z
  .object({
    dealId: z.string().min(1),
    /** Manual assignment only: the arm. Random and rule assignment decide it themselves. */
    variant: z.enum(['control', 'variant']).optional(),
    adherence: z.number().min(0).max(1).nullable().optional(),
  })
  .strict()
export type ExperimentAssign = z.infer<typeof ExperimentAssignSchema>

/** How many deals an experiment needs and how long that takes at the current deal flow. */
export const ExperimentPlanSchema = z.object({
  primaryMetric: z.enum(EXPERIMENT_METRICS),
  smallestEffect: z.number(),
  alpha: z.number(),
  power: z.number(),
  unit: z.enum(['closed deals', 'won deals']),
  neededPerArm: z.number().nullable(),
  neededTotal: z.number().nullable(),
  /** Eligible closed (or won) deals per week over the last `flowWeeks` weeks. */
  weeklyFlow: z.number(),
  flowWeeks: z.number(),
  weeksNeeded: z.number().nullable(),
  basis: z.string(),
})
export type ExperimentPlan = z.infer<typeof ExperimentPlanSchema>

export const SignalDefinitionUpsertSchema = z
  .object({
    key: z.string().regex(/^[a-z][a-z0-9_]{1,62}$/, 'keys are snake_case: lower-case letters, digits and _'),
    label: z.string().trim().min(1, 'a signal needs a label').max(120),
    group: z.enum(SIGNAL_GROUPS),
    valueType: z.enum(['boolean', 'category', 'number']),
    description: z.string().trim().max(1000).default(''),
  })
  .strict()
export type SignalDefinitionUpsert = z.infer<typeof SignalDefinitionUpsertSchema>

export const SignalDefinitionUpdateSchema = SignalDefinitionUpsertSchema.omit({ key: true })
  .partial()
  .strict()
  .refine((o) => Object.keys(o).length > 0, 'send at least one field to change')
export type SignalDefinitionUpdate = z.infer<typeof SignalDefinitionUpdateSchema>

export const StageExitCriteriaUpdateSchema = z
  .object({ exitCriteria: z.array(z.string().min(1)).max(20) })
  .strict()

export const AuditEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  userId: z.string().nullable(),
  userName: z.string().nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
})
export type AuditEntryView = z.infer<typeof AuditEntrySchema>

export const AuditListSchema = z.object({ data: z.array(AuditEntrySchema) })

export const EditResultSchema = z.object({
  /** The fields that changed (empty: the record already had these values). */
  changed: z.array(z.string()),
  /** Things worth knowing that did not stop the edit (exit criteria not met, a stakeholder gap). */
  warnings: z.array(z.string()),
})

export const ContactListSchema = z.object({
  data: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      title: z.string(),
      seniority: z.enum(SENIORITIES),
      department: z.string(),
    }),
  ),
})
