import type { PipelineOverview } from '@revlab/domain'
import {
  formatCount,
  formatInterval,
  formatMoneyCompact,
  formatMoneyFull,
  formatPercent,
} from '../../lib/format'

export function KpiTiles({ totals }: { totals: PipelineOverview['totals'] }) {
  return (
    <section className="kpis" aria-label="Key figures">
      <div className="kpi card" data-testid="kpi-open-pipeline">
        <span className="kpi-label">Open pipeline</span>
        <span className="kpi-value" title={formatMoneyFull(totals.openAmountCents)}>
          {formatMoneyCompact(totals.openAmountCents)}
        </span>
        <span className="kpi-sub">across {formatCount(totals.openDeals)} open deals</span>
      </div>
      <div className="kpi card" data-testid="kpi-open-deals">
        <span className="kpi-label">Open deals</span>
        <span className="kpi-value">{formatCount(totals.openDeals)}</span>
        <span className="kpi-sub">
          avg {totals.openDeals > 0 ? formatMoneyCompact(totals.openAmountCents / totals.openDeals) : '–'} per
          deal
        </span>
      </div>
      <div className="kpi card" data-testid="kpi-win-rate">
        <span className="kpi-label">Win rate</span>
        <span className="kpi-value">{formatPercent(totals.winRate)}</span>
        <span className="kpi-sub">
          {totals.winRateCi95 ? `95% CI ${formatInterval(totals.winRateCi95)}` : 'no closed deals yet'}
        </span>
      </div>
      <div className="kpi card" data-testid="kpi-closed-deals">
        <span className="kpi-label">Closed deals</span>
        <span className="kpi-value">{formatCount(totals.closedDeals)}</span>
        <span className="kpi-sub">
          {formatCount(totals.wonDeals)} won · {formatCount(totals.closedDeals - totals.wonDeals)} lost
        </span>
      </div>
    </section>
  )
}
