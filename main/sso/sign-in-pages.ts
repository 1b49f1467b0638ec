import { AppError, toErrorBody } from '../errors/app-error';
import type { LoopbackPage } from './loopback-page';

/** What the browser tab shows after the loopback server took the IdP's answer. */
export const SIGNED_IN_PAGE: LoopbackPage = {
  status: 200,
  title: 'You are signed in',
  message: 'Keyhaven has your sign-in. You can close this tab and return to the app.',
};

export const CONFIRM_IN_APP_PAGE: LoopbackPage = {
  status: 200,
  title: 'Confirm in Keyhaven',
  message: 'Keyhaven asks you to confirm the account before it signs in with it. Return to the app.',
};

export const NOT_FOUND_PAGE: LoopbackPage = { status: 404, title: 'Not found', message: 'Nothing here.', code: 'not_found' };

export function failPage(err: unknown, status = 400): LoopbackPage {
  const body = toErrorBody(err);
  return { status, title: 'Sign-in failed', message: `${body.message} Return to Keyhaven and try again.`, code: body.error };
}

/** A refusal answered with the error's own 4xx, anything else as a bad gateway. */
export function refusedPage(err: unknown): LoopbackPage {
  return failPage(err, err instanceof AppError && err.status < 500 ? err.status : 502);
}
