/** Who is signed in, as /api/me says. */
export interface SignedIn {
  subject: string;
  role: 'agent' | 'supervisor' | 'qa' | 'admin' | 'ingest';
  agentId?: string;
  teamId?: string;
  expiresAt: number;
  home: string;
}

/** The signed-in user, or a trip to /login (and back here) when the session is missing or over. */
export async function requireSignIn(): Promise<SignedIn> {
  const response = await fetch('/api/me', { credentials: 'same-origin' });
  if (response.status === 401) {
    signInAgain();
    return new Promise(() => undefined);
  }
  if (!response.ok) throw new Error(`/api/me: ${response.status}`);
  return (await response.json()) as SignedIn;
}

export function signInAgain(): void {
  location.assign(`/login?next=${encodeURIComponent(location.pathname + location.search)}`);
}

/** The header every change repeats from the readable CSRF cookie (the session cookie itself is HttpOnly). */
export function csrfHeaders(): Record<string, string> {
  const value = document.cookie
    .split(';')
    .map((c) => c.trim())
    .find((c) => c.startsWith('callcoach_csrf='))
    ?.slice('callcoach_csrf='.length);
  return value ? { 'x-callcoach-csrf': decodeURIComponent(value) } : {};
}

export async function signOut(): Promise<void> {
  await fetch('/auth/logout', { method: 'POST', credentials: 'same-origin' });
  location.assign('/login');
}

/** "qa-lead (qa)" for the header. */
export function describeUser(user: SignedIn): string {
  return `${user.subject} (${user.role}${user.teamId ? `, team ${user.teamId}` : ''})`;
}
