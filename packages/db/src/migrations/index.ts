import type { Migration } from 'kysely'
import * as createCoreSchema from './202611231900_create_core_schema.js'
import * as addImportAccounting from './202612011200_add_import_accounting.js'

/** Every migration, in order. A static list, so bundling works; a test checks it matches the folder. */
export const migrations: Record<string, Migration> = {
  '202611231900_create_core_schema': createCoreSchema,
  '202612011200_add_import_accounting': addImportAccounting,
}
