import { api } from './api.js';
import { h, field, notice, problemText } from './dom.js';

const NUMBERS = ['memoryMiB', 'vcpus', 'diskGiB', 'vlan'];
// Sent as a list, one per line.
const LISTS = ['sshKeys'];

// A v4 UUID. crypto.randomUUID exists only in secure contexts (HTTPS or localhost); the portal may be served over
// plain HTTP on a lab network, where getRandomValues still works.
function newKey() {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// The provision-vm form. Its checks are the API's: the form sends what was typed and shows each field's
// message from the 400 problem+json next to that field, so the rules live in one place.
export async function newVm(view, session) {
  let hosts = [];
  let vms = [];
  const loadErrors = [];
  if (session.can('ReadHosts')) { try { hosts = await api('/api/hosts'); } catch (e) { loadErrors.push(`Hosts could not be loaded: ${e.message}`); } }
  if (session.can('ReadInventory')) { try { vms = await api('/api/inventory/vms'); } catch { /* VLAN suggestions only */ } }
  // Images and pools only offer choices: without them the fields take what is typed and the API judges it.
  let images = [];
  let pools = [];
  try { images = await api('/api/images'); } catch { /* typed by hand */ }
  try { pools = await api('/api/pools'); } catch { /* typed by hand */ }

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
  const imageNames = h('datalist', { id: 'image-options' });
  const offerImages = () => imageNames.replaceChildren(...[...new Set(images.filter((i) => !host.value || i.host === host.value).map((i) => i.name))]
    .sort().map((n) => h('option', { value: n })));
  host.addEventListener('change', offer);
  host.addEventListener('change', offerImages);
  offer();
  offerImages();
  const pool = pools.length
    ? h('select', { name: 'pool' }, h('option', { value: '' }, '(none: DHCP on the network, or no OS)'),
        pools.map((p) => h('option', { value: p.name }, `${p.name} — ${p.cidr} on ${p.bridge}${p.vlan ? ` VLAN ${p.vlan}` : ' untagged'}, ${p.size - p.leased} free`)))
    : input('pool', { autocomplete: 'off', placeholder: 'optional, e.g. vlan100' });

  const controls = {
    name: input('name', { required: true, autocomplete: 'off', placeholder: 'web01' }),
    host,
    memoryMiB: input('memoryMiB', { inputmode: 'numeric', value: '512' }),
    vcpus: input('vcpus', { inputmode: 'numeric', value: '1' }),
    diskGiB: input('diskGiB', { inputmode: 'numeric', value: '1' }),
    bridge: input('bridge', { list: 'bridge-options', autocomplete: 'off', placeholder: 'br0' }),
    vlan: input('vlan', { list: 'vlan-options', inputmode: 'numeric', placeholder: 'untagged' }),
    uplink: input('uplink', { autocomplete: 'off', placeholder: 'optional, e.g. eth1' }),
    image: input('image', { list: 'image-options', autocomplete: 'off', placeholder: 'e.g. debian-12 (blank: an empty disk)' }),
    pool,
    address: input('address', { autocomplete: 'off', placeholder: 'optional: one address of the pool' }),
    sshKeys: h('textarea', { name: 'sshKeys', rows: 3, spellcheck: 'false', placeholder: 'ssh-ed25519 AAAA... you@laptop' }),
    userData: h('textarea', { name: 'userData', rows: 4, spellcheck: 'false', placeholder: '#cloud-config\npackages: [nginx]' }),
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
      field('vm-image', 'Image', controls.image, '(an OS to boot, imported by an operator)'),
      field('vm-pool', 'Pool', controls.pool, '(fills in the network)'),
      field('vm-address', 'Address', controls.address),
      field('vm-sshKeys', 'SSH keys', controls.sshKeys, '(one per line, for the OS)'),
      field('vm-userData', 'User data', controls.userData, '(optional #cloud-config)'),
      field('vm-ticket', 'Ticket', controls.ticket)),
    bridges, vlans, imageNames, summary,
    h('div', { class: 'actions' }, submit));

  // A pool lives on one bridge and VLAN: choosing it fills them in (the API refuses a mismatch, naming the field).
  pool.addEventListener('change', () => {
    const chosen = pools.find((p) => p.name === pool.value);
    if (!chosen) return;
    controls.bridge.value = chosen.bridge;
    controls.vlan.value = chosen.vlan ?? '';
  });

  // One key per attempt at this form: a submission retried after no answer (a timeout, a dropped connection) makes one
  // VM, not two. An edit, or a definite answer (a refusal is recorded under its key and would be answered again), starts
  // a new one.
  let idempotencyKey = newKey();
  form.addEventListener('input', () => { idempotencyKey = newKey(); });

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    summary.replaceChildren();
    for (const [, c] of Object.entries(controls)) { c.removeAttribute('aria-invalid'); document.getElementById(`${c.id}-error`).textContent = ''; }
    const parameters = {};
    for (const [k, c] of Object.entries(controls)) {
      if (k === 'ticket') continue;
      const v = c.value.trim();
      if (v === '') continue;
      if (LISTS.includes(k)) { parameters[k] = v.split('\n').map((line) => line.trim()).filter((line) => line !== ''); continue; }
      // A number field holding something else goes as typed: the API names the field and says why.
      parameters[k] = NUMBERS.includes(k) && /^-?\d+$/.test(v) ? Number(v) : v;
    }
    const body = { workflow: 'provision-vm', parameters };
    if (controls.ticket.value.trim()) body.ticket = controls.ticket.value.trim();
    submit.disabled = true;
    try {
      const accepted = await api('/api/requests', { method: 'POST', body, headers: { 'Idempotency-Key': idempotencyKey } });
      location.hash = `#/requests/${accepted.id}`;
    } catch (e) {
      if (e.status >= 400 && e.status < 500) idempotencyKey = newKey();
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
