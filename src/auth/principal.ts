export const ROLES = ['monitor', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { monitor: 1, operator: 2, admin: 3 };

/** monitor < operator < admin: a role may do everything the roles below it may. */
export function roleAllows(held: Role, required: Role): boolean {
  return RANK[held] >= RANK[required];
}

/** The authenticated caller, attached to the request by the auth guard. */
export interface Principal {
  keyId: string;
  role: Role;
  /** Device-name globs this key may use; undefined = any. */
  devices?: string[];
  /** Target CIDRs or names this key may test; undefined = any. */
  targets?: string[];
}

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}
