import { useState, type FormEvent } from 'react'
import { EChart, type ChartOption } from './EChart'
import { formatMoneyCompact, formatPercent } from '../lib/format'
import { Link } from '../lib/router'

/** The answer as the API sends it (`AskAnswer` of @revlab/analyses; the fields read here). */
type AskAnswerView = {
  status: 'answered' | 'not-understood' | 'not-allowed'
  headline: string
  interpretation: string[]
  chart: { title: string; unit: string; points: { x: string; y: number }[] } | null
  rows: { label: string; detail: string; link: string | null }[]
  suggestions: string[]
}

const axisLabel = (unit: string) => (v: number) =>
  unit === 'cents' ? formatMoneyCompact(v) : unit === 'ratio' ? formatPercent(v) : String(v)

/** The question box in the top bar: plain questions, answered with numbers, a small chart and the reading used. */
export function AskBox() {
  const [question, setQuestion] = useState('')
  const [answer, setAnswer] = useState<AskAnswerView | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const ask = async (q: string) => {
    if (!q.trim()) return
    setQuestion(q)
    setBusy(true)
    setError(null)
    try {
      const res = await fetch(`/api/v1/ask?q=${encodeURIComponent(q)}`, { credentials: 'same-origin' })
      const body = (await res.json()) as AskAnswerView | { error: { message: string } }
      if (!res.ok || 'error' in body)
        throw new Error('error' in body ? body.error.message : `HTTP ${res.status}`)
      setAnswer(body)
    } catch (e) {
      setAnswer(null)
      setError(e instanceof Error ? e.message : String(e))
    } finally {
      setBusy(false)
    }
  }
  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    void ask(question)
  }
  const chart = answer?.chart
  const option: ChartOption | null = chart
    ? {
        grid: { left: 56, right: 8, top: 8, bottom: 24 },
        tooltip: { trigger: 'axis' },
        xAxis: { type: 'category', data: chart.points.map((p) => p.x), axisLabel: { show: false } },
        yAxis: { type: 'value', axisLabel: { formatter: axisLabel(chart.unit) } },
        series: [
          {
            name: chart.title,
            type: chart.points.length > 12 ? 'line' : 'bar',
            showSymbol: false,
            data: chart.points.map((p) => p.y),
          },
        ],
      }
    : null
  return (
    <div className="ask-box" data-testid="ask-box">
      <form onSubmit={onSubmit} role="search">
        <input
          type="search"
          className="ask-input"
          data-testid="ask-input"
          aria-label="Ask a question"
          placeholder="Ask: how is Lars doing over the last 30 days?"
          value={question}
          onChange={(e) => setQuestion(e.target.value)}
          disabled={busy}
        />
      </form>
      {(answer || error) && (
        <div className="ask-panel card" data-testid="ask-answer" role="region" aria-label="Answer">
          <button
            type="button"
            className="button ghost ask-close"
            onClick={() => setAnswer(null)}
            aria-label="Close"
          >
            ×
          </button>
          {error && <p className="status error">{error}</p>}
          {answer && (
            <>
              <p className="ask-headline" data-testid="ask-headline">
                {answer.headline}
              </p>
              <ul className="ask-interpretation muted" data-testid="ask-interpretation">
                {answer.interpretation.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
              {option && chart && (
                <EChart option={option} height={140} testId="ask-chart" ariaLabel={chart.title} />
              )}
              {answer.rows.length > 0 && (
                <ul className="brief-items">
                  {answer.rows.map((r) => (
                    <li key={r.label} className="brief-item">
                      {r.link ? <Link to={r.link}>{r.label}</Link> : r.label} — {r.detail}
                    </li>
                  ))}
                </ul>
              )}
              {answer.suggestions.length > 0 && (
                <div className="ask-suggestions">
                  Try:{' '}
                  {answer.suggestions.map((s) => (
                    <button type="button" key={s} className="button ghost" onClick={() => void ask(s)}>
                      {s}
                    </button>
                  ))}
                </div>
              )}
            </>
          )}
        </div>
      )}
    </div>
  )
}
