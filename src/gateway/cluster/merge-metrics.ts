import { formatValue } from '../../metrics/prometheus.js';

interface Family {
  comments: string[];
  /** Sample value by series (`name{labels}`), in the order first seen. */
  samples: Map<string, number>;
}

function parseValue(text: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return Number(text);
}

/**
 * Merges the Prometheus text (format 0.0.4) of several processes into the text of the whole:
 * every sample with the same name and labels is summed. That is right for every metric the
 * gateway exposes: counters and `websocket_connections_active` add up, and so do histogram
 * buckets (cumulative counts of the same bounds), `_sum` and `_count`. Families keep the order
 * they first appear in, each with its `# HELP`/`# TYPE` lines once and its series in the order
 * first seen, so a series only one process has stays with its family. Pure.
 */
export function mergeExpositions(texts: readonly string[]): string {
  const families = new Map<string, Family>();
  for (const text of texts) {
    let family: Family | undefined;
    for (const line of text.split('\n')) {
      if (line === '') continue;
      const comment = /^# (HELP|TYPE) (\S+)/.exec(line);
      if (comment) {
        const name = comment[2] as string;
        family = families.get(name);
        if (!family) {
          family = { comments: [], samples: new Map() };
          families.set(name, family);
        }
        if (!family.comments.some((c) => c.startsWith(`# ${comment[1]} `))) family.comments.push(line);
        continue;
      }
      if (line.startsWith('#') || !family) continue;
      const at = line.lastIndexOf(' ');
      const series = line.slice(0, at);
      family.samples.set(series, (family.samples.get(series) ?? 0) + parseValue(line.slice(at + 1)));
    }
  }
  const lines: string[] = [];
  for (const { comments, samples } of families.values()) {
    lines.push(...comments);
    for (const [series, value] of samples) lines.push(`${series} ${formatValue(value)}`);
  }
  return `${lines.join('\n')}\n`;
}
