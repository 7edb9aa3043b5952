/** One account: its daily consumption by SKU against the frozen baseline, its use cases and reviews. */
import { Empty, ErrorBox, Loading } from '../../components/Status'
import { formatDate, formatMoneyCompact, formatMoneyFull } from '../../lib/format'
import { Link } from '../../lib/router'
import { useDocumentTitle } from '../../lib/use-document-title'
import { signedMoney } from './AccountsPage'
import { DailyBySkuChart } from './charts'
import { useAccountDetail } from './use-accounts'
import { UseCaseTable } from './UseCaseTable'
import './accounts.css'

const DAYS = 90

export function AccountPage({ id }: { id: string }) {
  const detail = useAccountDetail(id)
  const data = detail.data
  useDocumentTitle(data ? data.account.name : 'Account')
  const s = data?.summary ?? null

  return (
    <main className="page" data-testid="account-page">
      <Link to="/accounts" className="back-link">
        ← Accounts
      </Link>
      {detail.status === 'error' && <ErrorBox title="Could not load the account" error={detail.error} />}
      {!data && detail.status === 'loading' && <Loading label="Loading account…" />}
      {data && (
        <>
          <div className="page-header">
            <div>
              <h1 data-testid="account-name">{data.account.name}</h1>
              <p className="muted">
                {data.account.segment} · {data.account.region}
                {s?.hunterName ? ` · hunter ${s.hunterName}` : ''}
                {s?.coreOwnerName ? ` · core ${s.coreOwnerName}` : ''} · as of {formatDate(data.asOf)}
              </p>
            </div>
          </div>

          {s && (
            <section className="kpis" aria-label="Key figures">
              <div className="kpi card">
                <span className="kpi-label">Run rate (30 days)</span>
                <span className="kpi-value" title={formatMoneyFull(s.runRate30Cents)}>
                  {formatMoneyCompact(s.runRate30Cents)}
                </span>
                <span className="kpi-sub">7-day run rate {formatMoneyCompact(s.runRate7Cents)}</span>
              </div>
              <div className="kpi card">
                <span className="kpi-label">Baseline</span>
                <span className="kpi-value">{formatMoneyCompact(s.baselineRunRateCents)}</span>
                <span className="kpi-sub">frozen on 1 January</span>
              </div>
              <div className="kpi card">
                <span className="kpi-label">Incremental</span>
                <span className="kpi-value">{signedMoney(s.incrementalRunRateCents)}</span>
                <span className="kpi-sub">year to date {signedMoney(s.ytdIncrementalCents)}</span>
              </div>
              <div className="kpi card">
                <span className="kpi-label">7-day change</span>
                <span className="kpi-value">{signedMoney(s.last7Cents - s.prior7Cents)}</span>
                <span className="kpi-sub">
                  {formatMoneyCompact(s.last7Cents)} vs {formatMoneyCompact(s.prior7Cents)}
                </span>
              </div>
            </section>
          )}

          <section className="card" aria-labelledby="daily-heading">
            <div className="card-header">
              <h2 id="daily-heading">Daily consumption by SKU</h2>
              <span className="muted">last {DAYS} days · dashed line: the baseline per day</span>
            </div>
            {data.daily.length > 0 ? (
              <DailyBySkuChart
                daily={data.daily}
                asOf={data.asOf}
                days={DAYS}
                baselineDailyCents={s && s.baselineRunRateCents > 0 ? s.baselineRunRateCents / 365 : null}
              />
            ) : (
              <p className="muted chart-empty">No consumption in the last {DAYS} days.</p>
            )}
          </section>

          <div className="account-tables">
            <section className="card" aria-labelledby="account-use-cases-heading">
              <div className="card-header">
                <h2 id="account-use-cases-heading">Use cases</h2>
                <span className="muted">{data.useCases.length}</span>
              </div>
              {data.useCases.length > 0 ? (
                <UseCaseTable rows={data.useCases} showAccount={false} testId="account-use-cases" />
              ) : (
                <Empty>No use cases yet.</Empty>
              )}
            </section>
            <section className="card" aria-labelledby="reviews-heading">
              <div className="card-header">
                <h2 id="reviews-heading">Business reviews</h2>
                <span className="muted">every 90 days</span>
              </div>
              {data.businessReviews.length > 0 ? (
                <table className="table" data-testid="account-reviews">
                  <thead>
                    <tr>
                      <th>Due</th>
                      <th>Held</th>
                      <th>Status</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.businessReviews.map((r) => {
                      const overdue = !r.heldAt && r.dueAt < data.asOf
                      return (
                        <tr key={r.id}>
                          <td>{formatDate(r.dueAt)}</td>
                          <td>{formatDate(r.heldAt)}</td>
                          <td>
                            <span
                              className={`badge ${overdue ? 'badge-lost' : r.heldAt ? 'badge-live' : 'badge-neutral'}`}
                            >
                              {overdue ? 'overdue' : r.status}
                            </span>
                          </td>
                        </tr>
                      )
                    })}
                  </tbody>
                </table>
              ) : (
                <Empty>No business reviews recorded.</Empty>
              )}
            </section>
          </div>
        </>
      )}
    </main>
  )
}
