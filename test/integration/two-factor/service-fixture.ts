import { randomBytes } from 'node:crypto';
import { createTwoFactorService, type TwoFactorService } from '../../../main/backend/two-factor/two-factor-service';
import type { RelyingParty } from '../../../main/backend/two-factor/webauthn-service';
import { openTwoFactorDatabase, type TwoFactorDatabase } from './two-factor-database';

export const PACKAGED_APP: RelyingParty = { origin: 'app://keyhaven', rpId: 'keyhaven' };
export const WEB_HOST: RelyingParty = { origin: 'http://localhost:5199', rpId: 'localhost' };

export interface ServiceFixture {
  readonly database: TwoFactorDatabase;
  readonly service: TwoFactorService;
  readonly secretKey: Buffer;
  /** The service's clock; tests move it. */
  readonly clock: { now: Date };
  close(): Promise<void>;
}

export async function openServiceFixture(start = new Date('2025-03-01T09:00:10Z')): Promise<ServiceFixture> {
  const database = await openTwoFactorDatabase();
  await database.addUser('alice');
  await database.addUser('bob');
  const clock = { now: start };
  const secretKey = randomBytes(32);
  const service = createTwoFactorService({
    repository: database.repository,
    secretKey,
    relyingParties: [PACKAGED_APP, WEB_HOST],
    clock: () => clock.now,
  });
  return { database, service, secretKey, clock, close: () => database.close() };
}

export function advance(clock: { now: Date }, ms: number): void {
  clock.now = new Date(clock.now.getTime() + ms);
}
