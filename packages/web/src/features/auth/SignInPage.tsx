import { useState, type FormEvent } from 'react'
import { ApiError } from '../../api/client'
import { useDocumentTitle } from '../../lib/use-document-title'

type Props = {
  onSignIn: (email: string, password: string) => Promise<void>
  notice?: string | undefined
}

export function SignInPage({ onSignIn, notice }: Props) {
  useDocumentTitle('Sign in')
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<{ message: string; hint?: string | undefined } | null>(null)
  const [submitting, setSubmitting] = useState(false)

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    setSubmitting(true)
    setError(null)
    try {
      await onSignIn(email.trim(), password)
    } catch (err) {
      if (err instanceof ApiError)
        setError({ message: sentence(err.message), hint: err.hint && sentence(err.hint) })
      else setError({ message: err instanceof Error ? err.message : 'Sign-in failed.' })
      setSubmitting(false)
    }
  }

  return (
    <main className="signin">
      <form className="signin-card" onSubmit={submit} data-testid="signin-form" noValidate>
        <div className="signin-brand">
          <span className="brand-mark" aria-hidden="true">
            R
          </span>
          <span className="brand-name">Revlab</span>
        </div>
        <h1>Sign in</h1>
        <p className="muted">Learn from every deal, call and course.</p>
        {notice && !error && <p className="notice">{notice}</p>}
        <label className="field">
          <span>Email</span>
          <input
            type="email"
            name="email"
            autoComplete="username"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            autoFocus
            required
          />
        </label>
        <label className="field">
          <span>Password</span>
          <input
            type="password"
            name="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </label>
        {error && (
          <div className="form-error" role="alert" data-testid="signin-error">
            <strong>{error.message}</strong>
            {error.hint && <span>{error.hint}</span>}
          </div>
        )}
        <button type="submit" className="button primary" disabled={submitting || !email || !password}>
          {submitting ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  )
}

/** API messages are written lower-case for logs; a form shows them as sentences. */
function sentence(text: string): string {
  const trimmed = text.trim()
  if (!trimmed) return trimmed
  const capitalized = trimmed.charAt(0).toUpperCase() + trimmed.slice(1)
  return /[.!?]$/.test(capitalized) ? capitalized : `${capitalized}.`
}
