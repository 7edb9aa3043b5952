import type { DealDetail } from '@revlab/domain'
import { useMemo, useState } from 'react'
import { BackLink, RecordPageStatus } from '../../components/RecordPageStatus'
import { Empty } from '../../components/Status'
import { StatusBadge } from '../../components/StatusBadge'
import {
  daysBetween,
  formatDate,
  formatDayCount,
  formatDays,
  formatMoneyCompact,
  formatMoneyFull,
  formatSignalValue,
  formatSource,
  humanize,
} from '../../lib/format'
import { Link } from '../../lib/router'
import { useDocumentTitle } from '../../lib/use-document-title'
import { buildTimeline } from './stage-timeline'
import { StageTimelineChart } from './StageTimelineChart'
import { useDeal } from './use-deal'
import { DealEditPanel, DealHistory } from '../deal-edit/DealEditPanel'
import { DealExecutionPanel } from '../deal-health/DealExecutionPanel'
import type { EditResult } from '../deal-edit/use-deal-edit'

export function DealPage({ id }: { id: string }) {
  const state = useDeal(id)
  // The deal as the last edit returned it; `version` reloads what depends on edits (history, options).
  const [edited, setEdited] = useState<{ detail: DealDetail; version: number } | null>(null)
  useDocumentTitle(state.data?.deal.name ?? 'Deal')

  if (state.status === 'error' || !state.data || state.data.deal.id !== id)
    return (
      <RecordPageStatus
        noun="deal"
        error={state.status === 'error' ? state.error : null}
        back={{ to: '/', label: 'Pipeline' }}
      />
    )
  const current = edited && edited.detail.deal.id === id ? edited : null
  const onSaved = (r: EditResult) => setEdited({ detail: r.deal, version: (current?.version ?? 0) + 1 })
  return <DealView detail={current?.detail ?? state.data} version={current?.version ?? 0} onSaved={onSaved} />
}

function DealView({
  detail,
  version,
  onSaved,
}: {
  detail: DealDetail
  version: number
  onSaved: (r: EditResult) => void
}) {
  const { deal } = detail
  const timeline = useMemo(() => buildTimeline(detail), [detail])
  const signals = useMemo(
    () => [...detail.signals].sort((a, b) => a.observedAt.localeCompare(b.observedAt)),
    [detail.signals],
  )
  const isOpen = deal.status === 'open'
  const cycleEnd = isOpen ? detail.asOf : deal.closeDate
  const ageDays = Math.max(0, daysBetween(deal.createdAt, cycleEnd))

  return (
    <main className="page">
      <BackLink to="/" label="Pipeline" />
      <section className="card deal-header" data-testid="deal-header">
        <div className="deal-title">
          <div>
            <h1 data-testid="deal-name">{deal.name}</h1>
            <p className="muted">
              {deal.accountName} · {deal.segment} · {deal.region}
              {deal.kind ? ` · ${humanize(deal.kind)}` : ''}
            </p>
          </div>
          <div className="deal-title-side">
            <Link to={`/calls?dealId=${encodeURIComponent(deal.id)}`} data-testid="deal-calls-link">
              Calls
            </Link>
            <StatusBadge status={deal.status} />
          </div>
        </div>
        <dl className="facts">
          <div>
            <dt>Amount</dt>
            <dd title={formatMoneyFull(deal.amountCents, deal.currency)} data-testid="deal-amount">
              {formatMoneyCompact(deal.amountCents, deal.currency)}
            </dd>
          </div>
          <div>
            <dt>Stage</dt>
            <dd data-testid="deal-stage">{deal.stageName}</dd>
          </div>
          <div>
            <dt>Owner</dt>
            <dd data-testid="deal-owner">{deal.ownerName}</dd>
          </div>
          <div>
            <dt>Created</dt>
            <dd>{formatDate(deal.createdAt)}</dd>
          </div>
          <div>
            <dt>{isOpen ? 'Expected close' : 'Closed'}</dt>
            <dd data-testid="deal-close-date">{formatDate(deal.closeDate)}</dd>
          </div>
          <div>
            <dt>{isOpen ? 'Age' : 'Cycle'}</dt>
            <dd>{formatDays(ageDays)}</dd>
          </div>
          {deal.competitor && (
            <div>
              <dt>Competitor</dt>
              <dd>{deal.competitor}</dd>
            </div>
          )}
          {deal.lossReason && (
            <div>
              <dt>Loss reason</dt>
              <dd>{deal.lossReason}</dd>
            </div>
          )}
        </dl>
      </section>

      <section className="card" aria-labelledby="history-heading">
        <div className="card-header">
          <h2 id="history-heading">Stage history</h2>
          <span className="muted">days per stage</span>
        </div>
        {timeline.length === 0 ? (
          <Empty>No stage history recorded.</Empty>
        ) : (
          <div className="split">
            <StageTimelineChart segments={timeline} dealOpen={isOpen} />
            <div className="table-wrap">
              <table className="table" data-testid="stage-history">
                <thead>
                  <tr>
                    <th>Stage</th>
                    <th className="num">Entered</th>
                    <th className="num">Exited</th>
                    <th className="num">Days</th>
                  </tr>
                </thead>
                <tbody>
                  {timeline.map((s, i) => (
                    <tr key={`${s.stageKey}-${i}`} data-testid="stage-history-row">
                      <td className="strong">{s.stageName}</td>
                      <td className="num">{formatDate(s.enteredAt)}</td>
                      <td className="num">
                        {s.exitedAt ? formatDate(s.exitedAt) : isOpen ? 'current' : '–'}
                      </td>
                      <td className="num">{formatDayCount(s.days)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        )}
      </section>

      <div className="two-col">
        <section className="card" aria-labelledby="signals-heading">
          <div className="card-header">
            <h2 id="signals-heading">Signals</h2>
            <span className="muted">what we learned, and when</span>
          </div>
          {signals.length === 0 ? (
            <Empty>No signals captured for this deal yet.</Empty>
          ) : (
            <div className="table-wrap">
              <table className="table" data-testid="signals-table">
                <thead>
                  <tr>
                    <th>Signal</th>
                    <th>Value</th>
                    <th className="num">Learned</th>
                    <th>Source</th>
                    <th>Evidence</th>
                  </tr>
                </thead>
                <tbody>
                  {signals.map((s, i) => (
                    <tr key={`${s.key}-${i}`} data-testid="signal-row">
                      <td className="strong">{s.label}</td>
                      <td>
                        {formatSignalValue(s.value)}
                        {s.strength && <span className="cell-sub">{s.strength} budget signal</span>}
                      </td>
                      <td className="num nowrap">
                        {formatDate(s.observedAt)}
                        <span className="cell-sub">
                          day {Math.max(0, daysBetween(deal.createdAt, s.observedAt))}
                        </span>
                      </td>
                      <td>{formatSource(s.source)}</td>
                      <td className="evidence">
                        {s.evidence ? <q>{s.evidence}</q> : <span className="muted">–</span>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>

        <section className="card" aria-labelledby="stakeholders-heading">
          <div className="card-header">
            <h2 id="stakeholders-heading">Stakeholders</h2>
            <span className="muted">{detail.stakeholders.length} mapped</span>
          </div>
          {detail.stakeholders.length === 0 ? (
            <Empty>No stakeholders mapped.</Empty>
          ) : (
            <ul className="people" data-testid="stakeholders">
              {detail.stakeholders.map((p) => (
                <li key={p.contactId} data-testid="stakeholder">
                  <span className="avatar" aria-hidden="true">
                    {initials(p.name)}
                  </span>
                  <div>
                    <div className="strong">{p.name}</div>
                    <div className="muted">{p.title}</div>
                    <div className="chips">
                      {p.roles.map((r) => (
                        <span key={r} className="chip">
                          {humanize(r)}
                        </span>
                      ))}
                    </div>
                  </div>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      <DealExecutionPanel dealId={deal.id} version={version} />
      <DealEditPanel detail={detail} onSaved={onSaved} version={version} />
      <DealHistory dealId={deal.id} version={version} />
    </main>
  )
}

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w.charAt(0).toUpperCase())
    .join('')
}
