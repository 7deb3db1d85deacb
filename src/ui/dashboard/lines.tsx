import { Box, Text } from 'ink';

export interface LinesProps {
  /** Lines already fitted to `width` (they may carry colour). */
  lines: readonly string[];
  width: number;
}

/** A column of single-row lines, each cut at `width` should it be longer. */
export function Lines({ lines, width }: LinesProps) {
  return (
    <Box flexDirection="column" width={width} flexShrink={0}>
      {lines.map((line, i) => <Text key={i} wrap="truncate">{line === '' ? ' ' : line}</Text>)}
    </Box>
  );
}
