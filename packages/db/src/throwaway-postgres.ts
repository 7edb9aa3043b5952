/**
 * A throwaway PostgreSQL cluster for tests and benchmarks, made from the machine's own
 * binaries: initdb in a temp folder, started on a free loopback port, removed
 * afterwards. initdb refuses to run as root, so as root it runs as the
 * `postgres` user through runuser.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'

export type PostgresCluster = {
  adminUrl: string
  password: string
  /** Creates an empty database and returns its URL. */
  createDatabase(name: string): Promise<string>
  stop(): void
}

export function findPostgresBin(): string {
  const fromEnv = process.env.REVLAB_PG_BIN
  if (fromEnv) return fromEnv
  const root = '/usr/lib/postgresql'
  const versions = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : []
  const best = versions[0]
  if (!best) {
    throw new Error(
      'PostgreSQL server binaries not found under /usr/lib/postgresql: install them with `apt-get install postgresql` (or set REVLAB_PG_BIN)',
    )
  }
  return path.join(root, best, 'bin')
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

export async function startPostgresCluster(): Promise<PostgresCluster> {
  const bin = findPostgresBin()
  const asRoot = process.getuid?.() === 0
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'revlab-pg-'))
  const dataDir = path.join(dir, 'data')
  const password = 'revlab-test'
  fs.writeFileSync(path.join(dir, 'pwfile'), password)
  if (asRoot) execFileSync('chown', ['-R', 'postgres:postgres', dir])

  const run = (cmd: string, args: string[]): void => {
    const [file, argv] = asRoot
      ? ['runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args]]
      : [path.join(bin, cmd), args]
    const result = spawnSync(file, argv as string[], { encoding: 'utf8' })
    if (result.status !== 0) throw new Error(`${cmd} failed: ${result.stderr || result.stdout}`)
  }

  run('initdb', [
    '-D',
    dataDir,
    '-U',
    'postgres',
    '--auth=scram-sha-256',
    `--pwfile=${path.join(dir, 'pwfile')}`,
    '-E',
    'UTF8',
    '--no-sync',
  ])
  const port = await freePort()
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`
  run('pg_ctl', ['-D', dataDir, '-o', options, '-l', path.join(dir, 'log'), '-w', 'start'])

  const adminUrl = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`
  return {
    adminUrl,
    password,
    async createDatabase(name) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`)
      const client = new pg.Client({ connectionString: adminUrl })
      await client.connect()
      try {
        await client.query(`create database ${name}`)
      } finally {
        await client.end()
      }
      const url = new URL(adminUrl)
      url.pathname = `/${name}`
      return url.toString()
    },
    stop() {
      try {
        run('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop'])
      } finally {
        fs.rmSync(dir, { recursive: true, force: true })
      }
    },
  }
}
