import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrateToLatest, openStore, type Store } from '@revlab/db'
import { getImportSource, runImport, type ImportResult } from '@revlab/importers'
import { ENGINES, freshDatabase } from '../../db/test/engines.js'

const here = path.dirname(fileURLToPath(import.meta.url))
const fixturesDir = path.resolve(here, '../src/transcripts/fixtures')
const fixtureFiles = fs
  .readdirSync(fixturesDir)
  .sort()
  .map((f) => path.join(fixturesDir, f))
const NOW = new Date('2026-03-10T12:00:00Z')
const GONG_CALL = 'call:gong:7782342274025937895'

const accounted = (r: ImportResult): number => r.inserted + r.updated + r.unchanged + r.rejected

async function seed(store: Store): Promise<void> {
  await store.bulkTransaction(async (writer) => {
    const base = { industry: '', employees: 0, segment: '', region: '', fundingStage: '' }
    await writer.append('accounts', [
      {
        id: 'acct-acme',
        name: 'Acme Corp',
        ...base,
        lastFundingDate: null,
        ownerId: null,
        coreOwnerId: null,
        createdAt: '2026-01-01T00:00:00.000Z',
      },
    ])
    await writer.append('people', [
      {
        id: 'person-maya',
        name: 'Maya Chen',
        email: 'maya.chen@revlab.example',
        role: 'ae',
        aeType: null,
        managerId: null,
        team: '',
        region: '',
        segment: '',
        startDate: '2025-01-01',
        active: true,
      },
    ])
    await writer.append('contacts', [
      {
        id: 'contact-dana',
        accountId: 'acct-acme',
        name: 'Dana Lee',
        email: 'dana.lee@acme.example',
        title: 'Head of Finance',
        seniority: 'director',
        department: 'Finance',
      },
    ])
  })
}

const utterancesOf = (store: Store, callId: string) =>
  store.db.selectFrom('utterances').selectAll().where('call_id', '=', callId).orderBy('seq').execute()

const count = async (store: Store, table: 'calls' | 'utterances' | 'call_metrics' | 'call_evidence') =>
  Number(
    (
      await store.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )

for (const engine of ENGINES) {
  describe(`${engine}: call imports`, () => {
    let store: Store
    let tmp: string
    beforeAll(async () => {
      store = await openStore(await freshDatabase(engine))
      await migrateToLatest(store)
      await seed(store)
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'revlab-calls-'))
    })
    afterAll(async () => store.close())

    it('imports a transcript of every shape, quarantines the one without speakers, and analyses each call', async () => {
      const r = await runImport(store, getImportSource('transcript'), fixtureFiles, { now: NOW })
      expect(r).toMatchObject({ status: 'committed', rows_read: 10, inserted: 9, rejected: 1 })
      expect(accounted(r)).toBe(r.rows_read)
      expect(r.rejects).toEqual([
        {
          file: 'no-speakers.txt',
          row: 1,
          line: 1,
          column: null,
          reason: 'no-speakers.txt: no speakers: found no lines labelled with a speaker',
        },
      ])
      const calls = await store.db.selectFrom('calls').select(['id', 'source']).execute()
      expect(new Set(calls.map((c) => c.source))).toEqual(new Set(['gong', 'webvtt', 'srt', 'text', 'rttm']))
      expect(await count(store, 'call_metrics')).toBe(9)
      for (const c of calls) expect((await utterancesOf(store, c.id)).length).toBeGreaterThan(0)
    })

    it('matches speakers to a person (internal) and a contact (external), and the call to their account and owner', async () => {
      const gong = await utterancesOf(store, GONG_CALL)
      const side = (name: string) => gong.find((u) => u.speaker === name)
      expect(side('Maya Chen')).toMatchObject({
        side: 'internal',
        person_id: 'person-maya',
        contact_id: null,
      })
      expect(side('Dana Lee')).toMatchObject({
        side: 'external',
        person_id: null,
        contact_id: 'contact-dana',
      })
      const vttCall = await store.db
        .selectFrom('calls')
        .selectAll()
        .where('source', '=', 'webvtt')
        .where('title', '=', 'zoom-discovery')
        .executeTakeFirstOrThrow()
      expect(vttCall).toMatchObject({ owner_id: 'person-maya', account_id: 'acct-acme' })
      const vtt = await utterancesOf(store, vttCall.id)
      // No sides in a VTT file: matching decides them.
      expect(vtt.find((u) => u.speaker === 'Dana Lee')).toMatchObject({
        side: 'external',
        contact_id: 'contact-dana',
      })
      expect(vtt.find((u) => u.speaker === 'Maya Chen')).toMatchObject({
        side: 'internal',
        person_id: 'person-maya',
      })
    })

    it('changes nothing when the same files come again', async () => {
      const before = await Promise.all(
        (['calls', 'utterances', 'call_metrics', 'call_evidence'] as const).map((t) => count(store, t)),
      )
      const r = await runImport(store, getImportSource('transcript'), fixtureFiles, { now: NOW })
      expect(r).toMatchObject({ rows_read: 10, inserted: 0, updated: 0, unchanged: 9, rejected: 1 })
      const after = await Promise.all(
        (['calls', 'utterances', 'call_metrics', 'call_evidence'] as const).map((t) => count(store, t)),
      )
      expect(after).toEqual(before)
    })

    it('replaces the utterances, metrics and evidence of a Gong call whose transcript changed', async () => {
      const original = fs.readFileSync(path.join(fixturesDir, 'gong-transcript.json'), 'utf8')
      const before = await utterancesOf(store, GONG_CALL)
      const firstText = before[0]?.text ?? ''
      expect(original).toContain(firstText)
      const changed = path.join(tmp, 'gong-transcript.json')
      fs.writeFileSync(
        changed,
        original.replace(firstText, 'What budget have you set aside for this project?'),
      )
      const r = await runImport(
        store,
        getImportSource('gong'),
        [path.join(fixturesDir, 'gong-extensive.json'), changed],
        { now: NOW },
      )
      expect(r).toMatchObject({ rows_read: 1, inserted: 0, updated: 1, unchanged: 0, rejected: 0 })
      const after = await utterancesOf(store, GONG_CALL)
      expect(after.length).toBe(before.length)
      expect(after[0]?.text).toBe('What budget have you set aside for this project?')
      expect(after.map((u) => u.text)).not.toContain(firstText)
      const metrics = await store.db
        .selectFrom('call_metrics')
        .selectAll()
        .where('call_id', '=', GONG_CALL)
        .execute()
      expect(metrics).toHaveLength(1)
      const evidence = await store.db
        .selectFrom('call_evidence')
        .select(['quote'])
        .where('call_id', '=', GONG_CALL)
        .execute()
      expect(evidence.map((e) => e.quote)).not.toContain(firstText)
    })

    it('sets sides from --internal where neither the source nor matching says', async () => {
      const file = path.join(tmp, 'internal-sides.txt')
      fs.writeFileSync(
        file,
        'Alex Kim: What does your process look like today?\nPat Doe: We export to spreadsheets.\n',
      )
      const first = await runImport(store, getImportSource('transcript'), [file], { now: NOW })
      expect(first).toMatchObject({ inserted: 1 })
      const callId = (
        await store.db
          .selectFrom('utterances')
          .select('call_id')
          .where('speaker', '=', 'Alex Kim')
          .executeTakeFirstOrThrow()
      ).call_id
      expect((await utterancesOf(store, callId)).map((u) => u.side)).toEqual(['unknown', 'unknown'])
      const again = await runImport(store, getImportSource('transcript'), [file], {
        now: NOW,
        sourceOptions: { internal: 'alex kim' },
      })
      expect(again).toMatchObject({ inserted: 0, updated: 1 })
      expect((await utterancesOf(store, callId)).map((u) => [u.speaker, u.side])).toEqual([
        ['Alex Kim', 'internal'],
        ['Pat Doe', 'external'],
      ])
      const metrics = await store.db
        .selectFrom('call_metrics')
        .selectAll()
        .where('call_id', '=', callId)
        .execute()
      expect(metrics).toHaveLength(1)
      expect(metrics[0]?.talk_ratio).not.toBeNull()
    })

    it('refuses a --deal that names no deal, and rolls back', async () => {
      const file = path.join(tmp, 'deal-call.txt')
      fs.writeFileSync(file, 'Alex Kim: Who signs off on the budget?\nPat Doe: Our CFO does.\n')
      const callsBefore = await count(store, 'calls')
      await expect(
        runImport(store, getImportSource('transcript'), [file], {
          now: NOW,
          sourceOptions: { deal: 'deal-nowhere' },
        }),
      ).rejects.toThrow('--deal deal-nowhere: no such deal')
      expect(await count(store, 'calls')).toBe(callsBefore)
    })

    it('names the file of a binary input and, under --strict, imports nothing', async () => {
      const file = path.join(tmp, 'recording.txt')
      fs.writeFileSync(file, Buffer.from([0x52, 0x49, 0x46, 0x46, 0, 0, 1, 2, 0, 0xff]))
      const callsBefore = await count(store, 'calls')
      const r = await runImport(
        store,
        getImportSource('transcript'),
        [file, path.join(fixturesDir, 'zoom-export.srt')],
        { now: NOW, strict: true },
      )
      expect(r.status).toBe('failed')
      expect(r.rejects[0]?.reason).toMatch(/^recording\.txt: binary data/)
      expect(await count(store, 'calls')).toBe(callsBefore)
    })
  })
}
