import type { CallErrorKind } from './errors.js';
import type { FrameFault } from './frame.js';

/**
 * Everything the protocol layer knows about one OCPP version, as data: one row per version in
 * `versions.ts`, each kept in its own folder (`v16/`, `v201/`). Nothing outside a row says
 * which version does what; code asks the row.
 */
export interface VersionSpec<V extends string = string> {
  /** The WebSocket subprotocol token (OCPP-J §3.1.2), also the version's name everywhere. */
  readonly subprotocol: V;
  /**
   * The official OCA JSON schemas as one array of schema objects, `$id` = `urn:<Action>.req` /
   * `urn:<Action>.conf`: a module path `require` resolves. The actions of the version are the
   * `.req` schemas of this set.
   */
  readonly schemaFile: string;
  /** CallError codes whose wire spelling differs from the kind's name (1.6 keeps two typos, OCPP-J 1.6 errata §5.1–5.2). */
  readonly errorSpelling: Readonly<Partial<Record<CallErrorKind, string>>>;
  /** What a receiver does with a frame it cannot parse: a CALLERROR of a kind, or `drop` (no reply). */
  readonly framePolicy: Readonly<Record<FrameFault, CallErrorKind | 'drop'>>;
  /** RFC 7692 permessage-deflate: true when a central system of this version should offer it. */
  readonly deflate: boolean;
}
