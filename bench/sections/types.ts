import type { DemoScale } from '@revlab/demo-data'

export type BenchOptions = { scale: DemoScale; log: (message: string) => void }

/** One section of the benchmark report: rows of figures, one column per engine (or tool) compared. */
export type BenchSection = { title: string; columns: string[]; rows: string[][]; json: unknown }
