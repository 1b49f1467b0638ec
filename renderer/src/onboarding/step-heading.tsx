import { useEffect, useRef, type ReactNode } from 'react';

/**
 * The one h1 of a step screen. Screens are keyed by step id, so mounting means the step
 * changed: focus moves here and screen readers announce the new step.
 */
export function StepHeading({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1} className="step-heading">
      {children}
    </h1>
  );
}
