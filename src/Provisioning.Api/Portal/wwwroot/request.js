import { api } from './api.js';
import { h, badge, when, empty, notice, confirmDialog, problemText } from './dom.js';

// Which operator action each status allows (the engine decides; a refused one answers 409 and is shown).
const ACTIONS = [
  { action: 'cancel', label: 'Cancel', when: ['Accepted', 'Running'], text: 'Stop after the current step and undo what ran?' },
  { action: 'rollback', label: 'Roll back', when: ['Succeeded'], text: 'Undo everything this request did? The VM and its port will be removed.' },
  { action: 'retry-rollback', label: 'Retry rollback', when: ['RollbackFailed'], text: 'Try the failed rollback again?' },
];

// The few fields of an event worth a glance; the whole event is in the API.
function details(data) {
  if (!data) return '';
  const picked = ['host', 'attempt', 'error', 'reason', 'actor'].filter((k) => data[k] !== undefined && data[k] !== null).map((k) => `${k}=${data[k]}`);
  return picked.join(' ');
}

export async function requestPage(view, session, id) {
  const title = h('h1', {}, 'Request');
  const live = h('span', { class: 'live', role: 'status' }, 'connecting…');
  const head = h('div', { class: 'panel' });
  const actions = h('div', { class: 'actions', id: 'request-actions' });
  const message = h('div');
  const steps = h('ol', { class: 'timeline', 'aria-label': 'Steps' });
  const audit = h('div');
  view.append(h('p', {}, h('a', { href: '#/requests' }, '← Requests')), h('div', { class: 'actions' }, title, live), message, head, actions,
    h('h2', {}, 'Steps'), steps, h('h2', {}, 'Audit events'), audit);

  let current = null;
  function show(r) {
    current = r;
    title.replaceChildren(`${r.parameters?.name || r.workflow} `, badge(r.status));
    head.replaceChildren(h('dl', { class: 'kv' }, ...[
      ['Id', h('span', { class: 'mono' }, r.id)], ['Workflow', `${r.workflow} v${r.workflowVersion}`], ['Host', r.host || '(not placed yet)'],
      ['Ticket', r.ticket || '—'], ['Project', r.project || '—'], ['Actor', `${r.actor} (${r.source})`],
      ['Submitted', when(r.submittedAt)], ['Finished', when(r.finishedAt)], ['Current step', r.currentStep || '—'],
      r.guestSummary ? ['Server', h('span', { id: 'guest-summary' }, r.guestSummary)] : null,
      r.readyAt ? ['Ready', when(r.readyAt)] : null,
      r.address ? ['Address', `${r.address.address} from pool ${r.address.pool}${r.address.releasedAt ? ` (released ${when(r.address.releasedAt)})` : ''}`] : null,
      ['Parameters', h('span', { class: 'mono' }, Object.entries(r.parameters || {}).map(([k, v]) => `${k}=${v}`).join('  '))],
      r.compensationReason ? ['Why undone', r.compensationReason] : null,
      r.leftovers?.length ? ['Leftovers', r.leftovers.join(', ')] : null,
    ].filter(Boolean).flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])));
    steps.replaceChildren(...(r.steps.length ? r.steps.map((s) => h('li', { class: `s-${s.status}`, 'data-step': s.name },
      h('div', { class: 'step-head' }, s.name, badge(s.status)),
      h('div', { class: 'meta' },
        h('span', {}, `host ${s.host || '—'}`), h('span', {}, `attempts ${s.attempts}`),
        s.compensationAttempts ? h('span', {}, `undo attempts ${s.compensationAttempts}`) : null,
        h('span', {}, s.durationSeconds != null ? `${s.durationSeconds.toFixed(2)} s` : s.startedAt ? `started ${when(s.startedAt)}` : 'not started')),
      s.error ? h('div', { class: 'error' }, s.error) : null)) : [h('li', {}, 'No steps yet.')]));
    actions.replaceChildren();
    if (session.can('ActOnRequests')) {
      for (const a of ACTIONS.filter((x) => x.when.includes(r.status))) {
        actions.append(h('button', { class: `btn ${a.action === 'retry-rollback' ? '' : 'danger'}`, type: 'button', onclick: () => act(a) }, a.label));
      }
    }
  }

  async function act(a) {
    if (!await confirmDialog(`${a.label}?`, a.text, a.label)) return;
    message.replaceChildren();
    try {
      await api(`/api/requests/${id}/${a.action}`, { method: 'POST' });
      message.append(notice('ok', `${a.label} requested.`));
      follow();
    } catch (e) {
      message.append(notice('bad', problemText(e)));
    }
  }

  let auditBusy = false;
  async function loadAudit() {
    if (auditBusy) return;
    auditBusy = true;
    try {
      // The request's own event stream, in order, with the actor recorded on each event.
      const items = await api(`/api/requests/${id}/events`);
      audit.replaceChildren(items.length ? h('div', { class: 'table-wrap' }, h('table', { id: 'audit-events' },
        h('thead', {}, h('tr', {}, ['#', 'When', 'Event', 'Actor', 'Step', 'Details'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, items.map((e) => h('tr', {},
          h('td', {}, e.version), h('td', {}, when(e.timestamp)), h('td', {}, e.type),
          h('td', {}, e.actor || '—'), h('td', {}, e.data?.step || '—'), h('td', { class: 'mono' }, details(e.data))))))) : empty('No audit events.'));
    } catch (e) {
      audit.replaceChildren(notice('bad', `Audit events could not be loaded: ${e.message}`));
    } finally {
      auditBusy = false;
    }
  }

  try {
    show(await api(`/api/requests/${id}`));
  } catch (e) {
    view.replaceChildren(h('h1', {}, 'Request'), notice('bad', e.status === 404 ? 'No such request (or not yours to see).' : e.message));
    return null;
  }
  loadAudit();

  // Live: the API pushes the request each time it changes, until it is final ('end'); the audit table follows.
  // An action (a rollback of a Succeeded request) follows it again.
  let source = null;
  let left = false;
  function follow() {
    if (source) source.close();
    if (left) return;
    source = new EventSource(`/api/requests/${id}/stream`);
    source.addEventListener('open', () => { live.textContent = 'live'; live.classList.add('on'); });
    source.addEventListener('error', () => {
      live.classList.remove('on');
      // An answer other than a stream (429: too many open; 401: signed out) closes it for good: try again later.
      if (source.readyState === EventSource.CLOSED) { live.textContent = 'offline'; setTimeout(follow, 5000); } else live.textContent = 'reconnecting…';
    });
    source.addEventListener('request', (ev) => {
      const r = JSON.parse(ev.data);
      if (current && JSON.stringify(current) === ev.data) return;
      show(r);
      loadAudit();
    });
    source.addEventListener('end', () => { source.close(); live.textContent = 'final'; live.classList.remove('on'); });
  }
  follow();
  return () => { left = true; if (source) source.close(); };
}
