// The gateway's HTTP API as the room pages use it. Paths start from the page's own location, so the pages work
// wherever the gateway is mounted.

import { text } from './text.js';

const path = location.pathname;
const mount = path.slice(0, path.lastIndexOf('/rooms/'));

/** The room this page is for: the path segment after /rooms/. */
export const room = decodeURIComponent(path.slice(mount.length + '/rooms/'.length).split('/')[0]);

const preSession = ({ wg, sur }) => `${mount}/api/wg-sessions/${wg}/pre-sessions/${encodeURIComponent(sur)}`;

export const paths = {
  room: () => `${mount}/api/rooms/${encodeURIComponent(room)}`,
  roomEvents: () => `${mount}/api/rooms/${encodeURIComponent(room)}/events`,
  rundown: key => `${preSession(key)}/rundown`,
  timer: key => `${preSession(key)}/timer`,
  timerEvents: key => `${preSession(key)}/timer/events`,
  timerCommand: (key, command) => `${preSession(key)}/timer/${command}`,
  timerMessage: key => `${preSession(key)}/timer/message`,
  timeReport: key => `${preSession(key)}/time-report`,
};

/** A pre-session's key as the console's picker and the rundown write it: "29/FRA". */
export const keyText = key => `${key.wg}/${key.sur}`;

export const sameKey = (a, b) => (a ?? null) === (b ?? null) || (a != null && b != null && a.wg === b.wg && a.sur === b.sur);

/** A refusal or a failure, with the text to show: a problem+json's detail, or what went wrong on the way. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

const RequestTimeoutMs = 10_000;
const delay = ms => new Promise(resolve => setTimeout(resolve, ms));

async function problemText(response) {
  try {
    const problem = await response.json();
    return problem.detail || problem.title || text('answered', response.status);
  } catch {
    return text('answered', response.status);
  }
}

/** GET of JSON, public or with a token; never from a cache, since every answer is about now. */
export async function getJson(url, token = null) {
  const headers = { Accept: 'application/json' };
  if (token)
    headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(url, { cache: 'no-store', headers, signal: AbortSignal.timeout(RequestTimeoutMs) });
  } catch {
    throw new ApiError(0, text('unreachable'));
  }
  if (!response.ok)
    throw new ApiError(response.status, await problemText(response));
  return response.json();
}

/**
 * A random Idempotency-Key. crypto.randomUUID exists only in secure contexts, and a venue laptop may reach the
 * gateway over plain http on the local network; getRandomValues works everywhere.
 */
export function newIdempotencyKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
}

const Attempts = 4;
const retryable = status => status === 429 || status === 502 || status === 503 || status === 504;

/**
 * A console's command. The same Idempotency-Key goes with every retry of one click, so a retry after a lost answer
 * or a 503 (a silo failing over) is never a second "next". Resolves to the answer's JSON (the new timer snapshot).
 */
export async function sendCommand(method, url, { token, body, key = newIdempotencyKey(), onRetry = () => {} }) {
  const headers = { Accept: 'application/json', 'Idempotency-Key': key };
  if (token)
    headers.Authorization = `Bearer ${token}`;
  if (body !== undefined)
    headers['Content-Type'] = 'application/json';
  for (let attempt = 1; ; attempt++) {
    let response;
    try {
      response = await fetch(url, {
        method, headers, cache: 'no-store',
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(RequestTimeoutMs),
      });
    } catch {
      if (attempt === Attempts)
        throw new ApiError(0, text('unreachableCommand'));
      onRetry(attempt);
      await delay(500 * 2 ** (attempt - 1));
      continue;
    }
    if (retryable(response.status) && attempt < Attempts) {
      const after = Number(response.headers.get('Retry-After'));
      onRetry(attempt);
      await delay(Number.isFinite(after) && after > 0 ? Math.min(after, 5) * 1000 : 500 * 2 ** (attempt - 1));
      continue;
    }
    if (!response.ok)
      throw new ApiError(response.status, await problemText(response));
    return response.status === 204 ? null : response.json();
  }
}
