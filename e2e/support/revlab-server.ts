/**
 * Starts a real Revlab for browser tests: the built CLI creates a demo
 * database with a fixed seed, then serves it on a free port. Everything runs
 * as child processes, exactly as a user would run it.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url))
// REVLAB_CLI points the tests at another build of the CLI (an installed one, or a stand-in).
const cliEntry = process.env.REVLAB_CLI ?? join(repoRoot, 'bin', 'revlab.js')

export type DemoLogin = {
  email: string
  role: string
  password: string
  name?: string
  [key: string]: unknown
}

export type DemoSummary = {
  counts: Record<string, number>
  planted_effects: unknown
  logins: DemoLogin[]
}

export type RevlabServer = {
  baseUrl: string
  demo: DemoSummary
  login: (role: string) => DemoLogin
  stop: () => Promise<void>
}

export type StartOptions = {
  scale?: string
  seed?: number
  asOf?: string
}

/** Fails early, with the command to run, when something the test needs hasn't been built. */
export function assertBuilt(): void {
  const missing = [
    [cliEntry, cliEntry],
    ...(process.env.REVLAB_CLI
      ? []
      : [[join(repoRoot, 'packages/cli/dist/index.js'), 'packages/cli/dist (run `npm run build`)']]),
    [
      join(repoRoot, 'packages/web/dist/index.html'),
      'packages/web/dist (run `npm run build -w @revlab/web`)',
    ],
  ].filter(([path]) => !existsSync(path as string))
  if (missing.length > 0) {
    throw new Error(`e2e needs a built Revlab; missing: ${missing.map(([, what]) => what).join(', ')}`)
  }
}

export async function startRevlab(options: StartOptions = {}): Promise<RevlabServer> {
  assertBuilt()
  const opts = { scale: 'small', seed: 42, asOf: '2026-11-23', ...options }
  await mkdir(join(repoRoot, '.tmp'), { recursive: true })
  const dir = await mkdtemp(join(tmpdir(), 'revlab-e2e-'))
  const db = join(dir, 'e2e.duckdb')

  const demoOut = await run(process.execPath, [
    cliEntry,
    'demo',
    '--scale',
    opts.scale,
    '--seed',
    String(opts.seed),
    '--as-of',
    opts.asOf,
    '--db',
    db,
    '--no-serve',
    '--json',
  ])
  const demo = parseDemoJson(demoOut)

  const port = await freePort()
  const server = spawn(process.execPath, [cliEntry, 'serve', '--port', String(port), '--db', db], {
    cwd: repoRoot,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const log: string[] = []
  const keep = (chunk: Buffer) => {
    log.push(chunk.toString())
    if (log.length > 200) log.shift()
  }
  server.stdout?.on('data', keep)
  server.stderr?.on('data', keep)

  const baseUrl = `http://127.0.0.1:${port}`
  try {
    await waitForHealth(baseUrl, server, log)
  } catch (err) {
    await stopProcess(server)
    await rm(dir, { recursive: true, force: true })
    throw err
  }

  return {
    baseUrl,
    demo,
    login(role) {
      const found = demo.logins.find((l) => l.role === role)
      if (!found) {
        throw new Error(`demo has no ${role} login; it has: ${demo.logins.map((l) => l.role).join(', ')}`)
      }
      return found
    },
    async stop() {
      await stopProcess(server)
      await rm(dir, { recursive: true, force: true })
    },
  }
}

function parseDemoJson(stdout: string): DemoSummary {
  // Progress goes to stderr, but be tolerant of a log line before the JSON.
  const start = stdout.indexOf('{')
  if (start < 0) throw new Error(`revlab demo --json printed no JSON:\n${stdout.slice(0, 2000)}`)
  const parsed = JSON.parse(stdout.slice(start)) as DemoSummary
  if (!Array.isArray(parsed.logins) || parsed.logins.length === 0) {
    throw new Error('revlab demo --json printed no logins')
  }
  return parsed
}

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: repoRoot, env: { ...process.env, NO_COLOR: '1' } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()))
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
    child.on('error', reject)
    child.on('close', (code) => {
      if (code === 0) resolve(stdout)
      else reject(new Error(`${args.slice(0, 2).join(' ')} exited with ${code}\n${stderr.slice(-4000)}`))
    })
  })
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address()
      const port = typeof address === 'object' && address ? address.port : 0
      srv.close(() => resolve(port))
    })
  })
}

async function waitForHealth(baseUrl: string, server: ChildProcess, log: string[], timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (server.exitCode !== null) {
      throw new Error(`revlab serve exited with ${server.exitCode} before it was healthy:\n${log.join('')}`)
    }
    try {
      const res = await fetch(`${baseUrl}/api/health`)
      if (res.status === 200) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`revlab serve was not healthy within ${timeoutMs} ms:\n${log.join('')}`)
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
  await exited
  clearTimeout(timer)
}
