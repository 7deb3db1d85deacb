import type { CallErrorKind } from './errors.js';
import type { FrameFault } from './frame.js';
import type { SchemaSet } from './schema-set.js';

/**
 * Everything the protocol layer knows about one OCPP version, as data: one row per version in
 * `versions.ts`, each kept in its own folder (`v16/`, `v201/`). Nothing outside a row says
 * which version does what; code asks the row.
 */
export interface VersionSpec<V extends string = string> {
  /** The WebSocket subprotocol token (OCPP-J §3.1.2), also the version's name everywhere. */
  readonly subprotocol: V;
  /** The npm package the official OCA JSON schemas come from (said in errors and docs). */
  readonly schemaPackage: string;
  /**
   * Where the official schemas come from, keyed `<Action>.req` / `<Action>.conf` (loaded once per
   * process, on first use, through `schemasOf`). The actions of the version are the `.req` keys.
   */
  readonly schemas: SchemaSource;
  /** The OCPP-J message types the version defines: 2–4 everywhere, 5 CALLRESULTERROR and 6 SEND in 2.1 (OCPP-J 2.1 §4.1.3). */
  readonly messageTypes: readonly number[];
  /** The actions a charge point sends (the rest of the schema set is sent by the central system); DataTransfer goes both ways. */
  readonly fromChargePoint: readonly string[];
  /** The actions sent as SEND (type 6, unconfirmed): no CALLRESULT exists for them. */
  readonly sendActions: readonly string[];
  /** CallError codes whose wire spelling differs from the kind's name (1.6 keeps two typos, OCPP-J 1.6 errata §5.1–5.2). */
  readonly errorSpelling: Readonly<Partial<Record<CallErrorKind, string>>>;
  /** What a receiver does with a frame it cannot parse: a CALLERROR of a kind, or `drop` (no reply). */
  readonly framePolicy: Readonly<Record<FrameFault, CallErrorKind | 'drop'>>;
  /** RFC 7692 permessage-deflate: true when a central system of this version should offer it. */
  readonly deflate: boolean;
}

/**
 * How a version's schemas are loaded: `read`, JSON read synchronously at its first use; or
 * `import`, an ES module, which cannot be loaded synchronously: `loadVersions` imports it, and
 * asking for its schemas before that throws.
 */
export type SchemaSource = { readonly read: () => SchemaSet } | { readonly import: () => Promise<SchemaSet> };
