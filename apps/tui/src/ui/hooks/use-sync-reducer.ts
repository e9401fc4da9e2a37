import { useCallback, useRef, useState } from 'react';

/**
 * `useReducer` whose latest state can be read at once through a ref: several keys can arrive in
 * one chunk of input (e.g. ↓ ↓ enter) before React renders again, and each must see the state
 * the previous ones left. The reducer is pure, so applying it here and rendering its result is
 * the same as React applying it.
 */
export function useSyncReducer<S, A>(reducer: (state: S, action: A) => S, init: () => S): [S, (action: A) => void, { readonly current: S }] {
  const [state, setState] = useState(init);
  const ref = useRef(state);
  const dispatch = useCallback((action: A) => {
    ref.current = reducer(ref.current, action);
    setState(ref.current);
  }, [reducer]);
  return [state, dispatch, ref];
}
