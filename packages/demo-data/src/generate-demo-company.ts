import type { Contact, Dataset, Deal, DealKind } from '@revlab/domain'
import { createRng, deriveSeed } from '@revlab/stats'
import { generateAccounts } from './accounts.js'
import { generateActivities } from './activities.js'
import { drawAmountCents } from './amounts.js'
import { assignAccounts } from './assign-accounts.js'
import { computeBaselines } from './baselines.js'
import { generateBusinessReviews } from './business-reviews.js'
import { generateDealCalls, type CallTables } from './calls.js'
import { countConsumptionRows, consumptionStream, planWorkloads } from './consumption.js'
import { generateContacts } from './contacts.js'
import { toDayNumber, toIsoDate, toIsoInstant, yearOf } from './dates.js'
import { generateDealSignals } from './deal-signals.js'
import { planDeals } from './deals.js'
import { DEMO_SCALES } from './demo-scales.js'
import {
  CONTENT,
  DISCOVERY_EXCELLENCE_ID,
  NEGOTIATION_FOUNDATIONS_ID,
  generateEnablement,
} from './enablement.js'
import { EXPERIMENT_ID, PLAYBOOKS, buildExperiment } from './experiment.js'
import { DEMO_PASSWORD, buildLogins } from './logins.js'
import { DEAL_SOURCES, LOSS_REASONS } from './names.js'
import { TRAINING_MODEL, buildPlantedEffects } from './planted-effects.js'
import { generatePoc } from './pocs.js'
import { generatePeople } from './people.js'
import { generateQuotas } from './quotas.js'
import { SIGNAL_DEFINITIONS } from './signal-definitions.js'
import { STAGES, STAGE_MODELS } from './stage-models.js'
import { buildStageHistory, planStagePath } from './stage-history.js'
import { planStakeholders, toDealStakeholders } from './stakeholders.js'
import type { DemoCompany, DemoOptions } from './types.js'
import { useCaseFields } from './use-cases.js'

const USE_CASE_NAMES = [
  'Fraud analytics',
  'Customer 360',
  'Supply chain forecasting',
  'Marketing attribution',
  'Finance reporting',
  'IoT telemetry',
  'Churn prediction',
  'Data sharing',
]
const EXPERIMENT_DAYS_BEFORE_AS_OF = 300

const counter = (prefix: string, width: number): (() => string) => {
  let n = 0
  return () => {
    n += 1
    return `${prefix}-${String(n).padStart(width, '0')}`
  }
}

const dealName = (kind: DealKind, accountName: string, useCase: string, closeDay: number): string => {
  switch (kind) {
    case 'new_logo':
      return `${accountName}: Platform`
    case 'use_case':
      return `${accountName}: ${useCase}`
    case 'expansion':
      return `${accountName}: Expansion`
    case 'renewal':
      return `${accountName}: Renewal FY${yearOf(closeDay)}`
  }
}

/**
 * A whole demo company, deterministic in (scale, seed, asOf): the same
 * options give byte-identical data. Each table draws from its own child rng
 * (and each deal from its own), so changing one part leaves the others alone.
 * Consumption is returned as a re-iterable stream, never materialized.
 */
export const generateDemoCompany = (options: DemoOptions): DemoCompany => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.asOf))
    throw new Error(`demo-data: asOf must be YYYY-MM-DD, got "${options.asOf}"`)
  const sizes = DEMO_SCALES[options.scale]
  const asOfDay = toDayNumber(options.asOf)
  const historyStartDay = asOfDay - sizes.historyDays
  const root = createRng(options.seed)

  const { people, personAliases } = generatePeople(root.fork('people'), sizes, asOfDay)
  const peopleById = new Map(people.map((p) => [p.id, p]))
  const accountDrafts = generateAccounts(root.fork('accounts'), {
    count: sizes.accounts,
    people,
    asOfDay,
    historyStartDay,
  })
  const contacts = generateContacts(root.fork('contacts'), accountDrafts, sizes.contactsPerAccount)
  const contactsByAccount = new Map<string, Contact[]>()
  for (const contact of contacts) {
    const list = contactsByAccount.get(contact.accountId) ?? []
    list.push(contact)
    contactsByAccount.set(contact.accountId, list)
  }
  const enablement = generateEnablement(root.fork('enablement'), people, asOfDay)

  const experimentSeed = deriveSeed(options.seed, 'experiment-assignment')
  const experimentStartDay = asOfDay - EXPERIMENT_DAYS_BEFORE_AS_OF
  const plans = planDeals(root.fork('deals'), {
    count: sizes.deals,
    asOfDay,
    historyDays: sizes.historyDays,
    experiment: { startDay: experimentStartDay, seed: experimentSeed },
  })
  const coreOwners = assignAccounts(root.fork('assign'), { plans, accounts: accountDrafts, people })

  const baseRng = root.fork('open-question-base-rates')
  const baseRates = new Map<string, number>()
  for (const person of people) {
    if (person.role === 'ae')
      baseRates.set(
        person.id,
        baseRng.logNormal(TRAINING_MODEL.baseRateLogMean, TRAINING_MODEL.baseRateLogSd),
      )
  }

  const nextHistoryId = counter('hist', 7)
  const nextSignalId = counter('sig', 8)
  const nextStakeholderId = counter('dsh', 7)
  const nextActivityId = counter('act', 8)
  const nextPocId = counter('poc', 6)
  const dataset: Dataset = {
    people,
    personAliases,
    accounts: [],
    contacts,
    stageModels: STAGE_MODELS,
    stages: STAGES,
    signalDefinitions: SIGNAL_DEFINITIONS,
    deals: [],
    dealStageHistory: [],
    dealSignals: [],
    dealStakeholders: [],
    activities: [],
    calls: [],
    utterances: [],
    callMetrics: [],
    callEvidence: [],
    pocs: [],
    pocCheckins: [],
    playbooks: PLAYBOOKS,
    experiments: [],
    experimentAssignments: [],
    content: CONTENT,
    learningEvents: enablement.learningEvents,
    certifications: enablement.certifications,
    baselines: [],
    quotas: [],
    businessReviews: [],
    plantedEffects: buildPlantedEffects({
      discoveryProgramId: DISCOVERY_EXCELLENCE_ID,
      nullProgramId: NEGOTIATION_FOUNDATIONS_ID,
      experimentId: EXPERIMENT_ID,
    }),
  }
  const callTables: CallTables = dataset
  const callContext = {
    people: peopleById,
    baseRates,
    discoveryCompletedMs: enablement.discoveryCompletedMs,
    asOfDay,
    storeEvery: sizes.callDealEvery,
  }
  const goLiveDays = new Map<string, number>()

  plans.forEach((plan, dealIndex) => {
    const rng = root.fork(`deal:${plan.id}`)
    const account = plan.account
    if (account === null) throw new Error(`demo-data: deal ${plan.id} has no account`)
    const endDay = plan.isClosed ? plan.closeDay : asOfDay
    plan.stagePath = planStagePath(rng.fork('stages'), plan, asOfDay)
    for (const row of buildStageHistory(rng.fork('history'), plan, asOfDay, nextHistoryId))
      dataset.dealStageHistory.push(row)
    const stakeholders = planStakeholders(
      rng.fork('stakeholders'),
      plan,
      contactsByAccount.get(account.id) ?? [],
      endDay,
    )
    for (const row of toDealStakeholders(plan, stakeholders, nextStakeholderId))
      dataset.dealStakeholders.push(row)
    const { signals, competition } = generateDealSignals(rng.fork('signals'), {
      deal: plan,
      stakeholders,
      asOfDay,
      nextId: nextSignalId,
    })
    for (const row of signals) dataset.dealSignals.push(row)
    generateDealCalls(rng.fork('calls'), {
      deal: plan,
      dealIndex,
      stakeholders,
      competition,
      context: callContext,
      tables: callTables,
    })
    plan.amountCents = drawAmountCents(rng.fork('amount'), plan)
    const useCase = useCaseFields(rng.fork('use-case'), plan, asOfDay)
    if (useCase.goLiveDate !== null) goLiveDays.set(plan.id, toDayNumber(useCase.goLiveDate))
    const poc = generatePoc(rng.fork('poc'), { deal: plan, asOfDay, pocId: nextPocId() })
    if (poc !== null) {
      dataset.pocs.push(poc.poc)
      for (const row of poc.checkins) dataset.pocCheckins.push(row)
    }
    const activityRng = rng.fork('activities')
    for (const row of generateActivities(activityRng, {
      deal: plan,
      stakeholders,
      perDeal: sizes.activitiesPerDeal,
      asOfDay,
      nextId: nextActivityId,
    })) {
      dataset.activities.push(row)
    }
    const misc = rng.fork('deal-fields')
    const lost = plan.isClosed && !plan.isWon
    let lossReason: string | null = null
    if (lost) {
      if (competition.kind === 'vendor' && misc.bernoulli(0.6)) lossReason = 'Lost to competitor'
      else if (competition.kind === 'open_source' && misc.bernoulli(0.5)) lossReason = 'Went with open source'
      else
        lossReason = misc.pick(
          LOSS_REASONS.filter((r) => r !== 'Lost to competitor' && r !== 'Went with open source'),
        )
    }
    const deal: Deal = {
      id: plan.id,
      name: dealName(plan.kind, account.name, misc.pick(USE_CASE_NAMES), plan.closeDay),
      accountId: account.id,
      ownerId: plan.ownerId,
      seId: plan.seId,
      kind: plan.kind,
      stageModelId: plan.stageModelId,
      stageKey: plan.stagePath[plan.stagePath.length - 1] ?? '',
      amountCents: plan.amountCents,
      currency: 'USD',
      createdAt: toIsoInstant(plan.createdDay, plan.createdMinute),
      closeDate: toIsoDate(plan.closeDay),
      isClosed: plan.isClosed,
      isWon: plan.isWon,
      lossReason,
      competitor: lost && competition.kind !== 'none' ? competition.name : null,
      source:
        plan.kind === 'new_logo'
          ? misc.weighted(DEAL_SOURCES.slice(0, 4), [0.35, 0.35, 0.15, 0.15])
          : 'customer',
      segment: account.segment,
      region: account.region,
      ...useCase,
    }
    dataset.deals.push(deal)
  })

  const { experiment, assignments } = buildExperiment(root.fork('experiment'), {
    plans,
    seed: experimentSeed,
    startDay: experimentStartDay,
    asOfDay,
  })
  dataset.experiments.push(experiment)
  dataset.experimentAssignments = assignments

  dataset.accounts = accountDrafts.map(
    ({ customerSinceDay: _since, established: _established, ...account }) => ({
      ...account,
      coreOwnerId: coreOwners.get(account.id) ?? null,
    }),
  )

  const workloads = planWorkloads(root.fork('consumption'), {
    accounts: accountDrafts,
    plans,
    goLiveDays,
    asOfDay,
    historyStartDay,
  })
  dataset.baselines = computeBaselines(workloads, { asOfDay, historyStartDay })
  dataset.quotas = generateQuotas(root.fork('quotas'), {
    people,
    baselines: dataset.baselines,
    coreOwners,
    asOfDay,
    historyStartDay,
  })
  dataset.businessReviews = generateBusinessReviews(root.fork('business-reviews'), {
    workloads,
    contactsByAccount,
    asOfDay,
  })

  return {
    dataset,
    consumption: consumptionStream(workloads),
    consumptionRowEstimate: countConsumptionRows(workloads),
    logins: buildLogins(people, dataset.deals),
    demoPassword: DEMO_PASSWORD,
  }
}
