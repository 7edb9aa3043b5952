import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import { fileURLToPath } from 'node:url'

export const BIN = fileURLToPath(new URL('../../../bin/revlab.js', import.meta.url))
const BUILT = fileURLToPath(new URL('../dist/main.js', import.meta.url))

export type CliResult = { code: number | null; stdout: string; stderr: string }

/** Runs the built `revlab` command as a user would. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): CliResult {
  if (!fs.existsSync(BUILT)) throw new Error('the CLI is not built: run `npm run build` first')
  const result = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, REVLAB_DB: '', ...env },
    timeout: 120_000,
  })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

/** Starts `revlab serve` and resolves once it answers /api/health. */
export async function startServe(args: string[]): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${stderr}`)), 30_000)
    child.stderr.on('data', () => {
      const m = /at (http:\/\/\S+)/.exec(stderr)
      if (m?.[1]) {
        clearTimeout(timer)
        resolve(m[1])
      }
    })
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)))
  })
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}
