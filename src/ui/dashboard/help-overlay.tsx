import { fit, titleLine, wrap } from './format.js';
import { Lines } from './lines.js';
import { paint } from './palette.js';

export interface HelpOverlayProps {
  width: number;
  rows: number;
}

const KEYS: ReadonlyArray<[keys: string, what: string]> = [
  ['q, Ctrl-C', 'stop the run and print the summary'],
  ['p', 'pause / resume the ramp (running charge points go on)'],
  ['←/→, Tab', 'choose the action drawn in the latency ladder'],
  ['?, Esc', 'close this help'],
];

const NOTES = [
  'Latency: round trip from CALL sent to CALLRESULT/CALLERROR received. CO p99: for scheduled messages, from the time they should have been sent (coordinated omission corrected); it differs when sends ran late.',
  'Bars: charge points per state as a share of the fleet; the latency ladder is linear in ms.',
  'States: backoff waits to reconnect after a lost connection or a failed attempt; offline is away on purpose (the scenario\'s offline step) until its next connect attempt; gave-up stopped retrying after a fatal connect error.',
  'Tool: CPU and event-loop delay of this process. Above 90% CPU or 100ms delay the figures measure the load generator, not the target.',
];

/** The keys and what the panels mean, wrapped to `width`, cut at `rows` rows. */
export function HelpOverlay({ width, rows }: HelpOverlayProps) {
  const lines = [
    paint.title(titleLine('Help (press ? to close)', width)),
    ...KEYS.map(([keys, what]) => fit(`${keys.padEnd(11)} ${what}`, width)),
    ...NOTES.flatMap((note) => ['', ...wrap(note, width)]),
  ];
  return <Lines width={width} lines={lines.slice(0, Math.max(0, rows))} />;
}
