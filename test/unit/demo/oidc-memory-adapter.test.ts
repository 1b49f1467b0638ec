import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryAdapterClass } from '../../../main/demo/oidc-memory-adapter';

describe('demo IdP storage: sessions found by uid', () => {
  afterEach(() => vi.useRealTimers());

  it('finds a session by its uid, only in its own model, and the latest save of it', async () => {
    const Adapter = createMemoryAdapterClass();
    const sessions = new Adapter('Session');
    const codes = new Adapter('AuthorizationCode');
    await sessions.upsert('s1', { uid: 'u1', accountId: 'alice' }, 60);
    await codes.upsert('c1', { uid: 'u2', grantId: 'g1' }, 60);
    expect(await sessions.findByUid('u1')).toMatchObject({ accountId: 'alice' });
    expect(await sessions.findByUid('u2')).toBeUndefined();
    expect(await codes.findByUid('u1')).toBeUndefined();

    await sessions.upsert('s1', { uid: 'u1', accountId: 'alice', loginTs: 2 }, 60);
    expect(await sessions.findByUid('u1')).toMatchObject({ loginTs: 2 });
  });

  it('forgets the uid of a session destroyed, saved under a new uid, revoked or expired', async () => {
    vi.useFakeTimers();
    const Adapter = createMemoryAdapterClass();
    const sessions = new Adapter('Session');
    await sessions.upsert('s1', { uid: 'old' }, 60);
    await sessions.upsert('s1', { uid: 'new' }, 60);
    expect(await sessions.findByUid('old')).toBeUndefined();
    expect(await sessions.findByUid('new')).toBeDefined();

    await sessions.destroy('s1');
    expect(await sessions.findByUid('new')).toBeUndefined();

    await sessions.upsert('s2', { uid: 'granted', grantId: 'g' }, 60);
    await sessions.revokeByGrantId('g');
    expect(await sessions.findByUid('granted')).toBeUndefined();

    await sessions.upsert('s3', { uid: 'brief' }, 1);
    vi.advanceTimersByTime(1001);
    expect(await sessions.findByUid('brief')).toBeUndefined();
    expect(await sessions.find('s3')).toBeUndefined();
  });
});
