import type { User } from '@revlab/domain'
import type { Session, Store } from '@revlab/db'
import type { LoginThrottle } from './auth/login-throttle.js'

export type AppEnv = {
  Variables: {
    store: Store
    now: () => Date
    loginThrottle: LoginThrottle
    user: User
    session: Session | undefined
  }
}
