export function ManagedNote({ id }: { id: string }) {
  return (
    <p id={id} className="hint managed-note">
      Managed by your organisation
    </p>
  );
}
