import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { ValidationError } from '../base/errors.js';
import { addStats, EMPTY_STATS, type TaskStats } from '../experiment/stats.js';

/** sinter's CSV columns, in order (so `sinter plot` and friends read our files). */
export const CSV_HEADER =
  '     shots,    errors,  discards, seconds,decoder,strong_id,json_metadata,custom_counts';

/** One row of results: the counts of one batch (or a merged total) of one task. */
export interface ResultRow extends TaskStats {
  readonly decoder: string;
  readonly strongId: string;
  readonly metadata: Readonly<Record<string, unknown>>;
  /** Batch index (JSON lines only; undefined for rows read from CSV). */
  readonly batch?: number;
}

const quote = (s: string): string => `"${s.replace(/"/g, '""')}"`;

/** A CSV line in sinter's format. */
export function csvLine(r: ResultRow): string {
  return [
    String(r.shots).padStart(10),
    String(r.errors).padStart(10),
    String(r.discards).padStart(10),
    r.seconds.toFixed(3).padStart(8),
    r.decoder,
    r.strongId,
    quote(JSON.stringify(r.metadata)),
    quote('{}'),
  ].join(',');
}

/** Splits one CSV line into fields (RFC 4180 quoting). */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let v = '';
      i++;
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') {
          v += '"';
          i += 2;
        } else if (line[i] === '"') {
          i++;
          break;
        } else v += line[i++];
      }
      out.push(v);
      if (line[i] === ',') i++;
      else break;
    } else {
      const j = line.indexOf(',', i);
      if (j < 0) {
        out.push(line.slice(i));
        break;
      }
      out.push(line.slice(i, j));
      i = j + 1;
    }
  }
  return out;
}

/**
 * Parses a results CSV (ours or sinter's). Rows for the same strong id are kept separate; use
 * {@link mergeRows} to add them. A malformed last line (a run killed mid-write) is skipped and
 * reported in `warnings`; any other malformed line is a ValidationError naming file and line.
 */
export function parseResultsCsv(text: string, source: string): { rows: ResultRow[]; warnings: string[] } {
  const lines = text.split('\n');
  const rows: ResultRow[] = [];
  const warnings: string[] = [];
  let header: string[] | undefined;
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n].trim();
    if (line === '') continue;
    const f = splitCsvLine(line).map((x) => x.trim());
    if (header === undefined) {
      header = f;
      for (const col of ['shots', 'errors', 'decoder', 'strong_id', 'json_metadata'])
        if (!header.includes(col))
          throw new ValidationError(`${source}:1: missing column '${col}' in the header`);
      continue;
    }
    const get = (c: string): string => f[header?.indexOf(c) ?? -1] ?? '';
    try {
      const shots = Number(get('shots'));
      const errors = Number(get('errors'));
      if (!Number.isInteger(shots) || !Number.isInteger(errors) || f.length < header.length)
        throw new Error('bad counts');
      rows.push({
        shots,
        errors,
        discards: Number(get('discards') || 0),
        seconds: Number(get('seconds') || 0),
        decoder: get('decoder'),
        strongId: get('strong_id'),
        metadata: JSON.parse(get('json_metadata') || 'null') as Record<string, unknown>,
      });
    } catch (e) {
      const isLast = lines.slice(n + 1).every((l) => l.trim() === '');
      if (isLast) warnings.push(`${source}:${n + 1}: skipped an incomplete last line (interrupted write)`);
      else
        throw new ValidationError(`${source}:${n + 1}: malformed results row: ${(e as Error).message}`, {
          line: n + 1,
        });
    }
  }
  return { rows, warnings };
}

/** Adds rows with the same strong id (results of several runs merge by addition). */
export function mergeRows(rows: readonly ResultRow[]): ResultRow[] {
  const m = new Map<string, ResultRow>();
  for (const r of rows) {
    const prev = m.get(r.strongId);
    m.set(r.strongId, prev === undefined ? { ...r, batch: undefined } : { ...prev, ...addStats(prev, r) });
  }
  return [...m.values()];
}

/**
 * An append-only result store: a sinter-compatible CSV plus a JSON-lines file beside it
 * (`RESULTS.csv` → `RESULTS.jsonl`) that also records batch indices, so an interrupted run resumes
 * without reusing a batch's seed. Every batch is appended as it completes: killing the collector
 * loses at most the batches in flight.
 */
export class ResultStore {
  readonly csvPath: string;
  readonly jsonlPath: string;

  constructor(csvPath: string) {
    this.csvPath = csvPath;
    this.jsonlPath = csvPath.replace(/\.csv$/i, '') + '.jsonl';
    if (!existsSync(csvPath)) writeFileSync(csvPath, CSV_HEADER + '\n');
    // A run killed mid-append may leave a partial last line: cut it so new rows start clean.
    for (const p of [this.csvPath, this.jsonlPath]) {
      if (!existsSync(p)) continue;
      const text = readFileSync(p, 'utf8');
      if (text.length > 0 && !text.endsWith('\n')) {
        this.truncated.push(`${p}: dropped an incomplete last line (interrupted write)`);
        writeFileSync(p, text.slice(0, text.lastIndexOf('\n') + 1));
      }
    }
  }

  /** Notes about partial lines removed when the store was opened. */
  readonly truncated: string[] = [];

  /** Appends one batch's counts. */
  append(r: ResultRow): void {
    appendFileSync(this.csvPath, csvLine(r) + '\n');
    appendFileSync(this.jsonlPath, JSON.stringify(r) + '\n');
  }

  /** Totals per strong id and the batch indices already done (from the JSON lines, or the CSV). */
  load(): { totals: Map<string, TaskStats>; batches: Map<string, Set<number>>; warnings: string[] } {
    const totals = new Map<string, TaskStats>();
    const batches = new Map<string, Set<number>>();
    const { rows, warnings } = parseResultsCsv(readFileSync(this.csvPath, 'utf8'), this.csvPath);
    for (const r of rows) totals.set(r.strongId, addStats(totals.get(r.strongId) ?? EMPTY_STATS, r));
    if (existsSync(this.jsonlPath)) {
      const lines = readFileSync(this.jsonlPath, 'utf8').split('\n');
      lines.forEach((l, i) => {
        if (l.trim() === '') return;
        try {
          const r = JSON.parse(l) as ResultRow;
          if (r.batch !== undefined) {
            const s = batches.get(r.strongId) ?? new Set<number>();
            s.add(r.batch);
            batches.set(r.strongId, s);
          }
        } catch {
          warnings.push(`${this.jsonlPath}:${i + 1}: skipped an unreadable line`);
        }
      });
    }
    return { totals, batches, warnings: [...this.truncated, ...warnings] };
  }
}
