/**
 * A router small enough to read in one sitting: the URL is the state,
 * `navigate` pushes history, and `useLocation` re-renders on back/forward.
 */
import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent, type ReactNode } from 'react'

const NAVIGATE_EVENT = 'revlab:navigate'

function subscribe(callback: () => void): () => void {
  window.addEventListener('popstate', callback)
  window.addEventListener(NAVIGATE_EVENT, callback)
  return () => {
    window.removeEventListener('popstate', callback)
    window.removeEventListener(NAVIGATE_EVENT, callback)
  }
}

const snapshot = (): string => window.location.pathname + window.location.search

export type Location = { pathname: string; search: URLSearchParams }

export function useLocation(): Location {
  const href = useSyncExternalStore(subscribe, snapshot)
  const url = new URL(href, window.location.origin)
  return { pathname: url.pathname, search: url.searchParams }
}

/** `replace` is for state that shouldn't add a Back step, such as typing in a filter. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === snapshot()) return
  if (options.replace) window.history.replaceState(null, '', to)
  else window.history.pushState(null, '', to)
  window.dispatchEvent(new Event(NAVIGATE_EVENT))
  if (!options.replace) window.scrollTo(0, 0)
}

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { to: string; children: ReactNode }

export function Link({ to, onClick, children, ...rest }: LinkProps) {
  const handleClick = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event)
    // Let the browser handle new-tab clicks and modified clicks.
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey)
      return
    event.preventDefault()
    navigate(to)
  }
  return (
    <a href={to} onClick={handleClick} {...rest}>
      {children}
    </a>
  )
}

export type Route =
  | { name: 'pipeline' }
  | { name: 'deal'; id: string }
  | { name: 'coffee' }
  | { name: 'exceptions' }
  | { name: 'not-found' }
  | { name: 'calls' }
  | { name: 'call-trends' }
  | { name: 'call'; id: string }
  | { name: 'import' }
  | { name: 'win-patterns' }
  | { name: 'forecast' }
  | { name: 'pocs' }
  | { name: 'experiments' }
  | { name: 'enablement' }
  | { name: 'accounts' }
  | { name: 'account'; id: string }
  | { name: 'use-cases' }
  | { name: 'board' }
  | { name: 'coaching' }
  | { name: 'catalogue' }

export function matchRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { name: 'pipeline' }
  if (pathname === '/coffee') return { name: 'coffee' }
  if (pathname === '/accounts' || pathname === '/consumption') return { name: 'accounts' }
  if (pathname === '/use-cases') return { name: 'use-cases' }
  const account = /^\/accounts\/([^/]+)\/?$/.exec(pathname)
  if (account?.[1]) return { name: 'account', id: decodeURIComponent(account[1]) }
  if (pathname === '/exceptions') return { name: 'exceptions' }
  if (pathname === '/win-patterns') return { name: 'win-patterns' }
  if (pathname === '/forecast') return { name: 'forecast' }
  if (pathname === '/pocs') return { name: 'pocs' }
  if (pathname === '/experiments') return { name: 'experiments' }
  if (pathname === '/board') return { name: 'board' }
  if (pathname === '/coaching') return { name: 'coaching' }
  if (pathname === '/catalogue') return { name: 'catalogue' }
  if (pathname === '/enablement') return { name: 'enablement' }
  if (pathname === '/import' || pathname === '/imports') return { name: 'import' }
  if (pathname === '/calls' || pathname === '/calls/') return { name: 'calls' }
  if (pathname === '/calls/trends') return { name: 'call-trends' }
  const call = /^\/calls\/([^/]+)\/?$/.exec(pathname)
  if (call?.[1]) return { name: 'call', id: decodeURIComponent(call[1]) }
  const deal = /^\/deals\/([^/]+)\/?$/.exec(pathname)
  if (deal?.[1]) return { name: 'deal', id: decodeURIComponent(deal[1]) }
  return { name: 'not-found' }
}
