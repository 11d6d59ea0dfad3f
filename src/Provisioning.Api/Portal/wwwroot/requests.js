import { api, query } from './api.js';
import { h, badge, when, empty, notice, field } from './dom.js';

const STATUSES = ['Accepted', 'Running', 'Succeeded', 'Failed', 'Compensating', 'RolledBack', 'RollbackFailed', 'Cancelled'];
const PAGE_SIZE = 20;
const WORKFLOWS = ['provision-vm', 'decommission-vm', 'resize-vm', 'snapshot-vm', 'provision-switch', 'change-switch-vlans', 'onboard-host', 'start-vm', 'stop-vm', 'reboot-vm'];

export async function requestList(view, session) {
  const status = h('select', { name: 'status' }, h('option', { value: '' }, 'any'), STATUSES.map((s) => h('option', { value: s }, s)));
  const ticket = h('input', { name: 'ticket', autocomplete: 'off' });
  const actor = h('input', { name: 'actor', autocomplete: 'off' });
  const workflow = h('input', { name: 'workflow', autocomplete: 'off', list: 'workflow-options' });
  const results = h('div', { 'aria-live': 'polite' });
  let page = 1;

  async function load() {
    results.replaceChildren(h('p', { class: 'hint' }, 'Loading…'));
    try {
      const data = await api(`/api/requests${query({ status: status.value, ticket: ticket.value.trim(), actor: actor.value.trim(), workflow: workflow.value.trim(), page, pageSize: PAGE_SIZE })}`);
      results.replaceChildren();
      if (!data.items.length) { results.append(empty('No requests match.')); return; }
      results.append(h('div', { class: 'table-wrap' }, h('table', {},
        h('caption', { class: 'hint' }, `${data.total} request(s)`),
        h('thead', {}, h('tr', {}, ['Request', 'Workflow', 'Status', 'Host', 'Ticket', 'Actor', 'Submitted'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, data.items.map((r) => h('tr', {},
          h('td', {}, h('a', { href: `#/requests/${r.id}` }, r.name || r.id.slice(0, 8))),
          h('td', {}, r.workflow), h('td', {}, badge(r.status)), h('td', {}, r.host || '—'),
          h('td', {}, r.ticket || '—'), h('td', {}, r.actor), h('td', {}, when(r.submittedAt))))))));
      const pages = Math.max(1, Math.ceil(data.total / PAGE_SIZE));
      const prev = h('button', { class: 'btn ghost', type: 'button', disabled: page <= 1, onclick: () => { page--; load(); } }, '← Newer');
      const next = h('button', { class: 'btn ghost', type: 'button', disabled: page >= pages, onclick: () => { page++; load(); } }, 'Older →');
      results.append(h('div', { class: 'actions' }, prev, h('span', {}, `Page ${page} of ${pages}`), next));
    } catch (e) {
      results.replaceChildren(notice('bad', `Requests could not be loaded: ${e.message}`));
    }
  }

  const form = h('form', { class: 'panel filters', role: 'search' },
    field('f-status', 'Status', status), field('f-ticket', 'Ticket', ticket), field('f-actor', 'Actor', actor), field('f-workflow', 'Workflow', workflow),
    h('datalist', { id: 'workflow-options' }, WORKFLOWS.map((w) => h('option', { value: w }))),
    h('div', {}, h('button', { class: 'btn', type: 'submit' }, 'Filter')));
  form.addEventListener('submit', (ev) => { ev.preventDefault(); page = 1; load(); });
  view.append(h('div', { class: 'actions' }, h('h1', {}, 'Requests'), session.can('SubmitRequests') ? h('a', { class: 'btn', href: '#/new' }, 'New VM') : null), form, results);
  await load();
}
