/**
 * Where importer tests find their files: fixtures beside the tests, and the
 * public data sets in ../shared/data (read in place, never copied into the
 * repository; `REVLAB_SAMPLE_DATA` points elsewhere).
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const repoRoot = path.resolve(here, '../../..')

export const dataDir = path.resolve(repoRoot, process.env.REVLAB_SAMPLE_DATA ?? '../shared/data')
export const ibmFile = path.join(dataDir, 'ibm-sales-win-loss/WA_Fn-UseC_-Sales-Win-Loss.csv')
export const mavenFile = path.join(dataDir, 'maven-crm-sales-opportunities/sales_pipeline.csv')

/** A file in packages/importers/test/fixtures. */
export const fixture = (name: string): string => path.join(here, 'fixtures', name)
