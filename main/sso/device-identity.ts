import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { deviceDisplayName } from '../devices/device-name';
import type { DeviceInfo } from '../api/endpoints/sso';

const deviceSchema = z.object({ id: z.string().uuid(), name: z.string().min(1).max(200) }).strict();

/** This installation's identity. Not a secret: it names the device key the backend keeps for it. */
export async function loadDeviceIdentity(userDataDir: string, platform: NodeJS.Platform = process.platform): Promise<DeviceInfo> {
  const file = path.join(userDataDir, 'device.json');
  try {
    const parsed = deviceSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    // The name is recomputed each start (OS user + host + OS), so a renamed computer shows up renamed.
    if (parsed.success) return { ...parsed.data, name: deviceDisplayName(platform), platform };
  } catch {
    // Missing or unreadable: make a new identity below.
  }
  const device = { id: randomUUID(), name: deviceDisplayName(platform) };
  await mkdir(userDataDir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(device), { mode: 0o600 });
  await rename(tmp, file);
  return { ...device, platform };
}
