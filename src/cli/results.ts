import type { ResultRecord } from '../experiment/analysis.js';
import { mergeRows, parseResultsCsv } from '../node/result-store.js';
import { decodeText, type CliIO } from './io.js';

/** Reads one or more results CSVs (ours or sinter's), merging rows of the same task by addition. */
export async function loadRecords(io: CliIO, paths: readonly string[]): Promise<ResultRecord[]> {
  const rows = [];
  for (const p of paths) {
    const { rows: r, warnings } = parseResultsCsv(decodeText(await io.readFile(p), p), p);
    for (const w of warnings) io.stderr(`warning: ${w}\n`);
    rows.push(...r);
  }
  return mergeRows(rows).map((r) => ({
    stats: { shots: r.shots, errors: r.errors, discards: r.discards, seconds: r.seconds },
    decoder: r.decoder,
    metadata: r.metadata ?? {},
  }));
}
