import type { Logger } from '../../log/logger';
import type { TenantConfig } from '../config/tenant-config';
import type { SignInService } from '../sso/sign-in-service';
import type { Store } from '../store/store';

/** What every route file gets: built once per backend instance in create-backend.ts. */
export interface BackendContext {
  readonly config: TenantConfig;
  readonly store: Store;
  readonly logger: Logger;
  readonly now: () => Date;
  /** The externally visible base URL (no trailing slash). */
  readonly publicUrl: () => string;
  readonly signIn: SignInService;
}
