import { api, query } from './api.js';
import { h, when, empty, notice, field, problemText } from './dom.js';

const FILTERS = [['actor', 'Actor'], ['ticket', 'Ticket'], ['host', 'Host'], ['workflow', 'Workflow'], ['status', 'Status'], ['eventType', 'Event type'], ['from', 'From (ISO 8601)'], ['to', 'To (ISO 8601)']];

export async function auditPage(view) {
  const inputs = Object.fromEntries(FILTERS.map(([k]) => [k, h('input', { name: k, autocomplete: 'off' })]));
  const results = h('div', { 'aria-live': 'polite' });
  const csv = h('a', { class: 'btn ghost', id: 'export-csv' }, 'Export CSV');
  const ndjson = h('a', { class: 'btn ghost', id: 'export-ndjson' }, 'Export NDJSON');
  const filter = () => Object.fromEntries(Object.entries(inputs).map(([k, i]) => [k, i.value.trim()]));

  async function load(page) {
    const f = filter();
    csv.href = `/api/audit/export${query({ ...f, format: 'csv' })}`;
    ndjson.href = `/api/audit/export${query({ ...f, format: 'ndjson' })}`;
    for (const i of Object.values(inputs)) { i.removeAttribute('aria-invalid'); document.getElementById(`${i.id}-error`).textContent = ''; }
    if (!page) results.replaceChildren(h('p', { class: 'hint' }, 'Loading…'));
    try {
      const data = await api(`/api/audit${query({ ...f, page, limit: 50 })}`);
      if (!page) results.replaceChildren();
      results.querySelector('.more')?.remove();
      if (!data.items.length && !page) { results.append(empty('No audit events match.')); return; }
      let body = results.querySelector('tbody');
      if (!body) {
        body = h('tbody');
        results.append(h('div', { class: 'table-wrap' }, h('table', {},
          h('thead', {}, h('tr', {}, ['When', 'Event', 'Request', 'Actor', 'Ticket', 'Host', 'Step', 'Summary'].map((t) => h('th', { scope: 'col' }, t)))), body)));
      }
      body.append(...data.items.map((e) => h('tr', {}, h('td', {}, when(e.timestamp)), h('td', {}, e.eventType),
        h('td', {}, h('a', { href: `#/requests/${e.requestId}`, class: 'mono' }, e.requestId.slice(0, 8))), h('td', {}, e.actor || '—'),
        h('td', {}, e.ticket || '—'), h('td', {}, e.host || '—'), h('td', {}, e.step || '—'), h('td', {}, e.summary))));
      if (data.nextPage) results.append(h('div', { class: 'actions more' }, h('button', { class: 'btn ghost', type: 'button', onclick: () => load(data.nextPage) }, 'More')));
    } catch (e) {
      const errors = e.problem?.errors || {};
      for (const [k, m] of Object.entries(errors)) {
        if (inputs[k]) { inputs[k].setAttribute('aria-invalid', 'true'); document.getElementById(`${inputs[k].id}-error`).textContent = `${k} ${[].concat(m).join(' ')}`; }
      }
      results.replaceChildren(notice('bad', problemText(e)));
    }
  }

  const form = h('form', { class: 'panel filters', role: 'search' },
    FILTERS.map(([k, label]) => field(`a-${k}`, label, inputs[k])),
    h('div', {}, h('button', { class: 'btn', type: 'submit' }, 'Search')));
  form.addEventListener('submit', (ev) => { ev.preventDefault(); load(); });
  view.append(h('div', { class: 'actions' }, h('h1', {}, 'Audit'), csv, ndjson), form, results);
  await load();
}
