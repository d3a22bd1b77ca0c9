import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ValidationError } from '../base/errors.js';
import type { ResolvedTask } from '../experiment/task.js';

/**
 * Life cycle of a study. `done`, `done-with-failures`, `failed` and `cancelled` are final.
 * `done-with-failures`: every task ended, some met their stop rule and some failed (their
 * errors are stored per task); `failed`: the study itself, or every one of its tasks, failed.
 */
export type StudyStatus = 'queued' | 'running' | 'done' | 'done-with-failures' | 'failed' | 'cancelled';

/** Why a task failed: the error's code (`VALIDATION`, `LIMIT`, `WORKER_LOST`, ...) and message. */
export interface TaskFailure {
  readonly code: string;
  readonly message: string;
}

/** The statuses a study can still leave (the executor runs these). */
export const ACTIVE_STATUSES: readonly StudyStatus[] = ['queued', 'running'];

/** An account: studies belong to it; tokens authenticate as it. */
export interface User {
  readonly id: number;
  readonly name: string;
}

/** A stored study (its spec as submitted, its stop rule and where it is in its life cycle). */
export interface StudyRecord {
  readonly id: string;
  readonly userId: number;
  readonly spec: unknown;
  readonly maxShots: number;
  readonly maxErrors: number;
  readonly status: StudyStatus;
  readonly error: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A task of a stored study: everything needed to run it again after a restart. */
export interface StoredTask {
  readonly index: number;
  readonly strongId: string;
  readonly circuit: string;
  readonly decoder: string;
  readonly decoderOptions: Readonly<Record<string, unknown>>;
  readonly metadata: Readonly<Record<string, unknown>>;
  /** Detectors whose firing discards a shot (empty: none). */
  readonly postselectDetectors: readonly number[];
  /** The basis decoded from its own detectors, when the task asked for one. */
  readonly decodeBasis?: 'x' | 'z';
}

/** The counts of one committed batch, keyed by (task strong id, batch index). */
export interface StoredBatch {
  readonly strongId: string;
  readonly batch: number;
  readonly shots: number;
  readonly errors: number;
  readonly discards: number;
  readonly seconds: number;
}

/** The share of a study one worker did: its committed batches, their shots and core-seconds. */
export interface WorkerShare {
  /** The `qec worker` id (`host:pid:random`), or `embedded` for this service's own threads. */
  readonly worker: string;
  readonly batches: number;
  readonly shots: number;
  readonly seconds: number;
}

/** The worker name of batches run by the service's embedded pool. */
export const EMBEDDED_WORKER = 'embedded';

/** A token as listed (never its secret). */
export interface TokenInfo {
  readonly id: number;
  readonly user: string;
  readonly prefix: string;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

/**
 * Schema migrations, applied in order; `PRAGMA user_version` records how many ran. Append only:
 * a released migration is never edited.
 */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE users (
     id INTEGER PRIMARY KEY,
     name TEXT NOT NULL UNIQUE,
     created_at TEXT NOT NULL);
   CREATE TABLE tokens (
     id INTEGER PRIMARY KEY,
     user_id INTEGER NOT NULL REFERENCES users(id),
     hash TEXT NOT NULL UNIQUE,
     prefix TEXT NOT NULL,
     created_at TEXT NOT NULL,
     revoked_at TEXT);
   CREATE TABLE studies (
     id TEXT PRIMARY KEY,
     seq INTEGER NOT NULL UNIQUE,
     user_id INTEGER NOT NULL REFERENCES users(id),
     spec TEXT NOT NULL,
     max_shots INTEGER NOT NULL,
     max_errors INTEGER NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('queued','running','done','failed','cancelled')),
     error TEXT,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL);
   CREATE INDEX studies_by_user ON studies(user_id, seq);
   CREATE INDEX studies_by_status ON studies(status);
   CREATE TABLE tasks (
     study_id TEXT NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
     idx INTEGER NOT NULL,
     strong_id TEXT NOT NULL,
     circuit TEXT NOT NULL,
     decoder TEXT NOT NULL,
     decoder_options TEXT NOT NULL,
     metadata TEXT NOT NULL,
     PRIMARY KEY (study_id, idx),
     UNIQUE (study_id, strong_id));
   CREATE TABLE batches (
     study_id TEXT NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
     strong_id TEXT NOT NULL,
     batch INTEGER NOT NULL,
     shots INTEGER NOT NULL,
     errors INTEGER NOT NULL,
     discards INTEGER NOT NULL,
     seconds REAL NOT NULL,
     UNIQUE (study_id, strong_id, batch));`,
  // 2: the `done-with-failures` status (SQLite changes a CHECK only by rebuilding the table; the
  // migration runs with foreign keys off, so dropping the old table cascades to nothing) and the
  // failed tasks of a study with their errors.
  `CREATE TABLE studies_v2 (
     id TEXT PRIMARY KEY,
     seq INTEGER NOT NULL UNIQUE,
     user_id INTEGER NOT NULL REFERENCES users(id),
     spec TEXT NOT NULL,
     max_shots INTEGER NOT NULL,
     max_errors INTEGER NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('queued','running','done','done-with-failures','failed','cancelled')),
     error TEXT,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL);
   INSERT INTO studies_v2 SELECT id, seq, user_id, spec, max_shots, max_errors, status, error, created_at, updated_at
     FROM studies;
   DROP TABLE studies;
   ALTER TABLE studies_v2 RENAME TO studies;
   CREATE INDEX studies_by_user ON studies(user_id, seq);
   CREATE INDEX studies_by_status ON studies(status);
   CREATE TABLE task_failures (
     study_id TEXT NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
     strong_id TEXT NOT NULL,
     code TEXT NOT NULL,
     message TEXT NOT NULL,
     PRIMARY KEY (study_id, strong_id));`,
  // 3: which worker ran each batch (NULL: the embedded pool), for per-worker shares.
  `ALTER TABLE batches ADD COLUMN worker TEXT;`,
  // 4: a task's options beyond circuit, decoder and metadata that its strong id covers
  // (postselectDetectors, decodeBasis) as JSON, so a resumed study rebuilds the same task.
  `ALTER TABLE tasks ADD COLUMN options TEXT NOT NULL DEFAULT '{}';`,
];

/** The SHA-256 (hex) under which a token is stored; the token itself is never stored. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

interface StudyRow {
  id: string;
  user_id: number;
  spec: string;
  max_shots: number;
  max_errors: number;
  status: StudyStatus;
  error: string | null;
  created_at: string;
  updated_at: string;
}

const studyOf = (r: StudyRow): StudyRecord => ({
  id: r.id,
  userId: r.user_id,
  spec: JSON.parse(r.spec) as unknown,
  maxShots: r.max_shots,
  maxErrors: r.max_errors,
  status: r.status,
  error: r.error,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/**
 * The service's embedded store: one SQLite file (`DIR/qec.sqlite`, WAL journal) holding users,
 * token hashes, studies, their tasks and every committed batch. A batch is keyed by (study, task
 * strong id, batch index) with a unique constraint, so it is counted at most once whatever
 * happens to the process; each commit is one transaction, so a crash keeps or loses it whole.
 * Synchronous (better-sqlite3): every method is one short transaction.
 */
export class ServiceStore {
  readonly path: string;
  private readonly db: Database.Database;

  /** Opens (creating when missing) the store under `dir` and applies pending migrations. */
  constructor(dir: string) {
    mkdirSync(dir, { recursive: true });
    this.path = join(dir, 'qec.sqlite');
    this.db = new Database(this.path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    // Migrations run with foreign keys off (a table rebuild must not cascade: better-sqlite3
    // turns them on by default), and are checked before they commit.
    this.db.pragma('foreign_keys = OFF');
    this.migrate();
    this.db.pragma('foreign_keys = ON');
  }

  private migrate(): void {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version > MIGRATIONS.length)
      throw new ValidationError(
        `${this.path}: the store has schema version ${version}, newer than this qec (${MIGRATIONS.length}); upgrade qec-lab`,
      );
    for (let v = version; v < MIGRATIONS.length; v++)
      this.db.transaction(() => {
        this.db.exec(MIGRATIONS[v]);
        const broken = this.db.pragma('foreign_key_check') as unknown[];
        if (broken.length > 0)
          throw new ValidationError(`${this.path}: migration ${v + 1} broke ${broken.length} foreign keys`);
        this.db.pragma(`user_version = ${v + 1}`);
      })();
  }

  /** Closes the database (checkpointing the WAL). */
  close(): void {
    if (this.db.open) this.db.close();
  }

  // ---- accounts and tokens ----

  /**
   * Creates a token for user `name` (creating the user when new). Returns the token: it is shown
   * once, only its hash is kept.
   */
  createToken(name: string, now = new Date()): { token: string; id: number; user: User } {
    if (!/^[A-Za-z0-9][\w.@-]{0,63}$/.test(name))
      throw new ValidationError(
        `name: expected 1-64 letters, digits, '.', '_', '@' or '-' (starting with a letter or digit), got ${JSON.stringify(name)}`,
        { path: 'name' },
      );
    const token = `qec_${randomBytes(24).toString('base64url')}`;
    const at = now.toISOString();
    return this.db.transaction(() => {
      this.db.prepare('INSERT OR IGNORE INTO users (name, created_at) VALUES (?, ?)').run(name, at);
      const user = this.db.prepare('SELECT id, name FROM users WHERE name = ?').get(name) as User;
      const r = this.db
        .prepare('INSERT INTO tokens (user_id, hash, prefix, created_at) VALUES (?, ?, ?, ?)')
        .run(user.id, tokenHash(token), token.slice(0, 10), at);
      return { token, id: Number(r.lastInsertRowid), user };
    })();
  }

  /** Every token (newest last), without secrets. */
  listTokens(): TokenInfo[] {
    return (
      this.db
        .prepare(
          `SELECT t.id, u.name AS user, t.prefix, t.created_at AS createdAt, t.revoked_at AS revokedAt
           FROM tokens t JOIN users u ON u.id = t.user_id ORDER BY t.id`,
        )
        .all() as TokenInfo[]
    ).map((t) => ({ ...t }));
  }

  /** Revokes token `id`; returns false when there is no such unrevoked token. */
  revokeToken(id: number, now = new Date()): boolean {
    const r = this.db
      .prepare('UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL')
      .run(now.toISOString(), id);
    return r.changes === 1;
  }

  /** The user a bearer token authenticates, or undefined for an unknown or revoked token. */
  authenticate(token: string): User | undefined {
    return this.db
      .prepare(
        `SELECT u.id, u.name FROM tokens t JOIN users u ON u.id = t.user_id
         WHERE t.hash = ? AND t.revoked_at IS NULL`,
      )
      .get(tokenHash(token)) as User | undefined;
  }

  // ---- studies ----

  /** Stores a new study with its resolved tasks (status `queued`); returns its id. */
  createStudy(
    userId: number,
    spec: unknown,
    stop: { maxShots: number; maxErrors: number },
    tasks: readonly ResolvedTask[],
    now = new Date(),
  ): string {
    const id = randomUUID();
    const at = now.toISOString();
    this.db.transaction(() => {
      const seq = (
        this.db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 AS s FROM studies').get() as { s: number }
      ).s;
      this.db
        .prepare(
          `INSERT INTO studies (id, seq, user_id, spec, max_shots, max_errors, status, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, 'queued', ?, ?)`,
        )
        .run(id, seq, userId, JSON.stringify(spec), stop.maxShots, stop.maxErrors, at, at);
      const ins = this.db.prepare(
        `INSERT INTO tasks (study_id, idx, strong_id, circuit, decoder, decoder_options, metadata, options)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      tasks.forEach((t, i) =>
        ins.run(
          id,
          i,
          t.strongId,
          t.circuitText,
          t.decoder,
          JSON.stringify(t.decoderOptions),
          JSON.stringify(t.metadata),
          JSON.stringify({
            ...(t.postselectDetectors.length > 0 ? { postselectDetectors: t.postselectDetectors } : {}),
            ...(t.decodeBasis !== undefined ? { decodeBasis: t.decodeBasis } : {}),
          }),
        ),
      );
    })();
    return id;
  }

  /** A study, only when it belongs to `userId` (undefined otherwise: callers answer 404). */
  study(id: string, userId?: number): StudyRecord | undefined {
    const r = this.db.prepare('SELECT * FROM studies WHERE id = ?').get(id) as StudyRow | undefined;
    if (r === undefined || (userId !== undefined && r.user_id !== userId)) return undefined;
    return studyOf(r);
  }

  /**
   * A page of a user's studies, newest first. `before` is the cursor returned with the previous
   * page (`next`), undefined for the first page.
   */
  listStudies(userId: number, limit: number, before?: number): { studies: StudyRecord[]; next?: number } {
    const rows = this.db
      .prepare(`SELECT *, seq FROM studies WHERE user_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?`)
      .all(userId, before ?? Number.MAX_SAFE_INTEGER, limit + 1) as (StudyRow & { seq: number })[];
    const more = rows.length > limit;
    const page = rows.slice(0, limit);
    return {
      studies: page.map(studyOf),
      ...(more ? { next: page[page.length - 1].seq } : {}),
    };
  }

  /** Studies not finished yet (queued or running), oldest first: the executor resumes them. */
  activeStudies(): StudyRecord[] {
    return (
      this.db
        .prepare(`SELECT * FROM studies WHERE status IN ('queued', 'running') ORDER BY seq`)
        .all() as StudyRow[]
    ).map(studyOf);
  }

  /** How many studies of a user are queued or running. */
  countActive(userId: number): number {
    return (
      this.db
        .prepare(`SELECT COUNT(*) AS n FROM studies WHERE user_id = ? AND status IN ('queued', 'running')`)
        .get(userId) as { n: number }
    ).n;
  }

  /**
   * Moves a study to `status`. Final statuses are never left: returns false (and changes
   * nothing) when the study is missing or already final.
   */
  setStatus(id: string, status: StudyStatus, error: string | null = null, now = new Date()): boolean {
    const r = this.db
      .prepare(
        `UPDATE studies SET status = ?, error = ?, updated_at = ?
         WHERE id = ? AND status IN ('queued', 'running')`,
      )
      .run(status, error, now.toISOString(), id);
    return r.changes === 1;
  }

  /**
   * Records that a task of a running study failed (its first error is kept). Returns false when
   * it had failed already, or the study is gone or final.
   */
  failTask(studyId: string, strongId: string, failure: TaskFailure): boolean {
    const r = this.db
      .prepare(
        `INSERT INTO task_failures (study_id, strong_id, code, message)
         SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM studies WHERE id = ? AND status IN ('queued', 'running'))
         ON CONFLICT (study_id, strong_id) DO NOTHING`,
      )
      .run(studyId, strongId, failure.code, failure.message, studyId);
    return r.changes === 1;
  }

  /** The failed tasks of a study: strong id → its error. */
  taskFailures(studyId: string): Map<string, TaskFailure> {
    const rows = this.db
      .prepare('SELECT strong_id AS strongId, code, message FROM task_failures WHERE study_id = ?')
      .all(studyId) as { strongId: string; code: string; message: string }[];
    return new Map(rows.map((r) => [r.strongId, { code: r.code, message: r.message }]));
  }

  /** Deletes a study with its tasks and batches; returns false when it was not there. */
  deleteStudy(id: string): boolean {
    return this.db.prepare('DELETE FROM studies WHERE id = ?').run(id).changes === 1;
  }

  /** The tasks of a study in submission order. */
  tasks(studyId: string): StoredTask[] {
    const rows = this.db
      .prepare(
        `SELECT idx, strong_id, circuit, decoder, decoder_options, metadata, options FROM tasks
         WHERE study_id = ? ORDER BY idx`,
      )
      .all(studyId) as {
      idx: number;
      strong_id: string;
      circuit: string;
      decoder: string;
      decoder_options: string;
      metadata: string;
      options: string;
    }[];
    return rows.map((r) => {
      const o = JSON.parse(r.options) as { postselectDetectors?: number[]; decodeBasis?: 'x' | 'z' };
      return {
        index: r.idx,
        strongId: r.strong_id,
        circuit: r.circuit,
        decoder: r.decoder,
        decoderOptions: JSON.parse(r.decoder_options) as Record<string, unknown>,
        metadata: JSON.parse(r.metadata) as Record<string, unknown>,
        postselectDetectors: o.postselectDetectors ?? [],
        ...(o.decodeBasis !== undefined ? { decodeBasis: o.decodeBasis } : {}),
      };
    });
  }

  /** Every committed batch of a study, in commit order. */
  batches(studyId: string): StoredBatch[] {
    return this.db
      .prepare(
        `SELECT strong_id AS strongId, batch, shots, errors, discards, seconds FROM batches
         WHERE study_id = ? ORDER BY rowid`,
      )
      .all(studyId) as StoredBatch[];
  }

  /** Sums of the committed batches of a study, per task strong id. */
  totals(studyId: string): Map<string, StoredBatch> {
    const rows = this.db
      .prepare(
        `SELECT strong_id AS strongId, COUNT(*) AS batch, SUM(shots) AS shots, SUM(errors) AS errors,
                SUM(discards) AS discards, SUM(seconds) AS seconds
         FROM batches WHERE study_id = ? GROUP BY strong_id`,
      )
      .all(studyId) as StoredBatch[];
    return new Map(rows.map((r) => [r.strongId, r]));
  }

  /**
   * The share each worker did of a study's committed batches (a batch run twice counts for the
   * worker whose result was committed), largest first.
   */
  workerShares(studyId: string): WorkerShare[] {
    return this.db
      .prepare(
        `SELECT COALESCE(worker, '${EMBEDDED_WORKER}') AS worker, COUNT(*) AS batches, SUM(shots) AS shots,
                SUM(seconds) AS seconds
         FROM batches WHERE study_id = ? GROUP BY 1 ORDER BY shots DESC, worker`,
      )
      .all(studyId) as WorkerShare[];
  }

  /**
   * Commits one batch's counts, with the worker that ran it (undefined: the embedded pool).
   * Returns false, changing nothing, when this (study, task, batch) key is already committed (a
   * duplicate delivery) or the study is gone.
   */
  commitBatch(studyId: string, b: StoredBatch, worker?: string): boolean {
    try {
      const r = this.db
        .prepare(
          `INSERT INTO batches (study_id, strong_id, batch, shots, errors, discards, seconds, worker)
           SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM studies WHERE id = ?)
           ON CONFLICT (study_id, strong_id, batch) DO NOTHING`,
        )
        .run(studyId, b.strongId, b.batch, b.shots, b.errors, b.discards, b.seconds, worker ?? null, studyId);
      return r.changes === 1;
    } catch (e) {
      if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return false;
      throw e;
    }
  }
}
