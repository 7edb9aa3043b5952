import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const pkg = (name: string): string =>
  fileURLToPath(new URL(`./packages/${name}/src/index.ts`, import.meta.url))

// Tests import sibling packages from source, so a test run never depends on a stale build.
const alias = Object.fromEntries(
  ['domain', 'stats', 'db', 'demo-data', 'analyses', 'importers', 'server', 'cli'].map((name) => [
    `@revlab/${name}`,
    pkg(name),
  ]),
)

const isCi = process.env.CI === 'true'

export default defineConfig({
  resolve: { alias },
  test: {
    env: { TZ: 'UTC' },
    allowOnly: !isCi,
    retry: isCi ? 1 : 0,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['packages/*/src/**/*.test.ts'], exclude: ['packages/web/**'] },
      },
      {
        extends: true,
        test: {
          name: 'db',
          include: ['packages/*/test/**/*.test.ts'],
          globalSetup: ['packages/db/test/postgres-global-setup.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
})
