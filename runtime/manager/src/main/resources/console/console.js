// The console's entry point: the session, the navigation between views (#/, #/plugin/ID,
// #/audit, #/dashboards) and the polling that keeps the shown view live.
import { el, loadSession, logOut, say, SessionEnded } from './api.js';
import { overview } from './overview.js';
import { pluginPage } from './plugin.js';
import { auditPage } from './audit.js';
import { dashboardsPage } from './dashboards.js';

const REFRESH_MILLIS = 2000;
let timer = null;
let generation = 0;

/** Runs {@code refresh} now and every REFRESH_MILLIS while its view is shown; shows failures. */
function everyFor(current) {
  return (refresh) => {
    const tick = async () => {
      if (current !== generation) return;
      try {
        await refresh();
        document.body.dataset.refreshed = String(Date.now());
      } catch (failure) {
        // once the session is gone, polling would only be refused again: stop
        if (failure instanceof SessionEnded) return;
        say(failure.message, true);
      }
      if (current === generation) timer = setTimeout(tick, REFRESH_MILLIS);
    };
    tick();
  };
}

async function route(session) {
  generation++;
  clearTimeout(timer);
  say('');
  const view = document.getElementById('view');
  view.replaceChildren();
  const hash = location.hash || '#/';
  const every = everyFor(generation);
  for (const link of document.querySelectorAll('[data-nav]')) {
    link.classList.toggle('current', hash === link.getAttribute('href'));
  }
  try {
    if (hash.startsWith('#/plugin/')) {
      await pluginPage(view, session, every, decodeURIComponent(hash.substring('#/plugin/'.length)));
    } else if (hash === '#/audit') {
      await auditPage(view);
    } else if (hash === '#/dashboards') {
      await dashboardsPage(view, session, every);
    } else {
      overview(view, session, every);
    }
  } catch (failure) {
    if (!(failure instanceof SessionEnded)) say(failure.message, true);
  }
}

const session = await loadSession();
document.getElementById('caller').replaceChildren(el('span', { id: 'caller-name' }, session.caller),
  session.admin ? ' (admin)' : ' (read only)');
document.body.dataset.role = session.admin ? 'admin' : 'reader';
document.getElementById('log-out').addEventListener('click', () => logOut());
window.addEventListener('hashchange', () => route(session));
route(session);
