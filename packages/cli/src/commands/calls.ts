import fs from 'node:fs'
import path from 'node:path'
import type { Command, Option } from 'commander'
import {
  BUILTIN_METHODOLOGIES,
  analyzeCall,
  analyzeRepBehavior,
  analyzeStoredCall,
  certifyPitch,
  parseGoldenPitch,
  parseMethodology,
  scoreCall,
  type CallAnalysis,
  type Methodology,
  type PitchCertification,
  type Scorecard,
} from '@revlab/analyses'
import {
  findPersonIdByEmail,
  loadCallTranscripts,
  loadRepCallMetrics,
  recordCertification,
  storeCallAnalyses,
} from '@revlab/db'
import { RevlabError } from '@revlab/domain'
import { parseTranscriptFiles } from '@revlab/importers'
import { formatCount, formatPercent, note, printJson, renderTable } from '../output.js'
import { withStore } from '../with-store.js'

type Helpers = {
  dbOption: () => Option
  run: <A extends unknown[]>(action: (...args: A) => Promise<void>) => (...args: A) => Promise<void>
}

export type CallsAnalyzeOptions = {
  internal?: string
  json?: boolean
  methodology?: string
  pitch?: string
  /** With --pitch: record the outcome as a certification of the person with this email. */
  certify?: string
  db?: string
  organizations?: string
}

export type CallsAnalyzeResult = CallAnalysis & { scorecard?: Scorecard; pitch?: PitchCertification }

const readText = (file: string): string => {
  try {
    return fs.readFileSync(file, 'utf8')
  } catch (e) {
    throw new RevlabError(
      'BAD_INPUT',
      `${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
    )
  }
}

function methodologyOf(spec: string): Methodology {
  const builtin = BUILTIN_METHODOLOGIES[spec as keyof typeof BUILTIN_METHODOLOGIES]
  return builtin ?? parseMethodology(readText(spec), path.basename(spec))
}

/** `revlab calls analyze FILE...`: parse and analyse transcripts without a database. */
export function analyzeCallFiles(
  files: readonly string[],
  options: CallsAnalyzeOptions,
): CallsAnalyzeResult[] {
  const internal = options.internal
    ?.split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
  const organizations = options.organizations
    ?.split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
  const methodology = options.methodology === undefined ? undefined : methodologyOf(options.methodology)
  const pitch =
    options.pitch === undefined
      ? undefined
      : parseGoldenPitch(readText(options.pitch), path.basename(options.pitch))
  const parsed = parseTranscriptFiles(files.map((f) => ({ name: f, text: readText(f) })))
  return parsed.flatMap(({ file, transcripts }) =>
    transcripts.map((t): CallsAnalyzeResult => {
      const analysis = analyzeCall(t, {
        file,
        ...(internal ? { internal } : {}),
        ...(organizations ? { organizations } : {}),
      })
      const internalNames = new Set(analysis.speakers.filter((s) => s.side === 'internal').map((s) => s.name))
      return {
        ...analysis,
        ...(methodology ? { scorecard: scoreCall(analysis, methodology, t.turns) } : {}),
        ...(pitch
          ? {
              pitch: certifyPitch(
                internalNames.size > 0 ? t.turns.filter((x) => internalNames.has(x.speaker)) : t.turns,
                pitch,
              ),
            }
          : {}),
      }
    }),
  )
}

function printAnalysis(a: CallsAnalyzeResult): void {
  const out: string[] = []
  out.push(
    `${a.file}${a.title ? ` — ${a.title}` : ''} (${a.format}${a.duration_s === null ? '' : `, ${Math.round(a.duration_s)} s`})`,
  )
  out.push(
    renderTable(a.speakers, [
      { header: 'speaker', value: (s) => s.name },
      { header: 'side', value: (s) => s.side },
      { header: 'turns', value: (s) => s.turns, align: 'right' },
      { header: 'words', value: (s) => s.words, align: 'right' },
      { header: 'share', value: (s) => formatPercent(s.talk_share), align: 'right' },
      {
        header: 'speaking s',
        value: (s) => (s.speaking_s === null ? '–' : s.speaking_s.toFixed(1)),
        align: 'right',
      },
      { header: 'questions', value: (s) => `${s.questions} (${s.open_questions} open)`, align: 'right' },
      { header: 'longest', value: (s) => s.longest_monologue_words, align: 'right' },
    ]),
  )
  out.push(
    `Talk ratio: ${formatPercent(a.talk_ratio)}   Interactivity: ${a.interactivity.toFixed(1)} switches/100 words`,
  )
  if (a.evidence.length > 0) {
    out.push('Evidence:')
    for (const e of a.evidence) out.push(`  ${e.kind.padEnd(18)} ${e.speaker}: ${e.text}`)
  }
  const ents = Object.entries(a.entities).filter(([, v]) => v.length > 0)
  if (ents.length > 0) out.push(`Entities: ${ents.map(([k, v]) => `${k}: ${v.join(', ')}`).join(' | ')}`)
  if (a.summary.length > 0) out.push('Summary:', ...a.summary.map((s) => `  - ${s}`))
  if (a.action_items.length > 0)
    out.push(
      'Action items:',
      ...a.action_items.map((i) => `  - ${i.owner}: ${i.text}${i.due ? ` (due ${i.due})` : ''}`),
    )
  if (a.scorecard) {
    out.push(
      `Scorecard ${a.scorecard.methodology}: ${formatPercent(a.scorecard.score, 0)} ${a.scorecard.passed ? 'pass' : 'below pass'}`,
    )
    for (const i of a.scorecard.items)
      out.push(
        `  ${i.met ? '✓' : '✗'} ${i.label}${i.evidence[0] ? ` — "${i.evidence[0].text}"` : i.value !== null ? ` (${i.value})` : ''}`,
      )
  }
  if (a.pitch) {
    out.push(
      `Pitch ${a.pitch.pitch}: coverage ${formatPercent(a.pitch.coverage, 0)}, ${a.pitch.certified ? 'certified' : 'not certified'}`,
    )
    for (const p of a.pitch.points)
      out.push(`  ${p.covered ? '✓' : '✗'} ${p.key}${p.passage ? ` — "${p.passage}"` : ''}`)
  }
  process.stdout.write(`${out.join('\n')}\n\n`)
}

export function registerCallsCommands(program: Command, { dbOption, run }: Helpers): void {
  const calls = program
    .command('calls')
    .description('call intelligence: analyse transcripts and stored calls')
  calls
    .command('analyze')
    .description('analyse transcript files (Gong JSON, WebVTT, SRT, text, RTTM) without a database')
    .argument('<files...>', 'transcript files')
    .option('--internal <names>', 'comma-separated speaker names on the selling side')
    .option('--methodology <name|file>', 'score against meddpicc, discovery, or a JSON/YAML methodology file')
    .option('--pitch <file>', 'certify against a golden pitch (JSON/YAML key points)')
    .option(
      '--certify <email>',
      'with --pitch: store the result as a certification of this rep (needs the database)',
    )
    .addOption(dbOption())
    .option('--organizations <names>', 'comma-separated extra organization and product names')
    .option('--json', 'print an array of per-call JSON objects (see docs/cli.md)')
    .action(
      run(async (files: string[], options: CallsAnalyzeOptions) => {
        const results = analyzeCallFiles(files, options)
        if (options.certify) await recordPitchCertifications(results, options.certify, options.db)
        if (options.json) return printJson(results)
        for (const r of results) printAnalysis(r)
        return Promise.resolve()
      }),
    )
  calls
    .command('reanalyze')
    .description('run the call analysis on every stored call; store metrics, evidence and call deal signals')
    .addOption(dbOption())
    .option('--json', 'print { calls, evidence, signals, seconds }')
    .action(
      run(async (options: { db?: string; json?: boolean }) => {
        const started = Date.now()
        const report = await withStore(options.db, async (store) => {
          const transcripts = await loadCallTranscripts(store.db)
          const results = transcripts.map((t) => analyzeStoredCall(t))
          await storeCallAnalyses(
            store.db,
            results.map((r) => ({
              callId: r.metrics.callId,
              metrics: r.metrics,
              evidence: r.evidence,
              signals: r.signals,
            })),
          )
          return {
            calls: results.length,
            evidence: results.reduce((n, r) => n + r.evidence.length, 0),
            signals: results.reduce((n, r) => n + r.signals.length, 0),
            seconds: (Date.now() - started) / 1000,
          }
        })
        if (options.json) return printJson(report)
        note(
          `Analysed ${formatCount(report.calls)} calls: ${formatCount(report.evidence)} evidence quotes, ${formatCount(report.signals)} deal signals (${report.seconds.toFixed(1)} s)`,
        )
      }),
    )
  calls
    .command('trends')
    .description('rep behaviour over time: talk ratio and open questions per call, per rep and team')
    .addOption(dbOption())
    .option('--period <period>', 'week or month', 'month')
    .option('--json', 'print { status, period, team, reps } (see docs/cli.md)')
    .action(
      run(async (options: { db?: string; period?: string; json?: boolean }) => {
        if (options.period !== 'week' && options.period !== 'month')
          throw new RevlabError('BAD_USAGE', '--period is week or month')
        const period = options.period
        const result = await withStore(options.db, async (store) =>
          analyzeRepBehavior(await loadRepCallMetrics(store.db), { period }),
        )
        if (options.json) return printJson(result)
        process.stdout.write(
          `${renderTable(result.team.points, [
            { header: period, value: (p) => p.period },
            { header: 'calls', value: (p) => p.calls, align: 'right' },
            { header: 'talk ratio', value: (p) => formatPercent(p.talkRatio), align: 'right' },
            { header: 'open q / call', value: (p) => p.openQuestionsPerCall.toFixed(2), align: 'right' },
          ])}\n`,
        )
      }),
    )
}

/** Pitch certification results feed the enablement data: one certification record per pitch checked. */
async function recordPitchCertifications(
  results: readonly CallsAnalyzeResult[],
  email: string,
  db: string | undefined,
): Promise<void> {
  const pitches = results.flatMap((r) => (r.pitch ? [r.pitch] : []))
  if (pitches.length === 0) {
    throw new RevlabError('BAD_USAGE', '--certify needs --pitch: there is no pitch result to record', {
      hint: 'add --pitch golden-pitch.yaml',
    })
  }
  const today = new Date().toISOString().slice(0, 10)
  await withStore(db, async (store) => {
    const personId = await findPersonIdByEmail(store.db, email)
    if (!personId) {
      throw new RevlabError('NOT_FOUND', `no one on the sales team has the email ${email}`, {
        hint: 'import the CRM users first, or check the address',
      })
    }
    for (const pitch of pitches) {
      await recordCertification(store.db, {
        id: `cert:pitch:${personId}:${pitch.pitch}:${today}`,
        personId,
        name: `Pitch: ${pitch.pitch}`,
        product: null,
        earnedAt: pitch.certified ? today : null,
        expiresAt: null,
        status: pitch.certified ? 'earned' : 'due',
      })
      note(
        `recorded ${pitch.certified ? 'an earned' : 'a due'} certification "Pitch: ${pitch.pitch}" for ${email}`,
      )
    }
  })
}
