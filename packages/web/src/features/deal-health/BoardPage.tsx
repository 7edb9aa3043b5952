import { Empty, ErrorBox, Loading } from '../../components/Status'
import { formatDate, formatMoneyCompact } from '../../lib/format'
import { Link } from '../../lib/router'
import { useDocumentTitle } from '../../lib/use-document-title'
import { useBoard } from './use-deal-health'

/** Open deals in columns by stage, one board per stage model. */
export function BoardPage() {
  useDocumentTitle('Pipeline board')
  const state = useBoard()
  return (
    <main className="page">
      <div className="page-header">
        <h1>Pipeline board</h1>
        <span className="muted">open deals by stage; each column lists what must be known to leave it</span>
      </div>
      {state.status === 'error' ? (
        <ErrorBox title="Could not load the board" error={state.error} />
      ) : !state.data ? (
        <Loading label="Loading the board…" />
      ) : state.data.models.length === 0 ? (
        <Empty>No open deals.</Empty>
      ) : (
        state.data.models.map((m) => (
          <section key={m.id} className="card" data-testid={`board-${m.id}`}>
            <div className="card-header">
              <h2>{m.name}</h2>
            </div>
            <div className="board">
              {m.columns.map((col) => (
                <div key={col.stageKey} className="board-column" data-testid="board-column">
                  <div className="strong">{col.stageName}</div>
                  <div className="muted">
                    {col.count} deals · {formatMoneyCompact(col.amountCents)}
                  </div>
                  {col.exitCriteria.length > 0 && (
                    <div className="cell-sub">to leave: {col.exitCriteria.join(', ')}</div>
                  )}
                  {col.deals.map((d) => (
                    <Link
                      key={d.id}
                      to={`/deals/${encodeURIComponent(d.id)}`}
                      className="board-card"
                      data-testid="board-card"
                    >
                      <div className="strong">{d.name}</div>
                      <div className="muted">
                        {formatMoneyCompact(d.amountCents, d.currency)} · {d.ownerName} · closes{' '}
                        {formatDate(d.closeDate)}
                      </div>
                    </Link>
                  ))}
                  {col.count > col.deals.length && (
                    <div className="muted">+{col.count - col.deals.length} more</div>
                  )}
                </div>
              ))}
            </div>
          </section>
        ))
      )}
    </main>
  )
}
