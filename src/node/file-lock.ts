/**
 * The exclusive lock of a results file (`PATH.lock`, holding "pid hostname nonce"), safe between
 * processes, including when several take over a stale lock at the same instant.
 *
 * - A lock file appears with its whole content at once: it is written under a unique name, then
 *   hard-linked to `PATH.lock` (link() fails if the name exists, like O_EXCL), so nobody ever
 *   reads a half-written lock and takes it for a stale one.
 * - A lock whose process is gone is taken over under a takeover token, `PATH.lock.takeover-H`
 *   (H a hash of the stale content), created with O_EXCL: of all processes that saw the same
 *   stale lock, only the one that creates the token may replace it, and it does so (rename of a
 *   fresh lock over it) only after re-reading, while holding the token, that the lock still holds
 *   that stale content. Each lock's content is unique (nonce), so a later process that saw the
 *   same stale content finds it gone and looks again. Renaming a fresh lock over a stale one
 *   without such a token is not enough: two processes that both checked the stale owner could
 *   each rename their own over the other's, and both re-read their own content in time.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, linkSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { ValidationError } from '../base/errors.js';

/** Locks held by this process: lock path → the content it wrote (released on exit). */
const HELD = new Map<string, string>();
let exitHook = false;

/** Rounds of looking at a lock before giving up (each waits a little when the lock changed under us). */
const MAX_ROUNDS = 50;

/** A fresh lock content: unique to this attempt. */
function lockText(): string {
  return `${process.pid} ${hostname()} ${randomBytes(8).toString('hex')}\n`;
}

/** Waits `ms` milliseconds without returning to the event loop (lock taking is synchronous). */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Whether the process that wrote a lock file may still be running, and who it is. */
function holderAlive(text: string): { alive: boolean; who: string } {
  const [pidText, host] = text.trim().split(' ');
  const pid = Number(pidText);
  const who = `pid ${pidText}${host !== undefined && host !== hostname() ? ` on ${host}` : ''}`;
  if (!Number.isInteger(pid) || pid <= 0) return { alive: false, who };
  // A lock from another host cannot be checked: count it as held.
  if (host !== undefined && host !== hostname()) return { alive: true, who };
  try {
    process.kill(pid, 0);
    return { alive: true, who };
  } catch (e) {
    return { alive: (e as NodeJS.ErrnoException).code === 'EPERM', who };
  }
}

/** Writes `text` to a new file beside `lockPath` with a unique name; returns that name. */
function writeFresh(lockPath: string, text: string): string {
  const tmp = `${lockPath}.new-${process.pid}-${randomBytes(6).toString('hex')}`;
  const fd = openSync(tmp, 'wx');
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  return tmp;
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone.
  }
}

/** Creates the lock with `text` if no lock exists; false if one does. */
function create(lockPath: string, text: string): boolean {
  const tmp = writeFresh(lockPath, text);
  try {
    linkSync(tmp, lockPath);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    removeQuietly(tmp);
  }
}

/**
 * Replaces the stale lock content `stale` with `text` if this process wins its takeover token
 * and the lock still holds `stale`. Returns whether it did; false means: look again.
 * @throws ValidationError when a takeover of this stale lock was left unfinished by a process
 *   that is gone (both files must then be deleted by hand).
 */
function takeOver(lockPath: string, csvPath: string, stale: string, text: string): boolean {
  const token = `${lockPath}.takeover-${createHash('sha256').update(stale).digest('hex').slice(0, 16)}`;
  let fd: number;
  try {
    fd = openSync(token, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    let holder = '';
    try {
      holder = readFileSync(token, 'utf8');
    } catch {
      return false; // The other takeover finished meanwhile.
    }
    if (holder === '' || holderAlive(holder).alive) return false; // Under way: look again.
    throw new ValidationError(
      `results file ${csvPath}: a takeover of its stale lock by ${holderAlive(holder).who} was interrupted; if no collector is running, delete ${lockPath} and ${token}`,
      { path: csvPath, lock: lockPath },
    );
  }
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  try {
    let now: string;
    try {
      now = readFileSync(lockPath, 'utf8');
    } catch {
      return false; // Released meanwhile: create it afresh.
    }
    if (now !== stale) return false; // Someone else took it over first.
    renameSync(writeFresh(lockPath, text), lockPath);
    return true;
  } finally {
    removeQuietly(token);
  }
}

function hold(lockPath: string, text: string): void {
  HELD.set(lockPath, text);
  if (!exitHook) {
    exitHook = true;
    process.once('exit', () => [...HELD.keys()].forEach(releaseLock));
  }
}

/**
 * Takes the exclusive lock `lockPath` of the results file `csvPath`. A lock left by a process that
 * no longer runs (killed) is taken over, atomically with respect to other processes doing the same
 * (see the file comment). Synchronous; returns once the lock is this process's.
 * @throws ValidationError (one line) when another live process holds it, this process holds it
 *   already, or the lock cannot be created.
 */
export function acquireLock(lockPath: string, csvPath: string): void {
  const inUse = (who: string): ValidationError =>
    new ValidationError(
      `results file ${csvPath} is in use by another collector (${who}); run one collector per file, or delete ${lockPath} if that process is gone`,
      { path: csvPath, lock: lockPath },
    );
  if (HELD.has(lockPath)) throw inUse(`pid ${process.pid}`);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const text = lockText();
    try {
      if (create(lockPath, text)) return hold(lockPath, text);
    } catch (e) {
      throw new ValidationError(
        `cannot lock results file ${csvPath}: cannot create ${lockPath} (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
        { path: csvPath },
      );
    }
    let current: string;
    try {
      current = readFileSync(lockPath, 'utf8');
    } catch {
      continue; // Released meanwhile: try again.
    }
    const h = holderAlive(current);
    if (h.alive) throw inUse(h.who);
    if (takeOver(lockPath, csvPath, current, text)) return hold(lockPath, text);
    pause(1 + round);
  }
  throw inUse(`lock ${lockPath} keeps changing`);
}

/** Releases a lock this process holds (the file is removed only if it still holds this process's content). */
export function releaseLock(lockPath: string): void {
  const mine = HELD.get(lockPath);
  if (mine === undefined) return;
  HELD.delete(lockPath);
  try {
    if (readFileSync(lockPath, 'utf8') === mine) unlinkSync(lockPath);
  } catch {
    // Already gone.
  }
}
