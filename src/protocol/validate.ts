/**
 * Decoding a message against its schema: one entry point ({@link decodeMessage}) that turns the
 * first problem zod finds into a one-line {@link ValidationError} naming the JSON path
 * (`tasks[2].nosie: unknown key`, `decoders[0]: unknown decoder 'mwpn'; valid decoders: ...`).
 */
import type { z } from 'zod';
import { ValidationError } from '../base/errors.js';

/** A JSON path as `tasks[2].params.p` (the root is `where`, default empty). */
export function jsonPath(path: readonly PropertyKey[], root = ''): string {
  let out = root;
  for (const k of path) {
    if (typeof k === 'number') out += `[${k}]`;
    else {
      const s = String(k);
      const plain = /^[A-Za-z_$][\w$-]*$/.test(s);
      out += plain ? (out === '' ? s : `.${s}`) : `[${JSON.stringify(s)}]`;
    }
  }
  return out;
}

/** A short description of a JSON value for messages (long values cut to an excerpt). */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  const s = JSON.stringify(v);
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

type Issue = z.core.$ZodIssue;

/** One line for one zod issue, with its JSON path. */
export function issueLine(issue: Issue, root = ''): string {
  const at = (extra: readonly PropertyKey[] = []): string => {
    const p = jsonPath([...issue.path, ...extra], root);
    return p === '' ? '(top level)' : p;
  };
  switch (issue.code) {
    case 'unrecognized_keys':
      return `${at([issue.keys[0]])}: unknown key${issue.keys.length > 1 ? ` (also ${issue.keys.slice(1).join(', ')})` : ''}`;
    case 'invalid_type':
      return `${at()}: expected ${issue.expected === 'int' ? 'an integer' : issue.expected}, got ${describeValue(issue.input)}`;
    case 'too_small':
      return `${at()}: ${issue.origin === 'array' || issue.origin === 'string' ? `needs at least ${String(issue.minimum)} ${issue.origin === 'array' ? 'entries' : 'characters'}` : `must be ${issue.inclusive === false ? '>' : '≥'} ${String(issue.minimum)}, got ${describeValue(issue.input)}`}`;
    case 'too_big':
      return `${at()}: must be ${issue.inclusive === false ? '<' : '≤'} ${String(issue.maximum)}, got ${describeValue(issue.input)}`;
    case 'invalid_union': {
      // The first alternative's own first issue is usually the most telling; else zod's text.
      const inner = issue.errors.find((e) => e.length > 0)?.[0];
      if (inner !== undefined && inner.code === 'custom')
        return issueLine({ ...inner, path: [...issue.path, ...inner.path] }, root);
      return `${at()}: ${issue.message === 'Invalid input' ? `unexpected value ${describeValue(issue.input)}` : issue.message}`;
    }
    case 'custom':
    case 'invalid_value':
    case 'invalid_format':
    case 'invalid_key':
    case 'invalid_element':
    case 'not_multiple_of':
      return `${at()}: ${issue.message}`;
  }
}

/**
 * Parses `value` with `schema`. Unknown keys are reported before other problems (a misspelt key
 * is usually the cause of the rest).
 * @param where prefix of the JSON path in messages (e.g. a file name: `study.json: tasks[0]...`).
 * @throws ValidationError with one line naming the JSON path and the rule broken; `details`
 * holds the path and the number of problems.
 */
export function decodeMessage<S extends z.ZodType>(schema: S, value: unknown, where = ''): z.output<S> {
  const r = schema.safeParse(value, { reportInput: true });
  if (r.success) return r.data;
  const issues = [...r.error.issues].sort(
    (a, b) => Number(b.code === 'unrecognized_keys') - Number(a.code === 'unrecognized_keys'),
  );
  const first = issues[0];
  const more =
    issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  const prefix = where === '' ? '' : `${where}: `;
  throw new ValidationError(`${prefix}${issueLine(first)}${more}`, {
    path: jsonPath(first.path),
    problems: issues.length,
  });
}
