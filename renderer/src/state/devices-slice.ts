import type { ApprovalPrompt, ContractError, DeviceApprovalState, DeviceView } from '../../../preload/contract';
import type { SliceCreator } from './app-store';

export interface DevicesSlice {
  readonly devices: readonly DeviceView[] | null;
  readonly devicesError: ContractError | null;
  /** This device asking another one for the vault's key. */
  readonly deviceApproval: DeviceApprovalState;
  readonly deviceApprovalError: ContractError | null;
  /** Requests from the user's new devices waiting for this (trusted) device. */
  readonly approvalPrompts: readonly ApprovalPrompt[];
  readonly approvalAnswer: { readonly requestId: string; readonly outcome: 'approved' | 'wrong_phrase' | 'denied' } | null;
  readonly loadDevices: () => Promise<void>;
  readonly removeDevice: (deviceId: string) => Promise<boolean>;
  /** Resolves with how many records were re-keyed, or null (the error is in devicesError). */
  readonly rotateVaultKey: (masterPassword: string | null) => Promise<number | null>;
  readonly requestDeviceApproval: () => Promise<void>;
  readonly loadDeviceApproval: () => Promise<void>;
  readonly loadApprovalPrompts: () => Promise<void>;
  readonly answerApprovalPrompt: (requestId: string, answer: { kind: 'pick'; phrase: string } | { kind: 'deny' }) => Promise<void>;
  readonly dismissApprovalAnswer: () => void;
}

export const createDevicesSlice: SliceCreator<DevicesSlice> = (set, get, api) => ({
  devices: null,
  devicesError: null,
  deviceApproval: { kind: 'idle' },
  deviceApprovalError: null,
  approvalPrompts: [],
  approvalAnswer: null,
  async loadDevices() {
    const result = await api.listDevices({});
    if (result.ok) set({ devices: result.value, devicesError: null });
    else set({ devicesError: result.error });
  },
  async removeDevice(deviceId) {
    const result = await api.removeDevice({ deviceId });
    if (result.ok) set({ devices: result.value, devicesError: null });
    else set({ devicesError: result.error });
    return result.ok;
  },
  async rotateVaultKey(masterPassword) {
    const result = await api.rotateVaultKey({ masterPassword });
    if (result.ok) {
      set({ devicesError: null });
      return result.value.records;
    }
    set({ devicesError: result.error });
    return null;
  },
  async requestDeviceApproval() {
    set({ deviceApprovalError: null });
    const result = await api.requestDeviceApproval({});
    if (result.ok) set({ deviceApproval: result.value });
    else set({ deviceApprovalError: result.error });
  },
  async loadDeviceApproval() {
    const result = await api.getDeviceApproval({});
    if (result.ok) set({ deviceApproval: result.value });
  },
  async loadApprovalPrompts() {
    const result = await api.getApprovalPrompts({});
    if (result.ok) set({ approvalPrompts: result.value });
  },
  async answerApprovalPrompt(requestId, answer) {
    const result = await api.answerApprovalPrompt({ requestId, answer });
    if (result.ok) {
      set({ approvalAnswer: { requestId, outcome: result.value.outcome }, approvalPrompts: get().approvalPrompts.filter((p) => p.requestId !== requestId) });
    } else {
      set({ devicesError: result.error, approvalPrompts: get().approvalPrompts.filter((p) => p.requestId !== requestId) });
    }
  },
  dismissApprovalAnswer() {
    set({ approvalAnswer: null, devicesError: null });
  },
});
