import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';

/** A 1-based line and column in a scenario file. */
export interface Pos {
  line: number;
  column: number;
}

/** Collects the problems of one file, in the order they are found. */
export class Problems {
  readonly list: Array<Pos & { message: string }> = [];
  add(pos: Pos, message: string): void {
    this.list.push({ line: pos.line, column: pos.column, message });
  }
}

interface YamlNodeLike {
  range?: [number, number, number] | null;
  items?: unknown[];
}

interface PairLike {
  key: unknown;
  value: unknown;
}

const keyOf = (pair: PairLike): string => {
  const key = pair.key as { value?: unknown } | null;
  return String(key && typeof key === 'object' && 'value' in key ? key.value : key);
};

/**
 * A value of the parsed file together with its YAML node, so every problem can name the line
 * and column of the very value it is about. JSON files parse the same way (JSON is YAML).
 */
export class Src {
  readonly value: unknown;
  private readonly node: unknown;
  private readonly lines: LineCounter;
  private readonly fallback: Pos;

  constructor(value: unknown, node: unknown, lines: LineCounter, fallback: Pos) {
    this.value = value;
    this.node = node;
    this.lines = lines;
    this.fallback = fallback;
  }

  /** A value with no node of its own, placed where this one is (an omitted option, a shorthand step). */
  derive(value: unknown): Src {
    return new Src(value, null, this.lines, this.pos());
  }

  /** Where this value starts in the file (its parent's position when it has no node of its own). */
  pos(): Pos {
    return this.posOf(this.node);
  }

  get isMap(): boolean {
    return typeof this.value === 'object' && this.value !== null && !Array.isArray(this.value);
  }

  get isList(): boolean {
    return Array.isArray(this.value);
  }

  /** The keys of a mapping, in file order; [] for anything else. */
  keys(): string[] {
    return this.isMap ? Object.keys(this.value as object) : [];
  }

  has(key: string): boolean {
    return this.isMap && Object.hasOwn(this.value as object, key);
  }

  /** The value under `key` of a mapping, or undefined when absent. */
  get(key: string): Src | undefined {
    if (!this.has(key)) return undefined;
    const pair = this.pair(key);
    return new Src((this.value as Record<string, unknown>)[key], pair?.value, this.lines, this.posOf(pair?.key));
  }

  /** Where `key` of a mapping stands (the mapping's position when absent). */
  keyPos(key: string): Pos {
    return this.posOf(this.pair(key)?.key);
  }

  /** The items of a list; [] for anything else. */
  items(): Src[] {
    if (!Array.isArray(this.value)) return [];
    const nodes = isSeq(this.node) ? (this.node.items as unknown[]) : [];
    const here = this.pos();
    return this.value.map((item, i) => new Src(item, nodes[i], this.lines, here));
  }

  private pair(key: string): PairLike | undefined {
    if (!isMap(this.node)) return undefined;
    return (this.node.items as PairLike[]).find((item) => keyOf(item) === key);
  }

  private posOf(node: unknown): Pos {
    const range = (node as YamlNodeLike | null | undefined)?.range;
    if (!range) return this.fallback;
    const { line, col } = this.lines.linePos(range[0]);
    return { line, column: col };
  }
}

/** Parses YAML (or JSON) text: the root Src, or the position and message of the first syntax error. */
/**
 * The first syntax error of `text` read as JSON, with its line and column, or undefined when it
 * is valid JSON. For `.json` scenarios, so a broken one is not reported as broken YAML.
 */
export function jsonSyntaxError(text: string): (Pos & { message: string }) | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    const message = (error as Error).message;
    const at = /at position (\d+)/.exec(message);
    const offset = Math.min(at ? Number(at[1]) : text.length, text.length);
    const before = text.slice(0, offset).split('\n');
    const reason = message.replace(/\s*in JSON at position \d+.*$/, '').replace(/\s*\(line \d+ column \d+\)$/, '');
    const early = offset >= text.trimEnd().length ? ' (the file ends before the JSON does: truncated?)' : '';
    return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1, message: `invalid JSON: ${reason}${early}` };
  }
}

export function readYaml(text: string): { root: Src } | { error: Pos & { message: string } } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const syntax = doc.errors[0];
  if (syntax) {
    const { line, col } = lines.linePos(syntax.pos[0]);
    return { error: { line, column: col, message: `invalid YAML: ${syntax.message.split('\n')[0]}` } };
  }
  const start = { line: 1, column: 1 };
  return { root: new Src(doc.toJS() as unknown, doc.contents, lines, start) };
}
