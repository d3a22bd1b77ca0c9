/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument -- JSON answers are checked field by field by the assertions */
// Authentication and bad input against a real server: every refusal is a JSON error with a code
// (and the JSON path where there is one), never a stack trace, and the server keeps serving.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { call, SMALL_STUDY, startTestService, type Answer, type TestService } from './helpers.js';

/** Checks the error body shape: `{"error": {"code", "message", "path"?}}`, one line, no stack. */
function assertError(a: Answer, status: number, code: string, path?: string): void {
  assert.equal(a.status, status, a.text);
  assert.deepEqual(Object.keys(a.body as object), ['error']);
  assert.equal(a.body.error.code, code, a.text);
  assert.equal(typeof a.body.error.message, 'string');
  assert.ok(!a.body.error.message.includes('\n'), `multi-line message: ${a.text}`);
  assert.ok(!/\bat .*\.(ts|js):\d+/.test(a.text), `stack trace leaked: ${a.text}`);
  if (path !== undefined) assert.equal(a.body.error.path, path, a.text);
}

describe('qec serve: authentication', () => {
  let t: TestService;
  before(async () => {
    t = await startTestService({ workers: 1 });
  });
  after(() => t.stop());

  it('lets anyone read /healthz and the OpenAPI 3.1 document, nothing else', async () => {
    assert.deepEqual((await call(t.url, 'GET', '/healthz')).body, { status: 'ok' });
    const doc = await call(t.url, 'GET', '/api/v1/openapi.json');
    assert.equal(doc.status, 200);
    assert.equal(doc.body.openapi, '3.1.0');
    for (const p of [
      '/api/v1/studies',
      '/api/v1/studies/{id}',
      '/api/v1/studies/{id}/events',
      '/api/v1/circuits/analyze-errors',
    ])
      assert.ok(p in doc.body.paths, `${p} missing from the OpenAPI document`);
    // The request body is the protocol's study schema (strict: unknown keys refused).
    const body = doc.body.paths['/api/v1/studies'].post.requestBody.content['application/json'].schema;
    assert.equal(body.additionalProperties, false);
    assert.ok('sweeps' in body.properties && 'maxShots' in body.properties);
    const noToken = await call(t.url, 'GET', '/api/v1/studies');
    assertError(noToken, 401, 'UNAUTHORIZED');
    assert.equal(noToken.headers.get('www-authenticate'), 'Bearer');
  });

  it('refuses a wrong token and a revoked one; another user sees 404 for my study', async () => {
    assertError(
      await call(t.url, 'GET', '/api/v1/studies', { token: 'qec_not-a-token' }),
      401,
      'UNAUTHORIZED',
    );
    const { token, id: tokenId } = t.service.store.createToken('carol');
    assert.equal((await call(t.url, 'GET', '/api/v1/studies', { token })).status, 200);
    assert.ok(t.service.store.revokeToken(tokenId));
    assertError(await call(t.url, 'GET', '/api/v1/studies', { token }), 401, 'UNAUTHORIZED');

    const mine = await call(t.url, 'POST', '/api/v1/studies', {
      token: t.token,
      body: { ...SMALL_STUDY, maxShots: 1e9 },
    });
    assert.equal(mine.status, 201);
    const id = mine.body.id as string;
    const bob = t.service.store.createToken('bob').token;
    for (const [method, path] of [
      ['GET', `/api/v1/studies/${id}`],
      ['GET', `/api/v1/studies/${id}/results.csv`],
      ['GET', `/api/v1/studies/${id}/analysis`],
      ['GET', `/api/v1/studies/${id}/events`],
      ['POST', `/api/v1/studies/${id}/cancel`],
      ['DELETE', `/api/v1/studies/${id}`],
    ])
      assertError(await call(t.url, method, path, { token: bob }), 404, 'NOT_FOUND');
    assert.deepEqual((await call(t.url, 'GET', '/api/v1/studies', { token: bob })).body.studies, []);
    const still = await call(t.url, 'POST', `/api/v1/studies/${id}/cancel`, { token: t.token });
    assert.equal(still.body.status, 'cancelled', 'the owner still has the study');
  });

  it('only stores token hashes', () => {
    const { token } = t.service.store.createToken('dave');
    const list = t.service.store.listTokens();
    assert.ok(list.every((x) => !JSON.stringify(x).includes(token.slice(10))));
    assert.equal(t.service.store.authenticate(token)?.name, 'dave');
  });
});

describe('qec serve: bad input', () => {
  let t: TestService;
  before(async () => {
    t = await startTestService({
      workers: 1,
      limits: { bodyBytes: 64 * 1024, activeStudiesPerUser: 1, tasksPerStudy: 20, circuitQubits: 1000 },
    });
  });
  after(() => t.stop());
  const post = (path: string, body: unknown): Promise<Answer> =>
    call(t.url, 'POST', path, { token: t.token, body });

  it('answers each bad request with a 4xx naming the path, and keeps serving', async () => {
    const gen = { code: 'rotated-surface', distance: 3, noise: 'uniform', params: { p: 0.01 } };
    assertError(await post('/api/v1/studies', '{"maxShots": 10, "tasks": ['), 400, 'MALFORMED_JSON');
    assertError(await post('/api/v1/studies', ''), 400, 'MALFORMED_JSON');
    assertError(
      await post('/api/v1/studies', { maxShots: 10, tasks: [{ ...gen, nosie: 'x' }] }),
      422,
      'VALIDATION',
      'tasks[0].nosie',
    );
    assertError(
      await post('/api/v1/studies', { maxShots: 10, tasks: [gen], extra: 1 }),
      422,
      'VALIDATION',
      'extra',
    );
    assertError(
      await post('/api/v1/studies', { maxShots: 10, tasks: [{ ...gen, distance: 'five' }] }),
      422,
      'VALIDATION',
      'tasks[0].distance',
    );
    assertError(
      await post('/api/v1/studies', { maxShots: '10', tasks: [gen] }),
      422,
      'VALIDATION',
      'maxShots',
    );
    assertError(
      await post('/api/v1/studies', { maxShots: 10, decoders: ['mwpn'], tasks: [gen] }),
      422,
      'VALIDATION',
      'decoders[0]',
    );
    assertError(await post('/api/v1/studies', { tasks: [gen] }), 422, 'VALIDATION', 'maxShots');
    // Absurd shot counts: over the schema's range, and over the service's limit.
    assertError(
      await post('/api/v1/studies', { maxShots: 1e300, tasks: [gen] }),
      422,
      'VALIDATION',
      'maxShots',
    );
    assertError(await post('/api/v1/studies', { maxShots: 1e14, tasks: [gen] }), 422, 'LIMIT', 'maxShots');
    assertError(
      await post('/api/v1/studies', {
        maxShots: 10,
        sweeps: [
          { ...gen, distance: [3, 5, 7], params: { p: [0.001, 0.002, 0.003, 0.004, 0.005, 0.006, 0.007] } },
        ],
      }),
      422,
      'LIMIT',
      'sweeps',
    );
    assertError(
      await post('/api/v1/studies', { maxShots: 10, tasks: [{ ...gen, distance: 25 }] }),
      413,
      'LIMIT',
      'tasks[0].distance',
    );
    assertError(
      await post('/api/v1/studies', { maxShots: 10, tasks: [{ ...gen, distance: 100001 }] }),
      413,
      'LIMIT',
      'tasks[0].distance',
    );
    assertError(
      await post('/api/v1/studies', { maxShots: 10, tasks: [{ circuit: 'c.stim' }] }),
      422,
      'VALIDATION',
      'tasks[0].circuit',
    );
    // Oversize body: 413 before anything is parsed.
    assertError(
      await post('/api/v1/circuits/analyze-errors', { circuit: 'H 0\n'.repeat(40000) }),
      413,
      'BODY_TOO_LARGE',
    );
    // A circuit that would need 40 qubits of state vector (a T gate): refused, naming the field.
    const t40 = 'H 0\nT 39\nCX 0 39\nM 0 39\nDETECTOR rec[-1]\n';
    const nonClifford = await post('/api/v1/circuits/analyze-errors', { circuit: t40 });
    assertError(nonClifford, 422, 'UNSUPPORTED', 'circuit');
    assert.match(nonClifford.body.error.message, /T 39 is not a Clifford/);
    assertError(
      await post('/api/v1/circuits/analyze-errors', { circuit: 'H 0\nCX 0 oops\n' }),
      422,
      'PARSE',
      'circuit',
    );
    assertError(
      await post('/api/v1/circuits/analyze-errors', { circuit: 'H 5000\nM 5000\n' }),
      413,
      'LIMIT',
      'circuit',
    );
    assertError(
      await post('/api/v1/circuits/analyze-errors', { circuit: 'REPEAT 1000000000 {\n  H 0\n}\n' }),
      413,
      'LIMIT',
      'circuit',
    );
    assertError(
      await post('/api/v1/circuits/generate', {
        code: 'rotated-surface',
        task: 'memory-z',
        distance: 4,
        rounds: 3,
      }),
      422,
      'VALIDATION',
      'distance',
    );
    assertError(
      await call(t.url, 'GET', '/api/v1/studies?limit=abc', { token: t.token }),
      422,
      'VALIDATION',
      'limit',
    );
    assertError(await call(t.url, 'GET', '/api/v1/nothing-here', { token: t.token }), 404, 'NOT_FOUND');

    // Still serving: health, a good DEM, a good study.
    assert.equal((await call(t.url, 'GET', '/healthz')).status, 200);
    const dem = await post('/api/v1/circuits/analyze-errors', {
      circuit: 'R 0 1\nX_ERROR(0.125) 0\nCX 0 1\nM 0 1\nDETECTOR rec[-1]\nOBSERVABLE_INCLUDE(0) rec[-2]\n',
    });
    assert.equal(dem.status, 200, dem.text);
    assert.equal(dem.body.dem, 'error(0.125) D0 L0\n');
    const gen2 = await post('/api/v1/circuits/generate', {
      code: 'repetition',
      task: 'memory-z',
      distance: 3,
      rounds: 2,
    });
    assert.equal(gen2.status, 200, gen2.text);
    assert.equal(gen2.body.numQubits, 5);
    const ok = await post('/api/v1/studies', { maxShots: 1e9, tasks: [gen] });
    assert.equal(ok.status, 201, ok.text);
    // A second running study is over this user's limit of 1.
    assertError(await post('/api/v1/studies', { maxShots: 100, tasks: [gen] }), 429, 'TOO_MANY_STUDIES');
    await call(t.url, 'POST', `/api/v1/studies/${ok.body.id}/cancel`, { token: t.token });
    assert.equal((await post('/api/v1/studies', { maxShots: 100, tasks: [gen] })).status, 201);
  });
});
