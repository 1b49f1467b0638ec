// Saves offline states in a loop until killed: the crash test kills it with SIGKILL mid-write.
// argv: <data dir> <account prefix> <base64 key> <records per state>
import { createOfflineStore } from '../../main/vault/offline/offline-store';
import { createMemoryKeychainForTests } from './memory-keychain';
import { keychainAccount } from '../../main/vault/keychain/keychain';
import { stateForCrashTest } from './offline-states';

const [dataDir, prefix, key, size] = process.argv.slice(2) as [string, string, string, string];
const keychain = createMemoryKeychainForTests([[keychainAccount(prefix, 'offline-key'), key]]);
const store = createOfflineStore({ dataDir, keychain, accountPrefix: prefix });

for (let generation = 1; ; generation += 1) {
  await store.save(stateForCrashTest(generation, Number(size)));
  process.stdout.write(`${generation}\n`);
}
