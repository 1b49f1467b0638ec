import type { ContractError } from '../../../preload/contract';
import { errorText } from '../errors/error-text';

export function ErrorBanner({ error, onDismiss }: { error: ContractError; onDismiss?: () => void }) {
  const text = errorText(error);
  return (
    <div role="alert" className="banner banner-error" data-code={error.code}>
      <strong>{text.title}</strong>
      <p>{text.detail}</p>
      {onDismiss ? (
        <button type="button" className="link" onClick={onDismiss}>
          Dismiss
        </button>
      ) : null}
    </div>
  );
}
