/**
 * Progress of a long statement, for the import's progress bar while the
 * engine reads a file itself: on DuckDB its own query progress (polled
 * while `work` runs on the same connection), on PostgreSQL nothing here (the
 * COPY reports the bytes it streams instead).
 */
import type { Kysely } from 'kysely'
import { withDuckDbConnection } from './duckdb-dialect.js'

const POLL_MS = 200

/**
 * Runs `work` — statements on `db`, which must hold one connection (a
 * transaction) — and meanwhile reports DuckDB's progress on it as a
 * fraction from 0 to 1.
 */
export async function withEngineProgress<DB, T>(
  db: Kysely<DB>,
  onProgress: (fraction: number) => void,
  work: () => Promise<T>,
): Promise<T> {
  const connection = await withDuckDbConnection(db, (c) => Promise.resolve(c))
  if (!connection) return work()
  await connection.run('set enable_progress_bar = true')
  await connection.run('set enable_progress_bar_print = false')
  await connection.run('set progress_bar_time = 0')
  const timer = setInterval(() => {
    const { percentage } = connection.progress
    if (percentage >= 0) onProgress(Math.min(1, percentage / 100))
  }, POLL_MS)
  try {
    return await work()
  } finally {
    clearInterval(timer)
    await connection.run('reset enable_progress_bar')
    await connection.run('reset progress_bar_time')
  }
}
