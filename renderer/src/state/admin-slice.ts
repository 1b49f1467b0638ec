import type { AdminChannel, AdminScope } from '../../../preload/channels/admin-channels';
import type { ContractError, RequestOf, Result, ResultOf } from '../../../preload/contract';
import type { SliceCreator } from './app-store';

export type { AdminChannel };

/**
 * The admin area's shared state: whether it is open and what the backend says this person may
 * administer. Lists and filters are each view's own; the backend decides every answer.
 */
export interface AdminSlice {
  readonly adminOpen: boolean;
  readonly adminScope: AdminScope | null;
  readonly adminError: ContractError | null;
  readonly openAdmin: () => Promise<void>;
  readonly closeAdmin: () => void;
  readonly adminRequest: <C extends AdminChannel>(channel: C, request: RequestOf<C>) => Promise<Result<ResultOf<C>>>;
}

export const createAdminSlice: SliceCreator<AdminSlice> = (set, _get, api) => ({
  adminOpen: false,
  adminScope: null,
  adminError: null,
  async openAdmin() {
    set({ adminOpen: true, adminError: null });
    const result = await api.adminScope({});
    if (result.ok) set({ adminScope: result.value });
    else set({ adminScope: null, adminError: result.error });
  },
  closeAdmin() {
    set({ adminOpen: false, adminScope: null, adminError: null });
  },
  adminRequest(channel, request) {
    const call = api[channel] as (r: typeof request) => Promise<Result<ResultOf<typeof channel>>>;
    return call(request);
  },
});
