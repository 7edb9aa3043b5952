import { readyAnalysis } from '../../components/AnalysisStatus'
import { formatPercent } from '../../lib/format'
import { useExperiments, type ArmComparisonView } from './use-deal-execution'

const num = (x: number | null | undefined, digits = 2): string => (x == null ? '–' : x.toFixed(digits))
const ci = (c: [number, number] | null, digits = 2): string =>
  c ? `${num(c[0], digits)}–${num(c[1], digits)}` : '–'

function ComparisonRow({ label, c }: { label: string; c: ArmComparisonView }) {
  const w = c.winRate
  const d = c.daysToClose
  return (
    <tr>
      <td>{label}</td>
      <td className="num">
        {c.n.control}/{c.n.variant}
      </td>
      <td className="num">
        {formatPercent(w.control.estimate)} → {formatPercent(w.variant.estimate)}
      </td>
      <td className="num">
        {num(w.difference.estimate)} ({ci(w.difference.ci95)})
      </td>
      <td className="num">{formatPercent(w.probabilityVariantBetter)}</td>
      <td className="num">
        {num(d.control.medianDays, 0)} / {num(d.variant.medianDays, 0)}
      </td>
      <td className="num">
        {num(d.ratioOfMedians.estimate)} ({ci(d.ratioOfMedians.ci95)})
      </td>
      <td className="num">{num(d.logRank?.pValue, 3)}</td>
      <td className="num">
        {num(c.dealSize.ratio.estimate)} ({ci(c.dealSize.ratio.ci95)})
      </td>
    </tr>
  )
}

/** Playbook experiments: variant vs control, intention to treat and per protocol, per segment. */
export function ExperimentsPage() {
  const state = useExperiments()
  const ready = readyAnalysis(state, { errorTitle: 'No experiment analysis', loading: 'Comparing arms…' })
  if ('view' in ready) return ready.view
  const data = ready.data
  return (
    <main className="page" data-testid="experiments">
      {data.experiments.map((e) => (
        <div className="card" key={e.id} data-testid={`experiment-${e.id}`}>
          <h1>
            {e.name} <span className="muted">({e.status})</span>
          </h1>
          <p className="muted">
            {e.hypothesis} {e.variantPlaybook} vs {e.controlPlaybook}; primary metric{' '}
            {e.primaryMetric.replace(/_/g, ' ')}.
          </p>
          {e.warnings.map((w) => (
            <p key={w} className="notice" role="alert">
              {w}
            </p>
          ))}
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th>Population</th>
                  <th className="num">n control/variant</th>
                  <th className="num">Win rate</th>
                  <th className="num">Difference (95% CI)</th>
                  <th className="num">P(variant better)</th>
                  <th className="num">Median days</th>
                  <th className="num">Days ratio (95% CI)</th>
                  <th className="num">Log-rank p</th>
                  <th className="num">Deal size ratio</th>
                </tr>
              </thead>
              <tbody>
                <ComparisonRow label="Intention to treat" c={e.intentionToTreat} />
                <ComparisonRow
                  label={`Per protocol (${e.perProtocol.excluded} excluded)`}
                  c={e.perProtocol}
                />
                {e.bySegment.map((s) => (
                  <ComparisonRow
                    key={`s-${s.segment}`}
                    label={`Segment: ${s.segment}`}
                    c={s.intentionToTreat}
                  />
                ))}
                {e.byAeType.map((s) => (
                  <ComparisonRow
                    key={`a-${s.aeType}`}
                    label={`AE type: ${s.aeType}`}
                    c={s.intentionToTreat}
                  />
                ))}
              </tbody>
            </table>
          </div>
          <p className="muted">
            Sample: {e.sampleSize.neededPerArm ?? '?'} {e.sampleSize.unit} per arm ({e.sampleSize.basis});
            have {e.sampleSize.current.control}/{e.sampleSize.current.variant}
            {e.sampleSize.reached
              ? ' — reached.'
              : ` — about ${e.sampleSize.weeksToGo ?? '?'} more weeks at the current flow.`}
          </p>
        </div>
      ))}
    </main>
  )
}
