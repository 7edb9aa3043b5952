import type { SessionUser } from '@revlab/domain'
import { useCallback, useEffect, useState } from 'react'
import { api, setUnauthorizedHandler } from '../../api/client'

export type Session =
  | { status: 'checking' }
  | { status: 'signed-out'; reason?: string }
  | { status: 'signed-in'; user: SessionUser }
  | { status: 'unavailable'; message: string }

export type SessionActions = {
  signIn: (email: string, password: string) => Promise<void>
  signOut: () => Promise<void>
}

export function useSession(): [Session, SessionActions] {
  const [session, setSession] = useState<Session>({ status: 'checking' })

  useEffect(() => {
    let cancelled = false
    api.me().then(
      (res) => {
        if (!cancelled) setSession(res ? { status: 'signed-in', user: res.user } : { status: 'signed-out' })
      },
      (err: unknown) => {
        if (!cancelled)
          setSession({ status: 'unavailable', message: err instanceof Error ? err.message : String(err) })
      },
    )
    return () => {
      cancelled = true
    }
  }, [])

  useEffect(() => {
    setUnauthorizedHandler(() =>
      setSession((prev) =>
        prev.status === 'signed-in'
          ? { status: 'signed-out', reason: 'Your session has ended. Please sign in again.' }
          : prev,
      ),
    )
    return () => setUnauthorizedHandler(null)
  }, [])

  const signIn = useCallback(async (email: string, password: string) => {
    const res = await api.login(email, password)
    setSession({ status: 'signed-in', user: res.user })
  }, [])

  const signOut = useCallback(async () => {
    try {
      await api.logout()
    } catch {
      // An expired session can't be signed out twice; either way the user is signed out here.
    }
    setSession({ status: 'signed-out' })
  }, [])

  return [session, { signIn, signOut }]
}
