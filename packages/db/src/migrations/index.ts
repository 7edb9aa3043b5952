import type { Migration } from 'kysely'
import * as createCoreSchema from './202611231900_create_core_schema.js'

/** Every migration, in order. A static list, so bundling works; a test checks it matches the folder. */
export const migrations: Record<string, Migration> = {
  '202611231900_create_core_schema': createCoreSchema,
}
