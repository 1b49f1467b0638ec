import { createHash } from 'node:crypto';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import { AppError } from '../../errors/app-error';
import type { ChallengePurpose, ChallengeRecord } from '../store/store';
import { guardedProof, wrongProof, type TwoFactorContext } from './two-factor-context';

/**
 * One origin and the RP ID the credentials made there are scoped to. The packaged app runs at
 * `app://keyhaven` with RP ID `keyhaven`; the web host at `http://localhost:<port>` with RP ID
 * `localhost`. Pairs, not two lists: a response must come from the origin its challenge was
 * issued for and be signed over that origin's RP ID hash (WebAuthn §7.1 steps 9 and 15), so a
 * credential of one host cannot be replayed through the other.
 */
export interface RelyingParty {
  readonly origin: string;
  readonly rpId: string;
}

export const RP_NAME = 'Keyhaven';
type AuthenticatorTransportFuture = NonNullable<RegistrationResponseJSON['response']['transports']>[number];
/** COSE ids: ES256, EdDSA, RS256 — what platform authenticators and security keys make. */
const ALGORITHMS = [-7, -8, -257];

export function pickRelyingParty(parties: readonly RelyingParty[], origin: string | undefined): RelyingParty {
  const party = origin === undefined ? parties[0] : parties.find((p) => p.origin === origin);
  if (party === undefined) throw new AppError('bad_request', 'This app origin is not allowed to use security keys.');
  return party;
}

/** An opaque, fixed-size user handle: WebAuthn §14.6.1 asks that it carry no personal data. */
function userHandle(userId: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(createHash('sha256').update(`keyhaven:user:${userId}`).digest());
}

export async function webAuthnRegistrationOptions(
  ctx: TwoFactorContext,
  parties: readonly RelyingParty[],
  userId: string,
  userName: string,
  origin?: string,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const party = pickRelyingParty(parties, origin);
  const existing = await ctx.repository.listWebAuthnCredentials(userId);
  const options = await generateRegistrationOptions({
    rpName: RP_NAME,
    rpID: party.rpId,
    userName,
    userID: userHandle(userId),
    challenge: new Uint8Array(ctx.random(32)),
    timeout: ctx.limits.challengeTtlMs,
    attestationType: 'none',
    excludeCredentials: existing.map((c) => ({ id: c.id, transports: [...c.transports] as AuthenticatorTransportFuture[] })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
    supportedAlgorithmIDs: ALGORITHMS,
  });
  await storeChallenge(ctx, userId, 'webauthn_registration', options.challenge, party);
  return options;
}

export async function verifyWebAuthnRegistration(ctx: TwoFactorContext, userId: string, response: RegistrationResponseJSON): Promise<void> {
  const issued = await takeIssuedChallenge(ctx, userId, 'webauthn_registration', response.response.clientDataJSON);
  let verification;
  try {
    verification = await verifyRegistrationResponse({
      response,
      expectedChallenge: issued.challenge,
      expectedOrigin: issued.origin ?? '',
      expectedRPID: issued.rpId ?? '',
      // "preferred", not required: a security key without a PIN is still a second factor.
      requireUserVerification: false,
      supportedAlgorithmIDs: ALGORITHMS,
    });
  } catch (cause) {
    throw new AppError('invalid_two_factor_code', 'The security key could not be registered.', { cause });
  }
  if (!verification.verified) throw new AppError('invalid_two_factor_code', 'The security key could not be registered.');
  const { credential } = verification.registrationInfo;
  const mine = await ctx.repository.listWebAuthnCredentials(userId);
  if (mine.some((c) => c.id === credential.id)) throw new AppError('conflict', 'This security key is already registered.');
  try {
    await ctx.repository.addWebAuthnCredential(
      {
        id: credential.id,
        userId,
        publicKey: isoBase64URL.fromBuffer(credential.publicKey),
        counter: credential.counter,
        transports: credential.transports ?? response.response.transports ?? [],
      },
      ctx.clock(),
    );
  } catch (cause) {
    // The credential id is unique across users: a clash means it belongs to someone else.
    throw new AppError('conflict', 'This security key is already registered.', { cause });
  }
}

export async function webAuthnAuthenticationOptions(
  ctx: TwoFactorContext,
  parties: readonly RelyingParty[],
  userId: string,
  origin?: string,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const party = pickRelyingParty(parties, origin);
  const credentials = await ctx.repository.listWebAuthnCredentials(userId);
  if (credentials.length === 0) throw new AppError('bad_request', 'No security key is registered for this account.');
  const options = await generateAuthenticationOptions({
    rpID: party.rpId,
    allowCredentials: credentials.map((c) => ({ id: c.id, transports: [...c.transports] as AuthenticatorTransportFuture[] })),
    challenge: new Uint8Array(ctx.random(32)),
    timeout: ctx.limits.challengeTtlMs,
    userVerification: 'preferred',
  });
  await storeChallenge(ctx, userId, 'webauthn_authentication', options.challenge, party);
  return options;
}

export async function verifyWebAuthnAuthentication(ctx: TwoFactorContext, userId: string, response: AuthenticationResponseJSON): Promise<void> {
  await guardedProof(ctx, userId, async () => {
    const issued = await takeIssuedChallenge(ctx, userId, 'webauthn_authentication', response.response.clientDataJSON);
    const credential = (await ctx.repository.listWebAuthnCredentials(userId)).find((c) => c.id === response.id);
    if (credential === undefined) throw wrongProof('This security key is not registered for this account.');
    let verification;
    try {
      verification = await verifyAuthenticationResponse({
        response,
        expectedChallenge: issued.challenge,
        expectedOrigin: issued.origin ?? '',
        expectedRPID: issued.rpId ?? '',
        credential: {
          id: credential.id,
          publicKey: isoBase64URL.toBuffer(credential.publicKey),
          counter: credential.counter,
          transports: [...credential.transports] as AuthenticatorTransportFuture[],
        },
        requireUserVerification: false,
      });
    } catch {
      // Includes a signature counter that went backwards: a sign of a cloned authenticator (§6.1.1).
      throw wrongProof('The security key response could not be verified.');
    }
    if (!verification.verified) throw wrongProof('The security key response could not be verified.');
    const moved = await ctx.repository.updateWebAuthnCounter(userId, credential.id, credential.counter, verification.authenticationInfo.newCounter);
    if (!moved) throw wrongProof('The security key response was already used.');
  });
}

async function storeChallenge(ctx: TwoFactorContext, userId: string, purpose: ChallengePurpose, challenge: string, party: RelyingParty): Promise<void> {
  const now = ctx.clock();
  await ctx.repository.putChallenge(
    { userId, purpose, challenge, rpId: party.rpId, origin: party.origin, payload: null, expiresAt: new Date(now.getTime() + ctx.limits.challengeTtlMs) },
    now,
  );
}

/** The challenge is consumed before verification so that it is single use whatever the outcome. */
async function takeIssuedChallenge(ctx: TwoFactorContext, userId: string, purpose: ChallengePurpose, clientDataJSON: string): Promise<ChallengeRecord> {
  const issued = await ctx.repository.takeChallenge(userId, purpose, challengeOf(clientDataJSON));
  if (issued === undefined || issued.expiresAt <= ctx.clock()) {
    throw new AppError('challenge_expired', 'The security key request has expired or was already used. Try again.');
  }
  return issued;
}

function challengeOf(clientDataJSON: string): string {
  try {
    const data = JSON.parse(isoBase64URL.toUTF8String(clientDataJSON)) as { challenge?: unknown };
    if (typeof data.challenge === 'string') return data.challenge;
  } catch {
    // fall through: malformed client data is a bad request, not a server error
  }
  throw new AppError('bad_request', 'The security key response is malformed.');
}
