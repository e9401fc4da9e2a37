// The shell's state: which screen is shown, whether the help or visual-settings overlay is open,
// the theme the screens are drawn with, the terminal size, and a one-line note shown in place of
// the footer until the next key (e.g. the files `f` saved).
import { PALETTES, type Theme } from '../theme.js';

/** The five screens, in tab order. */
export const SCREENS = ['tutorial', 'train', 'playground', 'inspect', 'generate'] as const;
export type ScreenName = (typeof SCREENS)[number];

export interface AppState {
  screen: ScreenName;
  help: boolean;
  /** The visual settings overlay (`o`): colour on/off, the heatmaps' palette. */
  settings: boolean;
  /** What the screens are drawn with: from the environment (NO_COLOR) at start, then the learner's settings. */
  theme: Theme;
  columns: number;
  rows: number;
  note: string | null;
}

export type AppAction =
  | { type: 'go'; screen: ScreenName }
  | { type: 'cycle'; by: 1 | -1 }
  | { type: 'help'; open?: boolean }
  | { type: 'settings'; open?: boolean }
  /** Turn colour on/off, or the next palette. */
  | { type: 'theme'; change: 'color' | 'palette' }
  | { type: 'resize'; columns: number; rows: number }
  | { type: 'note'; text: string | null };

/** The smallest terminal the layout is designed for; smaller sizes are drawn clipped. */
export const MIN_COLUMNS = 80;
export const MIN_ROWS = 24;

export function initialApp(screen: ScreenName, columns: number, rows: number, theme: Theme): AppState {
  return { screen, help: false, settings: false, theme, columns: sane(columns, MIN_COLUMNS), rows: sane(rows, MIN_ROWS), note: null };
}

const sane = (v: number, fallback: number) => (Number.isInteger(v) && v > 0 ? v : fallback);

export function appReducer(state: AppState, action: AppAction): AppState {
  switch (action.type) {
    case 'go':
      return state.screen === action.screen && !state.help && !state.settings ? state : { ...state, screen: action.screen, help: false, settings: false };
    case 'cycle': {
      const i = SCREENS.indexOf(state.screen);
      return { ...state, screen: SCREENS[(i + action.by + SCREENS.length) % SCREENS.length], help: false, settings: false };
    }
    case 'help': {
      const help = action.open ?? !state.help;
      return { ...state, help, settings: help ? false : state.settings };
    }
    case 'settings': {
      const settings = action.open ?? !state.settings;
      return { ...state, settings, help: settings ? false : state.help };
    }
    case 'theme': {
      const { color, palette } = state.theme;
      const theme = action.change === 'color' ? { color: !color, palette } : { color, palette: PALETTES[(PALETTES.indexOf(palette) + 1) % PALETTES.length] };
      return { ...state, theme };
    }
    case 'resize': {
      const columns = sane(action.columns, state.columns);
      const rows = sane(action.rows, state.rows);
      return columns === state.columns && rows === state.rows ? state : { ...state, columns, rows };
    }
    case 'note':
      return state.note === action.text ? state : { ...state, note: action.text };
  }
}
