/** `revlab import mapped FILE --map MAPPING.json`: any deal CSV through a mapping file. */
import { RevlabError } from '@revlab/domain'
import { openCsv } from '../framework/read-csv.js'
import type { ImportSource } from '../framework/run-import.js'
import { dealMappingSetup, mapDealRow } from './map-deal-row.js'
import { mappedColumns, parseDealMapping } from './mapping.js'
import { importNative, nativeVerdict } from './native-import.js'

export { parseDealMapping, mappedColumns, type DealMapping } from './mapping.js'
export { mapDealRow, dealMappingSetup } from './map-deal-row.js'

export const mappedSource: ImportSource = {
  name: 'mapped',
  description: 'any deal CSV through a JSON mapping file (--map)',
  needsMapping: true,
  staged: true,
  stagedChildren: [{ table: 'deal_signals', primary: 'deals', ownerField: 'dealId' }],
  async read(files, sink, context) {
    if (context.mapping === undefined)
      throw new RevlabError('BAD_USAGE', 'the mapped source needs --map FILE', {
        hint: 'see packages/importers/mappings/ for examples',
      })
    const mapping = parseDealMapping(context.mapping, 'the mapping')
    await sink.setup(dealMappingSetup(mapping))
    const required = mappedColumns(mapping)
    for (const file of files) {
      const csv = await openCsv(file, { required, onBytes: (n) => sink.bytes(file, n, csv.totalBytes) })
      for (const n of csv.sniff.notes) sink.note(n)
      const used = new Set([...required, ...Object.keys(mapping.ignore)])
      const unmapped = csv.header.filter((h) => h !== '' && !used.has(h))
      if (unmapped.length > 0)
        sink.note(`${csv.name}: column(s) not in the mapping, not imported: ${unmapped.join(', ')}`)
      // The engine reads the file and the mapping runs as SQL, where that is exactly today's result.
      const verdict = sink.native ? nativeVerdict(csv, file, mapping, sink.native) : undefined
      if (sink.native && verdict && 'compiled' in verdict) {
        await importNative(file, csv, mapping, context, sink.native, verdict)
        sink.bytes(file, csv.totalBytes, csv.totalBytes)
        continue
      }
      for await (const row of csv.rows()) {
        const mapped = row.issue
          ? { records: [], issues: [row.issue] }
          : mapDealRow(row.values, mapping, context)
        // The raw text is kept only for a quarantined row.
        await sink.row(
          row.ref,
          mapped.issues.length > 0 || mapped.records.length === 0 ? row.raw : '',
          mapped,
        )
      }
    }
  },
}
