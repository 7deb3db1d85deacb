import { checkWritable } from '../write-outputs.js';
import type { Output } from './output.js';

/**
 * `--trace FILE` (or `--out trace=FILE`): every frame sent and received as NDJSON, written by
 * the run itself where frames cross the wire (`frames`), so this output only checks the path
 * up front. With worker processes each writes `FILE.k`. `ids`: only these charge points.
 */
export function traceOutput(path: string, ids?: ReadonlySet<string>, label = '--out trace'): Output<unknown> {
  return {
    label,
    frames: { file: path, ...(ids ? { ids } : {}) },
    check: () => checkWritable(path),
  };
}
