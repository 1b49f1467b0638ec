import { AppError } from '../../errors/app-error';

const DOMAIN = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/;

/** `alice@Acme.test` or `acme.test` → `acme.test`. */
export function domainOf(emailOrDomain: string): string {
  const v = emailOrDomain.trim().toLowerCase();
  const at = v.lastIndexOf('@');
  const domain = at === -1 ? v : v.slice(at + 1);
  if ((at !== -1 && at === 0) || !DOMAIN.test(domain)) {
    throw new AppError('invalid_email', 'Enter a work email address (name@company.com) or your company domain.');
  }
  return domain;
}
