import { ApiError } from '../api/client'
import { Link } from '../lib/router'
import { ErrorBox, Loading } from './Status'

/** Where a record page links back to: the list it was opened from. */
export type BackTo = { to: string; label: string }

export function BackLink({ to, label }: BackTo) {
  return (
    <Link to={to} className="back-link">
      ← {label}
    </Link>
  )
}

/**
 * What a single-record page (a deal, a call) shows before it has its record:
 * loading, "not found" (a 404 also covers records the user may not see, so
 * the page does not reveal they exist), or the error.
 */
export function RecordPageStatus({
  noun,
  error,
  back,
}: {
  /** "deal", "call": used in the headings and the test id (`deal-not-found`). */
  noun: string
  /** The load's error, or null while it loads. */
  error: Error | null
  back: BackTo
}) {
  const notFound = error instanceof ApiError && error.status === 404
  const title = noun.charAt(0).toUpperCase() + noun.slice(1)
  return (
    <main className="page">
      <BackLink {...back} />
      {error === null ? (
        <Loading label={`Loading ${noun}…`} />
      ) : notFound ? (
        <div className="card not-found" data-testid={`${noun}-not-found`}>
          <h1>{title} not found</h1>
          <p className="muted">It doesn’t exist, or it isn’t one you have access to.</p>
        </div>
      ) : (
        <ErrorBox title={`Could not load this ${noun}`} error={error} />
      )}
    </main>
  )
}
