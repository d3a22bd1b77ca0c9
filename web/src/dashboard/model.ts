/**
 * The dashboard's view logic without the DOM (unit-tested beside it): study progress from the
 * service's task counts, the study JSON from the simple form, and validation of the JSON editor's
 * text with the protocol's schema, every problem as one line naming where it is.
 */
import { decodeMessage, StudySpecSchema, type StudySpec } from '../../../src/protocol/index.js';
import { jsonErrorAt } from './json-locate.js';

/** The counts of one task as the service reports them (study detail or a `progress` event). */
export interface TaskCounts {
  readonly shots: number;
  readonly errors: number;
  readonly done: boolean;
}

/** A study's stop rules. */
export interface StopRules {
  readonly maxShots: number;
  readonly maxErrors: number;
}

/**
 * Fraction of a study's work done, in [0, 1]: the mean over tasks of how far each is towards
 * whichever stop rule ends it first (shots or errors); finished tasks count 1.
 */
export function studyProgress(tasks: readonly TaskCounts[], rules: StopRules): number {
  if (tasks.length === 0) return 0;
  let sum = 0;
  for (const t of tasks)
    sum += t.done ? 1 : Math.min(1, Math.max(t.shots / rules.maxShots, t.errors / rules.maxErrors));
  return sum / tasks.length;
}

/** The simple form's fields as typed. */
export interface StudyForm {
  readonly code: string;
  readonly task: string;
  readonly distances: string;
  readonly rounds: string;
  readonly noise: string;
  readonly p: string;
  readonly decoders: readonly string[];
  readonly maxShots: string;
  readonly maxErrors: string;
}

/** A form field that could not be read. */
export class FormError extends Error {
  constructor(
    readonly field: keyof StudyForm,
    message: string,
  ) {
    super(message);
  }
}

/** Numbers separated by commas or spaces (`3, 5 7`, `1e-3, 2e-3`). */
export function parseNumberList(text: string, field: keyof StudyForm, what: string): number[] {
  const parts = text.split(/[\s,;]+/).filter((s) => s !== '');
  if (parts.length === 0) throw new FormError(field, `${what}: give at least one number`);
  return parts.map((s) => {
    const v = Number(s);
    if (!Number.isFinite(v)) throw new FormError(field, `${what}: '${s}' is not a number`);
    return v;
  });
}

function count(text: string, field: keyof StudyForm, what: string): number | undefined {
  if (text.trim() === '') return undefined;
  const v = Number(text.trim());
  if (!Number.isSafeInteger(v) || v < 1)
    throw new FormError(field, `${what}: expected a whole number ≥ 1, got '${text.trim()}'`);
  return v;
}

/**
 * The study JSON the form describes: one sweep over the distances and physical error rates (the
 * schema checks it further when it is validated). Throws {@link FormError} for unreadable fields.
 */
export function formToSpec(f: StudyForm): Record<string, unknown> {
  const distance = parseNumberList(f.distances, 'distances', 'distances');
  const p = parseNumberList(f.p, 'p', 'p');
  const rounds =
    f.rounds.trim() === '' ? 'd' : /^\d+$/.test(f.rounds.trim()) ? Number(f.rounds) : f.rounds.trim();
  const maxShots = count(f.maxShots, 'maxShots', 'max shots');
  const maxErrors = count(f.maxErrors, 'maxErrors', 'max errors');
  if (f.decoders.length === 0) throw new FormError('decoders', 'decoders: choose at least one');
  return {
    decoders: [...f.decoders],
    sweeps: [
      {
        code: f.code,
        task: f.task,
        distance: distance.length === 1 ? distance[0] : distance,
        rounds,
        noise: f.noise,
        params: { p: p.length === 1 ? p[0] : p },
      },
    ],
    ...(maxShots === undefined ? {} : { maxShots }),
    ...(maxErrors === undefined ? {} : { maxErrors }),
  };
}

/** Line and column (1-based) of a character offset. */
export function lineCol(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, col: lines[lines.length - 1].length + 1 };
}

/** The outcome of validating the editor's text. */
export type Checked =
  { readonly ok: true; readonly spec: StudySpec } | { readonly ok: false; readonly message: string };

/**
 * Validates the JSON editor's text: a syntax error as `line L, column C: ...`, then the study
 * schema's first problem as `JSON.path: ...` (the protocol's {@link decodeMessage} line).
 */
export function checkStudyText(text: string): Checked {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const at = jsonErrorAt(text);
    const where = lineCol(text, at?.offset ?? text.length);
    const what = at === undefined ? (e as Error).message : `expected ${at.expected}`;
    return { ok: false, message: `line ${where.line}, column ${where.col}: JSON syntax: ${what}` };
  }
  try {
    return { ok: true, spec: decodeMessage(StudySpecSchema, value) };
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
}
