import type { ReactNode } from 'react'

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="status loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  )
}

export function ErrorBox({ title, error }: { title: string; error: Error }) {
  return (
    <div className="status error" role="alert">
      <strong>{title}</strong>
      <span>{error.message}</span>
    </div>
  )
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="status empty">{children}</div>
}
