/**
 * The enablement ROI analysis read from the store for a viewer's scope;
 * shared by the API and `revlab analyze enablement` so both print the same
 * numbers. An unknown program is a NOT_FOUND error naming the programs there are.
 */
import { RevlabError, type IsoDate } from '@revlab/domain'
import { loadEnablementInputs, type OwnerScope, type Store } from '@revlab/db'
import {
  analyzeEnablement,
  renderBusinessCaseHtml,
  type EnablementAnalysis,
  type EnablementOptions,
} from '@revlab/analyses'
import { renderBusinessCasePdf } from './business-case-pdf.js'

export type EnablementRequest = {
  date?: IsoDate | null
  scope?: OwnerScope
  options?: Partial<EnablementOptions>
}

export async function buildEnablement(
  store: Store,
  request: EnablementRequest = {},
): Promise<EnablementAnalysis> {
  const inputs = await loadEnablementInputs(store.db, { asOf: request.date ?? null, scope: request.scope })
  const result = analyzeEnablement(inputs, request.options)
  if (result.status === 'not-found') throw new RevlabError('NOT_FOUND', result.reason)
  return result
}

type Ok = Extract<EnablementAnalysis, { status: 'ok' }>

const requireOk = (result: EnablementAnalysis): Ok => {
  if (result.status !== 'ok') throw new RevlabError('BAD_INPUT', `no business case: ${result.reason}`)
  return result
}

export async function buildBusinessCaseHtml(store: Store, request: EnablementRequest = {}): Promise<string> {
  return renderBusinessCaseHtml(requireOk(await buildEnablement(store, request)))
}

export async function buildBusinessCasePdf(store: Store, request: EnablementRequest = {}): Promise<Buffer> {
  return renderBusinessCasePdf(requireOk(await buildEnablement(store, request)))
}
