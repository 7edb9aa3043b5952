import type { Migration } from 'kysely'
import * as createCoreSchema from './202611231900_create_core_schema.js'
import * as addImportAccounting from './202612011200_add_import_accounting.js'
import * as addExperimentDesign from './202612051200_add_experiment_design.js'
import * as addConsumptionRollups from './202612061200_add_consumption_rollups.js'

/** Every migration, in order. A static list, so bundling works; a test checks it matches the folder. */
export const migrations: Record<string, Migration> = {
  '202611231900_create_core_schema': createCoreSchema,
  '202612011200_add_import_accounting': addImportAccounting,
  '202612051200_add_experiment_design': addExperimentDesign,
  '202612061200_add_consumption_rollups': addConsumptionRollups,
}
