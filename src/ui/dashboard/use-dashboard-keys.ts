import { useInput, useStdin } from 'ink';
import { useRef, useState } from 'react';
import { effectiveAction, stepAction } from './selection.js';

export interface KeyHandlers {
  onQuit(): void;
  onTogglePause(): void;
}

export interface DashboardKeys {
  /** The action shown in the latency ladder (one of `actions`, or undefined when there are none). */
  selectedAction: string | undefined;
  helpVisible: boolean;
}

/**
 * The dashboard's keys: q or Ctrl-C quit, p pauses/resumes the ramp, ←/→ and Tab (Shift-Tab
 * backwards) choose the latency action, ? toggles the help (Esc closes it).
 */
export function useDashboardKeys(actions: readonly string[], handlers: KeyHandlers): DashboardKeys {
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const [helpVisible, setHelpVisible] = useState(false);
  const { isRawModeSupported } = useStdin();
  // The handler outlives renders: read the newest actions and callbacks through refs.
  const latest = useRef({ actions, handlers });
  latest.current = { actions, handlers };
  useInput((input, key) => {
    const { actions: now, handlers: h } = latest.current;
    if (input === 'q' || (key.ctrl && input === 'c')) h.onQuit();
    else if (input === 'p') h.onTogglePause();
    else if (input === '?') setHelpVisible((v) => !v);
    else if (key.escape) setHelpVisible(false);
    else if (key.rightArrow || (key.tab && !key.shift)) setChosen((c) => stepAction(now, c, 1));
    else if (key.leftArrow || (key.tab && key.shift)) setChosen((c) => stepAction(now, c, -1));
  }, { isActive: isRawModeSupported === true });
  return { selectedAction: effectiveAction(actions, chosen), helpVisible };
}
