import { readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ValidationError } from '../base/errors.js';
import type { ResultRecord } from '../experiment/analysis.js';
import { mergeRows, parseResultsCsv } from '../node/result-store.js';
import { decodeText, type CliIO } from './io.js';

/**
 * Checks, before anything touches it, that `path` can serve as a results file to append to: it
 * does not exist yet and its folder does, or it is a regular file (or a link to one) that already
 * reads as a results CSV (UTF-8, a header with sinter's columns, valid rows). A refusal changes
 * nothing: a text or binary file given by mistake stays byte for byte as it was. The JSON-lines
 * file beside it, if present, must be a regular file too.
 * @throws ValidationError one line naming the file and the reason.
 */
export async function checkResultsTarget(path: string): Promise<void> {
  const why = await refusal(path);
  if (why !== undefined) throw new ValidationError(`results file '${path}': ${why}`, { path });
  const jsonl = path.replace(/\.csv$/i, '') + '.jsonl';
  const j = await stat(jsonl).catch(() => undefined);
  if (j !== undefined && !j.isFile())
    throw new ValidationError(`results file '${path}': '${jsonl}' beside it is not a regular file`, { path });
}

async function refusal(path: string): Promise<string | undefined> {
  const st = await stat(path).catch((e: NodeJS.ErrnoException) => e);
  if (st instanceof Error) {
    if (st.code !== 'ENOENT') return `cannot be read (${st.code ?? st.message})`;
    const dir = await stat(dirname(path)).catch(() => undefined);
    return dir?.isDirectory() === true ? undefined : `folder '${dirname(path)}' does not exist`;
  }
  if (st.isDirectory()) return 'is a directory';
  if (!st.isFile()) return 'is not a regular file (a device, pipe or socket)';
  if (st.size === 0) return 'is empty, so it is not a results CSV (remove it or choose another name)';
  try {
    parseResultsCsv(decodeText(new Uint8Array(await readFile(path)), path), path);
  } catch (e) {
    return `not a results CSV, left unchanged: ${(e as Error).message}`;
  }
  return undefined;
}

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
