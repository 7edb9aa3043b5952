import { CALL_METHODOLOGIES, type CallDetail, type CallMethodologyKey } from '@revlab/domain'
import { useMemo, useState } from 'react'
import { BackLink, RecordPageStatus } from '../../components/RecordPageStatus'
import { Empty } from '../../components/Status'
import { formatDate, formatPercent, humanize } from '../../lib/format'
import { Link } from '../../lib/router'
import { useDocumentTitle } from '../../lib/use-document-title'
import { formatDuration } from './calls-url'
import { Transcript, turnElementId } from './Transcript'
import { useCall } from './use-calls'
import './calls.css'

const METHODOLOGY_NAMES: Record<CallMethodologyKey, string> = {
  meddpicc: 'MEDDPICC',
  discovery: 'Discovery call',
}

export function CallPage({ id }: { id: string }) {
  const [methodology, setMethodology] = useState<CallMethodologyKey>('meddpicc')
  const state = useCall(id, { methodology })
  useDocumentTitle(state.data?.call.title ?? 'Call')

  if (state.status === 'error' || !state.data || state.data.call.id !== id)
    return (
      <RecordPageStatus
        noun="call"
        error={state.status === 'error' ? state.error : null}
        back={{ to: '/calls', label: 'Calls' }}
      />
    )
  return (
    <CallView
      detail={state.data}
      methodology={methodology}
      onMethodology={setMethodology}
      reloading={state.status === 'loading'}
    />
  )
}

type ViewProps = {
  detail: CallDetail
  methodology: CallMethodologyKey
  onMethodology: (m: CallMethodologyKey) => void
  reloading: boolean
}

function CallView({ detail, methodology, onMethodology, reloading }: ViewProps) {
  const { call, metrics } = detail
  const [activeKind, setActiveKind] = useState<string | null>(null)
  const [focusTurn, setFocusTurn] = useState<number | null>(null)
  const kinds = useMemo(() => {
    const counts = new Map<string, { count: number; firstTurn: number }>()
    for (const e of detail.evidence) {
      const c = counts.get(e.kind)
      if (c === undefined) counts.set(e.kind, { count: 1, firstTurn: e.position.turn })
      else c.count++
    }
    return [...counts.entries()].map(([kind, c]) => ({ kind, ...c }))
  }, [detail.evidence])

  const jumpTo = (turn: number) => {
    setFocusTurn(turn)
    document.getElementById(turnElementId(turn))?.scrollIntoView({ behavior: 'smooth', block: 'center' })
  }
  const pickKind = (kind: string, firstTurn: number) => {
    if (activeKind === kind) {
      setActiveKind(null)
      return
    }
    setActiveKind(kind)
    jumpTo(firstTurn)
  }
  const internal = detail.speakers.filter((s) => s.side === 'internal').map((s) => s.name)

  return (
    <main className="page">
      <BackLink to="/calls" label="Calls" />
      <section className="card deal-header" data-testid="call-header">
        <div className="deal-title">
          <div>
            <h1 data-testid="call-title">{call.title}</h1>
            <p className="muted">
              {formatDate(call.startedAt)} · {call.ownerName ?? 'no owner'}
              {call.dealId && (
                <>
                  {' · '}
                  <Link to={`/deals/${encodeURIComponent(call.dealId)}`} data-testid="call-deal-link">
                    {call.dealName ?? call.dealId}
                  </Link>
                </>
              )}
              {call.accountName ? ` · ${call.accountName}` : ''} · {humanize(call.source)}
            </p>
          </div>
        </div>
      </section>

      <section className="kpis call-kpis" aria-label="Call metrics" data-testid="call-metrics">
        <Tile
          label="Talk ratio"
          value={formatPercent(metrics.talkRatio)}
          sub={internal.length > 0 ? `${internal.join(', ')} speaking` : 'sides unknown'}
          testId="metric-talk-ratio"
        />
        <Tile
          label="Open questions"
          value={String(metrics.openQuestions)}
          sub={`of ${metrics.questions} questions asked by us`}
          testId="metric-open-questions"
        />
        <Tile
          label="Longest monologue"
          value={`${metrics.longestMonologueWords} words`}
          sub="our longest uninterrupted run"
          testId="metric-monologue"
        />
        <Tile
          label="Interactivity"
          value={metrics.interactivity.toFixed(1)}
          sub="speaker switches per 100 words"
          testId="metric-interactivity"
        />
        <Tile
          label="Length"
          value={formatDuration(metrics.durationS)}
          sub={`${detail.utterances.length} utterances`}
          testId="metric-duration"
        />
        <Tile
          label="Pain uncovered"
          value={metrics.painUncovered ? 'Yes' : 'No'}
          sub={`value before price: ${
            metrics.valueBeforePrice === null ? 'no price talk' : metrics.valueBeforePrice ? 'yes' : 'no'
          }`}
          testId="metric-pain"
        />
      </section>

      <div className="call-layout">
        <section className="card" aria-labelledby="transcript-heading">
          <div className="card-header">
            <h2 id="transcript-heading">Transcript</h2>
            <span className="muted">{detail.evidence.length} evidence quotes · click a kind</span>
          </div>
          {kinds.length > 0 && (
            <div className="chips ev-legend" data-testid="evidence-legend">
              {kinds.map((k) => (
                <button
                  key={k.kind}
                  type="button"
                  className={`chip ev-chip ev-${k.kind}${activeKind === k.kind ? ' active' : ''}`}
                  aria-pressed={activeKind === k.kind}
                  data-testid="evidence-kind"
                  data-kind={k.kind}
                  onClick={() => pickKind(k.kind, k.firstTurn)}
                >
                  {humanize(k.kind)} <span className="chip-count">{k.count}</span>
                </button>
              ))}
            </div>
          )}
          <div className="transcript-scroll">
            <Transcript detail={detail} activeKind={activeKind} focusTurn={focusTurn} />
          </div>
        </section>

        <div className="call-side">
          <section
            className={`card${reloading ? ' is-loading' : ''}`}
            aria-labelledby="scorecard-heading"
            data-testid="scorecard"
          >
            <div className="card-header">
              <h2 id="scorecard-heading">Scorecard</h2>
              <select
                aria-label="Methodology"
                data-testid="methodology"
                value={methodology}
                onChange={(e) => onMethodology(e.target.value as CallMethodologyKey)}
              >
                {CALL_METHODOLOGIES.map((m) => (
                  <option key={m} value={m}>
                    {METHODOLOGY_NAMES[m]}
                  </option>
                ))}
              </select>
            </div>
            <div className="score-line">
              <span className="score-value" data-testid="scorecard-score">
                {Math.round(detail.scorecard.score * 100)}%
              </span>
              <span className={`badge ${detail.scorecard.passed ? 'badge-won' : 'badge-lost'}`}>
                {detail.scorecard.passed ? 'Pass' : 'Below pass'}
              </span>
              <span className="muted">{detail.scorecard.methodology}</span>
            </div>
            <ul className="score-items">
              {detail.scorecard.items.map((item) => (
                <li
                  key={item.key}
                  className={item.met ? 'met' : 'missed'}
                  data-testid="scorecard-item"
                  data-met={item.met}
                >
                  <span className="score-mark" aria-label={item.met ? 'met' : 'not met'}>
                    {item.met ? '✓' : '✗'}
                  </span>
                  <div>
                    <div className="strong">
                      {item.label}
                      {item.weight !== 1 && <span className="muted"> ×{item.weight}</span>}
                    </div>
                    {item.evidence.slice(0, 2).map((e, i) => (
                      <button
                        key={i}
                        type="button"
                        className="quote-link"
                        onClick={() => jumpTo(e.turn)}
                        title="Show in the transcript"
                      >
                        <q>{e.text}</q> <span className="muted">— {e.speaker}</span>
                      </button>
                    ))}
                    {item.evidence.length === 0 && item.value !== null && (
                      <span className="muted">measured {formatMetricValue(item.value)}</span>
                    )}
                    {!item.met && item.evidence.length === 0 && item.value === null && (
                      <span className="muted">not found on this call</span>
                    )}
                  </div>
                </li>
              ))}
            </ul>
          </section>

          <section className="card" aria-labelledby="summary-heading" data-testid="call-summary">
            <div className="card-header">
              <h2 id="summary-heading">Summary</h2>
              <span className="muted">extractive, no AI service</span>
            </div>
            {detail.summary.length === 0 ? (
              <Empty>Too little was said to summarise.</Empty>
            ) : (
              <ul className="summary-list">
                {detail.summary.map((s, i) => (
                  <li key={i}>{s}</li>
                ))}
              </ul>
            )}
            <h3 className="subhead">Action items</h3>
            {detail.actionItems.length === 0 ? (
              <p className="muted">No commitments found.</p>
            ) : (
              <ul className="action-items" data-testid="action-items">
                {detail.actionItems.map((a, i) => (
                  <li key={i}>
                    <button type="button" className="quote-link" onClick={() => jumpTo(a.position.turn)}>
                      <span className="strong">{a.owner}</span>: {a.text}
                    </button>
                    {a.due && <span className="chip">due {a.due}</span>}
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section className="card" aria-labelledby="speakers-heading">
            <div className="card-header">
              <h2 id="speakers-heading">Speakers</h2>
            </div>
            <table className="table compact" data-testid="speakers">
              <thead>
                <tr>
                  <th>Speaker</th>
                  <th className="num">Share</th>
                  <th className="num">Questions</th>
                  <th className="num">Longest</th>
                </tr>
              </thead>
              <tbody>
                {detail.speakers.map((s) => (
                  <tr key={s.name}>
                    <td>
                      {s.name} <span className={`side-tag side-tag-${s.side}`}>{sideLabel(s.side)}</span>
                    </td>
                    <td className="num">{formatPercent(s.talkShare)}</td>
                    <td className="num">
                      {s.questions}
                      <span className="cell-sub">{s.openQuestions} open</span>
                    </td>
                    <td className="num">{s.longestMonologueWords}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Entities entities={detail.entities} />
          </section>
        </div>
      </div>
    </main>
  )
}

function Tile({ label, value, sub, testId }: { label: string; value: string; sub: string; testId: string }) {
  return (
    <div className="kpi card" data-testid={testId}>
      <span className="kpi-label">{label}</span>
      <span className="kpi-value">{value}</span>
      <span className="kpi-sub">{sub}</span>
    </div>
  )
}

function Entities({ entities }: { entities: CallDetail['entities'] }) {
  const groups = (
    [
      ['Money', entities.money],
      ['Timeframes', entities.timeframes],
      ['Organizations', entities.organizations],
      ['Titles', entities.titles],
    ] as const
  ).filter(([, values]) => values.length > 0)
  if (groups.length === 0) return null
  return (
    <dl className="entities">
      {groups.map(([label, values]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd className="chips">
            {values.map((v) => (
              <span key={v} className="chip">
                {v}
              </span>
            ))}
          </dd>
        </div>
      ))}
    </dl>
  )
}

const sideLabel = (side: string): string => (side === 'internal' ? 'us' : side === 'external' ? 'buyer' : '?')

/** Scorecard metric values: ratios as percentages, counts as they are. */
const formatMetricValue = (value: number): string =>
  value > 0 && value < 1 ? formatPercent(value) : String(Math.round(value * 10) / 10)
