// The pages are clients of the same API as any other, acting with the organisation's token.
const TOKEN = 'kanmin.token';

export const session = {
  token: () => localStorage.getItem(TOKEN),
  signIn: token => localStorage.setItem(TOKEN, token.trim()),
  signOut: () => localStorage.removeItem(TOKEN),
};

/** A refused request: the API's RFC 9457 problem, or the bare status when the body is not one. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }

  /** Worth trying again later with the same idempotency key: the server may not have seen it, or is busy. */
  get transient() {
    return this.status === 408 || this.status === 429 || this.status >= 500;
  }
}

export function authorised(headers = {}) {
  return { Authorization: `Bearer ${session.token()}`, ...headers };
}

export async function problemOf(response) {
  try {
    return await response.json();
  } catch {
    return { status: response.status, title: response.statusText };
  }
}

/** GET or POST JSON; resolves with the parsed answer, rejects with ApiError (or TypeError when the network fails). */
export async function api(path, { method = 'GET', body, headers = {}, signal } = {}) {
  const response = await fetch(path, {
    method, signal, cache: 'no-cache',
    headers: authorised({
      Accept: 'application/json',
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...headers,
    }),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new ApiError(response.status, await problemOf(response));
  return response.status === 204 ? null : response.json();
}

/** A query string from an object, leaving out empty values. */
export function query(params) {
  const entries = Object.entries(params).filter(([, value]) => value !== undefined && value !== null && value !== '');
  return entries.length ? `?${new URLSearchParams(entries)}` : '';
}

/** Every page of the incident's timeline, oldest first (the timeline pages by position). */
export async function wholeTimeline(incidentId) {
  const entries = [];
  let after = 0;
  for (;;) {
    const page = await api(`/api/incidents/${incidentId}/timeline${query({ after, limit: 1000 })}`);
    entries.push(...page.entries);
    if (page.nextAfter == null) return entries;
    after = page.nextAfter;
  }
}

/** A version 4 UUID from the platform's random source; crypto.randomUUID is missing on plain-http pages. */
export function uuid() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map(b => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
