import { generateBackupCodes, hashBackupCode, looksLikeBackupCode } from './backup-codes';
import { guardedProof, wrongProof, type TwoFactorContext } from './two-factor-context';

/** New codes replace every earlier one; the plain codes exist only in this return value. */
export async function createBackupCodes(ctx: TwoFactorContext, userId: string): Promise<string[]> {
  const codes = generateBackupCodes(ctx.random);
  await ctx.repository.replaceBackupCodes(
    userId,
    codes.map((c) => hashBackupCode(ctx.keys.backupCodeMac, c)),
    ctx.clock(),
  );
  return codes;
}

/** Marks the code used in the same statement that checks it, so it works exactly once. */
export async function verifyBackupCode(ctx: TwoFactorContext, userId: string, code: string): Promise<void> {
  await guardedProof(ctx, userId, async () => {
    const used =
      looksLikeBackupCode(code) &&
      (await ctx.repository.useBackupCode(userId, hashBackupCode(ctx.keys.backupCodeMac, code), ctx.clock()));
    if (!used) throw wrongProof('That backup code is not right or has already been used.');
  });
}
