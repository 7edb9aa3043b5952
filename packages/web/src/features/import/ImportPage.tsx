import { useEffect, useState } from 'react'
import type { ImportJob, ImportPreview, ImportRejectItem, ImportResultResponse } from '@revlab/domain'
import { ErrorBox, Loading } from '../../components/Status'
import { formatCount } from '../../lib/format'
import { useDocumentTitle } from '../../lib/use-document-title'
import {
  POLL_MS,
  loadJob,
  loadRun,
  previewImport,
  startImport,
  useImportRuns,
  useImportSources,
  type ImportRequest,
} from './use-import'

type Phase =
  | { name: 'idle' }
  | { name: 'working'; what: 'preview' | 'import' }
  | { name: 'preview'; preview: ImportPreview }
  | { name: 'running'; job: ImportJob }
  | { name: 'result'; result: ImportResultResponse; job: ImportJob }
  | { name: 'failed'; job: ImportJob }
  | { name: 'error'; error: Error }

const SHOWN_FIELDS = 6
const MAX_POLL_FAILURES = 5

/** The record's first few fields, as the row will be stored. */
function recordSummary(record: Record<string, unknown> | null): string {
  if (!record) return ''
  return Object.entries(record)
    .filter(([, v]) => v !== null && v !== '')
    .slice(0, SHOWN_FIELDS)
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' · ')
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

function formatElapsed(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)} s`
  const s = Math.floor(seconds)
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`
}

/** An import under way: rows read, the share of the uploaded bytes read, and the time so far. */
function ImportProgressCard({ job }: { job: ImportJob }) {
  const fraction = job.totalBytes > 0 ? Math.min(1, job.bytesRead / job.totalBytes) : 0
  const percent = Math.floor(fraction * 100)
  return (
    <section
      className="card import-progress"
      data-testid="import-progress"
      data-rows={job.rowsRead}
      data-percent={percent}
    >
      <div className="card-header">
        <h2>Importing {job.files.join(', ')}</h2>
        <span className="muted">one transaction: all of it lands, or none</span>
      </div>
      <div
        className="import-progress-bar"
        role="progressbar"
        aria-label="Share of the upload read"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
      >
        <div className="import-progress-fill" style={{ width: `${percent}%` }} />
      </div>
      <p className="import-progress-figures">
        <strong data-testid="import-progress-rows">{formatCount(job.rowsRead)}</strong> rows read ·{' '}
        <span data-testid="import-progress-percent">{percent}%</span> of {formatBytes(job.totalBytes)}
        {percent === 100 ? ' (all read: storing the last rows and committing)' : ''} ·{' '}
        <span data-testid="import-progress-elapsed">{formatElapsed(job.elapsedSeconds)}</span> elapsed
      </p>
    </section>
  )
}

function RejectsTable({ rejects }: { rejects: readonly ImportRejectItem[] }) {
  return (
    <div className="table-wrap">
      <table className="table" data-testid="import-rejects">
        <thead>
          <tr>
            <th>File</th>
            <th className="num">Row</th>
            <th className="num">Line</th>
            <th>Column</th>
            <th>Reason</th>
          </tr>
        </thead>
        <tbody>
          {rejects.map((r) => (
            <tr key={`${r.file}:${r.row}`} data-testid="import-reject-row">
              <td>{r.file}</td>
              <td className="num">{r.row}</td>
              <td className="num">{r.line}</td>
              <td>{r.column ?? '—'}</td>
              <td>{r.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

export function ImportPage() {
  useDocumentTitle('Import')
  const sources = useImportSources()
  const [version, setVersion] = useState(0)
  const runs = useImportRuns(version)
  const [source, setSource] = useState('salesforce')
  const [mapping, setMapping] = useState('')
  const [files, setFiles] = useState<File[]>([])
  const [customFields, setCustomFields] = useState(false)
  const [phase, setPhase] = useState<Phase>({ name: 'idle' })
  const [shownRun, setShownRun] = useState<{ id: string; rejects: ImportRejectItem[] } | null>(null)

  const info = sources.data?.sources.find((s) => s.name === source)
  const request = (): ImportRequest => ({ source, mapping, files, customFieldsAsSignals: customFields })
  const busy = phase.name === 'working' || phase.name === 'running'
  const ready = files.length > 0 && (!info?.needsMapping || mapping !== '') && !busy
  const tooLarge = sources.data ? files.reduce((n, f) => n + f.size, 0) > sources.data.maxUploadBytes : false

  const go = (what: 'preview' | 'import') => {
    setPhase({ name: 'working', what })
    const work =
      what === 'preview'
        ? previewImport(request()).then((preview): Phase => ({ name: 'preview', preview }))
        : startImport(request()).then((job): Phase => ({ name: 'running', job }))
    work.then(setPhase, (error: unknown) =>
      setPhase({ name: 'error', error: error instanceof Error ? error : new Error(String(error)) }),
    )
  }

  // While an import runs, ask how it is going every POLL_MS until it ends.
  const runningId = phase.name === 'running' ? phase.job.id : null
  useEffect(() => {
    if (!runningId) return
    const controller = new AbortController()
    let timer: ReturnType<typeof setTimeout> | undefined
    let failures = 0
    const tick = () => {
      loadJob(runningId, controller.signal).then(
        (job) => {
          if (controller.signal.aborted) return
          failures = 0
          if (job.status === 'running') {
            setPhase({ name: 'running', job })
            timer = setTimeout(tick, POLL_MS)
            return
          }
          setVersion((v) => v + 1)
          setPhase(job.result ? { name: 'result', result: job.result, job } : { name: 'failed', job })
        },
        (error: unknown) => {
          if (controller.signal.aborted) return
          // A dropped connection now and then is no reason to give up on the import.
          if (++failures < MAX_POLL_FAILURES) {
            timer = setTimeout(tick, POLL_MS * 2)
            return
          }
          const message = error instanceof Error ? error.message : String(error)
          setPhase({ name: 'error', error: new Error(`lost track of the import: ${message}`) })
        },
      )
    }
    timer = setTimeout(tick, POLL_MS)
    return () => {
      controller.abort()
      clearTimeout(timer)
    }
  }, [runningId])

  const showRun = (id: string) => {
    loadRun(id).then(
      (detail) => setShownRun({ id, rejects: detail.rejects }),
      () => setShownRun({ id, rejects: [] }),
    )
  }

  if (sources.status === 'error' && !sources.data) return <ErrorBox title="Imports" error={sources.error} />
  if (!sources.data) return <Loading label="Loading import sources…" />

  return (
    <main className="page" data-testid="import-page">
      <header className="page-header">
        <h1>Import data</h1>
        <p>
          Upload export files: a Salesforce data export (all its object CSVs at once), or any deal CSV through
          a mapping. Preview the first rows as they will be stored, then import. Rows that cannot be stored
          are listed with their file, row and reason; the rest commit together.
        </p>
      </header>

      <section className="card">
        <div className="card-header">
          <h2>1. Choose the source and files</h2>
        </div>
        <form
          className="import-form"
          style={{ display: 'grid', gap: '0.75rem', maxWidth: '44rem' }}
          onSubmit={(e) => {
            e.preventDefault()
            go('import')
          }}
        >
          <label>
            Source{' '}
            <select
              data-testid="import-source"
              value={source}
              onChange={(e) => {
                setSource(e.target.value)
                setPhase({ name: 'idle' })
              }}
            >
              {sources.data.sources.map((s) => (
                <option key={s.name} value={s.name}>
                  {s.name} — {s.description}
                </option>
              ))}
            </select>
          </label>
          {info?.needsMapping && (
            <label>
              Mapping{' '}
              <select
                data-testid="import-mapping"
                value={mapping}
                onChange={(e) => setMapping(e.target.value)}
              >
                <option value="">Choose a mapping…</option>
                {sources.data.mappings.map((m) => (
                  <option key={m} value={m}>
                    {m}
                  </option>
                ))}
              </select>
            </label>
          )}
          {source === 'salesforce' && (
            <label style={{ display: 'flex', alignItems: 'center', gap: '0.4rem' }}>
              <input
                type="checkbox"
                checked={customFields}
                onChange={(e) => setCustomFields(e.target.checked)}
              />{' '}
              Keep custom fields (<code>*__c</code>) as deal signals
            </label>
          )}
          <label>
            Files{' '}
            <input
              type="file"
              multiple
              accept=".csv,.json,.jsonl,.txt,.vtt,.srt,.parquet"
              data-testid="import-files"
              onChange={(e) => {
                setFiles([...(e.target.files ?? [])])
                setPhase({ name: 'idle' })
              }}
            />
          </label>
          {tooLarge && (
            <p className="error" role="alert">
              These files are larger than the {Math.round(sources.data.maxUploadBytes / 1024 / 1024)} MB
              upload limit; use <code>revlab import</code> on the server.
            </p>
          )}
          <div style={{ display: 'flex', gap: '0.5rem' }}>
            <button
              type="button"
              className="button"
              data-testid="import-preview"
              disabled={!ready || tooLarge}
              onClick={() => go('preview')}
            >
              Preview
            </button>
            <button
              type="submit"
              className="button primary"
              data-testid="import-submit"
              disabled={!ready || tooLarge}
            >
              Import
            </button>
          </div>
        </form>
      </section>

      {phase.name === 'working' && (
        <section className="card" data-testid="import-working">
          <Loading label={phase.what === 'preview' ? 'Reading the first rows…' : 'Uploading the files…'} />
        </section>
      )}
      {phase.name === 'running' && <ImportProgressCard job={phase.job} />}
      {phase.name === 'error' && <ErrorBox title="The import did not run" error={phase.error} />}
      {phase.name === 'failed' && (
        <section className="card" data-testid="import-failed">
          <ErrorBox
            title={`The import of ${phase.job.files.join(', ')} failed and was rolled back: nothing was stored`}
            error={
              new Error(
                `${phase.job.error?.message ?? 'the import failed'}${phase.job.error?.hint ? ` — ${phase.job.error.hint}` : ''}`,
              )
            }
          />
          <p className="muted">
            {formatCount(phase.job.rowsRead)} rows read in {formatElapsed(phase.job.elapsedSeconds)}.
          </p>
        </section>
      )}

      {phase.name === 'preview' && (
        <section className="card" data-testid="import-preview-result">
          <div className="card-header">
            <h2>2. Preview: the first {phase.preview.rows.length} rows as mapped</h2>
            <span className="muted">nothing has been stored yet</span>
          </div>
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th>File</th>
                  <th className="num">Row</th>
                  <th>Becomes</th>
                  <th>Fields / reason</th>
                </tr>
              </thead>
              <tbody>
                {phase.preview.rows.map((r) => (
                  <tr key={`${r.file}:${r.row}`} data-testid="import-preview-row" data-status={r.status}>
                    <td>{r.file}</td>
                    <td className="num">{r.row}</td>
                    <td>{r.status === 'ok' ? r.table : <strong>rejected</strong>}</td>
                    <td>
                      {r.status === 'ok'
                        ? recordSummary(r.record)
                        : r.issues.map((i) => `${i.column ? `${i.column}: ` : ''}${i.reason}`).join('; ')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {phase.preview.notes.map((n) => (
            <p key={n} className="muted">
              {n}
            </p>
          ))}
        </section>
      )}

      {phase.name === 'result' && (
        <section className="card" data-testid="import-result" data-status={phase.result.status}>
          <div className="card-header">
            <h2>
              {phase.result.status === 'committed' ? 'Imported' : 'Rolled back'}:{' '}
              {phase.result.files.join(', ')}
            </h2>
            <span className="muted">
              run {phase.result.run_id} · {phase.result.seconds}s
            </span>
          </div>
          {phase.job.error && (
            <p className="import-error" role="alert" data-testid="import-error">
              {phase.job.error.message}
            </p>
          )}
          <table className="table" data-testid="import-counts" style={{ maxWidth: '28rem' }}>
            <tbody>
              {(['rows_read', 'inserted', 'updated', 'unchanged', 'rejected'] as const).map((k) => (
                <tr key={k}>
                  <th>{k.replace('_', ' ')}</th>
                  <td className="num" data-testid={`import-count-${k}`}>
                    {formatCount(phase.result[k])}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {phase.result.notes.map((n) => (
            <p key={n} className="muted">
              {n}
            </p>
          ))}
          {phase.result.rejects.length > 0 && (
            <>
              <h3>Rejected rows</h3>
              <RejectsTable rejects={phase.result.rejects} />
            </>
          )}
        </section>
      )}

      <section className="card">
        <div className="card-header">
          <h2>Past imports</h2>
        </div>
        {runs.data && runs.data.runs.length === 0 && <p className="muted">No imports yet.</p>}
        {runs.data && runs.data.runs.length > 0 && (
          <div className="table-wrap">
            <table className="table" data-testid="import-runs">
              <thead>
                <tr>
                  <th>Started</th>
                  <th>Source</th>
                  <th>Files</th>
                  <th>Status</th>
                  <th className="num">Read</th>
                  <th className="num">Inserted</th>
                  <th className="num">Updated</th>
                  <th className="num">Unchanged</th>
                  <th className="num">Rejected</th>
                </tr>
              </thead>
              <tbody>
                {runs.data.runs.map((r) => (
                  <tr key={r.id} data-testid="import-run-row">
                    <td>{r.startedAt.slice(0, 16).replace('T', ' ')}</td>
                    <td>{r.source}</td>
                    <td>{r.files.join(', ')}</td>
                    <td>{r.status}</td>
                    <td className="num">{formatCount(r.rowsRead)}</td>
                    <td className="num">{formatCount(r.inserted)}</td>
                    <td className="num">{formatCount(r.updated)}</td>
                    <td className="num">{formatCount(r.unchanged)}</td>
                    <td className="num">
                      {r.rejected > 0 ? (
                        <button type="button" className="button link" onClick={() => showRun(r.id)}>
                          {formatCount(r.rejected)}
                        </button>
                      ) : (
                        '0'
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {shownRun && (
          <>
            <h3>Rejected rows of {shownRun.id}</h3>
            <RejectsTable rejects={shownRun.rejects} />
          </>
        )}
      </section>
    </main>
  )
}
