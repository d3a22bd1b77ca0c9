/**
 * Look-ahead event trackers of the sparse-blossom flooder (Higgott & Gidney 2023, "Sparse
 * Blossom", arXiv:2303.15933): each detector node and each region owns at most one *wanted*
 * event time. The shared monotone queue may hold stale entries for an owner; instead of
 * deleting them, the tracker remembers the earliest time it has queued and decides when an entry
 * is popped whether it is current, stale, or early (then it is queued again at the wanted time).
 * So changing one's mind costs O(1) and the queue never needs a decrease-key.
 *
 * Layout: per owner id, `desired[id]` and `queued[id]` are times or {@link NO_TIME}. Invariant:
 * when both are set, queued <= desired (a queue entry exists at `queued`).
 */
import { RadixQueue } from '../radix-queue.js';
import { NO_TIME as NO_TIME_, type Time } from './ints.js';
// Module-level copies: hot loops read them as plain constants (no import binding lookups).
const NO_TIME = NO_TIME_;

/** A set of trackers (one per owner id) feeding one {@link RadixQueue}. */
export class EventTrackers {
  /** The wanted event time of each owner, or NO_TIME. */
  desired: Float64Array;
  /** The earliest queued (not yet popped) entry of each owner, or NO_TIME. */
  queued: Float64Array;

  /**
   * @param capacity number of owner ids.
   * @param queue the shared event queue.
   * @param tag 0: queue values are the owner ids; 1: their complements `~id` (negative), so
   *   nodes and regions share one queue.
   */
  constructor(
    capacity: number,
    private readonly queue: RadixQueue,
    private readonly tag: number,
  ) {
    this.desired = new Float64Array(capacity).fill(NO_TIME);
    this.queued = new Float64Array(capacity).fill(NO_TIME);
  }

  /** Queue value of owner `id`: `id` for tag 0, `~id` (negative) for tag 1. */
  private code(id: number): number {
    return this.tag === 0 ? id : ~id;
  }

  /** Wants an event at time `t` (>= the queue's now) for owner `id`. O(1). */
  set(id: number, t: Time): void {
    this.desired[id] = t;
    const q = this.queued[id];
    if (q !== NO_TIME && q <= t) return;
    this.queued[id] = t;
    this.queue.push(t, this.code(id));
  }

  /** Owner `id` wants no event (its queued entries become stale). */
  cancel(id: number): void {
    this.desired[id] = NO_TIME;
  }

  /**
   * Called for a popped entry of owner `id` at time `t`: true when the owner wants its event now
   * (the want is consumed), false for a stale entry; an entry earlier than the wanted time is
   * requeued at that time.
   */
  dequeue(id: number, t: Time): boolean {
    if (this.queued[id] !== t) return false;
    this.queued[id] = NO_TIME;
    const d = this.desired[id];
    if (d === NO_TIME) return false;
    if (d === t) {
      this.desired[id] = NO_TIME;
      return true;
    }
    this.queued[id] = d;
    this.queue.push(d, this.code(id));
    return false;
  }

  /** Forgets owner `id`'s state (per-shot reset of a touched owner). */
  reset(id: number): void {
    this.desired[id] = NO_TIME;
    this.queued[id] = NO_TIME;
  }
}
