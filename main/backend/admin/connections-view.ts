import { X509Certificate } from 'node:crypto';
import type { SsoConnection, TenantConfig } from '../config/tenant-config';
import { inScope, type AdminPrincipal } from './admin-scope';

export const CERTIFICATE_WARNING_DAYS = 30;

export interface CertificateView {
  readonly subject: string;
  readonly notAfter: string;
  readonly daysLeft: number;
  readonly state: 'ok' | 'expiring' | 'expired';
}

export interface ConnectionView {
  readonly id: string;
  readonly protocol: 'saml' | 'oidc';
  readonly node: string;
  readonly domains: readonly string[];
  readonly jit: boolean;
  /** SAML only; null for OIDC (it has no unsolicited responses). */
  readonly allowIdpInitiated: boolean | null;
  readonly issuer: string | null;
  /** SAML: the IdP's signing certificates from its metadata. */
  readonly certificates: readonly CertificateView[];
  /** SAML: where the IdP's administrator downloads our SP metadata. */
  readonly spMetadataUrl: string | null;
}

/** The connections as loaded from the tenant file (the file stays the source of truth), in scope. */
export function listConnections(config: TenantConfig, principal: AdminPrincipal, publicUrl: string, now: Date): ConnectionView[] {
  return config.sso.filter((c) => inScope(principal, c.node)).map((c) => connectionView(c, publicUrl, now));
}

function connectionView(c: SsoConnection, publicUrl: string, now: Date): ConnectionView {
  const common = { id: c.id, protocol: c.type, node: c.node, domains: c.domains, jit: c.jit };
  if (c.type === 'oidc') return { ...common, allowIdpInitiated: null, issuer: c.issuer, certificates: [], spMetadataUrl: null };
  return {
    ...common,
    allowIdpInitiated: c.allowIdpInitiated,
    issuer: null,
    certificates: metadataCertificates(c.idpMetadataXml).map((cert) => certificateView(cert, now)),
    spMetadataUrl: `${publicUrl}/sso/saml/${encodeURIComponent(c.id)}/metadata`,
  };
}

/** The X509Certificate elements of a metadata document (display only; validation uses saml/). */
export function metadataCertificates(xml: string): X509Certificate[] {
  const out: X509Certificate[] = [];
  for (const m of xml.matchAll(/<(?:[\w-]+:)?X509Certificate>([^<]+)<\/(?:[\w-]+:)?X509Certificate>/g)) {
    try {
      out.push(new X509Certificate(Buffer.from((m[1] ?? '').replace(/\s+/g, ''), 'base64')));
    } catch {
      // Unreadable certificates are refused when the config loads; nothing to show here.
    }
  }
  return out;
}

export function certificateView(cert: X509Certificate, now: Date): CertificateView {
  const notAfter = new Date(cert.validTo);
  const daysLeft = Math.floor((notAfter.getTime() - now.getTime()) / 86_400_000);
  const state = daysLeft < 0 ? 'expired' : daysLeft <= CERTIFICATE_WARNING_DAYS ? 'expiring' : 'ok';
  return { subject: cert.subject.replace(/\n/g, ', '), notAfter: notAfter.toISOString(), daysLeft, state };
}
