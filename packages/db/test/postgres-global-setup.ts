import type { TestProject } from 'vitest/node'
import { startPostgresCluster, type PostgresCluster } from '@revlab/db'

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string
  }
}

let cluster: PostgresCluster | undefined

export async function setup(project: TestProject): Promise<void> {
  cluster = await startPostgresCluster()
  project.provide('pgAdminUrl', cluster.adminUrl)
}

export function teardown(): void {
  cluster?.stop()
}
