import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { resolvePolicy } from '../../policy/enforcement-policy';
import { ConfigError, formatConfigPath, type ConfigIssue } from './config-error';
import { checkAdminScopes } from '../admin/admin-config-check';
import { checkIdpMetadata } from './idp-metadata-check';
import { checkScimAndRoleMappings } from './scim-config-check';
import { resolveWebhooks } from '../webhooks/webhook-config';
import { resolveSyslog } from '../syslog/syslog-config';
import { tenantConfigInputSchema, type NodeInput, type TenantConfigInput } from './tenant-config-schema';
import type { SsoConnection, TenantConfig, TenantNode } from './tenant-config';

export interface ParseOptions {
  /** Named in error messages. */
  readonly fileName: string;
  /** Where relative `idpMetadata` and `syslog[].ca` paths start. */
  readonly baseDir: string;
  /** Where `webhooks[].secretEnv` names are looked up (default: this process's environment). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export async function loadTenantConfig(file: string): Promise<TenantConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ConfigError(file, [{ path: '', reason: `cannot read the file (${(err as NodeJS.ErrnoException).code ?? 'error'})` }]);
  }
  return parseTenantConfig(text, { fileName: file, baseDir: path.dirname(path.resolve(file)) });
}

export async function parseTenantConfig(text: string, options: ParseOptions): Promise<TenantConfig> {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      options.fileName,
      doc.errors.map((e) => ({
        path: e.linePos?.[0] ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}` : '',
        reason: `YAML syntax: ${e.message.split('\n')[0]}`,
      })),
    );
  }
  let input: unknown;
  try {
    input = doc.toJS();
  } catch (err) {
    // yaml refuses to expand an alias bomb (ReferenceError "Excessive alias count…") only here,
    // after parsing: still a bad config file, reported as one, not an unexpected failure.
    throw new ConfigError(options.fileName, [{ path: '', reason: `YAML: ${(err as Error).message}` }]);
  }
  const parsed = tenantConfigInputSchema.safeParse(input);
  if (!parsed.success) {
    const issues: ConfigIssue[] = parsed.error.issues.flatMap((issue) => {
      if (issue.code === 'unrecognized_keys') {
        return issue.keys.map((k) => ({ path: formatConfigPath([...issue.path, k]), reason: 'unknown key' }));
      }
      return [{ path: formatConfigPath(issue.path), reason: issue.message }];
    });
    throw new ConfigError(options.fileName, issues);
  }
  return crossCheck(parsed.data, options);
}

async function crossCheck(input: TenantConfigInput, options: ParseOptions): Promise<TenantConfig> {
  const issues: ConfigIssue[] = [];
  const roleNames = new Set<string>();
  input.roles.forEach((r, i) => {
    if (roleNames.has(r.name)) issues.push({ path: `roles[${i}].name`, reason: `duplicate role "${r.name}"` });
    roleNames.add(r.name);
  });

  const nodes: TenantNode[] = [];
  const walk = (list: readonly NodeInput[], at: string, parent: TenantNode | null): void => {
    list.forEach((n, i) => {
      const here = `${at}[${i}]`;
      if (nodes.some((x) => x.name === n.name)) issues.push({ path: `${here}.name`, reason: `duplicate node name "${n.name}"` });
      if (n.defaultRole !== undefined && !roleNames.has(n.defaultRole)) {
        issues.push({ path: `${here}.defaultRole`, reason: `unknown role "${n.defaultRole}"` });
      }
      const node: TenantNode = {
        name: n.name,
        parent: parent?.name ?? null,
        effectiveDefaultRole: n.defaultRole ?? parent?.effectiveDefaultRole ?? null,
      };
      nodes.push(node);
      walk(n.children ?? [], `${here}.children`, node);
    });
  };
  walk(input.nodes, 'nodes', null);

  const ids = new Set<string>();
  const domainOwner = new Map<string, string>();
  const sso: SsoConnection[] = [];
  for (const [i, c] of input.sso.entries()) {
    const at = `sso[${i}]`;
    if (ids.has(c.id)) issues.push({ path: `${at}.id`, reason: `duplicate connection id "${c.id}"` });
    ids.add(c.id);
    const node = nodes.find((n) => n.name === c.node);
    if (node === undefined) issues.push({ path: `${at}.node`, reason: `unknown node "${c.node}"` });
    else if (c.jit && node.effectiveDefaultRole === null) {
      issues.push({ path: `${at}.node`, reason: `node "${c.node}" has no defaultRole (nor has any ancestor), so JIT cannot place users` });
    }
    c.domains.forEach((d, j) => {
      const owner = domainOwner.get(d);
      if (owner !== undefined) issues.push({ path: `${at}.domains[${j}]`, reason: `duplicate domain "${d}" (already used by connection "${owner}")` });
      else domainOwner.set(d, c.id);
    });
    if (c.type === 'saml') {
      const xml = await readMetadata(c.idpMetadata, options.baseDir);
      if ('error' in xml) {
        issues.push({ path: `${at}.idpMetadata`, reason: xml.error });
        continue;
      }
      const problem = checkIdpMetadata(xml.xml);
      if (problem !== null) issues.push({ path: `${at}.idpMetadata`, reason: problem });
      sso.push({ id: c.id, type: 'saml', node: c.node, domains: c.domains, jit: c.jit, groupsAttribute: c.groupsAttribute ?? null, allowIdpInitiated: c.allowIdpInitiated, idpMetadataXml: xml.xml });
    } else {
      sso.push({ id: c.id, type: 'oidc', node: c.node, domains: c.domains, jit: c.jit, groupsAttribute: c.groupsAttribute ?? null, issuer: c.issuer, clientId: c.clientId, clientSecret: c.clientSecret ?? null });
    }
  }
  issues.push(...checkScimAndRoleMappings(input, roleNames, new Set(nodes.map((n) => n.name))));
  issues.push(...checkAdminScopes(input, new Set(nodes.map((n) => n.name))));
  const webhooks = resolveWebhooks(input.webhooks, options.env ?? process.env);
  issues.push(...webhooks.issues);
  const syslog = await resolveSyslog(input.syslog, options.baseDir);
  issues.push(...syslog.issues);
  if (issues.length > 0) throw new ConfigError(options.fileName, issues);

  return Object.freeze({
    file: options.fileName,
    tenant: input.tenant,
    publicUrl: input.publicUrl?.replace(/\/+$/, '') ?? null,
    adminToken: input.admin.token,
    server: input.server,
    rateLimits: input.rateLimits,
    scimTokens: input.scim.tokens,
    roleMappings: input.roleMappings.map((m) => ({ group: m.group, role: m.role, node: m.node ?? null })),
    nodes,
    roles: input.roles.map((r) => ({ name: r.name, policy: resolvePolicy(r.policy) })),
    sso,
    saml: input.saml,
    webhooks: webhooks.webhooks,
    syslog: syslog.syslog,
    recoveryKeyFingerprint: input.recoveryKey?.fingerprint ?? null,
  });
}

async function readMetadata(value: string, baseDir: string): Promise<{ xml: string } | { error: string }> {
  if (value.trimStart().startsWith('<')) return { xml: value };
  const file = path.resolve(baseDir, value);
  try {
    return { xml: await readFile(file, 'utf8') };
  } catch (err) {
    return { error: `cannot read metadata file "${value}" (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
  }
}
