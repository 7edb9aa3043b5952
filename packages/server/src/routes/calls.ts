import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi'
import {
  BUILTIN_METHODOLOGIES,
  analyzeRepBehavior,
  analyzeStoredCall,
  scoreCall,
  splitSentences,
  transcriptFromUtterances,
  type StoredCallInput,
} from '@revlab/analyses'
import {
  CALL_METHODOLOGIES,
  CallDetailQuerySchema,
  CallDetailSchema,
  CallFiltersSchema,
  CallListQuerySchema,
  CallListSchema,
  CallTrendsQuerySchema,
  CallTrendsSchema,
  ErrorResponseSchema,
  RevlabError,
  type CallDetail,
  type CallSummary,
} from '@revlab/domain'
import {
  dayAfter,
  findCallSummary,
  listCalls,
  loadCallFilters,
  loadCallTranscripts,
  loadRepCallMetrics,
  ownerScopeFor,
} from '@revlab/db'
import type { AppEnv } from '../app-env.js'
import { authenticate } from '../auth/authenticate.js'
import { validationHook } from '../validation-hook.js'

const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['calls'],
  summary: 'Calls the caller may see (a rep their own), filtered by owner, deal, account, dates and text',
  middleware: [authenticate] as const,
  request: { query: CallListQuerySchema },
  responses: {
    200: { description: 'A page of calls', content: { 'application/json': { schema: CallListSchema } } },
  },
})

const filters = createRoute({
  method: 'get',
  path: '/filters',
  tags: ['calls'],
  summary: 'Values for the call filters (owners, accounts, evidence kinds, methodologies)',
  middleware: [authenticate] as const,
  responses: {
    200: { description: 'Filter values', content: { 'application/json': { schema: CallFiltersSchema } } },
  },
})

const trends = createRoute({
  method: 'get',
  path: '/trends',
  tags: ['calls'],
  summary: 'Rep behaviour over time: talk ratio and open questions per call, per rep and for the team',
  middleware: [authenticate] as const,
  request: { query: CallTrendsQuerySchema },
  responses: {
    200: { description: 'The trends', content: { 'application/json': { schema: CallTrendsSchema } } },
  },
})

const detail = createRoute({
  method: 'get',
  path: '/{id}',
  tags: ['calls'],
  summary:
    'One call: transcript, metrics, evidence with positions, scorecard against a methodology, summary and action items',
  middleware: [authenticate] as const,
  request: { params: z.object({ id: z.string().min(1) }), query: CallDetailQuerySchema },
  responses: {
    200: { description: 'The call', content: { 'application/json': { schema: CallDetailSchema } } },
    404: {
      description: 'No such call, or not yours to see',
      content: { 'application/json': { schema: ErrorResponseSchema } },
    },
  },
})

const METHODOLOGY_LIST = CALL_METHODOLOGIES.map((key) => ({ key, name: BUILTIN_METHODOLOGIES[key].name }))

/**
 * The call page's content. The analysis runs again on the stored utterances
 * (pure and fast) so evidence carries its utterance and sentence positions,
 * which the stored `call_evidence` rows (ms offsets only) do not.
 */
function buildCallDetail(
  summary: CallSummary,
  input: StoredCallInput,
  methodologyKey: CallDetail['scorecard']['key'],
): CallDetail {
  const { analysis } = analyzeStoredCall(input)
  const transcript = transcriptFromUtterances(input)
  const scorecard = scoreCall(analysis, BUILTIN_METHODOLOGIES[methodologyKey], transcript.turns)
  return {
    call: { ...summary, metadata: analysis.metadata },
    utterances: input.utterances.map((u) => ({
      seq: u.seq,
      speaker: u.speaker,
      side: u.side,
      startMs: u.startMs,
      endMs: u.endMs,
      sentences: splitSentences(u.text),
    })),
    speakers: analysis.speakers.map((s) => ({
      name: s.name,
      side: s.side,
      turns: s.turns,
      words: s.words,
      talkShare: s.talk_share,
      speakingS: s.speaking_s,
      questions: s.questions,
      openQuestions: s.open_questions,
      longestMonologueWords: s.longest_monologue_words,
    })),
    metrics: {
      talkRatio: analysis.talk_ratio,
      interactivity: analysis.interactivity,
      questions: analysis.metrics.questions,
      openQuestions: analysis.metrics.open_questions,
      longestMonologueWords: analysis.metrics.longest_monologue_words,
      painUncovered: analysis.metrics.pain_uncovered,
      valueBeforePrice: analysis.metrics.value_before_price,
      durationS: analysis.duration_s,
    },
    evidence: analysis.evidence,
    questions: analysis.questions,
    entities: analysis.entities,
    summary: analysis.summary,
    actionItems: analysis.action_items,
    scorecard: { ...scorecard, key: methodologyKey },
  }
}

export const callRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(list, async (c) => {
    const query = c.req.valid('query')
    const scope = await ownerScopeFor(c.var.store.db, c.var.user)
    const { data, total } = await listCalls(c.var.store.db, query, scope)
    return c.json({ data, total, page: query.page, pageSize: query.pageSize }, 200)
  })
  .openapi(filters, async (c) => {
    const scope = await ownerScopeFor(c.var.store.db, c.var.user)
    const values = await loadCallFilters(c.var.store.db, scope)
    return c.json({ ...values, methodologies: METHODOLOGY_LIST }, 200)
  })
  .openapi(trends, async (c) => {
    const query = c.req.valid('query')
    const scope = await ownerScopeFor(c.var.store.db, c.var.user)
    const from = query.from === undefined ? undefined : `${query.from}T00:00:00.000Z`
    const to = query.to === undefined ? undefined : dayAfter(query.to)
    const calls = (await loadRepCallMetrics(c.var.store.db, scope)).filter(
      (m) =>
        (query.ownerId === undefined || m.ownerId === query.ownerId) &&
        (from === undefined || m.startedAt >= from) &&
        (to === undefined || m.startedAt < to),
    )
    return c.json(analyzeRepBehavior(calls, { period: query.period }), 200)
  })
  .openapi(detail, async (c) => {
    const { id } = c.req.valid('param')
    const { methodology } = c.req.valid('query')
    const scope = await ownerScopeFor(c.var.store.db, c.var.user)
    const summary = await findCallSummary(c.var.store.db, id, scope)
    // A call outside the caller's scope is reported exactly like a missing one.
    if (summary === undefined)
      throw new RevlabError('NOT_FOUND', `no call ${id}`, {
        hint: 'check the id; reps see only their own calls',
      })
    const [stored] = await loadCallTranscripts(c.var.store.db, { callIds: [id] })
    const input: StoredCallInput = stored ?? {
      call: {
        id: summary.id,
        dealId: summary.dealId,
        title: summary.title,
        startedAt: summary.startedAt,
        durationS: summary.durationS,
        source: summary.source,
        metadata: '{}',
      },
      utterances: [],
    }
    return c.json(buildCallDetail(summary, input, methodology), 200)
  })
