import type { User } from '@revlab/domain'
import type { Session, Store } from '@revlab/db'

export type AppEnv = {
  Variables: {
    store: Store
    now: () => Date
    user: User
    session: Session | undefined
  }
}
