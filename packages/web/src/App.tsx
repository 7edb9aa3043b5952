import { Loading } from './components/Status'
import { TopBar } from './components/TopBar'
import { DealPage } from './features/deal/DealPage'
import { SignInPage } from './features/auth/SignInPage'
import { useSession } from './features/auth/use-session'
import { PipelinePage } from './features/pipeline/PipelinePage'
import { MorningCoffeePage } from './features/brief/MorningCoffeePage'
import { CallPage } from './features/calls/CallPage'
import { CallsPage } from './features/calls/CallsPage'
import { CallTrendsPage } from './features/calls/CallTrendsPage'
import { ExceptionsPage } from './features/exceptions/ExceptionsPage'
import { PocsPage } from './features/deal-execution/PocsPage'
import { EnablementPage } from './features/enablement/EnablementPage'
import { ExperimentsPage } from './features/deal-execution/ExperimentsPage'
import { BoardPage } from './features/deal-health/BoardPage'
import { CoachingPage } from './features/deal-health/CoachingPage'
import { CataloguePage } from './features/deal-health/CataloguePage'
import { ImportPage } from './features/import/ImportPage'
import { WinPatternsPage } from './features/win-patterns/WinPatternsPage'
import { ForecastPage } from './features/forecast/ForecastPage'
import { AccountsPage } from './features/accounts/AccountsPage'
import { AccountPage } from './features/accounts/AccountPage'
import { UseCasesPage } from './features/accounts/UseCasesPage'
import { Link, matchRoute, useLocation } from './lib/router'

export function App() {
  const [session, { signIn, signOut }] = useSession()
  const { pathname } = useLocation()

  switch (session.status) {
    case 'checking':
      return <Loading label="Starting Revlab…" />
    case 'unavailable':
      return (
        <main className="signin">
          <div className="signin-card">
            <h1>Revlab is unavailable</h1>
            <p className="muted">{session.message}</p>
            <button type="button" className="button primary" onClick={() => window.location.reload()}>
              Try again
            </button>
          </div>
        </main>
      )
    case 'signed-out':
      // Stay on the requested URL, so signing in lands on the page that was asked for.
      return <SignInPage onSignIn={signIn} notice={session.reason} />
    case 'signed-in': {
      const route = matchRoute(pathname)
      return (
        <>
          <TopBar user={session.user} onSignOut={signOut} />
          {route.name === 'pipeline' && <PipelinePage user={session.user} />}
          {route.name === 'coffee' && <MorningCoffeePage />}
          {route.name === 'calls' && <CallsPage user={session.user} />}
          {route.name === 'call-trends' && <CallTrendsPage user={session.user} />}
          {route.name === 'call' && <CallPage key={route.id} id={route.id} />}
          {route.name === 'exceptions' && <ExceptionsPage />}
          {route.name === 'pocs' && <PocsPage />}
          {route.name === 'experiments' && <ExperimentsPage />}
          {route.name === 'board' && <BoardPage />}
          {route.name === 'coaching' && <CoachingPage />}
          {route.name === 'catalogue' && <CataloguePage user={session.user} />}
          {route.name === 'enablement' && <EnablementPage />}
          {route.name === 'import' && <ImportPage />}
          {route.name === 'accounts' && <AccountsPage />}
          {route.name === 'account' && <AccountPage key={route.id} id={route.id} />}
          {route.name === 'use-cases' && <UseCasesPage />}
          {route.name === 'win-patterns' && <WinPatternsPage user={session.user} />}
          {route.name === 'forecast' && <ForecastPage user={session.user} />}
          {/* A key per deal resets the page state when moving from one deal to another. */}
          {route.name === 'deal' && <DealPage key={route.id} id={route.id} />}
          {route.name === 'not-found' && (
            <main className="page">
              <div className="card not-found">
                <h1>Page not found</h1>
                <p className="muted">
                  <Link to="/">Go to the pipeline</Link>
                </p>
              </div>
            </main>
          )}
        </>
      )
    }
  }
}
