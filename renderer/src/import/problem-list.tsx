export function ProblemList({ problems, headingId }: { problems: readonly { line: number; message: string }[]; headingId: string }) {
  if (problems.length === 0) return null;
  return (
    <>
      <h3 id={headingId}>Problems</h3>
      <ul className="problem-list" aria-labelledby={headingId}>
        {problems.map((p, i) => (
          <li key={`${p.line}-${i}`}>
            {/* Line 0 is the note that says how many more problems are not listed. */}
            {p.line > 0 ? `Line ${p.line}: ` : ''}
            {p.message}
          </li>
        ))}
      </ul>
    </>
  );
}
