// The shell's state: which screen is shown, whether the help overlay is open, the terminal size,
// and a one-line note shown in place of the footer until the next key (e.g. the files `f` saved).

/** The five screens, in tab order. */
export const SCREENS = ['tutorial', 'train', 'playground', 'inspect', 'generate'] as const;
export type ScreenName = (typeof SCREENS)[number];

export interface AppState {
  screen: ScreenName;
  help: boolean;
  columns: number;
  rows: number;
  note: string | null;
}

export type AppAction =
  | { type: 'go'; screen: ScreenName }
  | { type: 'cycle'; by: 1 | -1 }
  | { type: 'help'; open?: boolean }
  | { type: 'resize'; columns: number; rows: number }
  | { type: 'note'; text: string | null };

/** The smallest terminal the layout is designed for; smaller sizes are drawn clipped. */
export const MIN_COLUMNS = 80;
export const MIN_ROWS = 24;

export function initialApp(screen: ScreenName, columns: number, rows: number): AppState {
  return { screen, help: false, columns: sane(columns, MIN_COLUMNS), rows: sane(rows, MIN_ROWS), note: null };
}

const sane = (v: number, fallback: number) => (Number.isInteger(v) && v > 0 ? v : fallback);

export function appReducer(state: AppState, action: AppAction): AppState {
  switch (action.type) {
    case 'go':
      return state.screen === action.screen && !state.help ? state : { ...state, screen: action.screen, help: false };
    case 'cycle': {
      const i = SCREENS.indexOf(state.screen);
      return { ...state, screen: SCREENS[(i + action.by + SCREENS.length) % SCREENS.length], help: false };
    }
    case 'help':
      return { ...state, help: action.open ?? !state.help };
    case 'resize': {
      const columns = sane(action.columns, state.columns);
      const rows = sane(action.rows, state.rows);
      return columns === state.columns && rows === state.rows ? state : { ...state, columns, rows };
    }
    case 'note':
      return state.note === action.text ? state : { ...state, note: action.text };
  }
}
