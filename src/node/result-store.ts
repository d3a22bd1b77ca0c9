import { appendFileSync, existsSync, readFileSync, realpathSync, renameSync, writeFileSync } from 'node:fs';
import { excerpt, ValidationError } from '../base/errors.js';
import { BATCH_INDEX_LIMIT, firstFreeBatch } from '../experiment/schedule.js';
import { addStats, EMPTY_STATS, type TaskStats } from '../experiment/stats.js';
import { acquireLock, releaseLock } from './file-lock.js';

/**
 * The CSV columns: sinter's eight, in sinter's order (so `sinter plot` and friends read our files;
 * sinter ignores extra columns), then `qec_batch`, the batch index of the row's counts.
 */
export const CSV_HEADER =
  '     shots,    errors,  discards, seconds,decoder,strong_id,json_metadata,custom_counts,qec_batch';

/** One row of results: the counts of one batch (or a merged total) of one task. */
export interface ResultRow extends TaskStats {
  readonly decoder: string;
  readonly strongId: string;
  readonly metadata: Readonly<Record<string, unknown>>;
  /** Batch index (column `qec_batch`); undefined for merged totals and rows written by other tools. */
  readonly batch?: number;
}

const quote = (s: string): string => `"${s.replace(/"/g, '""')}"`;

/** A CSV line in sinter's format plus the batch index. */
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
    r.batch === undefined ? '' : String(r.batch),
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

/** Columns a results CSV must have (sinter's, less the optional custom_counts). */
const REQUIRED_COLUMNS = ['shots', 'errors', 'decoder', 'strong_id', 'json_metadata'];
/** Trailing columns a row may omit (files whose header gained them later). */
const OPTIONAL_COLUMNS = new Set(['custom_counts', 'qec_batch']);

/**
 * Parses a results CSV (ours or sinter's). Rows for the same strong id are kept separate; use
 * {@link mergeRows} to add them. Every row is checked the same way for every reader (plot,
 * threshold, footprint, collect): shots, errors and discards are non-negative integers with
 * errors + discards ≤ shots, seconds is a non-negative number, json_metadata is JSON. Only a last
 * line without its final newline (a run killed mid-write) may be malformed: it is skipped and
 * reported in `warnings`. Any other malformed line, or a text without a header line, is a
 * ValidationError naming file and line.
 */
export function parseResultsCsv(text: string, source: string): { rows: ResultRow[]; warnings: string[] } {
  const lines = text.split('\n');
  // The last element is '' when the text ends with a newline; otherwise it is an unfinished line.
  const unfinished = lines.length - 1;
  const rows: ResultRow[] = [];
  const warnings: string[] = [];
  let header: string[] | undefined;
  let needed = 0;
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n].trim();
    if (line === '') continue;
    const f = splitCsvLine(line).map((x) => x.trim());
    if (header === undefined) {
      header = f;
      for (const col of REQUIRED_COLUMNS)
        if (!header.includes(col))
          throw new ValidationError(`${source}:1: missing column '${col}' in the header`);
      needed = header.length;
      while (needed > 0 && OPTIONAL_COLUMNS.has(header[needed - 1])) needed--;
      continue;
    }
    try {
      rows.push(parseRow(f, header, needed));
    } catch (e) {
      if (n === unfinished)
        warnings.push(`${source}:${n + 1}: skipped an incomplete last line (interrupted write)`);
      else
        throw new ValidationError(`${source}:${n + 1}: malformed results row: ${(e as Error).message}`, {
          line: n + 1,
        });
    }
  }
  if (header === undefined)
    throw new ValidationError(
      `${source}: empty: not a results file (expected a header line with shots, errors, decoder, strong_id, json_metadata)`,
    );
  return { rows, warnings };
}

/** One data row; throws an Error saying which field is wrong (the caller adds file and line). */
function parseRow(f: readonly string[], header: readonly string[], needed: number): ResultRow {
  if (f.length < needed) throw new Error(`${f.length} fields, the header has ${needed}`);
  const get = (c: string): string => f[header.indexOf(c)] ?? '';
  const count = (c: string, dflt?: string): number => {
    const s = get(c) || dflt || '';
    const v = /^\d+$/.test(s) ? Number(s) : NaN;
    if (!Number.isSafeInteger(v)) throw new Error(`${c} must be a non-negative integer, got '${excerpt(s)}'`);
    return v;
  };
  const shots = count('shots');
  const errors = count('errors');
  const discards = count('discards', '0');
  if (errors + discards > shots)
    throw new Error(`errors (${errors}) + discards (${discards}) exceed shots (${shots})`);
  const sec = get('seconds') || '0';
  const seconds = Number(sec);
  if (!(seconds >= 0 && Number.isFinite(seconds)))
    throw new Error(`seconds must be a non-negative number, got '${excerpt(sec)}'`);
  let metadata: unknown;
  try {
    metadata = JSON.parse(get('json_metadata') || 'null');
  } catch {
    throw new Error(`json_metadata is not JSON: '${excerpt(get('json_metadata'))}'`);
  }
  const b = get('qec_batch');
  const batch = b === '' ? undefined : Number(b);
  if (batch !== undefined && !(Number.isInteger(batch) && batch >= 0 && batch < BATCH_INDEX_LIMIT))
    throw new Error(`bad batch index '${excerpt(b)}'`);
  return {
    shots,
    errors,
    discards,
    seconds,
    decoder: get('decoder'),
    strongId: get('strong_id'),
    metadata: metadata as Record<string, unknown>,
    ...(batch === undefined ? {} : { batch }),
  };
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

/** Writes `text` to `path` atomically (a temporary file beside it, then rename). */
function replaceFile(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text, { flag: 'wx' });
  renameSync(tmp, path);
}

/** What a results file holds, for resuming: totals and where new batch indices start. */
export interface StoredResults {
  readonly totals: Map<string, TaskStats>;
  /** The first batch index new work of a task may use (experiment/schedule.ts `firstFreeBatch`). */
  firstFreeBatch(strongId: string): number;
  readonly warnings: string[];
}

/**
 * An append-only, sinter-compatible result CSV with one collector at a time. Every counted batch
 * is one row written by one append (counts and batch index together), so an interrupted run loses
 * at most the batches in flight, and a rerun never reuses a recorded batch index (nor, for rows
 * without one, the low half of the index space those tools used: see UNRECORDED_INDEX_BOUND).
 *
 * Opening takes an exclusive lock (`PATH.lock`), reads and checks the whole file first (a file
 * that is not a results CSV is refused unchanged), then, if needed, cuts a partial last line left
 * by a killed run and adds the `qec_batch` column to an older header, atomically.
 */
export class ResultStore {
  readonly csvPath: string;
  readonly lockPath: string;
  /** Notes about repairs made when the store was opened. */
  readonly truncated: string[] = [];
  private closed = false;

  /** @throws ValidationError when another collector holds the file, or it is not a results CSV. */
  constructor(csvPath: string) {
    this.csvPath = existsSync(csvPath) ? realpathSync(csvPath) : csvPath;
    this.lockPath = `${this.csvPath}.lock`;
    acquireLock(this.lockPath, this.csvPath);
    try {
      this.open();
    } catch (e) {
      releaseLock(this.lockPath);
      throw e;
    }
  }

  private open(): void {
    if (!existsSync(this.csvPath)) {
      writeFileSync(this.csvPath, CSV_HEADER + '\n', { flag: 'wx' });
      return;
    }
    const text = readFileSync(this.csvPath, 'utf8');
    if (text.trim() === '') return replaceFile(this.csvPath, CSV_HEADER + '\n');
    parseResultsCsv(text, this.csvPath); // Refuses a file that is not a results CSV, unchanged.
    const nl = text.indexOf('\n');
    const header = (nl < 0 ? text : text.slice(0, nl)).replace(/\r$/, '');
    let body = nl < 0 ? '' : text.slice(nl + 1);
    const cut = body.lastIndexOf('\n') + 1;
    const dropped = cut < body.length;
    if (dropped) {
      this.truncated.push(`${this.csvPath}: dropped an incomplete last line (interrupted write)`);
      body = body.slice(0, cut);
    }
    // A complete malformed line would stop every later read: refuse it rather than append after it.
    const strict = parseResultsCsv(`${header}\n${body}`, this.csvPath).warnings;
    if (strict.length > 0)
      throw new ValidationError(
        strict[0].replace(/skipped an incomplete last line.*$/, 'malformed results row'),
      );
    const upgrade = !splitCsvLine(header).some((c) => c.trim() === 'qec_batch');
    if (upgrade || dropped || nl < 0)
      replaceFile(this.csvPath, `${upgrade ? `${header},qec_batch` : header}\n${body}`);
  }

  /** Appends one batch's counts as one row (a single write). */
  append(r: ResultRow): void {
    if (this.closed) throw new ValidationError(`result store ${this.csvPath} is closed`);
    appendFileSync(this.csvPath, csvLine(r) + '\n');
  }

  /** Totals per strong id and where each task's new batch indices start. */
  load(): StoredResults {
    const totals = new Map<string, TaskStats>();
    const maxBatch = new Map<string, number>();
    const unrecorded = new Map<string, number>();
    const { rows, warnings } = parseResultsCsv(readFileSync(this.csvPath, 'utf8'), this.csvPath);
    for (const r of rows) {
      totals.set(r.strongId, addStats(totals.get(r.strongId) ?? EMPTY_STATS, r));
      if (r.batch === undefined) unrecorded.set(r.strongId, (unrecorded.get(r.strongId) ?? 0) + 1);
      else maxBatch.set(r.strongId, Math.max(r.batch, maxBatch.get(r.strongId) ?? -1));
    }
    return {
      totals,
      firstFreeBatch: (id) => firstFreeBatch(maxBatch.get(id), unrecorded.get(id) ?? 0),
      warnings: [...this.truncated, ...warnings],
    };
  }

  /** Releases the lock (appends are refused afterwards). Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    releaseLock(this.lockPath);
  }
}
