// The admin API as the console uses it: same origin, the session cookie, and the session's CSRF
// header on every request (the gatekeeper refuses a cookie-borne request without it).
let session = null;

/** The caller's session: name, permissions, admin, csrf. Sends the browser to the login form without one. */
export async function loadSession() {
  const response = await fetch('/console/session', { credentials: 'same-origin' });
  if (response.status === 401 || response.status === 403) {
    location.assign('/console/login');
    // the page is left for the login form: nothing of it is drawn, and nothing is thrown to show
    return new Promise(() => {});
  }
  session = await response.json();
  return session;
}

/** Thrown once the session is gone: the page stops polling and goes to the login form. */
export class SessionEnded extends Error {}

/**
 * The session is gone (logged out elsewhere, expired, or the runtime restarted and forgot it):
 * grey out what is shown, as it is no longer live, and go to the login form.
 */
function sessionEnded(message) {
  document.body.classList.add('stale');
  document.body.dataset.session = 'ended';
  say(`${message || 'Your session has ended.'} Opening the login page…`, true);
  location.assign('/console/login');
  return new SessionEnded(message || 'session ended');
}

/**
 * What claims to be the runtime's state now: the figures, the plugins' states and metrics (not
 * their version, level and type, which do not change while they run) and a plugin's "Now" panel.
 */
const LIVE_NUMBERS = '[data-figure] b, #plugins td[data-field]:not([data-field=version]):not('
  + '[data-field=security_level]):not([data-field=type]), #live dd';

/**
 * The runtime does not answer: what it measured last is no longer "now", so it is not shown as
 * such; the next answer fills it in again. The charts stay, as they say when each point was taken.
 */
function forgetLiveNumbers() {
  for (const node of document.querySelectorAll(LIVE_NUMBERS)) {
    node.textContent = '–';
    delete node.dataset.value;
  }
}

/** Answers the JSON of {@code method path}, or throws an Error with the API's message. */
export async function api(method, path, body, contentType) {
  const headers = { [session.csrf_header]: session.csrf };
  let payload = body;
  if (body !== undefined && !(body instanceof Blob)) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  } else if (body instanceof Blob) {
    headers['Content-Type'] = contentType || 'application/java-archive';
  }
  let response;
  try {
    response = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
  } catch (unreachable) {
    // fetch says only "Failed to fetch": the runtime is down or the network is
    document.body.classList.add('stale');
    forgetLiveNumbers();
    throw new Error('The runtime does not answer: the live numbers are cleared, the greyed charts are from '
      + 'before. Retrying…');
  }
  document.body.classList.remove('stale');
  const answer = await response.json().catch(() => ({}));
  // a 403 for a forged request is what an old session's CSRF value gets: that session is gone too
  if (response.status === 401 || (response.status === 403 && /forged/.test(answer.error || ''))) {
    throw sessionEnded(answer.error);
  }
  if (!response.ok) {
    throw new Error(answer.error || `${method} ${path} answered ${response.status}`);
  }
  return answer;
}

export async function logOut() {
  await api('POST', '/console/logout');
  location.assign('/console/login');
}

/** Builds an element: attributes (on* are listeners, 'data' a dataset) and children (text or nodes). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.substring(2), value);
    else if (name === 'data') Object.assign(node.dataset, value);
    else node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

/** Shows a one-line message above the view; errors in red. */
export function say(text, error = false) {
  const message = document.getElementById('message');
  message.textContent = text;
  message.className = error ? 'error' : '';
  message.hidden = !text;
}

export const format = {
  millis: (value) => `${Number(value).toFixed(2)} ms`,
  percent: (value) => `${(Number(value) * 100).toFixed(1)} %`,
  bytes: (value) => {
    const units = ['B', 'KiB', 'MiB', 'GiB'];
    let amount = Number(value);
    let unit = 0;
    while (amount >= 1024 && unit < units.length - 1) { amount /= 1024; unit++; }
    return `${amount.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
  },
  cpu: (nanos) => `${(Number(nanos) / 1e6).toFixed(1)} ms`,
};
