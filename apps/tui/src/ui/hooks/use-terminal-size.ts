import { useEffect } from 'react';
import { useStdout } from 'ink';

/** Calls `onResize(columns, rows)` whenever the terminal is resized. */
export function useTerminalSize(onResize: (columns: number, rows: number) => void): void {
  const { stdout } = useStdout();
  useEffect(() => {
    const handler = () => onResize(stdout.columns, stdout.rows);
    stdout.on('resize', handler);
    return () => {
      stdout.off('resize', handler);
    };
  }, [stdout, onResize]);
}
