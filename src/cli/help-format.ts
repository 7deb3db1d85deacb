import type { Option } from 'commander';

/** `text` broken into lines of at most `width` columns, continuation lines indented by `indent`. */
export function wrap(text: string, width: number, indent = 0): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line.length > 0 && line.length + 1 + word.length > width) {
      lines.push(line);
      line = ' '.repeat(indent) + word;
    } else line = line.trim().length === 0 ? line + word : `${line} ${word}`;
  }
  if (line.length > 0) lines.push(line);
  return lines.join('\n');
}

/** `  term  text`, the text wrapped in its column (under the term when the term is too wide). */
export function item(term: string, termWidth: number, text: string, width: number): string {
  const column = termWidth + 4;
  const body = wrap(text, Math.max(20, width - column)).split('\n').map((line) => ' '.repeat(column) + line);
  if (term.length > termWidth) return [`  ${term}`, ...body].join('\n');
  return [`  ${term.padEnd(termWidth)}  ${(body[0] as string).trimStart()}`, ...body.slice(1)].join('\n');
}

/**
 * An option's description with its default as the user types it (`30s`, not `"30s"`), and
 * none for a boolean switch or an empty list.
 */
export function optionDescription(option: Option): string {
  const value: unknown = option.defaultValue;
  const shown = value !== undefined && (option.required || option.optional) && !(Array.isArray(value) && value.length === 0);
  if (!shown) return option.description;
  return `${option.description} (default: ${option.defaultValueDescription ?? (Array.isArray(value) ? value.join(', ') : String(value))})`;
}
