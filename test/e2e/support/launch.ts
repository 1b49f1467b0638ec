import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from '@playwright/test';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The two ways a person starts the app from a terminal. */
export const NPM_START = ['npm', 'start', '--'] as const;
export const WEB_HOST_CLI = [path.join(root, 'node_modules/.bin/tsx'), path.join(root, 'main/host/cli.ts')] as const;

export interface LaunchedApp {
  /** The address it printed ("Keyhaven is running at …"). */
  readonly url: string;
  /** What it printed to stdout so far. */
  stdout(): string;
  /** What it printed to stdout and stderr so far. */
  output(): string;
}

/** The printed address, once there. */
const RUNNING_AT = /Keyhaven is running at (\S+)/;

/**
 * Starts `command` (e.g. `[...NPM_START, '--data-dir', dir]`) from the checkout, in a process
 * group of its own, and waits up to `timeout` ms for it to print its address. `stop` ends the
 * whole group (SIGTERM, SIGKILL after 10 s); the `launch` fixture calls it after the test.
 */
export async function launchApp(command: readonly string[], options: { env?: NodeJS.ProcessEnv; timeout: number }): Promise<LaunchedApp & { stop(): Promise<void> }> {
  const [file, ...args] = command;
  if (!file) throw new Error('no command to launch');
  const child: ChildProcess = spawn(file, args, { cwd: root, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stdout = '';
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    stdout += d.toString();
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const stop = async () => {
    const pid = child.pid;
    if (!pid) return;
    const signal = (name: NodeJS.Signals) => {
      try {
        process.kill(-pid, name);
      } catch {
        // The group is gone already.
      }
    };
    // The whole group: npm start's own children too, even when npm itself has exited.
    signal('SIGTERM');
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = await Promise.race([exited.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 10_000).unref())]);
    if (!gone) signal('SIGKILL');
  };
  try {
    await expect.poll(() => RUNNING_AT.exec(stdout)?.[1] ?? null, { timeout: options.timeout }).not.toBeNull();
  } catch (err) {
    await stop();
    throw err;
  }
  return { url: RUNNING_AT.exec(stdout)![1]!, stdout: () => stdout, output: () => output, stop };
}
