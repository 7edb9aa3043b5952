import type { CallDetail } from '@revlab/domain'
import { useMemo } from 'react'
import { humanize } from '../../lib/format'
import { formatClock } from './calls-url'

type Props = {
  detail: CallDetail
  /** The evidence kind picked in the legend: its quotes stand out, the others fade. */
  activeKind: string | null
  /** The utterance to flash after a jump from the scorecard or the legend. */
  focusTurn: number | null
}

export const turnElementId = (turn: number): string => `turn-${turn}`

/** The transcript, one block per utterance, with evidence sentences marked by kind. */
export function Transcript({ detail, activeKind, focusTurn }: Props) {
  const kindsAt = useMemo(() => {
    const map = new Map<string, string[]>()
    for (const e of detail.evidence) {
      const key = `${e.position.turn}:${e.position.sentence}`
      const list = map.get(key)
      if (list === undefined) map.set(key, [e.kind])
      else if (!list.includes(e.kind)) list.push(e.kind)
    }
    return map
  }, [detail.evidence])
  const openAt = useMemo(
    () =>
      new Set(detail.questions.filter((q) => q.open).map((q) => `${q.position.turn}:${q.position.sentence}`)),
    [detail.questions],
  )

  if (detail.utterances.length === 0)
    return <p className="muted">No transcript stored for this call (timings or metrics only).</p>

  return (
    <ol className="transcript" data-testid="transcript">
      {detail.utterances.map((u, turn) => (
        <li
          key={u.seq}
          id={turnElementId(turn)}
          className={`utterance side-${u.side}${focusTurn === turn ? ' focused' : ''}`}
          data-testid="utterance"
        >
          <div className="utterance-head">
            <span className="speaker">{u.speaker}</span>
            <span className={`side-tag side-tag-${u.side}`}>
              {u.side === 'internal' ? 'us' : u.side === 'external' ? 'buyer' : '?'}
            </span>
            {u.startMs !== null && <span className="muted clock">{formatClock(u.startMs)}</span>}
          </div>
          <p className="utterance-text">
            {u.sentences.map((s, sentence) => {
              const key = `${turn}:${sentence}`
              const kinds = kindsAt.get(key)
              const open = openAt.has(key)
              const text = `${s} `
              if (kinds === undefined)
                return open ? (
                  <span key={sentence} className="open-question" title="Open question">
                    {text}
                  </span>
                ) : (
                  <span key={sentence}>{text}</span>
                )
              const faded = activeKind !== null && !kinds.includes(activeKind)
              return (
                <mark
                  key={sentence}
                  className={`ev ev-${kinds[0] ?? ''}${faded ? ' faded' : ''}${open ? ' open-question' : ''}`}
                  data-testid="evidence-mark"
                  data-kinds={kinds.join(' ')}
                  title={kinds.map(humanize).join(', ')}
                >
                  {text}
                  <span className="ev-label">{kinds.map(humanize).join(' · ')}</span>
                </mark>
              )
            })}
          </p>
        </li>
      ))}
    </ol>
  )
}
