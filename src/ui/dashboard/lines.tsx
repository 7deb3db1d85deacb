import { Box, Text, Transform } from 'ink';

export interface LinesProps {
  /** Lines already fitted to `width` (they may carry colour). */
  lines: readonly string[];
  width: number;
}

// Built from strings so that the control character does not sit in the source.
const ESC = '\u001b';
const COLOUR_CODES = new RegExp(`${ESC}\\[[0-9;]*m`, 'g');
/** Spaces at the end of a line, also before closing codes of bold, dim or a foreground colour (which show nothing on a blank). */
const TRAILING_BLANKS = new RegExp(` +((?:${ESC}\\[(?:22|39)m)*)$`);
/**
 * One cell wide for sure: printable ASCII, Latin-1 and Latin Extended letters, and the glyphs the
 * dashboard draws itself (… › ← → box drawing, blocks). A line of these is as wide as its length.
 */
const NARROW = /^[\x20-\x7e\xa0-\xac\xae-\u024f\u2026\u203a\u2190-\u2193\u2500-\u259f]*$/;

/**
 * A column of single-row lines, each cut at `width` should it be longer.
 *
 * Ink measures the text of every Text on every frame with string-width, which costs microseconds
 * per character outside ASCII (grapheme segmentation, an emoji test): with rules, bars and
 * sparklines that was the largest part of the dashboard's CPU. So when every line is known to be
 * as wide as its length (and fits), Ink gets blanks of the same size to measure and lay out, and
 * a Transform writes the real line in their place; the layout only changes when a line's length
 * does. A screen reader gets the real text. Lines with characters of uncertain width (names, ids
 * or details from outside) take the plain way: one Text per row, cut by Ink.
 */
export function Lines({ lines, width }: LinesProps) {
  const trimmed = lines.map((line) => line.replace(TRAILING_BLANKS, '$1'));
  const plain = trimmed.map((line) => line.replace(COLOUR_CODES, ''));
  if (!plain.every((line) => line.length <= width && NARROW.test(line))) return <Rows lines={lines} width={width} />;
  return (
    <Transform transform={(_blank, index) => trimmed[index] ?? ''} accessibilityLabel={trimmed.join('\n')}>
      {plain.map((line) => ' '.repeat(Math.max(1, line.length))).join('\n')}
    </Transform>
  );
}

function Rows({ lines, width }: LinesProps) {
  return (
    <Box flexDirection="column" width={width} flexShrink={0}>
      {lines.map((line, i) => <Text key={i} wrap="truncate">{line === '' ? ' ' : line}</Text>)}
    </Box>
  );
}
