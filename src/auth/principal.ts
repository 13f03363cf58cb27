export const ROLES = ['tenant', 'admin', 'regulator', 'licensor'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: resolved from the API key on every request. */
export interface Principal {
  keyId: string;
  role: Role;
  tenantId: string | null;
  partyId: string | null;
  scopes: string[];
}
