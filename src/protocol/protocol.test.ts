import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { LimitError, ParseError, QecError, ValidationError } from '../base/errors.js';
import { DECODERS } from '../decode/registry.js';
import type { TaskSpec } from '../experiment/task.js';
import {
  BatchRequestSchema,
  BatchResultSchema,
  decodeMessage,
  fromProtocolError,
  PROTOCOL_MESSAGES,
  ProgressEventSchema,
  protocolJsonSchemas,
  ProtocolErrorSchema,
  resolveStudy,
  StudySpecSchema,
  TaskSpecSchema,
  toProtocolError,
  type ProtocolMessageName,
  type TaskSpecMessage,
} from './index.js';

/** The one-line message of decoding `value`, or undefined when it is valid. */
function problem(
  schema: Parameters<typeof decodeMessage>[0],
  value: unknown,
  where = '',
): string | undefined {
  try {
    decodeMessage(schema, value, where);
    return undefined;
  } catch (e) {
    assert.ok(e instanceof ValidationError, String(e));
    assert.ok(!e.message.includes('\n'), `one line: ${e.message}`);
    return e.message;
  }
}

const surface = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  code: 'rotated-surface',
  distance: 3,
  noise: 'uniform',
  params: { p: 0.001 },
  ...extra,
});

describe('study spec schema', () => {
  it('names the JSON path of an unknown key', () => {
    const study = { tasks: [surface(), surface(), { ...surface(), nosie: 'uniform' }] };
    assert.equal(problem(StudySpecSchema, study, 'study.json'), 'study.json: tasks[2].nosie: unknown key');
    assert.equal(problem(StudySpecSchema, { tasks: [surface()], maxshots: 5 }), 'maxshots: unknown key');
    assert.match(
      problem(StudySpecSchema, { sweeps: [{ ...surface(), distances: [3] }] }) ?? '',
      /^sweeps\[0\]\.distances: unknown key/,
    );
  });

  it('checks decoder names against the registry', () => {
    const msg = problem(StudySpecSchema, { decoders: ['mwpn'], tasks: [surface()] });
    assert.equal(
      msg,
      `decoders[0]: unknown decoder 'mwpn'; valid decoders: ${DECODERS.map((d) => d.name).join(', ')}`,
    );
    assert.match(
      problem(StudySpecSchema, { tasks: [surface({ decoder: 'bp' })] }) ?? '',
      /^tasks\[0\]\.decoder: unknown decoder 'bp'/,
    );
  });

  it('checks decoder options against the decoder option tables', () => {
    assert.match(
      problem(StudySpecSchema, {
        decoders: ['bposd'],
        tasks: [surface({ decoderOptions: { osdOrdr: 3 } })],
      }) ?? '',
      /^tasks\[0\]\.decoderOptions\.osdOrdr: decoder 'bposd' has no option 'osdOrdr'/,
    );
    assert.match(
      problem(StudySpecSchema, { tasks: [surface({ decoder: 'mwpm', decoderOptions: { x: 1 } })] }) ?? '',
      /^tasks\[0\]\.decoderOptions\.x: decoder 'mwpm' has no option 'x'; valid options: \(none\)/,
    );
  });

  it('checks codes, tasks, distances and noise parameters against their tables', () => {
    assert.match(
      problem(StudySpecSchema, { tasks: [surface({ code: 'rotated' })] }) ?? '',
      /^tasks\[0\]\.code: unknown code 'rotated'; valid codes: repetition, rotated-surface/,
    );
    assert.match(
      problem(StudySpecSchema, { tasks: [surface({ distance: 4 })] }) ?? '',
      /^tasks\[0\]\.distance: distance of 'rotated-surface' must be an odd integer ≥ 3, got 4/,
    );
    assert.match(
      problem(StudySpecSchema, { tasks: [surface({ task: 'stability', distance: 3 })] }) ?? '',
      /^tasks\[0\]\.distance: .*even/,
    );
    assert.match(
      problem(StudySpecSchema, { tasks: [surface({ code: 'toric', task: 'stability' })] }) ?? '',
      /^tasks\[0\]\.task: code 'toric' does not support task 'stability'/,
    );
    assert.match(
      problem(StudySpecSchema, { tasks: [surface({ noise: 'none' })] }) ?? '',
      /^tasks\[0\]\.params\.p: noise parameter 'p' given without a noise model/,
    );
    assert.match(
      problem(StudySpecSchema, { tasks: [surface({ noise: undefined })] }) ?? '',
      /^tasks\[0\]\.params\.p: noise parameter 'p' given without a noise model/,
    );
    assert.match(
      problem(StudySpecSchema, { tasks: [surface({ params: { p: 2 } })] }) ?? '',
      /^tasks\[0\]\.params\.p: noise parameter 'p' = 2 is outside \[0, 1\]/,
    );
    assert.match(
      problem(StudySpecSchema, { tasks: [surface({ params: { nbar: 2 } })] }) ?? '',
      /^tasks\[0\]\.params\.nbar: noise model 'uniform' has no parameter 'nbar'/,
    );
    assert.match(
      problem(StudySpecSchema, { tasks: [surface({ params: {} })] }) ?? '',
      /^tasks\[0\]\.params: noise model 'uniform' needs parameter 'p'/,
    );
    assert.match(
      problem(StudySpecSchema, { tasks: [surface({ noise: 'unifrom' })] }) ?? '',
      /^tasks\[0\]\.noise: unknown noise model 'unifrom'/,
    );
    assert.match(
      problem(StudySpecSchema, {
        sweeps: [surface({ distance: [3, 4, 5], params: { p: [0.001, 0.002] } })],
      }) ?? '',
      /^sweeps\[0\]\.distance: distance of 'rotated-surface' must be an odd integer/,
    );
  });

  it('reports wrong types with the path and what was given', () => {
    assert.equal(
      problem(StudySpecSchema, { tasks: [surface({ distance: '5' })] }),
      'tasks[0].distance: expected number, got "5"',
    );
    assert.equal(
      problem(StudySpecSchema, { tasks: [surface({ distance: 3.5 })] }),
      'tasks[0].distance: expected an integer, got 3.5',
    );
    assert.equal(problem(StudySpecSchema, { tasks: {} }), 'tasks: expected array, got an object');
    assert.equal(
      problem(StudySpecSchema, { tasks: [surface()], maxShots: 0 }),
      'maxShots: must be ≥ 1, got 0',
    );
    assert.equal(problem(StudySpecSchema, []), '(top level): expected object, got an array');
    assert.match(
      problem(StudySpecSchema, { tasks: [surface({ rounds: 'two' })] }) ?? '',
      /^tasks\[0\]\.rounds: /,
    );
    assert.match(problem(StudySpecSchema, {}) ?? '', /^\(top level\): no tasks/);
    assert.match(
      problem(StudySpecSchema, { tasks: [{ circuit: 'a.stim', distance: 3 }] }) ?? '',
      /^tasks\[0\]\.distance: 'distance' belongs to generated tasks/,
    );
  });

  it('resolves a valid study to tasks with strong ids, sweeps expanded and duplicates merged', () => {
    const study = decodeMessage(StudySpecSchema, {
      decoders: ['mwpm', 'unionfind'],
      maxShots: 1000,
      tasks: [surface(), { circuit: 'c.stim' }],
      sweeps: [surface({ distance: [3, 5], rounds: '2d', params: { p: [0.001, 0.002] } })],
    });
    assert.equal(study.maxShots, 1000);
    const tasks = resolveStudy(study, (p) => (p === 'c.stim' ? 'X_ERROR(0.1) 0\nM 0\nDETECTOR rec[-1]' : ''));
    // 2 decoders × (1 task + 1 circuit + 4 sweep points), less the sweep point equal to tasks[0]? No:
    // the sweep has rounds 2d, so none coincides with tasks[0] (rounds d).
    assert.equal(tasks.length, 2 * (1 + 1 + 4));
    assert.equal(new Set(tasks.map((t) => t.strongId)).size, tasks.length);
    const d5 = tasks.find((t) => t.metadata.d === 5 && t.metadata.p === 0.002 && t.decoder === 'unionfind');
    assert.equal(d5?.metadata.r, 10);
    // A duplicated task resolves once.
    const dup = resolveStudy(decodeMessage(StudySpecSchema, { tasks: [surface(), surface()] }), () => '');
    assert.equal(dup.length, 1);
  });

  it('names the entry of a task that fails to resolve', () => {
    const study = decodeMessage(StudySpecSchema, { tasks: [{ circuit: 'bad.stim' }] });
    assert.throws(
      () => resolveStudy(study, () => 'H 0\nFOO 1\n'),
      (e: unknown) => e instanceof ParseError && e.headline.startsWith('bad.stim:2:1:'),
    );
  });
});

describe('messages', () => {
  const id = 'ab'.repeat(32);
  it('refuse unknown keys and bad counts', () => {
    assert.equal(
      problem(BatchRequestSchema, { strongId: id, batch: 0, shots: 5, seed: 1, circuit: 'H 0' }),
      'circuit: unknown key',
    );
    assert.equal(
      problem(BatchRequestSchema, { strongId: 'xyz', batch: 0, shots: 5, seed: 1 }),
      'strongId: expected a strong id (64 hex digits)',
    );
    assert.equal(
      problem(BatchResultSchema, { strongId: id, batch: 0, shots: 5, errors: -1, discards: 0, seconds: 0 }),
      'errors: must be ≥ 0, got -1',
    );
    assert.equal(
      problem(BatchRequestSchema, { strongId: id, batch: 0, shots: 5, seed: -1 }),
      'seed: must be ≥ 0, got -1',
    );
  });

  it('task specs: exactly one of circuit and generator; generator checked against the tables', () => {
    assert.match(problem(TaskSpecSchema, { decoder: 'mwpm' }) ?? '', /exactly one of 'circuit'/);
    assert.equal(
      problem(TaskSpecSchema, {
        decoder: 'mwpm',
        generator: { code: 'repetition', task: 'memory-z', distance: 3, rounds: 3, noiseParams: { p: 0.1 } },
      }),
      'generator.noiseParams.p: noise parameter \'p\' given without a noise model: set "noise" (e.g. "uniform")',
    );
    // The inferred type is the one experiment/ resolves.
    const t: TaskSpecMessage = decodeMessage(TaskSpecSchema, { decoder: 'mwpm', circuit: 'M 0' });
    const asTaskSpec: TaskSpec = t;
    assert.equal(asTaskSpec.decoder, 'mwpm');
  });

  it('errors keep their class and code across the boundary', () => {
    const round = (e: unknown): QecError =>
      fromProtocolError(decodeMessage(ProtocolErrorSchema, JSON.parse(JSON.stringify(toProtocolError(e)))));
    assert.ok(round(new LimitError('too big', { bytes: 5 })) instanceof LimitError);
    assert.deepEqual(round(new LimitError('too big', { bytes: 5 })).details, { bytes: 5 });
    assert.ok(round(new ValidationError('bad')) instanceof ValidationError);
    const pe = round(new ParseError('unknown gate', { source: 'a.stim', line: 2, column: 3 }, 'FOO 1'));
    assert.ok(pe instanceof ParseError);
    assert.equal(pe.headline, 'a.stim:2:3: unknown gate');
    const internal = round(new RangeError('oops'));
    assert.equal(internal.code, 'INTERNAL');
    assert.equal(internal.message, 'RangeError: oops');
  });
});

describe('JSON Schemas', () => {
  const schemas = protocolJsonSchemas();
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  const validators = Object.fromEntries(
    Object.entries(schemas).map(([k, s]) => [k, ajv.compile(s)]),
  ) as Record<ProtocolMessageName, ReturnType<typeof ajv.compile>>;

  it('one per message, strict (additionalProperties false) at the top', () => {
    assert.deepEqual(Object.keys(schemas).sort(), Object.keys(PROTOCOL_MESSAGES).sort());
    for (const [name, s] of Object.entries(schemas)) assert.equal(s.additionalProperties, false, name);
  });

  const hex = fc.stringMatching(/^[0-9a-f]{64}$/);
  const count = fc.nat({ max: 2 ** 40 });
  const arbitraries: Partial<Record<ProtocolMessageName, fc.Arbitrary<unknown>>> = {
    BatchRequest: fc.record({
      strongId: hex,
      batch: fc.nat({ max: 0xffffffff }),
      shots: fc.integer({ min: 1, max: 2 ** 40 }),
      seed: fc.maxSafeNat(),
    }),
    BatchResult: fc.record({
      strongId: hex,
      batch: fc.nat({ max: 0xffffffff }),
      shots: count,
      errors: count,
      discards: count,
      seconds: fc.double({ min: 0, max: 1e6, noNaN: true }),
    }),
    ProgressEvent: fc.record({
      tasks: fc.array(
        fc.record({
          strongId: hex,
          decoder: fc.constantFrom('mwpm', 'unionfind'),
          metadata: fc.dictionary(fc.string(), fc.oneof(fc.integer(), fc.string(), fc.boolean())),
          shots: count,
          errors: count,
          discards: count,
          seconds: fc.double({ min: 0, max: 1e6, noNaN: true }),
          inFlightShots: count,
          done: fc.boolean(),
        }),
        { maxLength: 3 },
      ),
      elapsedSeconds: fc.double({ min: 0, max: 1e6, noNaN: true }),
    }),
    ProtocolError: fc.record(
      {
        code: fc.constantFrom('LIMIT', 'VALIDATION', 'INTERNAL'),
        name: fc.string(),
        message: fc.string(),
        details: fc.dictionary(fc.string(), fc.integer()),
      },
      { requiredKeys: ['code', 'name', 'message'] },
    ),
    TaskSpec: fc.record(
      {
        decoder: fc.constantFrom('mwpm', 'unionfind', 'lookup'),
        circuit: fc.constantFrom('M 0', 'H 0\nM 0'),
        metadata: fc.dictionary(fc.string(), fc.integer()),
      },
      { requiredKeys: ['decoder', 'circuit'] },
    ),
    StudySpec: fc.record(
      {
        decoders: fc.subarray(['mwpm', 'unionfind', 'bposd'], { minLength: 1 }),
        tasks: fc.array(
          fc.record({
            code: fc.constant('repetition'),
            distance: fc.integer({ min: 2, max: 9 }),
            rounds: fc.oneof(fc.integer({ min: 1, max: 9 }), fc.constantFrom('d', '2d')),
            noise: fc.constant('uniform'),
            params: fc.record({ p: fc.double({ min: 0, max: 1, noNaN: true }) }),
          }),
          { minLength: 1, maxLength: 3 },
        ),
        maxShots: fc.integer({ min: 1, max: 2 ** 40 }),
      },
      { requiredKeys: ['tasks'] },
    ),
  };
  arbitraries.TaskAssignment = fc.record({
    strongId: hex,
    task: arbitraries.TaskSpec as fc.Arbitrary<unknown>,
  });

  for (const name of Object.keys(PROTOCOL_MESSAGES) as ProtocolMessageName[])
    it(`${name}: valid messages satisfy its JSON Schema and survive JSON unchanged`, () => {
      const arb = arbitraries[name];
      assert.ok(arb !== undefined, `an arbitrary for ${name}`);
      fc.assert(
        fc.property(arb, (msg) => {
          const wire = JSON.parse(JSON.stringify(msg)) as unknown;
          const back = decodeMessage(PROTOCOL_MESSAGES[name], wire);
          assert.deepEqual(back, wire);
          assert.ok(validators[name](wire), JSON.stringify(validators[name].errors));
          // An unknown key is refused by both the zod schema and the JSON Schema.
          const extra = { ...(wire as object), unknownKey: 1 };
          assert.equal(validators[name](extra), false);
          assert.equal(PROTOCOL_MESSAGES[name].safeParse(extra).success, false);
        }),
        { numRuns: 25, seed: 11 },
      );
    });

  it('JSON Schema enums come from the tables', () => {
    const study = JSON.stringify(schemas.StudySpec);
    for (const d of DECODERS) assert.ok(study.includes(JSON.stringify(d.name)), d.name);
    assert.equal(validators.ProgressEvent({ tasks: [], elapsedSeconds: -1 }), false);
    assert.equal(ProgressEventSchema.safeParse({ tasks: [], elapsedSeconds: -1 }).success, false);
  });
});
