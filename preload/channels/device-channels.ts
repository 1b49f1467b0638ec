import { z } from 'zod';
import { channel, contractErrorSchema, id, masterPassword, none, type Wire } from './wire';

/** This person's devices, approving a new device, and rotating the vault key after a removal. */

/** Settings → Devices: one of the signed-in user's devices. */
const deviceViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  platform: z.string(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  /** The vault holds a data key for it. */
  trusted: z.boolean(),
  /** This device. */
  current: z.boolean(),
});
export type DeviceView = Wire<z.infer<typeof deviceViewSchema>>;

/** The new device's side of an approval request. */
export const deviceApprovalStateSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('idle') }),
  z.object({
    kind: z.literal('waiting'),
    requestId: z.string(),
    /** The five words to compare with the ones the approving device offers. */
    phrase: z.string(),
    expiresAt: z.string(),
    /** The names of the person's devices that can approve (empty: nobody left to approve). */
    approvers: z.array(z.string()),
    /** An administrator can approve too (the vault is enrolled for account recovery and one holds the key). */
    administrator: z.boolean(),
    /** The vault has a master-password copy (unlocking with it is the other way in). */
    masterPassword: z.boolean(),
    /** A trusted device has shown the request. */
    seen: z.boolean(),
    /** No device showed it within 15 s (still waiting in the background). */
    unanswered: z.boolean(),
  }),
  z.object({ kind: z.literal('approved') }),
  z.object({ kind: z.literal('refused'), error: contractErrorSchema }),
]);

/** A trusted device's view of a request to approve: pick the phrase the new device shows. */
export const approvalPromptSchema = z.object({
  requestId: z.string(),
  deviceName: z.string(),
  platform: z.string(),
  /** Where the request came from (the IP address the backend saw). */
  ip: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  /** Four phrases, one of them the new device's, in random order. */
  candidates: z.array(z.string()),
});

export const DEVICE_CHANNELS = {
  listDevices: channel(none, z.array(deviceViewSchema)),
  removeDevice: channel(z.object({ deviceId: id }).strict(), z.array(deviceViewSchema)),
  requestDeviceApproval: channel(none, deviceApprovalStateSchema),
  getDeviceApproval: channel(none, deviceApprovalStateSchema),
  getApprovalPrompts: channel(none, z.array(approvalPromptSchema)),
  /** A new data key for the vault, re-wrapped for the devices that keep access (after removing one). */
  rotateVaultKey: channel(z.object({ masterPassword }).strict(), z.object({ records: z.number() })),
  answerApprovalPrompt: channel(
    z
      .object({
        requestId: id,
        answer: z.discriminatedUnion('kind', [z.object({ kind: z.literal('pick'), phrase: z.string().max(200) }).strict(), z.object({ kind: z.literal('deny') }).strict()]),
      })
      .strict(),
    z.object({ outcome: z.enum(['approved', 'wrong_phrase', 'denied']) }),
  ),
};
