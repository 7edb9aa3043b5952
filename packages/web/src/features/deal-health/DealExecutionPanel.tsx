import { Empty, ErrorBox, Loading } from '../../components/Status'
import { formatDate, formatPercent, humanize } from '../../lib/format'
import { useDealExecution } from './use-deal-health'

const points = (effect: number): string =>
  `${effect >= 0 ? '+' : '−'}${Math.abs(Math.round(effect * 100))} pts`

/** Exit criteria of the current stage, stakeholder gaps by stage, and the explained score. */
export function DealExecutionPanel({ dealId, version }: { dealId: string; version: number }) {
  const state = useDealExecution(dealId, version)
  if (state.status === 'error') return <ErrorBox title="Could not load the deal checks" error={state.error} />
  if (!state.data) return <Loading label="Checking the deal…" />
  const { exitCriteria, stakeholderGaps, score, model } = state.data
  return (
    <div className="two-col">
      <section className="card" aria-labelledby="exit-heading" data-testid="exit-criteria">
        <div className="card-header">
          <h2 id="exit-heading">To leave {exitCriteria?.stageName ?? 'this stage'}</h2>
          <span className="muted">exit criteria: signals that must be known</span>
        </div>
        {!exitCriteria || exitCriteria.criteria.length === 0 ? (
          <Empty>No exit criteria for this stage.</Empty>
        ) : (
          <>
            <ul className="exit-criteria">
              {exitCriteria.criteria.map((c) => (
                <li
                  key={c.key}
                  className={`chip ${c.known ? 'criterion-met' : 'criterion-missing'}`}
                  data-testid={c.known ? 'criterion-met' : 'criterion-missing'}
                  title={
                    c.known ? `known since ${formatDate(c.observedAt)}: ${c.value ?? ''}` : 'not known yet'
                  }
                >
                  {c.known ? '✓' : '✗'} {c.label}
                </li>
              ))}
            </ul>
            <p className="muted" data-testid="exit-criteria-summary">
              {exitCriteria.missing.length === 0
                ? 'All exit criteria are known: ready to move on.'
                : `Missing: ${exitCriteria.missing.join(', ')}.`}
            </p>
          </>
        )}
        {exitCriteria?.skipped.map((s) => (
          <p key={s.stageName} className="edit-warning">
            Left {s.stageName} without: {s.missing.join(', ')}
          </p>
        ))}
        <h3 className="subhead">Stakeholder gaps</h3>
        {stakeholderGaps.length === 0 ? (
          <p className="muted" data-testid="no-stakeholder-gaps">
            No gaps for this stage.
          </p>
        ) : (
          <ul className="gaps" data-testid="stakeholder-gap-list">
            {stakeholderGaps.map((g) => (
              <li key={g.code + g.message} data-severity={g.severity}>
                {g.message}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card" aria-labelledby="score-heading" data-testid="deal-score">
        <div className="card-header">
          <h2 id="score-heading">Deal score</h2>
          <span className="muted">explained, and checked against closed deals</span>
        </div>
        {!score ? (
          <Empty>{model.status === 'ok' ? 'No score for this deal.' : model.reason}</Empty>
        ) : (
          <>
            <div className="score-value" data-testid="deal-score-value">
              {formatPercent(score.probability)}
            </div>
            <p>{score.sentence}</p>
            <div className="table-wrap">
              <table className="table score-factors" data-testid="score-factors">
                <thead>
                  <tr>
                    <th>Factor</th>
                    <th>This deal</th>
                    <th className="num">Moves the score</th>
                  </tr>
                </thead>
                <tbody>
                  {score.factors.map((f) => (
                    <tr key={f.key} title={f.explanation}>
                      <td className="strong">
                        {f.label}
                        <span className="cell-sub">{f.explanation}</span>
                      </td>
                      <td>{f.display}</td>
                      <td className="num">{points(f.effect)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {score.topActivities.length > 0 && (
              <p className="muted">
                Weightiest activities:{' '}
                {score.topActivities
                  .map(
                    (a) =>
                      `${humanize(a.type)}${a.seniority ? ` with ${humanize(a.seniority)}` : ''} (${a.weight.toFixed(1)})`,
                  )
                  .join(', ')}
                .
              </p>
            )}
            {model.status === 'ok' && (
              <p className="muted" data-testid="score-calibration">
                {model.calibration.sentence}
              </p>
            )}
          </>
        )}
      </section>
    </div>
  )
}
