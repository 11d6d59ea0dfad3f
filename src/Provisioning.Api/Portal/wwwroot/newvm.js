import { api } from './api.js';
import { h, field, notice, problemText } from './dom.js';

const NUMBERS = ['memoryMiB', 'vcpus', 'diskGiB', 'vlan'];

// The provision-vm form. Its checks are the API's: the form sends what was typed and shows each field's
// message from the 400 problem+json next to that field, so the rules live in one place.
export async function newVm(view, session) {
  let hosts = [];
  let vms = [];
  const loadErrors = [];
  if (session.can('ReadHosts')) { try { hosts = await api('/api/hosts'); } catch (e) { loadErrors.push(`Hosts could not be loaded: ${e.message}`); } }
  if (session.can('ReadInventory')) { try { vms = await api('/api/inventory/vms'); } catch { /* VLAN suggestions only */ } }

  const input = (name, attrs = {}) => h('input', { name, ...attrs });
  const host = hosts.length
    ? h('select', { name: 'host' }, h('option', { value: '' }, '(let placement choose)'),
        hosts.map((x) => h('option', { value: x.name }, `${x.name} — ${x.status}, ${x.freeMemoryMiB} MiB free`)))
    : input('host', { placeholder: 'leave blank to let placement choose', autocomplete: 'off' });
  const bridges = h('datalist', { id: 'bridge-options' });
  const vlans = h('datalist', { id: 'vlan-options' });
  const offer = () => {
    const chosen = hosts.filter((x) => !host.value || x.name === host.value);
    bridges.replaceChildren(...[...new Set(chosen.flatMap((x) => x.bridges || []))].sort().map((b) => h('option', { value: b })));
    const onHost = vms.filter((v) => !host.value || v.host === host.value);
    vlans.replaceChildren(...[...new Set(onHost.map((v) => v.vlan).filter((v) => v))].sort((a, b) => a - b).map((v) => h('option', { value: v })));
  };
  host.addEventListener('change', offer);
  offer();

  const controls = {
    name: input('name', { required: true, autocomplete: 'off', placeholder: 'web01' }),
    host,
    memoryMiB: input('memoryMiB', { inputmode: 'numeric', value: '512' }),
    vcpus: input('vcpus', { inputmode: 'numeric', value: '1' }),
    diskGiB: input('diskGiB', { inputmode: 'numeric', value: '1' }),
    bridge: input('bridge', { list: 'bridge-options', autocomplete: 'off', placeholder: 'br0' }),
    vlan: input('vlan', { list: 'vlan-options', inputmode: 'numeric', placeholder: 'untagged' }),
    uplink: input('uplink', { autocomplete: 'off', placeholder: 'optional, e.g. eth1' }),
    ticket: input('ticket', { autocomplete: 'off', placeholder: 'optional, e.g. OPS-123' }),
  };
  const summary = h('div', { id: 'form-summary' });
  const submit = h('button', { class: 'btn', type: 'submit' }, 'Submit request');
  const form = h('form', { class: 'panel', novalidate: true, 'aria-labelledby': 'new-title' },
    h('div', { class: 'grid' },
      field('vm-name', 'Name', controls.name),
      field('vm-host', 'Host', controls.host, hosts.length ? null : '(blank: placement chooses)'),
      field('vm-memoryMiB', 'Memory (MiB)', controls.memoryMiB),
      field('vm-vcpus', 'vCPUs', controls.vcpus),
      field('vm-diskGiB', 'Disk (GiB)', controls.diskGiB),
      field('vm-bridge', 'Bridge', controls.bridge),
      field('vm-vlan', 'VLAN', controls.vlan, '(1–4093, blank: untagged; 4094 is reserved for untagged ports)'),
      field('vm-uplink', 'Uplink', controls.uplink),
      field('vm-ticket', 'Ticket', controls.ticket)),
    bridges, vlans, summary,
    h('div', { class: 'actions' }, submit));

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    summary.replaceChildren();
    for (const [, c] of Object.entries(controls)) { c.removeAttribute('aria-invalid'); document.getElementById(`${c.id}-error`).textContent = ''; }
    const parameters = {};
    for (const [k, c] of Object.entries(controls)) {
      if (k === 'ticket') continue;
      const v = c.value.trim();
      if (v === '') continue;
      // A number field holding something else goes as typed: the API names the field and says why.
      parameters[k] = NUMBERS.includes(k) && /^-?\d+$/.test(v) ? Number(v) : v;
    }
    const body = { workflow: 'provision-vm', parameters };
    if (controls.ticket.value.trim()) body.ticket = controls.ticket.value.trim();
    submit.disabled = true;
    try {
      const accepted = await api('/api/requests', { method: 'POST', body });
      location.hash = `#/requests/${accepted.id}`;
    } catch (e) {
      const errors = e.problem?.errors || {};
      const unplaced = [];
      let first = null;
      for (const [key, messages] of Object.entries(errors)) {
        const name = key.replace(/^parameters\./, '');
        const c = controls[name];
        const text = [].concat(messages).join(' ');
        if (c) {
          c.setAttribute('aria-invalid', 'true');
          document.getElementById(`${c.id}-error`).textContent = `${name} ${text}`;
          first ??= c;
        } else unplaced.push(`${key}: ${text}`);
      }
      summary.append(notice('bad', Object.keys(errors).length ? `The request was not accepted. ${unplaced.join(' ')}`.trim() : problemText(e)));
      // Focus the first bad field in the form's order, whatever order the API named them in.
      first = Object.values(controls).find((c) => c.getAttribute('aria-invalid') === 'true') || first;
      (first || summary).focus?.();
    } finally {
      submit.disabled = false;
    }
  });

  view.append(h('h1', { id: 'new-title' }, 'New VM'), ...loadErrors.map((t) => notice('bad', t)), form);
  controls.name.focus();
}
