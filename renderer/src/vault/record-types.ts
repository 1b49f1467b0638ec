import type { RecordType } from '../../../preload/contract';

/** What people call each record type. */
export const RECORD_TYPE_NAMES: Readonly<Record<RecordType, string>> = {
  login: 'Login',
  note: 'Secure note',
  card: 'Payment card',
  identity: 'Identity',
};

/** The sidebar's plural names. */
export const RECORD_TYPE_PLURALS: Readonly<Record<RecordType, string>> = {
  login: 'Logins',
  note: 'Secure notes',
  card: 'Payment cards',
  identity: 'Identities',
};

export { RECORD_TYPES } from '../../../main/shared/record-limits';

export interface TemplateField {
  readonly name: string;
  readonly hidden: boolean;
  readonly autoComplete?: string;
  readonly inputMode?: 'numeric' | 'email' | 'tel';
  readonly placeholder?: string;
}

/**
 * The named fields a card or an identity carries. They are stored as ordinary fields (the
 * record model has no per-type columns), with the same names the importers give them, so an
 * imported card and one typed in here look the same.
 */
export const TEMPLATE_FIELDS: Readonly<Record<RecordType, readonly TemplateField[]>> = {
  login: [],
  note: [],
  card: [
    { name: 'Cardholder name', hidden: false, autoComplete: 'off' },
    { name: 'Card number', hidden: true, autoComplete: 'off', inputMode: 'numeric' },
    { name: 'Expiry date', hidden: false, autoComplete: 'off', placeholder: 'MM/YY' },
    { name: 'Security code', hidden: true, autoComplete: 'off', inputMode: 'numeric' },
  ],
  identity: [
    { name: 'First name', hidden: false, autoComplete: 'off' },
    { name: 'Last name', hidden: false, autoComplete: 'off' },
    { name: 'Email', hidden: false, autoComplete: 'off', inputMode: 'email' },
    { name: 'Phone', hidden: false, autoComplete: 'off', inputMode: 'tel' },
    { name: 'Company', hidden: false, autoComplete: 'off' },
    { name: 'Address', hidden: false, autoComplete: 'off' },
    { name: 'City', hidden: false, autoComplete: 'off' },
    { name: 'Postal code', hidden: false, autoComplete: 'off' },
    { name: 'Country', hidden: false, autoComplete: 'off' },
  ],
};

/** Only logins have a username, password, website and one-time code of their own. */
export function hasLoginFields(type: RecordType): boolean {
  return type === 'login';
}
