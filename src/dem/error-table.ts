/**
 * The error analyzer's accumulated mechanisms: one entry per (symptom set, tag) whose probability
 * is XOR-combined as mechanisms with the same symptoms are added, in a hash map with collision
 * chains (no string keys: this runs once per error case).
 */
import type { Set_ } from './error-sets.js';
import { OBS_BASE, SEP, compareTargets, setsEqual } from './error-sets.js';

/** One accumulated mechanism; `p` is updated in place as equal mechanisms merge. */
export interface ErrorEntry {
  readonly targets: Set_;
  readonly tag: string;
  readonly hash: number;
  p: number;
  /** Next entry with the same hash (collision chain). */
  next: ErrorEntry | undefined;
}

/** Hash of a target sequence and tag (no string building: this runs once per error case). */
function hashTargets(targets: Set_, tag: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < targets.length; i++) {
    const t = targets[i];
    const v = t < OBS_BASE ? t : t === SEP ? 0x7fffffff : (t - OBS_BASE) ^ 0x5bd1e995;
    h = Math.imul(h ^ v, 0x01000193);
    h ^= h >>> 15;
  }
  for (let i = 0; i < tag.length; i++) h = Math.imul(h ^ tag.charCodeAt(i), 0x01000193);
  return h;
}

/** The accumulated mechanisms, keyed by (targets, tag): a hash map with collision chains. */
export class ErrorTable {
  private readonly buckets = new Map<number, ErrorEntry>();

  /** The entry for (targets, tag), created with p = 0 when absent. Keeps `targets` (not copied). */
  entry(targets: Set_, tag: string): ErrorEntry {
    const h = hashTargets(targets, tag);
    const head = this.buckets.get(h);
    for (let e = head; e !== undefined; e = e.next)
      if (e.tag === tag && setsEqual(e.targets, targets)) return e;
    const e: ErrorEntry = { targets, tag, hash: h, p: 0, next: head };
    this.buckets.set(h, e);
    return e;
  }

  delete(entry: ErrorEntry): void {
    let e = this.buckets.get(entry.hash);
    if (e === entry) {
      if (entry.next === undefined) this.buckets.delete(entry.hash);
      else this.buckets.set(entry.hash, entry.next);
      return;
    }
    for (; e !== undefined; e = e.next) {
      if (e.next === entry) {
        e.next = entry.next;
        return;
      }
    }
  }

  /** Entries with non-empty targets and non-zero probability. */
  live(): ErrorEntry[] {
    const out: ErrorEntry[] = [];
    for (const head of this.buckets.values())
      for (let e: ErrorEntry | undefined = head; e !== undefined; e = e.next)
        if (e.targets.length > 0 && e.p !== 0) out.push(e);
    return out;
  }

  clear(): void {
    this.buckets.clear();
  }
}

/** Stim's order of emitted errors: by targets, then by tag. */
export function compareEntries(a: ErrorEntry, b: ErrorEntry): number {
  const c = compareTargets(a.targets, b.targets);
  if (c !== 0) return c;
  return a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0;
}
