/** Which database a command talks to: `--db`, else `REVLAB_DB`, else `./revlab.duckdb`. */
import path from 'node:path'
import { RevlabError } from '@revlab/domain'

export type Engine = 'duckdb' | 'postgres'

export type DbSpec = { engine: 'duckdb'; path: string } | { engine: 'postgres'; url: string }

export const DEFAULT_DUCKDB_FILE = 'revlab.duckdb'

export function resolveDbSpec(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): DbSpec {
  const raw = (flag ?? env.REVLAB_DB ?? DEFAULT_DUCKDB_FILE).trim()
  if (raw === '') {
    throw new RevlabError('BAD_USAGE', 'the database location is empty', {
      hint: 'pass --db PATH or --db postgres://user:password@host:5432/dbname',
    })
  }
  if (/^postgres(ql)?:\/\//i.test(raw)) {
    try {
      new URL(raw)
    } catch {
      throw new RevlabError('BAD_USAGE', `not a valid PostgreSQL URL: ${redactUrl(raw)}`, {
        hint: 'the form is postgres://user:password@host:5432/dbname',
      })
    }
    return { engine: 'postgres', url: raw }
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) {
    throw new RevlabError('BAD_USAGE', `unsupported database URL scheme in "${redactUrl(raw)}"`, {
      hint: 'use a DuckDB file path, or a postgres:// URL',
    })
  }
  return { engine: 'duckdb', path: path.resolve(raw) }
}

/** A URL with its password replaced, safe to print or log. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@')
}

export const describeDbSpec = (spec: DbSpec): string =>
  spec.engine === 'duckdb' ? spec.path : redactUrl(spec.url)
