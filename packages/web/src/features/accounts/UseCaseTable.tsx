/** A table of use cases with their lifecycle status, value and go-live dates (shared by two pages). */
import { formatDate, formatMoneyCompact, humanize } from '../../lib/format'
import { Link } from '../../lib/router'
import type { UseCaseRow } from './use-accounts'

export function UseCaseStatusBadge({ status }: { status: UseCaseRow['status'] }) {
  const tone =
    status === 'live'
      ? 'badge-live'
      : status === 'slipped'
        ? 'badge-warn'
        : status === 'lost'
          ? 'badge-lost'
          : status
            ? 'badge-active'
            : 'badge-neutral'
  return <span className={`badge ${tone}`}>{status ? humanize(status) : 'Unknown'}</span>
}

export function UseCaseTable({
  rows,
  showAccount,
  testId,
}: {
  rows: UseCaseRow[]
  showAccount: boolean
  testId: string
}) {
  return (
    <div className="table-wrap">
      <table className="table" data-testid={testId}>
        <thead>
          <tr>
            <th>Use case</th>
            {showAccount && <th>Account</th>}
            <th>Owner</th>
            <th>Status</th>
            <th className="num">Expected / month</th>
            <th>Target go-live</th>
            <th>Actual go-live</th>
            <th className="num">Days late</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((u) => (
            <tr key={u.id} data-testid="use-case-row">
              <td>
                <Link to={`/deals/${encodeURIComponent(u.id)}`}>{u.name}</Link>
              </td>
              {showAccount && (
                <td>
                  <Link to={`/accounts/${encodeURIComponent(u.accountId)}`}>{u.accountName}</Link>
                </td>
              )}
              <td>{u.ownerName ?? '–'}</td>
              <td>
                <UseCaseStatusBadge status={u.status} />
              </td>
              <td className="num">
                {u.expectedMonthlyCents === null ? '–' : formatMoneyCompact(u.expectedMonthlyCents)}
              </td>
              <td>{formatDate(u.goLiveTarget)}</td>
              <td>{formatDate(u.goLiveDate)}</td>
              <td className={`num${u.daysLate ? ' neg' : ''}`}>{u.daysLate ?? '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
