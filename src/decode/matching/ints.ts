/**
 * The integer roles of the sparse-blossom matcher, named once (PyMatching's `ints.h` is the
 * model). All are JavaScript numbers holding exact integers, stored in typed arrays.
 *
 * Units: the flooder works in *doubled* weight units (every edge weight of the
 * {@link MatchingGraph} times {@link TIME_SCALE}), so that with even weights two growing regions
 * always collide at an integer time (Higgott & Gidney 2023, "Sparse Blossom", arXiv:2303.15933,
 * section on the flooder). Matched-path weights are halved again before they are reported.
 */

/** A detector (graph node) index in [0, numDetectors). */
export type NodeId = number;
/** A region of the flooder (a detection event's region or a blossom): an index into its arrays. */
export type RegionId = number;
/** A node of an alternating tree of the matcher. */
export type AltNodeId = number;
/** Flooder time and region radii, in doubled weight units (integers below 2^52). */
export type Time = number;
/** One 32-bit word of an observable mask (bit o = observable 32k + o for word k). */
export type ObsMask = number;

/** Factor from graph weights to flooder units (see the file comment). */
export const TIME_SCALE = 2;

/** "No region / node / tree node" in an id field. */
export const NONE = -1;
/** In a match field: the region is matched to the boundary. */
export const BOUNDARY = -2;
/** "No event wanted / queued" in an event tracker's time field. */
export const NO_TIME = -1;

/** Slope of a region radius: +1 growing (outer), 0 frozen (matched or inside a blossom), -1 shrinking (inner). */
export type Slope = -1 | 0 | 1;
