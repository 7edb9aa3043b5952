/**
 * `revlab ask "…"`: a plain-language question answered from the store, with
 * the interpretation it used. Deterministic; no AI service.
 */
import { money, type AskAnswer } from '@revlab/analyses'
import { answerQuestion } from '@revlab/server'
import pc from 'picocolors'
import { formatPercent, printJson } from '../output.js'
import { withStore } from '../with-store.js'

export type AskOptions = { db?: string; json?: boolean }

const value = (v: number | null, unit: AskAnswer['figures'][number]['unit']): string =>
  v === null
    ? '–'
    : unit === 'cents'
      ? money(v)
      : unit === 'ratio'
        ? formatPercent(v, 0)
        : String(Math.round(v * 10) / 10)

export function renderAnswer(answer: AskAnswer): string {
  const lines = [
    pc.bold(answer.headline),
    ...answer.interpretation.map((i) => pc.dim(`  ${i}`)),
    ...answer.rows.map((r) => `  ${r.label}: ${value(r.value, r.unit)} — ${r.detail}`),
  ]
  if (!answer.rows.length && answer.figures.length)
    lines.push(`  ${answer.figures.map((f) => `${f.label} ${value(f.value, f.unit)}`).join(' · ')}`)
  if (answer.suggestions.length)
    lines.push('', 'Try:', ...answer.suggestions.map((s) => `  revlab ask "${s}"`))
  return `${lines.join('\n')}\n`
}

export async function askCommand(question: string, options: AskOptions): Promise<void> {
  const answer = await withStore(options.db, (store) => answerQuestion(store, { question }))
  if (options.json) printJson(answer)
  else process.stdout.write(renderAnswer(answer))
}
