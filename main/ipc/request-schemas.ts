import { z } from 'zod';
import type { Channel, RequestOf } from '../../preload/contract';
import { ADMIN_REQUEST_SCHEMAS } from './admin-request-schemas';

/**
 * Every request crossing IPC or the web host is untrusted input: one schema per channel,
 * strict, so unknown keys and wrong types are refused before any handler runs.
 */
const none = z.object({}).strict();
const email = z.string().trim().min(1).max(320);
const id = z.string().min(1).max(200);
const stepId = z.enum(['welcome', 'vault', 'import', 'extension', 'two_factor', 'done']);
const field = z.object({ name: z.string().max(200), value: z.string().max(10_000), hidden: z.boolean() }).strict();

const recordDraft = z
  .object({
    id: id.optional(),
    type: z.enum(['login', 'note', 'card', 'identity']),
    title: z.string().max(500),
    username: z.string().max(1_000),
    password: z.string().max(10_000),
    urls: z.array(z.string().max(2_000)).max(50),
    notes: z.string().max(100_000),
    folder: z.string().max(500).nullable(),
    totp: z.string().max(2_000).nullable(),
    fields: z.array(field).max(100),
    favorite: z.boolean(),
  })
  .strict();

type Schemas = { readonly [C in Channel]: z.ZodType<RequestOf<C>> };

export const REQUEST_SCHEMAS = {
  getAppInfo: none,
  lookupSso: z.object({ email }).strict(),
  startSignIn: z.object({ email }).strict(),
  reopenSignInPage: none,
  cancelSignIn: none,
  confirmSignIn: z.object({ accept: z.boolean() }).strict(),
  getSignInState: none,
  getSession: none,
  signOut: none,
  completeOnboardingStep: z.object({ step: stepId, result: z.enum(['done', 'skipped']) }).strict(),
  listBrowsers: none,
  openExtensionStore: z.object({ browser: z.enum(['chrome', 'chromium', 'edge', 'firefox', 'brave', 'vivaldi', 'safari']) }).strict(),
  getTwoFactor: none,
  beginTotp: none,
  confirmTotp: z.object({ code: z.string().max(20) }).strict(),
  createBackupCodes: none,
  webauthnRegisterOptions: none,
  webauthnRegisterVerify: z.object({ response: z.unknown() }).strict(),
  webauthnAuthenticateOptions: none,
  webauthnAuthenticateVerify: z.object({ response: z.unknown(), rememberDevice: z.boolean() }).strict(),
  verifySecondFactor: z
    .object({ method: z.enum(['totp', 'backup_code']), code: z.string().max(40), rememberDevice: z.boolean() })
    .strict(),
  checkMasterPassword: z.object({ password: z.string().max(1_000) }).strict(),
  createVault: z.object({ masterPassword: z.string().max(1_000).nullable() }).strict(),
  unlockVault: z.object({ masterPassword: z.string().max(1_000).nullable() }).strict(),
  lockVault: none,
  listRecords: z.object({ query: z.string().max(500) }).strict(),
  saveRecord: z.object({ record: recordDraft }).strict(),
  deleteRecord: z.object({ id }).strict(),
  restoreRecord: z.object({ id }).strict(),
  setFolders: z.object({ changes: z.array(z.object({ id, folder: z.string().trim().min(1).max(500).nullable() }).strict()).min(1).max(100_000) }).strict(),
  generatePassword: none,
  copyToClipboard: z.object({ recordId: id, field: z.enum(['username', 'password', 'totp']) }).strict(),
  noteActivity: none,
  totpCode: z.object({ recordId: id }).strict(),
  listDamagedRecords: none,
  previewImport: z
    .object({
      fileName: z.string().max(1_000),
      // ~50 MiB of file as base64; the importer enforces its own cap with a clear message.
      dataBase64: z.string().max(70 * 1024 * 1024),
      format: z.string().max(50).nullable(),
      password: z.string().max(1_000).nullable(),
      mapping: z.record(z.string(), z.string().nullable()).nullable(),
    })
    .strict(),
  runImport: z.object({ importId: id, duplicates: z.enum(['skip', 'import']) }).strict(),
  cancelImport: z.object({ importId: id }).strict(),
  listDevices: none,
  removeDevice: z.object({ deviceId: id }).strict(),
  requestDeviceApproval: none,
  getDeviceApproval: none,
  getApprovalPrompts: none,
  rotateVaultKey: z.object({ masterPassword: z.string().max(1_000).nullable() }).strict(),
  answerApprovalPrompt: z
    .object({
      requestId: id,
      answer: z.discriminatedUnion('kind', [z.object({ kind: z.literal('pick'), phrase: z.string().max(200) }).strict(), z.object({ kind: z.literal('deny') }).strict()]),
    })
    .strict(),
  getSettings: none,
  updateSetting: z.object({ name: z.string().max(100), value: z.unknown() }).strict(),
  getManagedSettings: none,
  saveDiagnostics: none,
  ...ADMIN_REQUEST_SCHEMAS,
} satisfies Schemas;
