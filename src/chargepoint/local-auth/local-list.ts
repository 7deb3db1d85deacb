/** What a charge point knows of one id tag: 1.6 IdTagInfo / 2.0.1 IdTokenInfo, in 1.6 words. */
export interface IdInfo {
  /** Accepted, Blocked, Expired, Invalid, ConcurrentTx (2.0.1 adds NoCredit, Unknown, …). */
  status: string;
  /** Epoch ms after which the tag is Expired; undefined: never. */
  expiresAt?: number;
  /** 1.6 parentIdTag / 2.0.1 groupIdToken.idToken. */
  parentIdTag?: string;
}

/** One entry of a SendLocalList: an id tag and its info; no info removes the tag (Differential). */
export interface ListEntry {
  idTag: string;
  info?: IdInfo;
}

/** A SendLocalList request in numbers, for both versions. */
export interface ListUpdate {
  version: number;
  updateType: 'Full' | 'Differential';
  entries: readonly ListEntry[];
}

/** The answer to a SendLocalList (1.6 UpdateStatus; 2.0.1 has all but NotSupported). */
export type ListUpdateStatus = 'Accepted' | 'Failed' | 'VersionMismatch';

/** The sizes a charge point accepts: entries per SendLocalList and in the whole list. */
export interface ListLimits {
  /** 1.6 SendLocalListMaxLength / 2.0.1 LocalAuthListCtrlr.ItemsPerMessage. */
  perMessage: number;
  /** 1.6 LocalAuthListMaxLength / 2.0.1 LocalAuthListCtrlr.Entries' maximum. */
  total: number;
}

/** Id tags compare case-insensitively (1.6 IdToken, 2.0.1 IdTokenType). */
const keyOf = (idTag: string): string => idTag.toLowerCase();

/**
 * The local authorization list of one charge point (OCPP 1.6 §3.5.2, §5.15; 2.0.1 D01/D02):
 * a version and a Map of id tags. Version 0 means no list (GetLocalListVersion answers 0 when
 * empty); an update either applies whole or leaves the list as it was.
 */
export class LocalList {
  version = 0;
  private readonly entries = new Map<string, IdInfo>();

  get size(): number {
    return this.entries.size;
  }

  /** What the list says of `idTag`, if it holds it. */
  lookup(idTag: string): IdInfo | undefined {
    return this.entries.get(keyOf(idTag));
  }

  /**
   * Applies a SendLocalList (pure rules, table-tested): more entries than `limits.perMessage`,
   * the same tag twice (the texts: "All idTags … MUST be unique"), a version below 1 (0 and -1
   * are GetLocalListVersion's "no list" and "not supported"), a Full entry without info, or a
   * resulting list beyond `limits.total` → Failed. A Differential update whose version is not
   * above the current one → VersionMismatch (1.6 §7.46 UpdateStatus). Full replaces the list;
   * Differential adds or replaces entries with info and removes those without, and an empty
   * Differential leaves the entries alone. On Accepted the list takes the request's version.
   */
  apply(update: ListUpdate, limits: ListLimits): ListUpdateStatus {
    if (update.entries.length > limits.perMessage || update.version < 1) return 'Failed';
    const keys = new Set(update.entries.map((entry) => keyOf(entry.idTag)));
    if (keys.size !== update.entries.length) return 'Failed';
    if (update.updateType === 'Full') {
      if (update.entries.some((entry) => entry.info === undefined) || update.entries.length > limits.total) return 'Failed';
      this.entries.clear();
      for (const entry of update.entries) this.entries.set(keyOf(entry.idTag), entry.info as IdInfo);
      this.version = update.version;
      return 'Accepted';
    }
    if (update.version <= this.version) return 'VersionMismatch';
    const next = new Map(this.entries);
    for (const entry of update.entries) {
      if (entry.info) next.set(keyOf(entry.idTag), entry.info);
      else next.delete(keyOf(entry.idTag));
    }
    if (next.size > limits.total) return 'Failed';
    this.entries.clear();
    for (const [key, info] of next) this.entries.set(key, info);
    this.version = update.version;
    return 'Accepted';
  }
}
