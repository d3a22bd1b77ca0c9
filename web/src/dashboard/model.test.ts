import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkStudyText, formToSpec, FormError, lineCol, studyProgress, type StudyForm } from './model.js';

const FORM: StudyForm = {
  code: 'rotated-surface',
  task: 'memory-z',
  distances: '3, 5',
  rounds: 'd',
  noise: 'uniform',
  p: '1e-3 2e-3',
  decoders: ['mwpm'],
  maxShots: '1000',
  maxErrors: '',
};

describe('studyProgress', () => {
  it('averages each task towards its first stop rule', () => {
    const rules = { maxShots: 1000, maxErrors: 10 };
    assert.equal(studyProgress([], rules), 0);
    assert.equal(
      studyProgress(
        [
          { shots: 500, errors: 0, done: false }, // 1/2 by shots
          { shots: 100, errors: 5, done: false }, // 1/2 by errors
          { shots: 10, errors: 0, done: true }, // finished
          { shots: 0, errors: 0, done: false },
        ],
        rules,
      ),
      (0.5 + 0.5 + 1 + 0) / 4,
    );
    assert.equal(studyProgress([{ shots: 5000, errors: 50, done: false }], rules), 1);
  });
});

describe('formToSpec', () => {
  it('builds one sweep that the protocol schema accepts', () => {
    const spec = formToSpec(FORM);
    assert.deepEqual(spec, {
      decoders: ['mwpm'],
      sweeps: [
        {
          code: 'rotated-surface',
          task: 'memory-z',
          distance: [3, 5],
          rounds: 'd',
          noise: 'uniform',
          params: { p: [0.001, 0.002] },
        },
      ],
      maxShots: 1000,
    });
    assert.equal(checkStudyText(JSON.stringify(spec)).ok, true);
  });

  it('names the field it cannot read', () => {
    assert.throws(
      () => formToSpec({ ...FORM, p: '0.001, x' }),
      (e: unknown) => e instanceof FormError && e.field === 'p' && /'x' is not a number/.test(e.message),
    );
    assert.throws(
      () => formToSpec({ ...FORM, distances: ' ' }),
      (e: unknown) => (e as FormError).field === 'distances',
    );
    assert.throws(
      () => formToSpec({ ...FORM, maxShots: '1.5' }),
      (e: unknown) => (e as FormError).field === 'maxShots',
    );
    assert.throws(
      () => formToSpec({ ...FORM, decoders: [] }),
      (e: unknown) => (e as FormError).field === 'decoders',
    );
  });
});

describe('checkStudyText', () => {
  it('gives the line and column of a JSON syntax error', () => {
    assert.deepEqual(lineCol('ab\ncd', 4), { line: 2, col: 2 });
    const r = checkStudyText('{\n  "decoders": ["mwpm"],\n  "sweeps": [}\n}');
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.message, /^line 3, column 14: JSON syntax: expected a value$/);
  });

  it('names the JSON path of a schema problem', () => {
    const bad = formToSpec(FORM) as { sweeps: Record<string, unknown>[] };
    bad.sweeps[0].nosie = 'uniform';
    const r = checkStudyText(JSON.stringify(bad));
    assert.equal(r.ok ? '' : r.message, 'sweeps[0].nosie: unknown key');
    const r2 = checkStudyText(JSON.stringify({ ...formToSpec(FORM), decoders: ['mwpn'] }));
    assert.match(r2.ok ? '' : r2.message, /^decoders\[0\]: unknown decoder 'mwpn'/);
    const r3 = checkStudyText('{}');
    assert.match(r3.ok ? '' : r3.message, /no tasks/);
  });
});
