import type { Scheduler } from '../clock/scheduler.js';
import type { Payload } from '../protocol/frame.js';
import type { OcppVersion } from '../protocol/versions.js';
import type { TlsSettings } from '../transport/connection.js';
import { speechFor, type Speech } from './speech.js';
import { Station, type StationOptions } from './station.js';
import { CheckFailed } from './types.js';

/** Everything a check run is configured with, resolved once by the CLI. */
export interface CheckSettings {
  readonly url: string;
  readonly version: OcppVersion;
  readonly idPrefix: string;
  /** HTTP Basic password of every station (security profile 1/2); the username is the station id. */
  readonly password?: string;
  readonly tls?: TlsSettings;
  /** Base URL of the CSMS's trigger API (tzi-OCTT shape, docs/check.md). */
  readonly triggerUrl?: string;
  /** Headers sent with every trigger request (e.g. Authorization). */
  readonly triggerHeaders?: Readonly<Record<string, string>>;
  /** A token the CSMS accepts. */
  readonly idTag: string;
  /** A token the CSMS does not know. */
  readonly unknownIdTag: string;
  /** Connectors (1.6) or EVSEs (2.0.1) the stations report. */
  readonly connectors: number;
  /** A station id the CSMS answers Pending, and one it answers Rejected (optional). */
  readonly pendingId?: string;
  readonly rejectedId?: string;
  readonly callTimeoutMs: number;
  readonly handshakeTimeoutMs: number;
  readonly quietMs: number;
  readonly maxClockSkewSec: number;
  readonly checkTimeoutMs: number;
}

/** Overrides of one station's connection. */
export interface StationSpec {
  /** Station number n: the id is `${idPrefix}${n}` (default 1). */
  n?: number;
  /** An explicit id instead of a number. */
  id?: string;
  protocols?: readonly string[];
  /** Basic credentials: default the configured password with the id as username; null sends none. */
  basic?: { username: string; password: string } | null;
  tls?: TlsSettings;
}

/** What one check works with: the settings, the version's speech, stations it opens (closed after it), notes for its ✓ line. */
export class CheckContext {
  readonly settings: CheckSettings;
  readonly speech: Speech;
  readonly scheduler: Scheduler;
  readonly notes: string[] = [];
  private readonly stations: Station[] = [];

  constructor(settings: CheckSettings, scheduler: Scheduler) {
    this.settings = settings;
    this.scheduler = scheduler;
    this.speech = speechFor(settings.version);
  }

  get version(): OcppVersion {
    return this.settings.version;
  }

  /** The id of station `n`. */
  id(n = 1): string {
    return `${this.settings.idPrefix}${n}`;
  }

  /** A station, not yet connected; closed when the check ends. */
  station(spec: StationSpec = {}): Station {
    const { settings } = this;
    const id = spec.id ?? this.id(spec.n);
    const basic = spec.basic === null ? undefined : spec.basic ?? (settings.password !== undefined ? { username: id, password: settings.password } : undefined);
    const tls = spec.tls ?? settings.tls;
    const opts: StationOptions = {
      url: settings.url, id, version: settings.version, scheduler: this.scheduler, callTimeoutMs: settings.callTimeoutMs,
      handshakeTimeoutMs: settings.handshakeTimeoutMs, ...(spec.protocols ? { protocols: spec.protocols } : {}),
      ...(basic ? { basic } : {}), ...(tls ? { tls } : {}),
    };
    const station = new Station(opts);
    this.stations.push(station);
    return station;
  }

  /** A station connected with the version's subprotocol; fails the check when the CSMS chose another. */
  async connect(spec: StationSpec = {}): Promise<Station> {
    const station = this.station(spec);
    const protocol = await station.open();
    if (protocol !== this.version) this.fail(`the CSMS answered the handshake with subprotocol '${protocol}', expected ${this.version}`);
    return station;
  }

  /** A connected station that booted and was Accepted; returns the boot answer too. */
  async booted(spec: StationSpec = {}): Promise<{ station: Station; answer: Payload }> {
    const station = await this.connect(spec);
    const answer = await station.call('BootNotification', this.speech.boot());
    if (answer.status !== 'Accepted') this.fail(`BootNotification of ${station.id} answered ${String(answer.status)}, expected Accepted`);
    return { station, answer };
  }

  /** Fails the check with `message`. */
  fail(message: string): never {
    throw new CheckFailed(message);
  }

  /** Adds a figure to the check's ✓ line. */
  note(text: string): void {
    this.notes.push(text);
  }

  /** Closes every station the check opened. */
  closeAll(): void {
    for (const station of this.stations.splice(0)) station.close();
  }
}
