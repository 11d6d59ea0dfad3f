import { api, query } from './api.js';
import { h, badge, when, empty, notice } from './dom.js';

const gib = (bytes) => `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
const bar = (used, total, label) => h('div', { class: 'bar', role: 'img', 'aria-label': label }, h('span', { style: `width:${total ? Math.min(100, Math.round(100 * used / total)) : 0}%` }));

export async function hostsPage(view, session) {
  view.append(h('h1', {}, 'Hosts'));
  let hosts;
  try { hosts = await api('/api/hosts'); } catch (e) { view.append(notice('bad', `Hosts could not be loaded: ${e.message}`)); return; }
  if (!hosts.length) { view.append(empty('No host has reported yet. Start an agent on a hypervisor.')); return; }
  for (const x of hosts) {
    const vms = h('div', {}, h('p', { class: 'hint' }, 'Loading VMs…'));
    const activity = h('div', {}, h('p', { class: 'hint' }, 'Loading activity…'));
    const usedMem = x.memoryMiB - x.freeMemoryMiB;
    const usedPool = x.poolCapacityBytes - x.poolAvailableBytes;
    view.append(h('section', { class: 'panel', 'aria-labelledby': `host-${x.name}` },
      h('div', { class: 'actions card-head' }, h('h2', { id: `host-${x.name}` }, x.name), badge(x.status), x.onboarded ? badge('Onboarded', 's-Succeeded') : badge('Not onboarded')),
      h('div', { class: 'grid' },
        h('div', {}, h('strong', {}, 'Memory'), h('div', {}, `${x.freeMemoryMiB} of ${x.memoryMiB} MiB free`), bar(usedMem, x.memoryMiB, `memory ${usedMem} of ${x.memoryMiB} MiB used`)),
        h('div', {}, h('strong', {}, 'Storage pool'), h('div', {}, `${gib(x.poolAvailableBytes)} of ${gib(x.poolCapacityBytes)} free`), bar(usedPool, x.poolCapacityBytes, 'pool usage')),
        h('div', {}, h('strong', {}, 'CPUs'), h('div', {}, `${x.cpus}${x.maxGuestVcpus ? ` (guest max ${x.maxGuestVcpus})` : ''}`)),
        h('div', {}, h('strong', {}, 'Seen'), h('div', {}, `${x.lastSeenSecondsAgo} s ago`), h('div', { class: 'hint' }, `libvirt ${x.libvirtVersion}, OVS ${x.ovsVersion}${x.kvm ? ', KVM' : ''}`)),
        h('div', {}, h('strong', {}, 'Bridges'), h('div', { class: 'mono' }, (x.bridges || []).join(', ') || '—'))),
      h('h3', {}, 'VMs'), vms, h('h3', {}, 'Recent activity'), activity));
    if (session.can('ReadInventory')) {
      api(`/api/inventory/vms${query({ host: x.name })}`).then((list) => vms.replaceChildren(list.length ? h('div', { class: 'table-wrap' }, h('table', {},
        h('thead', {}, h('tr', {}, ['Name', 'State', 'Memory', 'vCPUs', 'Bridge', 'VLAN'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, list.map((v) => h('tr', {}, h('td', {}, v.name), h('td', {}, badge(v.state, 'vm')), h('td', {}, v.memoryMiB ?? '—'),
          h('td', {}, v.vcpus ?? '—'), h('td', {}, v.bridge || '—'), h('td', {}, v.vlan ?? '—')))))) : empty('No VMs on this host.')))
        .catch((e) => vms.replaceChildren(notice('bad', e.message)));
    } else vms.replaceChildren(h('p', { class: 'hint' }, 'Your role does not read the inventory.'));
    api(`/api/hosts/${encodeURIComponent(x.name)}/history${query({ limit: 10 })}`).then((data) => {
      const items = Array.isArray(data) ? data : (data.items || []);
      activity.replaceChildren(items.length ? h('div', { class: 'table-wrap' }, h('table', {},
        h('thead', {}, h('tr', {}, ['Dispatched', 'Step', 'Outcome', 'Attempt', 'Actor', 'Ticket', 'Request'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, items.map((e) => h('tr', {}, h('td', {}, when(e.dispatchedAt)), h('td', {}, `${e.step}${e.mode && e.mode !== 'Do' ? ` (${e.mode})` : ''}`),
          h('td', {}, badge(e.outcome)), h('td', {}, e.attempt ?? '—'), h('td', {}, e.actor || '—'), h('td', {}, e.ticket || '—'),
          h('td', {}, h('a', { href: `#/requests/${e.requestId}`, class: 'mono' }, String(e.requestId).slice(0, 8)))))))) : empty('No recent activity.'));
    }).catch((e) => activity.replaceChildren(notice('bad', e.message)));
  }
}
