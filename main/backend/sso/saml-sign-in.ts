import { AppError, responseCheckFailed } from '../../errors/app-error';
import type { SamlConnection, TenantConfig } from '../config/tenant-config';
import { createSamlSp, type SamlAssertionIdentity, type SamlSp } from '../saml/saml-sp';
import type { LoginTransactionRow, Store } from '../store/store';
import { consumeLoginTransaction } from './login-transaction';

export interface SamlSignIn {
  /** SP metadata for one connection (entityID, every ACS URL). */
  metadataXml(connection: SamlConnection): Promise<string>;
  authnRequest(connection: SamlConnection, o: { relayState: string; redirectUri: string; subjectEmail?: string | null }): Promise<{ url: string; requestId: string }>;
  /** Our half of the checks: transaction binding, IdP-initiated policy, replay. */
  validate(
    connection: SamlConnection,
    o: { samlResponse: string; transactionId?: string | undefined; relayState?: string | undefined },
  ): Promise<{ identity: SamlAssertionIdentity; transaction: LoginTransactionRow | null }>;
  /**
   * Builds the SP of every SAML connection of the config now (IdP metadata read, signing keys,
   * schema compiled) so the first sign-in does not pay for it. Needs the public URL.
   */
  prepare(): Promise<void>;
}

export interface SamlSignInDeps {
  readonly config: TenantConfig;
  readonly store: Store;
  readonly now: () => Date;
  readonly publicUrl: () => string;
  readonly loopbackAcsPorts: readonly number[];
}

export function acsUrlsFor(publicUrl: string, connectionId: string, loopbackPorts: readonly number[]): string[] {
  const path = `/sso/saml/${connectionId}/acs`;
  return [`${publicUrl}${path}`, ...loopbackPorts.map((p) => `http://localhost:${p}${path}`)];
}

export function createSamlSignIn(deps: SamlSignInDeps): SamlSignIn {
  // One SP per connection, public URL and IdP metadata (new metadata — a rotated signing
  // certificate — is a new SP); built at prepare() or at first use, because the public URL may
  // only be known once the server listens (--port 0).
  const sps = new Map<string, Promise<SamlSp>>();
  const spFor = (c: SamlConnection): Promise<SamlSp> => {
    const base = deps.publicUrl();
    const key = `${c.id}\n${base}\n${c.idpMetadataXml}`;
    let sp = sps.get(key);
    if (sp === undefined) {
      sp = createSamlSp(
        {
          connectionId: c.id,
          idpMetadataXml: c.idpMetadataXml,
          spEntityId: `${base}/sso/saml/${c.id}/metadata`,
          acsUrls: acsUrlsFor(base, c.id, deps.loopbackAcsPorts),
          allowIdpInitiated: c.allowIdpInitiated,
          clockSkewSeconds: deps.config.saml.clockSkewSeconds,
        },
        { now: deps.now },
      );
      sp.catch(() => sps.delete(key));
      sps.set(key, sp);
    }
    return sp;
  };

  return {
    async prepare() {
      await Promise.all(deps.config.sso.filter((c): c is SamlConnection => c.type === 'saml').map(spFor));
    },

    async metadataXml(c) {
      return (await spFor(c)).metadataXml();
    },

    async authnRequest(c, o) {
      const sp = await spFor(c);
      const acs = acsUrlsFor(deps.publicUrl(), c.id, deps.loopbackAcsPorts);
      // The app's loopback ACS when it is one we publish; otherwise the backend's own ACS.
      const acsUrl = acs.includes(o.redirectUri) ? o.redirectUri : acs[0];
      return sp.createAuthnRequest({ relayState: o.relayState, subjectEmail: o.subjectEmail ?? null, ...(acsUrl === undefined ? {} : { acsUrl }) });
    },

    async validate(c, o) {
      const sp = await spFor(c);
      const now = deps.now();
      const explicitId = o.transactionId;
      const candidateId = explicitId ?? (o.relayState && o.relayState.length <= 128 ? o.relayState : undefined);
      // RelayState is only ever a transaction key: an unknown one means "no transaction"
      // (IdP-initiated), never a redirect target.
      const known = candidateId === undefined ? undefined : await deps.store.loginTransactions.find(candidateId);
      let transaction: LoginTransactionRow | null = null;
      if (explicitId !== undefined || known !== undefined) {
        transaction = await consumeLoginTransaction(deps.store, candidateId as string, now);
        if (transaction.connectionId !== c.id || transaction.kind !== 'saml' || transaction.samlRequestId === null) {
          throw responseCheckFailed('in_response_to', 'the sign-in transaction belongs to another connection');
        }
      } else if (!c.allowIdpInitiated) {
        throw new AppError('idp_initiated_not_allowed', 'This connection accepts only sign-ins started from Keyhaven (IdP-initiated SAML is off).');
      }

      const identity = await sp.validateResponse({ samlResponse: o.samlResponse, expectedRequestId: transaction?.samlRequestId ?? null });
      if (transaction === null && identity.inResponseTo !== null) {
        throw responseCheckFailed('in_response_to', 'the response answers a request with no pending sign-in');
      }
      if (transaction !== null && identity.inResponseTo !== transaction.samlRequestId) {
        throw responseCheckFailed('in_response_to', 'the response does not answer this sign-in request');
      }
      // Replay cache in the store: holds across restarts and instances; kept until the
      // assertion could no longer be accepted anyway.
      const keepUntil = new Date(Math.max(identity.notOnOrAfter.getTime(), now.getTime()) + deps.config.saml.clockSkewSeconds * 1000);
      const fresh = await deps.store.samlReplay.remember(`${c.id}:${identity.assertionId}`, c.id, keepUntil);
      if (!fresh) throw responseCheckFailed('replay', 'this assertion has already been used');
      return { identity, transaction };
    },
  };
}
