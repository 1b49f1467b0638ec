import { AppError, responseCheckFailed } from '../../errors/app-error';
import type { SamlConnection, TenantConfig } from '../config/tenant-config';
import type { SamlDiagnosis } from '../saml/diagnose-saml-response';
import { createSamlSp, type SamlAssertionIdentity, type SamlSp } from '../saml/saml-sp';
import { passed, skipped } from './check-result';
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
  /** The connection's ACS URLs: the backend's own first, then the app's loopback ones. */
  acsUrls(connection: SamlConnection): string[];
  /** A test sign-in's answer: every check on its own, then the replay cache (admin/connection-test.ts). */
  diagnose(connection: SamlConnection, o: { samlResponse: string; requestId: string }): Promise<SamlDiagnosis>;
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

  /**
   * Replay cache in the store: holds across restarts and instances; kept until the assertion
   * could no longer be accepted anyway. False when the assertion was seen before.
   */
  const rememberAssertion = (c: SamlConnection, assertionId: string, notOnOrAfter: Date, now: Date): Promise<boolean> => {
    const keepUntil = new Date(Math.max(notOnOrAfter.getTime(), now.getTime()) + deps.config.saml.clockSkewSeconds * 1000);
    return deps.store.samlReplay.remember(`${c.id}:${assertionId}`, c.id, keepUntil);
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
      if (!(await rememberAssertion(c, identity.assertionId, identity.notOnOrAfter, now))) throw responseCheckFailed('replay', 'this assertion has already been used');
      return { identity, transaction };
    },

    acsUrls: (c) => acsUrlsFor(deps.publicUrl(), c.id, deps.loopbackAcsPorts),

    async diagnose(c, o) {
      const diagnosis = (await spFor(c)).diagnoseResponse({ samlResponse: o.samlResponse, expectedRequestId: o.requestId });
      // Only a verified assertion ID goes into the replay cache; remembering it also keeps a
      // tested assertion from ever signing anyone in later.
      const replay =
        !diagnosis.verified || diagnosis.assertionId === null
          ? skipped('replay', 'the replay cache takes only assertions whose signature verified')
          : (await rememberAssertion(c, diagnosis.assertionId, diagnosis.acceptedUntil ?? deps.now(), deps.now()))
            ? passed('replay', 'this assertion was not used before')
            : { check: 'replay', outcome: 'fail' as const, code: 'invalid_response', reason: 'replay', message: 'replay: this assertion has already been used' };
      return { ...diagnosis, checks: [...diagnosis.checks, replay] };
    },
  };
}
