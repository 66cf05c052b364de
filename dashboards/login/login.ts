// The sign-in page: a token from a link's #fragment (never sent to the server as a URL), a pasted token, or a password.
const messageEl = document.getElementById('message') as HTMLElement;
const next = safeNext(new URLSearchParams(location.search).get('next'));

function safeNext(value: string | null): string | undefined {
  // Only our own paths: a crafted link must not bounce a signed-in user to another site.
  return value && value.startsWith('/') && !value.startsWith('//') ? value : undefined;
}

function show(text: string): void {
  messageEl.textContent = text;
  messageEl.hidden = false;
}

async function signIn(path: string, body: object, fragmentNext?: string): Promise<void> {
  const response = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), credentials: 'same-origin' });
  const reply = (await response.json().catch(() => ({}))) as { error?: string; home?: string };
  if (!response.ok) {
    show(reply.error ?? `Sign-in failed (${response.status}).`);
    return;
  }
  location.replace(fragmentNext ?? next ?? reply.home ?? '/');
}

document.getElementById('token-form')?.addEventListener('submit', (event) => {
  event.preventDefault();
  void signIn('/auth/session', { token: (document.getElementById('token') as HTMLTextAreaElement).value.trim() });
});
document.getElementById('password-form')?.addEventListener('submit', (event) => {
  event.preventDefault();
  void signIn('/auth/login', { username: (document.getElementById('username') as HTMLInputElement).value, password: (document.getElementById('password') as HTMLInputElement).value });
});

const fragment = new URLSearchParams(location.hash.slice(1));
const linked = fragment.get('token');
if (linked) {
  // Drop the token from the address bar and history before anything else.
  history.replaceState(null, '', location.pathname + location.search);
  void signIn('/auth/session', { token: linked }, safeNext(fragment.get('next')));
}
