/**
 * `npm run bench`: Revlab's speed figures, engines side by side in one run.
 * Prints a table per section; `--json` for scripts; `--scale small|medium|large`
 * (default medium); `--only NAME[,NAME]` to run some sections.
 */
import os from 'node:os'
import type { DemoScale } from '@revlab/demo-data'
import { SECTIONS } from './sections/index.js'
import { closeDemoStores } from './sections/demo-stores.js'
import type { BenchSection } from './sections/types.js'

const args = process.argv.slice(2)
const valueOf = (flag: string): string | undefined => {
  const i = args.indexOf(flag)
  return i >= 0 ? args[i + 1] : undefined
}
const scale = (valueOf('--scale') ?? 'medium') as DemoScale
const only = valueOf('--only')?.split(',')
const asJson = args.includes('--json')

function render(section: BenchSection): string {
  const width0 = Math.max(12, ...section.rows.map((r) => (r[0] ?? '').length))
  const widths = section.columns.map((c, i) =>
    Math.max(c.length, ...section.rows.map((r) => (r[i + 1] ?? '').length)),
  )
  const line = (cells: string[]): string =>
    [(cells[0] ?? '').padEnd(width0), ...widths.map((w, i) => (cells[i + 1] ?? '').padStart(w))].join('   ')
  return [`\n${section.title}`, line(['', ...section.columns]), ...section.rows.map(line)].join('\n')
}

async function main(): Promise<void> {
  const log = (m: string): void => {
    process.stderr.write(`${m}\n`)
  }
  log(`Revlab benchmark — ${scale} scale, ${os.cpus().length} cores, Node ${process.version}`)
  const results: Record<string, BenchSection> = {}
  for (const section of SECTIONS.filter((s) => !only || only.includes(s.name))) {
    results[section.name] = await section.run({ scale, log })
    if (!asJson) process.stdout.write(`${render(results[section.name] as BenchSection)}\n`)
  }
  await closeDemoStores()
  if (asJson) {
    const json = Object.fromEntries(Object.entries(results).map(([k, v]) => [k, v.json]))
    process.stdout.write(
      `${JSON.stringify({ scale, cores: os.cpus().length, node: process.version, ...json }, null, 2)}\n`,
    )
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`)
  process.exit(1)
})
