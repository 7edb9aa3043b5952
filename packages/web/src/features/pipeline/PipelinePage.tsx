import type { SessionUser } from '@revlab/domain'
import { useCallback, useMemo } from 'react'
import { ErrorBox, Loading } from '../../components/Status'
import { formatDate } from '../../lib/format'
import { navigate, useLocation } from '../../lib/router'
import { useDocumentTitle } from '../../lib/use-document-title'
import { DealsTable } from './DealsTable'
import { KpiTiles } from './KpiTiles'
import { PipelineByStageChart, pipelineByStageHeight } from './PipelineByStageChart'
import { dealQuery, overviewFilters, readView, viewToUrl, type PipelineView } from './pipeline-url'
import { useDealFilters, useDeals, usePipelineOverview } from './use-pipeline'
import { WinRateByQuarterChart } from './WinRateByQuarterChart'

export function PipelinePage({ user }: { user: SessionUser }) {
  useDocumentTitle('Pipeline')
  const { search } = useLocation()
  const searchKey = search.toString()
  const view = useMemo(() => readView(new URLSearchParams(searchKey)), [searchKey])
  const filters = useMemo(() => overviewFilters(view), [view])
  const query = useMemo(() => dealQuery(view), [view])

  const overview = usePipelineOverview(filters)
  const dealFilters = useDealFilters()
  const deals = useDeals(query)

  const onChange = useCallback(
    (patch: Partial<PipelineView>, options?: { replace?: boolean }) => {
      navigate(viewToUrl({ ...view, ...patch }), options)
    },
    [view],
  )

  const openByStage = overview.data?.openByStage
  // Side-by-side charts share a height so their cards line up.
  const chartHeight = useMemo(
    () => Math.max(300, openByStage ? pipelineByStageHeight(openByStage) : 0),
    [openByStage],
  )
  const owners = dealFilters.data?.owners ?? []
  const scopeLabel = user.role === 'rep' ? 'Your deals' : 'All teams'

  return (
    <main className="page">
      <div className="page-header">
        <div>
          <h1>Pipeline</h1>
          <p className="muted">
            {scopeLabel}
            {overview.data ? ` · as of ${formatDate(overview.data.asOf)}` : ''}
          </p>
        </div>
        <div className="filters" aria-label="Pipeline filters">
          {owners.length > 1 && (
            <select
              aria-label="Owner"
              data-testid="filter-owner"
              value={view.ownerId}
              onChange={(e) => onChange({ ownerId: e.target.value, page: 1 })}
            >
              <option value="">All owners</option>
              {owners.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          )}
          <select
            aria-label="Segment"
            data-testid="filter-segment"
            value={view.segment}
            onChange={(e) => onChange({ segment: e.target.value, page: 1 })}
          >
            <option value="">All segments</option>
            {dealFilters.data?.segments.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
          <select
            aria-label="Region"
            data-testid="filter-region"
            value={view.region}
            onChange={(e) => onChange({ region: e.target.value, page: 1 })}
          >
            <option value="">All regions</option>
            {dealFilters.data?.regions.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
      </div>

      {overview.status === 'error' && (
        <ErrorBox title="Could not load the pipeline overview" error={overview.error} />
      )}
      {!overview.data && overview.status === 'loading' && <Loading label="Loading pipeline…" />}

      {overview.data && (
        <>
          <KpiTiles totals={overview.data.totals} />
          <div className="chart-grid">
            <section className="card" aria-labelledby="by-stage-heading">
              <div className="card-header">
                <h2 id="by-stage-heading">Open pipeline by stage</h2>
                <span className="muted">amount · open deals</span>
              </div>
              {overview.data.openByStage.length > 0 ? (
                <PipelineByStageChart rows={overview.data.openByStage} />
              ) : (
                <p className="muted chart-empty">No open deals.</p>
              )}
            </section>
            <section className="card" aria-labelledby="by-quarter-heading">
              <div className="card-header">
                <h2 id="by-quarter-heading">Win rate by quarter</h2>
                <span className="muted">closed deals · win rate with 95% interval</span>
              </div>
              {overview.data.byQuarter.length > 0 ? (
                <WinRateByQuarterChart quarters={overview.data.byQuarter} height={chartHeight} />
              ) : (
                <p className="muted chart-empty">No closed deals yet.</p>
              )}
            </section>
          </div>
        </>
      )}

      <DealsTable view={view} filters={dealFilters.data} deals={deals} onChange={onChange} />
    </main>
  )
}
