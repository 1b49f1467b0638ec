import { ADMIN_TOKEN } from './test-backend';

/** A node of the tenant's tree: its name, or its name with a default role and children. */
export type TestNode = string | { readonly name: string; readonly defaultRole?: string; readonly children?: readonly TestNode[] };

function nodeYaml(n: TestNode, indent: string): string {
  const node = typeof n === 'string' ? { name: n } : n;
  const lines = [`${indent}- name: ${node.name}`];
  if (node.defaultRole !== undefined) lines.push(`${indent}  defaultRole: ${node.defaultRole}`);
  if (node.children !== undefined && node.children.length > 0) lines.push(`${indent}  children:`, ...node.children.map((c) => nodeYaml(c, `${indent}    `)));
  return lines.join('\n');
}

/**
 * A tenant file for tests, with the test admin token: one root node named after the tenant
 * (default role `Employee` unless told) and the `children` under it, the `roles` entries (YAML
 * indented by two spaces; by default the one role `Employee`), then `rest`, top-level YAML such
 * as `sso:`, `webhooks:` or `syslog:`.
 */
export function tenantYaml(o: { tenant?: string; defaultRole?: string; children?: readonly TestNode[]; roles?: string; rest?: string } = {}): string {
  const tenant = o.tenant ?? 'Acme Corp';
  return `
tenant: ${tenant}
admin:
  token: ${ADMIN_TOKEN}
nodes:
${nodeYaml({ name: tenant, defaultRole: o.defaultRole ?? 'Employee', children: o.children ?? [] }, '  ')}
roles:
${o.roles ?? '  - name: Employee'}
${o.rest ?? ''}`;
}
