/**
 * The API key lives in this tab's session storage only: gone when the tab closes, never in a URL,
 * a cookie or local storage.
 */
const KEY = 'warden.console.apiKey';

export interface Session {
  role: 'admin' | 'regulator' | 'licensor' | 'tenant';
  keyId: string;
  tenantId: string | null;
  partyId: string | null;
  partyName: string | null;
  scopes: string[];
  permissions: string[];
}

export const storedKey = (): string | null => sessionStorage.getItem(KEY);
export const storeKey = (key: string): void => sessionStorage.setItem(KEY, key);
export const forgetKey = (): void => sessionStorage.removeItem(KEY);

/** Whether the session holds every one of `permissions` (`action:Subject`). */
export const can = (session: Session, ...permissions: string[]): boolean => permissions.every((p) => session.permissions.includes(p));
