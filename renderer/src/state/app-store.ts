import { createStore, type StoreApi } from 'zustand/vanilla';
import type { KeyhavenApi } from '../../../preload/contract';
import { createAppSlice, type AppSlice } from './app-slice';
import { createSignInSlice, type SignInSlice } from './sign-in-slice';
import { createSessionSlice, type SessionSlice } from './session-slice';
import { createVaultSlice, type VaultSlice } from './vault-slice';
import { createImportSlice, type ImportSlice } from './import-slice';
import { createOnboardingSlice, type OnboardingSlice } from './onboarding-slice';
import { createDevicesSlice, type DevicesSlice } from './devices-slice';
import { createAdminSlice, type AdminSlice } from './admin-slice';
import { createSecuritySlice, type SecuritySlice } from './security-slice';

export type AppState = AppSlice & SignInSlice & SessionSlice & VaultSlice & ImportSlice & OnboardingSlice & DevicesSlice & AdminSlice & SecuritySlice;
export type AppStore = StoreApi<AppState>;
export type SliceCreator<T> = (set: StoreApi<AppState>['setState'], get: StoreApi<AppState>['getState'], api: KeyhavenApi) => T;

/** One store of typed slices, built around the bridge so tests can hand it a fake. */
export function createAppStore(api: KeyhavenApi): AppStore {
  const store = createStore<AppState>()((set, get) => ({
    ...createAppSlice(set, get, api),
    ...createSignInSlice(set, get, api),
    ...createSessionSlice(set, get, api),
    ...createVaultSlice(set, get, api),
    ...createImportSlice(set, get, api),
    ...createOnboardingSlice(set, get, api),
    ...createDevicesSlice(set, get, api),
    ...createAdminSlice(set, get, api),
    ...createSecuritySlice(set, get, api),
  }));
  api.on('deviceApproval', (state) => store.setState({ deviceApproval: state }));
  api.on('approvalPrompts', (prompts) => store.setState({ approvalPrompts: prompts }));
  api.on('signInState', (state) => store.getState().receiveSignInState(state));
  api.on('session', (session) => store.getState().receiveSession(session));
  api.on('importProgress', (progress) => store.getState().receiveImportProgress(progress));
  // The clipboard was cleared: the "copied" notice would now be untrue.
  api.on('clipboardCleared', () => store.setState({ copied: null }));
  return store;
}
