import { Component, type ReactNode } from 'react';
import { Box, Text } from 'ink';

interface State {
  error: Error | null;
}

/** Shows a render error as a message (the app keeps running: other screens, q, Ctrl-C) instead of crashing. */
export class ErrorBoundary extends Component<{ children: ReactNode; resetKey?: unknown }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidUpdate(prev: { resetKey?: unknown }) {
    if (prev.resetKey !== this.props.resetKey && this.state.error) this.setState({ error: null });
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <Box flexDirection="column">
        <Text bold>Something went wrong drawing this screen:</Text>
        <Text>{this.state.error.message}</Text>
        <Text dimColor>Switch screens with Tab, or quit with q.</Text>
      </Box>
    );
  }
}
