import { useMemo, useState } from 'react'
import { chartTheme, EChart, type ChartOption } from '../../components/EChart'
import { readyAnalysis } from '../../components/AnalysisStatus'
import { formatMoneyCompact } from '../../lib/format'
import { useDocumentTitle } from '../../lib/use-document-title'
import { EventStudyChart } from './EventStudyChart'
import { enablementQuery, useEnablement, type Ci, type EnablementView } from './use-enablement'

type Ok = Extract<EnablementView, { status: 'ok' }>
type Outcome = Ok['analysis']['outcomes']['outcomes'][number]

const num = (x: number | null | undefined, digits = 2): string =>
  x === null || x === undefined ? '–' : x.toFixed(digits).replace(/^-/, '−')
const ci = (c: Ci, f: (x: number) => string = (x) => num(x)): string => (c ? `${f(c[0])} to ${f(c[1])}` : '–')
const pctLog = (x: number): string => `${num((Math.exp(x) - 1) * 100, 1)}%`

const outcomeFormat = (o: Outcome['outcome']): ((x: number) => string) =>
  o === 'winRate'
    ? (x) => `${num(x * 100, 1)} pt`
    : o === 'logDealSize'
      ? pctLog
      : o === 'daysToClose'
        ? (x) => `${num(x, 1)} d`
        : (x) => `${x < 0 ? '−' : ''}${formatMoneyCompact(Math.round(Math.abs(x) * 100))}/mo`

function contentOption(data: Ok): ChartOption {
  const items = [...data.content.items].sort((a, b) => b.learners - a.learners)
  const roles = [...new Set(items.flatMap((i) => Object.keys(i.byRole)))].sort()
  return {
    textStyle: { fontFamily: chartTheme.font },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { data: roles, top: 0 },
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: chartTheme.grid } } },
    yAxis: { type: 'category', data: items.map((i) => i.title), inverse: true },
    series: roles.map((role, k) => ({
      name: role,
      type: 'bar',
      stack: 'learners',
      itemStyle: { color: chartTheme.palette[k % chartTheme.palette.length] },
      data: items.map((i) => i.byRole[role] ?? 0),
    })),
  }
}

function coverageOption(data: Ok): ChartOption {
  const j = data.join
  const rows = [
    ['In the LMS', j.withLms],
    ['With CRM deals', j.withDeals],
    ['With recorded calls', j.withCalls],
    ['Matched in all three', j.matched],
  ] as const
  return {
    textStyle: { fontFamily: chartTheme.font },
    grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
    xAxis: {
      type: 'value',
      max: j.reps,
      minInterval: 1,
      splitLine: { lineStyle: { color: chartTheme.grid } },
    },
    yAxis: { type: 'category', data: rows.map((r) => r[0]), inverse: true },
    series: [
      {
        type: 'bar',
        barMaxWidth: 18,
        data: rows.map((r) => r[1]),
        itemStyle: { color: chartTheme.primary },
        label: { show: true, position: 'right', formatter: `{c} of ${j.reps}` },
      },
    ],
  }
}

/** Enablement ROI: did a program change behaviour and revenue, against reps not yet trained. */
export function EnablementPage() {
  useDocumentTitle('Enablement')
  const [program, setProgram] = useState('')
  const state = useEnablement(program)
  const loaded = state.data
  const content = useMemo(() => (loaded?.status === 'ok' ? contentOption(loaded) : null), [loaded])
  const coverage = useMemo(() => (loaded?.status === 'ok' ? coverageOption(loaded) : null), [loaded])
  const ready = readyAnalysis(state, { errorTitle: 'No enablement analysis', loading: 'Measuring training…' })
  if ('view' in ready) return ready.view
  const data = ready.data
  const a = data.analysis
  const selected = program || a.program.name
  const open = a.behaviour.find((b) => b.behaviour === 'openQuestions') ?? a.behaviour[0]
  const size = a.outcomes.outcomes.find((o) => o.outcome === 'logDealSize')
  const query = enablementQuery(selected)
  return (
    <main className="page enablement" data-testid="enablement">
      <div className="card">
        <div className="enablement-head">
          <h1>Enablement ROI — {a.program.name}</h1>
          <label>
            Program{' '}
            <select
              aria-label="Program"
              data-testid="enablement-program"
              value={selected}
              onChange={(e) => setProgram(e.target.value)}
            >
              {data.programs.map((p) => (
                <option key={p.id} value={p.name}>
                  {p.name} ({p.completed} completed)
                </option>
              ))}
            </select>
          </label>
        </div>
        <p className="muted">
          As of {data.asOf}. {a.program.completed} of {a.program.enrolled} enrolled completed;{' '}
          {a.program.costCentsPerLearner === null
            ? 'cost per learner unknown'
            : `${formatMoneyCompact(a.program.costCentsPerLearner)} per learner`}
          . Rollout:{' '}
          {a.program.rollout
            .map((r) => `${r.region} ${r.medianCompletion} (${r.completed}/${r.reps})`)
            .join(' · ')}
        </p>
        <p className="enablement-verdict" data-testid="enablement-verdict">
          {a.verdictSentence}
        </p>
      </div>

      <div className="card" data-testid="business-case-card">
        <h2>Business case</h2>
        <p data-testid="business-case-headline">{a.businessCase.headline}</p>
        <ul>
          {a.businessCase.caveats.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
        <p>
          <a href={`/api/v1/enablement/business-case.html${query}`} target="_blank" rel="noreferrer">
            One-page business case
          </a>{' '}
          ·{' '}
          <a href={`/api/v1/enablement/business-case.pdf${query}`} download data-testid="business-case-pdf">
            Download PDF
          </a>
        </p>
      </div>

      <div className="card">
        <h2>Behaviour change</h2>
        <p className="muted">
          Per-call behaviours before and after each rep's completion, against reps not yet trained in the same
          weeks (staggered difference in differences; 95% intervals clustered by rep).
        </p>
        <div className="table-wrap">
          <table className="table" data-testid="behaviour-table">
            <thead>
              <tr>
                <th>Behaviour</th>
                <th className="num">Baseline</th>
                <th className="num">Change</th>
                <th>95% CI</th>
                <th className="num">Calls (trained)</th>
                <th>Verdict</th>
              </tr>
            </thead>
            <tbody>
              {a.behaviour.map((b) => (
                <tr key={b.behaviour} data-behaviour={b.behaviour}>
                  <td>{b.label}</td>
                  <td className="num">{num(b.baseline)}</td>
                  <td className="num">{num(b.estimate, 3)}</td>
                  <td>{ci(b.ci95, (x) => num(x, 3))}</td>
                  <td className="num">
                    {b.calls} ({b.trainedCalls})
                  </td>
                  <td>{b.verdict.replace(/-/g, ' ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {open && (
          <>
            <h3>{open.label}: event study</h3>
            <EventStudyChart
              points={open.eventStudy}
              unit="mo"
              testId="behaviour-event-study-chart"
              ariaLabel={`Change in ${open.label} by four-week month since training, with 95% intervals`}
            />
          </>
        )}
      </div>

      <div className="card">
        <h2>Outcome change</h2>
        <div className="table-wrap">
          <table className="table" data-testid="outcome-table">
            <thead>
              <tr>
                <th>Outcome</th>
                <th className="num">vs not yet trained</th>
                <th>95% CI</th>
                <th className="num">vs matched untrained</th>
                <th>95% CI</th>
                <th>Verdict</th>
              </tr>
            </thead>
            <tbody>
              {a.outcomes.outcomes.map((o) => {
                const f = outcomeFormat(o.outcome)
                return (
                  <tr key={o.outcome} data-outcome={o.outcome} title={o.sentence}>
                    <td>{o.label}</td>
                    <td className="num">{o.staggered.estimate === null ? '–' : f(o.staggered.estimate)}</td>
                    <td>{ci(o.staggered.ci95, f)}</td>
                    <td className="num">{o.matched.estimate === null ? '–' : f(o.matched.estimate)}</td>
                    <td>{ci(o.matched.ci95, f)}</td>
                    <td>{o.verdict.replace(/-/g, ' ')}</td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
        {size && (
          <>
            <h3>Deal size by month since training (deals created that month)</h3>
            <EventStudyChart
              points={size.eventStudy}
              unit="mo"
              format={pctLog}
              testId="outcome-event-study-chart"
              ariaLabel="Change in deal size by month since training, with 95% intervals"
            />
          </>
        )}
        <h3>
          Balance: {a.outcomes.matching.matched} of {a.outcomes.matching.trained} trained reps matched
        </h3>
        <p className="muted">{a.outcomes.matching.method}</p>
        <div className="table-wrap">
          <table className="table" data-testid="balance-table">
            <thead>
              <tr>
                <th>Covariate</th>
                <th className="num">Trained</th>
                <th className="num">Untrained pool</th>
                <th className="num">Matched</th>
                <th className="num">SMD before</th>
                <th className="num">SMD after</th>
              </tr>
            </thead>
            <tbody>
              {a.outcomes.balance.map((b) => (
                <tr key={b.covariate}>
                  <td>{b.covariate}</td>
                  <td className="num">{num(b.trainedMean)}</td>
                  <td className="num">{num(b.poolMean)}</td>
                  <td className="num">{num(b.matchedMean)}</td>
                  <td className="num">{num(b.smdBefore)}</td>
                  <td className={`num${Math.abs(b.smdAfter ?? 0) > 0.25 ? ' smd-high' : ''}`}>
                    {num(b.smdAfter)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>

      <div className="card">
        <h2>Behaviour to outcome</h2>
        <p data-testid="behaviour-to-outcome">{data.behaviourToOutcome.sentence}</p>
        <p className="muted">
          {data.behaviourToOutcome.method}; {data.behaviourToOutcome.deals} deals.
        </p>
      </div>

      <div className="card">
        <h2>Coverage of the join</h2>
        <p data-testid="coverage-sentence">{data.join.sentence}</p>
        {coverage && (
          <EChart
            option={coverage}
            height={180}
            testId="coverage-chart"
            ariaLabel="Reps matched across LMS, CRM and calls"
          />
        )}
        {data.join.unmatched.length > 0 && (
          <ul data-testid="unmatched-reps">
            {data.join.unmatched.map((u) => (
              <li key={u.personId}>
                {u.name} ({u.region}): {u.reasons.join('; ')}
              </li>
            ))}
          </ul>
        )}
      </div>

      <div className="card">
        <h2>Content</h2>
        {content && (
          <EChart
            option={content}
            height={Math.max(200, data.content.items.length * 30 + 60)}
            testId="content-chart"
            ariaLabel="Learners per content item by role"
          />
        )}
        <div className="table-wrap">
          <table className="table" data-testid="content-table">
            <thead>
              <tr>
                <th>Content</th>
                <th>Kind</th>
                <th className="num">Learners</th>
                <th>Teaches</th>
                <th className="num">Effect</th>
                <th>95% CI</th>
              </tr>
            </thead>
            <tbody>
              {data.content.items.map((c) => (
                <tr key={c.contentId} title={c.effect.sentence}>
                  <td>{c.title}</td>
                  <td>{c.kind}</td>
                  <td className="num">{c.learners}</td>
                  <td>{c.targetBehaviour ?? '–'}</td>
                  <td className="num">{num(c.effect.estimate)}</td>
                  <td>{ci(c.effect.ci95)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <h3>Per rep: content for the weakest behaviour</h3>
        <div className="table-wrap">
          <table className="table" data-testid="recommendation-table">
            <thead>
              <tr>
                <th>Rep</th>
                <th>Weakest behaviour</th>
                <th className="num">Rep / team median</th>
                <th>Content</th>
              </tr>
            </thead>
            <tbody>
              {data.content.recommendations.map((r) => (
                <tr key={r.personId}>
                  <td>{r.name}</td>
                  <td>{r.weakestBehaviour}</td>
                  <td className="num">
                    {num(r.value)} / {num(r.teamMedian)}
                  </td>
                  <td>
                    {r.contentTitle ?? '–'}
                    {r.alreadyCompleted ? ' (done: revisit)' : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>

      <div className="card">
        <h2>Design the next program</h2>
        <p data-testid="design-sentence">{data.design.sentence}</p>
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th className="num">Weeks before/after</th>
                <th className="num">SD of change</th>
                <th className="num">Reps per wave</th>
                <th>Feasible</th>
              </tr>
            </thead>
            <tbody>
              {data.design.options.map((o) => (
                <tr key={o.weeks}>
                  <td className="num">{o.weeks}</td>
                  <td className="num">{num(o.sdOfChange)}</td>
                  <td className="num">{o.repsPerWave ?? '–'}</td>
                  <td>{o.feasible ? 'yes' : 'no'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <ul className="muted">
          {data.method.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      </div>
    </main>
  )
}
