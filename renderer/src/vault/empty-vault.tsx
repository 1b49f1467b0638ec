export function EmptyVault({ onImport, onAdd }: { onImport: (() => void) | null; onAdd: () => void }) {
  return (
    <section className="empty-vault" aria-labelledby="empty-heading">
      <h2 id="empty-heading">Your vault is empty</h2>
      <p className="muted">
        Keep your work passwords here, encrypted on this device.{' '}
        {onImport ? 'Bring them over from your browser or another password manager, or add the first one yourself.' : 'Add the first one to get started.'}
      </p>
      <div className="row">
        {onImport ? (
          <button type="button" className="primary" onClick={onImport}>
            Import passwords
          </button>
        ) : null}
        <button type="button" className={onImport ? 'secondary' : 'primary'} onClick={onAdd}>
          Add an item
        </button>
      </div>
    </section>
  );
}
