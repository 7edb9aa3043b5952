import { useState } from 'react'
import { Empty, ErrorBox, Loading } from '../../components/Status'
import { formatPercent } from '../../lib/format'
import { Link } from '../../lib/router'
import { useDocumentTitle } from '../../lib/use-document-title'
import { useCoaching } from './use-deal-health'

/** Coaching per rep: where their deals differ from the winning pattern, with next steps per open deal. */
export function CoachingPage() {
  useDocumentTitle('Coaching')
  const [repId, setRepId] = useState<string | null>(null)
  const state = useCoaching(repId)
  const data = state.data
  const c = data?.coaching
  return (
    <main className="page">
      <div className="page-header">
        <h1>Coaching</h1>
        {data && data.reps.length > 1 && (
          <select
            value={c?.repId ?? ''}
            onChange={(e) => setRepId(e.target.value)}
            data-testid="coaching-rep"
          >
            {data.reps.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name} ({r.deals} deals)
              </option>
            ))}
          </select>
        )}
      </div>
      {state.status === 'error' ? (
        <ErrorBox title="Could not load coaching" error={state.error} />
      ) : !data ? (
        <Loading label="Comparing with the winning pattern…" />
      ) : !c ? (
        <Empty>No deals to coach on.</Empty>
      ) : (
        <>
          <section className="card" data-testid="coaching-summary">
            <div className="card-header">
              <h2>{c.repName}</h2>
              <span className="muted">
                {c.deals.open} open · {c.deals.won} won · {c.deals.lost} lost · win rate{' '}
                {formatPercent(c.deals.winRate)} (all reps {formatPercent(c.teamWinRate)})
              </span>
            </div>
            <p>{c.summary}</p>
          </section>
          <div className="two-col">
            <section className="card">
              <div className="card-header">
                <h2>Signals missing by stage</h2>
                <span className="muted">known when leaving the stage: won deals vs this rep</span>
              </div>
              {c.signalGaps.length === 0 ? (
                <Empty>No stage where this rep’s deals lag the winning pattern.</Empty>
              ) : (
                <table className="table" data-testid="coaching-signal-gaps">
                  <thead>
                    <tr>
                      <th>Stage</th>
                      <th>Signal</th>
                      <th className="num">Won deals</th>
                      <th className="num">This rep</th>
                    </tr>
                  </thead>
                  <tbody>
                    {c.signalGaps.map((g) => (
                      <tr key={`${g.stageName}-${g.signal}`}>
                        <td>{g.stageName}</td>
                        <td className="strong">{g.label}</td>
                        <td className="num">{formatPercent(g.winners)}</td>
                        <td className="num">
                          {formatPercent(g.rep)} <span className="cell-sub">of {g.repDeals}</span>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
            <section className="card">
              <div className="card-header">
                <h2>Stakeholders not reached</h2>
                <span className="muted">share of deals with the role mapped</span>
              </div>
              {c.roleGaps.length === 0 ? (
                <Empty>Buying roles reached as often as in won deals.</Empty>
              ) : (
                <table className="table" data-testid="coaching-role-gaps">
                  <thead>
                    <tr>
                      <th>Role</th>
                      <th className="num">Won deals</th>
                      <th className="num">This rep</th>
                    </tr>
                  </thead>
                  <tbody>
                    {c.roleGaps.map((g) => (
                      <tr key={g.role}>
                        <td className="strong">{g.role}</td>
                        <td className="num">{formatPercent(g.winners)}</td>
                        <td className="num">{formatPercent(g.rep)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
          </div>
          <section className="card" data-testid="coaching-next-steps">
            <div className="card-header">
              <h2>Next steps on open deals</h2>
            </div>
            {c.nextSteps.length === 0 ? (
              <Empty>Every open deal has what winners had at its stage.</Empty>
            ) : (
              <ul className="next-steps">
                {c.nextSteps.map((s) => (
                  <li key={s.dealId}>
                    <Link to={`/deals/${encodeURIComponent(s.dealId)}`} className="strong">
                      {s.dealName}
                    </Link>{' '}
                    <span className="muted">({s.stageName})</span>
                    <ul>
                      {s.steps.map((t) => (
                        <li key={t}>{t}</li>
                      ))}
                    </ul>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </main>
  )
}
