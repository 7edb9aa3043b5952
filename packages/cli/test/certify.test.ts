/**
 * Pitch certification feeds the enablement data: `calls analyze --pitch
 * --certify EMAIL` stores the outcome as a certification of that rep.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { runCli } from './run-cli.js'

const fixture = fileURLToPath(
  new URL('../../importers/src/transcripts/fixtures/zoom-discovery.vtt', import.meta.url),
)

describe('revlab calls analyze --pitch --certify', () => {
  it('records an earned certification for the rep, and refuses an unknown email', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'revlab-certify-'))
    const db = path.join(dir, 'demo.duckdb')
    const demo = runCli([
      'demo',
      '--scale',
      'small',
      '--seed',
      '5',
      '--as-of',
      '2026-11-23',
      '--no-serve',
      '--json',
      '--db',
      db,
    ])
    expect(demo.code).toBe(0)
    const before = (JSON.parse(demo.stdout) as { counts: Record<string, number> }).counts.certifications ?? 0

    const pitch = path.join(dir, 'golden.yaml')
    fs.writeFileSync(
      pitch,
      [
        'name: Discovery opener',
        'points:',
        '  - key: current_state',
        '    text: Ask what their current data pipeline looks like today',
        '  - key: timeline',
        '    text: Ask for the target date of the migration',
      ].join('\n'),
    )
    const args = [
      'calls',
      'analyze',
      fixture,
      '--internal',
      'Maya Chen',
      '--pitch',
      pitch,
      '--db',
      db,
      '--json',
    ]
    const certified = runCli([...args, '--certify', 'lars.eriksen@corvid-data.example'])
    expect(certified.stderr).toContain('recorded an earned certification "Pitch: Discovery opener"')
    expect(certified.code).toBe(0)
    const result = JSON.parse(certified.stdout) as { pitch: { certified: boolean; coverage: number } }[]
    expect(result[0]?.pitch).toMatchObject({ certified: true, coverage: 1 })

    const status = JSON.parse(runCli(['status', '--db', db, '--json']).stdout) as {
      counts: Record<string, number>
    }
    expect(status.counts.certifications).toBe(before + 1)
    // The same check on the same day replaces its record rather than adding one.
    expect(runCli([...args, '--certify', 'lars.eriksen@corvid-data.example']).code).toBe(0)
    expect(
      (JSON.parse(runCli(['status', '--db', db, '--json']).stdout) as typeof status).counts.certifications,
    ).toBe(before + 1)

    const unknown = runCli([...args, '--certify', 'nobody@example.com'])
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toContain('no one on the sales team has the email nobody@example.com')
  })
})
