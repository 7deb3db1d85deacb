import { parseDuration } from '../clock/duration.js';
import type { Random } from './prng.js';

/** A BootNotification answer status (OCPP 1.6 §4.2, 2.0.1 B01). */
export type BootStatus = 'Accepted' | 'Pending' | 'Rejected';

export const BOOT_STATUSES: readonly BootStatus[] = Object.freeze(['Accepted', 'Pending', 'Rejected']);

/** Relative weights of the boot answers, e.g. `{ Accepted: 90, Pending: 10 }`; missing statuses weigh 0. */
export type BootWeights = Readonly<Partial<Record<BootStatus, number>>>;

/** How the gateway answers BootNotifications: always one status, or a weighted random pick. */
export type BootPolicy = BootStatus | BootWeights;

/** A response delay: fixed, uniform between two bounds, or exponential with a mean; all in milliseconds. */
export type DelaySpec =
  | { readonly kind: 'fixed'; readonly ms: number }
  | { readonly kind: 'uniform'; readonly minMs: number; readonly maxMs: number }
  | { readonly kind: 'exp'; readonly meanMs: number };

/** An exponential delay is cut at this many times its mean, so one unlucky draw cannot stall a run. */
export const EXP_CAP_FACTOR = 20;

/**
 * Parses `Accepted`, `Pending`, `Rejected`, or weights such as `Accepted:90,Pending:10`.
 * Returns a problem string when the text is not one of those.
 */
export function parseBootPolicy(text: string): BootPolicy | string {
  const trimmed = text.trim();
  if (BOOT_STATUSES.includes(trimmed as BootStatus)) return trimmed as BootStatus;
  const weights: Partial<Record<BootStatus, number>> = {};
  for (const part of trimmed.split(',')) {
    const match = /^\s*(\w+)\s*:\s*(\d+(?:\.\d+)?)\s*$/.exec(part);
    if (!match || !BOOT_STATUSES.includes(match[1] as BootStatus)) {
      return `expected ${BOOT_STATUSES.join(', ')} or weights such as Accepted:90,Pending:10 (got '${text}')`;
    }
    weights[match[1] as BootStatus] = Number(match[2]);
  }
  return bootPolicyProblem(weights) ?? Object.freeze(weights);
}

/** Why `policy` is unusable, or undefined when it is fine. */
export function bootPolicyProblem(policy: unknown): string | undefined {
  if (typeof policy === 'string') return BOOT_STATUSES.includes(policy as BootStatus) ? undefined : `must be one of ${BOOT_STATUSES.join(', ')} or weights`;
  if (typeof policy !== 'object' || policy === null || Array.isArray(policy)) return `must be one of ${BOOT_STATUSES.join(', ')} or weights`;
  let total = 0;
  for (const [status, weight] of Object.entries(policy)) {
    if (!BOOT_STATUSES.includes(status as BootStatus)) return `has an unknown status '${status}'`;
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) return `weight of ${status} must be a number >= 0`;
    total += weight;
  }
  return total > 0 ? undefined : 'weights must add up to more than 0';
}

/** A function answering each BootNotification: constant for a status, a weighted draw from `random` otherwise. */
export function bootPicker(policy: BootPolicy, random: Random): () => BootStatus {
  if (typeof policy === 'string') return () => policy;
  const entries = BOOT_STATUSES.map((status) => [status, policy[status] ?? 0] as const).filter(([, weight]) => weight > 0);
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  return () => {
    let draw = random() * total;
    for (const [status, weight] of entries) {
      draw -= weight;
      if (draw < 0) return status;
    }
    return (entries[entries.length - 1] as readonly [BootStatus, number])[0];
  };
}

/**
 * Parses a delay: a duration (`250ms`, `fixed:250ms`), `uniform:100ms-500ms` or `exp:200ms`
 * (exponential with that mean). Returns a problem string for anything else.
 */
export function parseDelaySpec(text: string): DelaySpec | string {
  const trimmed = text.trim();
  const bad = `expected a duration such as 200ms, uniform:100ms-500ms or exp:200ms (got '${text}')`;
  const [kind, rest] = trimmed.includes(':') ? trimmed.split(':', 2) as [string, string] : ['fixed', trimmed];
  if (kind === 'fixed') {
    const ms = parseDuration(rest);
    return ms === undefined ? bad : { kind, ms };
  }
  if (kind === 'exp') {
    const meanMs = parseDuration(rest);
    return meanMs === undefined ? bad : { kind, meanMs };
  }
  if (kind === 'uniform') {
    const [low, high] = rest.split('-');
    const minMs = parseDuration(low ?? '');
    const maxMs = parseDuration(high ?? '');
    if (minMs === undefined || maxMs === undefined) return bad;
    return minMs <= maxMs ? { kind, minMs, maxMs } : `uniform delay needs min <= max (got '${text}')`;
  }
  return bad;
}

/** Why `spec` is unusable, or undefined. */
export function delaySpecProblem(spec: unknown): string | undefined {
  const s = spec as Record<string, unknown> | null;
  const ok = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v >= 0;
  if (typeof s !== 'object' || s === null) return 'must be a delay spec object';
  if (s.kind === 'fixed' && ok(s.ms)) return undefined;
  if (s.kind === 'exp' && ok(s.meanMs)) return undefined;
  if (s.kind === 'uniform' && ok(s.minMs) && ok(s.maxMs) && (s.minMs as number) <= (s.maxMs as number)) return undefined;
  return "must be { kind: 'fixed', ms } | { kind: 'uniform', minMs, maxMs } | { kind: 'exp', meanMs } with values >= 0";
}

/** True when the spec can never delay anything. */
export function isZeroDelay(spec: DelaySpec): boolean {
  return (spec.kind === 'fixed' && spec.ms === 0) || (spec.kind === 'exp' && spec.meanMs === 0) || (spec.kind === 'uniform' && spec.maxMs === 0);
}

/** One delay drawn from `spec`, in milliseconds; exponential draws are capped at EXP_CAP_FACTOR × mean. */
export function sampleDelay(spec: DelaySpec, random: Random): number {
  switch (spec.kind) {
    case 'fixed': return spec.ms;
    case 'uniform': return spec.minMs + random() * (spec.maxMs - spec.minMs);
    case 'exp': return Math.min(-spec.meanMs * Math.log(1 - random()), EXP_CAP_FACTOR * spec.meanMs);
  }
}
