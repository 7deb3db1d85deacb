import type { ChargePointConnection, ConnectionInfo } from './charge-point-connection.js';

/** Close code and reason given to a connection replaced by a newer one with the same id. */
export const REPLACED_CLOSE_CODE = 4000;
export const REPLACED_CLOSE_REASON = 'replaced by a newer connection with the same charge point id';

/**
 * The connected charge points by id: at most one connection per id. Adding a second one with
 * the same id closes the older (code 4000) so the newest always wins; removing a connection
 * that was already replaced leaves its successor in place.
 */
export class ConnectionRegistry {
  private readonly byId = new Map<string, ChargePointConnection>();

  /** Connections registered now. */
  get size(): number {
    return this.byId.size;
  }

  /** The live connection of `chargePointId`, if any. */
  get(chargePointId: string): ChargePointConnection | undefined {
    return this.byId.get(chargePointId);
  }

  /** The ids connected now. */
  ids(): IterableIterator<string> {
    return this.byId.keys();
  }

  /** The connections registered now. */
  connections(): IterableIterator<ChargePointConnection> {
    return this.byId.values();
  }

  /**
   * Registers `connection`; returns the connection it replaced, already told to close (left open
   * with `keepPrevious`, the `keep-replaced-connection` misbehaviour).
   */
  add(connection: ChargePointConnection, keepPrevious = false): ChargePointConnection | undefined {
    const previous = this.byId.get(connection.id);
    this.byId.set(connection.id, connection);
    if (!keepPrevious) previous?.close(REPLACED_CLOSE_CODE, REPLACED_CLOSE_REASON);
    return previous;
  }

  /** Forgets `connection` if it is still the one registered for its id; true when it was. */
  remove(connection: ChargePointConnection): boolean {
    if (this.byId.get(connection.id) !== connection) return false;
    this.byId.delete(connection.id);
    return true;
  }

  /** Every connection as a row of GET /connections, keyed by charge point id. */
  describe(): Record<string, ConnectionInfo> {
    // fromEntries defines own properties, so even an id like "__proto__" is a plain key.
    return Object.fromEntries([...this.byId].map(([id, connection]) => [id, connection.info()]));
  }
}
