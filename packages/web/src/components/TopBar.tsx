import type { SessionUser } from '@revlab/domain'
import { useState } from 'react'
import { formatRole } from '../lib/format'
import { Link } from '../lib/router'
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
      <nav className="topnav">
        <Link to="/coffee" className="topnav-link" data-testid="nav-coffee">
          Morning coffee
        </Link>
        <Link to="/exceptions" className="topnav-link" data-testid="nav-exceptions">
          Exceptions
        </Link>
        <Link to="/" className="topnav-link">
          Pipeline
        </Link>
        <Link to="/accounts" className="topnav-link" data-testid="nav-accounts">
          Accounts
        </Link>
        <Link to="/use-cases" className="topnav-link" data-testid="nav-use-cases">
          Use cases
        </Link>
        <Link to="/win-patterns" className="topnav-link" data-testid="nav-win-patterns">
          Win patterns
        </Link>
        <Link to="/pocs" className="topnav-link" data-testid="nav-pocs">
          POCs
        </Link>
        <Link to="/experiments" className="topnav-link" data-testid="nav-experiments">
          Experiments
        </Link>
        <Link to="/calls" className="topnav-link" data-testid="nav-calls">
          Calls
        </Link>
        {['admin', 'leader', 'analyst'].includes(user.role) && (
          <Link to="/import" className="topnav-link" data-testid="nav-import">
            Import
          </Link>
        )}
      </nav>
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
    </header>
  )
}
