import type { PipelineInputs } from '@revlab/domain'

export type PipelineOverviewInputs = PipelineInputs

export type PipelineOverviewOptions = { asOf: string }
