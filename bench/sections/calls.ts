/**
 * The calls section: transcripts parsed and calls analysed per second, on the
 * demo company's generated calls (plain-text transcripts rendered from its
 * utterances), cycled up to a year of a 120-rep team's calls (~50,000).
 */
import { performance } from 'node:perf_hooks'
import { analyzeCall, transcriptFromUtterances } from '@revlab/analyses'
import { generateDemoCompany } from '@revlab/demo-data'
import type { Utterance } from '@revlab/domain'
import { parsePlainText } from '@revlab/importers'
import type { BenchOptions, BenchSection } from './types.js'

const TARGET_CALLS = 50_000

export async function runCallsBench(options: BenchOptions): Promise<BenchSection> {
  const company = generateDemoCompany({ scale: options.scale, seed: 42, asOf: '2026-11-23' })
  const { calls, utterances } = company.dataset
  const byCall = new Map<string, Utterance[]>()
  for (const u of utterances) byCall.set(u.callId, [...(byCall.get(u.callId) ?? []), u])
  const inputs = calls.flatMap((call) => {
    const list = byCall.get(call.id)
    return list === undefined ? [] : [{ call, utterances: list }]
  })
  if (inputs.length === 0) throw new Error('calls bench: the demo company has no stored calls')
  const texts = inputs.map((i) => i.utterances.map((u) => `${u.speaker}: ${u.text}`).join('\n'))
  const n = Math.max(TARGET_CALLS, inputs.length)
  options.log(
    `calls: analysing ${n.toLocaleString('en-US')} calls (${inputs.length} distinct demo transcripts, cycled)`,
  )

  let words = 0
  const t0 = performance.now()
  for (let i = 0; i < n; i += 1) {
    const input = inputs[i % inputs.length]
    if (input === undefined) continue
    const a = analyzeCall(transcriptFromUtterances(input))
    if (i < inputs.length) words += a.speakers.reduce((s, x) => s + x.words, 0)
  }
  const analyseS = (performance.now() - t0) / 1000

  const parseN = Math.min(n, 10_000)
  const t1 = performance.now()
  for (let i = 0; i < parseN; i += 1) parsePlainText(texts[i % texts.length] ?? '', 'bench.txt')
  const parseS = (performance.now() - t1) / 1000
  await Promise.resolve()

  const perCallWords = words / inputs.length
  const rows = [
    ['calls analysed', n.toLocaleString('en-US')],
    ['mean words per call', perCallWords.toFixed(0)],
    ['analysis seconds', analyseS.toFixed(2)],
    ['calls analysed per second', Math.round(n / analyseS).toLocaleString('en-US')],
    ['plain-text transcripts parsed per second', Math.round(parseN / parseS).toLocaleString('en-US')],
    [
      '50,000 calls (parse + analyse), minutes',
      ((50_000 / (n / analyseS) + 50_000 / (parseN / parseS)) / 60).toFixed(2),
    ],
  ]
  return {
    title: 'Calls: transcript parsing and call analysis (one core)',
    columns: ['measure', 'value'],
    rows,
    json: {
      calls: n,
      distinct: inputs.length,
      analyse_seconds: analyseS,
      calls_per_second: n / analyseS,
      parse_per_second: parseN / parseS,
    },
  }
}
