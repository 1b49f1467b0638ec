import { useEffect } from 'react';
import { useAppStore } from '../state/store-context';

/** What counts as the person being there: their own input, never the app's timers or polling. */
const INPUT_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;

/** Reports the person's input to main (throttled in the slice) for the policy's idle lock. */
export function useActivityReport(): void {
  const noteActivity = useAppStore((s) => s.noteActivity);
  useEffect(() => {
    const listener = (event: Event) => {
      // Synthetic events (element.click() from code) are not the person.
      if (event.isTrusted) noteActivity();
    };
    for (const name of INPUT_EVENTS) window.addEventListener(name, listener, { capture: true, passive: true });
    return () => {
      for (const name of INPUT_EVENTS) window.removeEventListener(name, listener, { capture: true });
    };
  }, [noteActivity]);
}
