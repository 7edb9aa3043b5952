import { readyAnalysis } from '../../components/AnalysisStatus'
import { formatPercent } from '../../lib/format'
import { useLocation } from '../../lib/router'
import { useExceptions, type LinkView } from './use-exceptions'

const CAUSE_LABEL: Record<string, string> = {
  on_track: 'On track',
  conversion: 'Not converting',
  pipeline_generation: 'Activity not creating pipeline',
  effort: 'Low activity',
  enablement: 'Not certified',
  no_quota: 'No quota',
}

function LinkCell({ link }: { link: LinkView | undefined }) {
  if (!link) return <td>–</td>
  const figure =
    link.figure === null
      ? ''
      : link.key === 'pipeline'
        ? `${link.figure.toFixed(1)}×`
        : formatPercent(link.figure)
  const mark = link.status === 'pass' ? '✓' : link.status === 'fail' ? '✗' : '?'
  return (
    <td
      className={`num chain-${link.status}${link.reached ? ' chain-reached' : ''}`}
      title={`${link.question} ${link.detail}`}
      data-link={link.key}
    >
      {mark} {figure}
    </td>
  )
}

function ChainHead() {
  return (
    <>
      <th className="num">Number</th>
      <th className="num">Pipeline</th>
      <th className="num">Activity</th>
      <th className="num">Certified</th>
      <th>Most likely cause</th>
    </>
  )
}

/** The exception chain: who is off their number, and why, one link at a time. */
export function ExceptionsPage() {
  const { search } = useLocation()
  const query = search.toString() ? `?${search.toString()}` : ''
  const state = useExceptions(query)
  const ready = readyAnalysis(state, { errorTitle: 'No exception report', loading: 'Walking the chain…' })
  if ('view' in ready) return ready.view
  const data = ready.data
  const link = (links: LinkView[], key: LinkView['key']) => links.find((l) => l.key === key)
  const offTrack = data.reps.filter((r) => !r.onTrack)
  return (
    <main className="page" data-testid="exceptions">
      <div className="card">
        <h1>Exceptions — {data.asOf}</h1>
        <p className="muted">
          {data.summary.onTrack} of {data.summary.reps} reps on track, {data.summary.exceptions} exceptions.
          Making the number? If not, enough pipeline? If not, enough activity (last {data.activityDays} days)?
          If not, certified on what they sell? Hover a cell for its figure and threshold.
        </p>
        <div className="table-wrap">
          <table className="table" data-testid="exception-teams">
            <thead>
              <tr>
                <th>Team</th>
                <th className="num">Off track</th>
                <ChainHead />
              </tr>
            </thead>
            <tbody>
              {data.teams.map((t) => (
                <tr key={t.team}>
                  <td>{t.team}</td>
                  <td className="num">
                    {t.repsOffTrack}/{t.reps}
                  </td>
                  <LinkCell link={link(t.links, 'number')} />
                  <LinkCell link={link(t.links, 'pipeline')} />
                  <LinkCell link={link(t.links, 'activity')} />
                  <LinkCell link={link(t.links, 'enablement')} />
                  <td title={t.action}>{CAUSE_LABEL[t.cause] ?? t.cause}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      <div className="card">
        <div className="table-wrap">
          <table className="table" data-testid="exception-reps">
            <thead>
              <tr>
                <th>Rep</th>
                <th>Team</th>
                <ChainHead />
              </tr>
            </thead>
            <tbody>
              {data.reps.map((r) => (
                <tr key={r.personId} data-cause={r.cause}>
                  <td>{r.name}</td>
                  <td>{r.team}</td>
                  <LinkCell link={link(r.links, 'number')} />
                  <LinkCell link={link(r.links, 'pipeline')} />
                  <LinkCell link={link(r.links, 'activity')} />
                  <LinkCell link={link(r.links, 'enablement')} />
                  <td title={r.action}>{CAUSE_LABEL[r.cause] ?? r.cause}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      {offTrack.length > 0 && (
        <div className="card">
          <ul className="brief-items" data-testid="exception-actions">
            {offTrack.map((r) => (
              <li key={r.personId} className="brief-item bad">
                <strong>{r.name}</strong>: {r.diagnosis} <em>→ {r.action}</em>
              </li>
            ))}
          </ul>
        </div>
      )}
    </main>
  )
}
