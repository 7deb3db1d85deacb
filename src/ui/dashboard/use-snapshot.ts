import { useEffect, useState } from 'react';
import type { FleetSnapshot } from '../../runner/fleet.js';
import { DashboardSampler, type DashboardFrame } from './sampler.js';
import type { ToolStats } from '../../metrics/tool-probe.js';
import type { Stage } from '../../runner/stages.js';

export interface UseSnapshotOptions {
  refreshMs: number;
  now?: () => number;
  tool?: () => ToolStats | undefined;
  stages?: readonly Stage[];
}

/**
 * Polls `snapshot()` every `refreshMs` and returns the latest frame: exactly one React state
 * update per tick, however many OCPP messages flow (bursts cannot freeze the UI).
 */
export function useSnapshot(snapshot: () => FleetSnapshot, options: UseSnapshotOptions): DashboardFrame {
  const [sampler] = useState(() => new DashboardSampler(snapshot, options));
  const [frame, setFrame] = useState(() => sampler.sample());
  useEffect(() => {
    const timer = setInterval(() => setFrame(sampler.sample()), options.refreshMs);
    return () => clearInterval(timer);
  }, [sampler, options.refreshMs]);
  return frame;
}
