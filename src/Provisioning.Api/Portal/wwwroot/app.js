import { api } from './api.js';
import { h, notice } from './dom.js';
import { signIn } from './signin.js';
import { newVm } from './newvm.js';
import { requestList } from './requests.js';
import { requestPage } from './request.js';
import { hostsPage } from './hosts.js';
import { auditPage } from './audit.js';

// The signed-in caller ({subject, role, project, permissions}) or null; permissions decide what shows.
const session = { me: null, can(p) { return !!this.me && this.me.permissions.includes(p); } };
let cleanup = null;
let current = 0;

const routes = [
  [/^#\/new$/, 'SubmitRequests', (v) => newVm(v, session)],
  [/^#\/requests\/([0-9a-f-]{36})$/, 'ReadRequests', (v, m) => requestPage(v, session, m[1])],
  [/^#\/requests$/, 'ReadRequests', (v) => requestList(v, session)],
  [/^#\/hosts$/, 'ReadHosts', (v) => hostsPage(v, session)],
  [/^#\/audit$/, 'ReadAudit', (v) => auditPage(v, session)],
];

function chrome() {
  const signedIn = !!session.me;
  document.getElementById('nav').hidden = !signedIn;
  document.getElementById('who').hidden = !signedIn;
  if (!signedIn) return;
  document.getElementById('who-name').textContent = `${session.me.subject} · ${session.me.role}${session.me.project ? ` · ${session.me.project}` : ''}`;
  for (const a of document.querySelectorAll('#nav a')) {
    a.hidden = !session.can(a.dataset.perm);
    if (location.hash.startsWith(a.getAttribute('href'))) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
}

// Renders overlap (a hash change while a page still loads): each renders into a container of its own, so one
// that finishes late writes into a detached element, never under the page that replaced it, and stops its poller.
async function render() {
  if (cleanup) { cleanup(); cleanup = null; }
  const mine = ++current;
  const main = document.getElementById('view');
  const view = h('div');
  main.replaceChildren(view);
  if (!session.me) {
    signIn(view, async (me) => {
      session.me = me;
      // A changed hash renders through 'hashchange'; rendering here too would load the page twice at once.
      if (location.hash === '#/requests') await render(); else location.hash = '#/requests';
    });
    chrome();
    return;
  }
  const hash = location.hash || '#/requests';
  chrome();
  for (const [pattern, permission, show] of routes) {
    const m = hash.match(pattern);
    if (!m) continue;
    if (!session.can(permission)) { view.append(notice('bad', 'Your role may not open this page.')); return; }
    let stop = null;
    try { stop = await show(view, m) || null; } catch (e) { view.append(notice('bad', `This page failed to load: ${e.message}`)); }
    if (mine !== current) { stop?.(); return; }
    cleanup = stop;
    main.focus({ preventScroll: true });
    return;
  }
  view.append(h('h1', {}, 'Not found'), notice('bad', 'There is no such page.'));
}

document.getElementById('sign-out').addEventListener('click', async () => {
  try { await api('/portal/session', { method: 'DELETE' }); } catch { /* signed out either way */ }
  session.me = null;
  location.hash = '';
  await render();
});
window.addEventListener('portal:signed-out', () => { if (session.me) { session.me = null; render(); } });
window.addEventListener('hashchange', render);

try { session.me = await api('/portal/session'); } catch { session.me = null; }
await render();
