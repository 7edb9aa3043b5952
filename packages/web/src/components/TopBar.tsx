import type { SessionUser } from '@revlab/domain'
import { useState } from 'react'
import { formatRole } from '../lib/format'
import { Link, useLocation } from '../lib/router'
import { AskBox } from './AskBox'

type Props = { user: SessionUser; onSignOut: () => Promise<void> }

export function TopBar({ user, onSignOut }: Props) {
  const [signingOut, setSigningOut] = useState(false)
  return (
    <header className="topbar">
      <Link to="/" className="brand" aria-label="Revlab home">
        <span className="brand-mark" aria-hidden="true">
          R
        </span>
        <span className="brand-name">Revlab</span>
      </Link>
      <AskBox />
      <div className="user-menu" data-testid="user-menu">
        <div className="user-id">
          <span className="user-name" data-testid="user-name">
            {user.name}
          </span>
          <span className="user-role" data-testid="user-role">
            {formatRole(user.role)}
          </span>
        </div>
        <button
          type="button"
          className="button ghost"
          data-testid="sign-out"
          disabled={signingOut}
          onClick={() => {
            setSigningOut(true)
            void onSignOut().finally(() => setSigningOut(false))
          }}
        >
          Sign out
        </button>
      </div>
      <NavBar user={user} />
    </header>
  )
}

type NavItem = { to: string; label: string; testId: string; roles?: readonly SessionUser['role'][] }

/** Every page, grouped by the question it answers; a second row so nothing wraps or hides behind a menu. */
const NAV_GROUPS: readonly { label: string; items: readonly NavItem[] }[] = [
  {
    label: 'Today',
    items: [
      { to: '/coffee', label: 'Morning coffee', testId: 'nav-coffee' },
      { to: '/exceptions', label: 'Exceptions', testId: 'nav-exceptions' },
    ],
  },
  {
    label: 'Deals',
    items: [
      { to: '/', label: 'Pipeline', testId: 'nav-pipeline' },
      { to: '/board', label: 'Board', testId: 'nav-board' },
      { to: '/forecast', label: 'Forecast', testId: 'nav-forecast' },
      { to: '/coaching', label: 'Coaching', testId: 'nav-coaching' },
      { to: '/pocs', label: 'POCs', testId: 'nav-pocs' },
      { to: '/experiments', label: 'Experiments', testId: 'nav-experiments' },
    ],
  },
  {
    label: 'Customers',
    items: [
      { to: '/accounts', label: 'Accounts', testId: 'nav-accounts' },
      { to: '/use-cases', label: 'Use cases', testId: 'nav-use-cases' },
    ],
  },
  {
    label: 'Learn',
    items: [
      { to: '/win-patterns', label: 'Win patterns', testId: 'nav-win-patterns' },
      { to: '/calls', label: 'Calls', testId: 'nav-calls' },
      { to: '/enablement', label: 'Enablement', testId: 'nav-enablement' },
    ],
  },
  {
    label: 'Admin',
    items: [
      { to: '/catalogue', label: 'Signals', testId: 'nav-catalogue', roles: ['admin'] },
      { to: '/import', label: 'Import', testId: 'nav-import', roles: ['admin', 'leader', 'analyst'] },
    ],
  },
]

const isCurrent = (pathname: string, to: string): boolean =>
  to === '/' ? pathname === '/' || pathname.startsWith('/deals') : pathname.startsWith(to)

function NavBar({ user }: { user: SessionUser }) {
  const { pathname } = useLocation()
  return (
    <nav className="topnav" aria-label="Pages">
      {NAV_GROUPS.map((group) => {
        const items = group.items.filter((item) => !item.roles || item.roles.includes(user.role))
        if (items.length === 0) return null
        return (
          <div key={group.label} className="topnav-group" role="group" aria-label={group.label}>
            <span className="topnav-group-label">{group.label}</span>
            {items.map((item) => (
              <Link
                key={item.to}
                to={item.to}
                className={`topnav-link${isCurrent(pathname, item.to) ? ' is-current' : ''}`}
                data-testid={item.testId}
                aria-current={isCurrent(pathname, item.to) ? 'page' : undefined}
              >
                {item.label}
              </Link>
            ))}
          </div>
        )
      })}
    </nav>
  )
}
