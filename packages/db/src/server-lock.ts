/**
 * `revlab serve` owns the DuckDB file while it runs. It leaves a note beside
 * the file (`<file>.server.json`) so that another command that finds the file
 * locked can say who holds it and where that server listens.
 */
import fs from 'node:fs'

export type ServerNote = { pid: number; url: string; startedAt: string }

export const serverNotePath = (dbPath: string): string => `${dbPath}.server.json`

export function writeServerNote(dbPath: string, note: ServerNote): void {
  fs.writeFileSync(serverNotePath(dbPath), JSON.stringify(note, null, 2))
}

export function removeServerNote(dbPath: string): void {
  fs.rmSync(serverNotePath(dbPath), { force: true })
}

export function readServerNote(dbPath: string): ServerNote | undefined {
  try {
    const note = JSON.parse(fs.readFileSync(serverNotePath(dbPath), 'utf8')) as ServerNote
    return isAlive(note.pid) ? note : undefined
  } catch {
    return undefined
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}
