// The audience display: who has the floor, the time left, who is next, and the pre-session's agenda. It follows
// whichever pre-session is live in the room.

import { getJson, paths, sameKey } from './api.js';
import { CountdownView, LinkIndicator, LiveTimer, setData, setText, showRoom } from './live.js';
import { text } from './text.js';
import { formatDuration } from './time.js';

const $ = id => document.getElementById(id);
const countdown = new CountdownView($('countdown'));
const link = new LinkIndicator($('link'));
const timer = new LiveTimer(showDetails);
/** The rundown of the followed pre-session: { key, items }. */
let agenda = null;
let agendaLoading = null;

showDetails();

function showDetails() {
  const snapshot = timer.snapshot;
  setText($('pre-session'), timer.key ? timer.key.sur : '');
  setText($('item'), snapshot?.item?.title ?? (timer.key ? '' : text('noneLive')));
  setText($('next'), snapshot?.nextItem?.title ?? '—');
  const stale = !agenda || !sameKey(agenda.key, timer.key) || (snapshot && agenda.items.length !== snapshot.itemCount);
  if (timer.key && stale)
    loadAgenda(timer.key);
  showAgenda();
}

async function loadAgenda(key) {
  if (agendaLoading && sameKey(agendaLoading, key))
    return;
  agendaLoading = key;
  try {
    const rundown = await getJson(paths.rundown(key));
    if (sameKey(key, timer.key)) {
      agenda = { key, items: rundown.items };
      showAgenda();
    }
  } catch {
    // Tried again with the next snapshot.
  } finally {
    if (agendaLoading === key)
      agendaLoading = null;
  }
}

function showAgenda() {
  const list = $('agenda');
  if (!agenda || !sameKey(agenda.key, timer.key)) {
    list.replaceChildren();
    return;
  }
  const snapshot = timer.snapshot;
  if (list.children.length !== agenda.items.length || list.dataset.for !== `${agenda.key.wg}/${agenda.key.sur}`) {
    list.replaceChildren(...agenda.items.map(item => {
      const entry = document.createElement('li');
      const title = document.createElement('span');
      title.className = 'agenda-title';
      title.textContent = item.title;
      const allotted = document.createElement('span');
      allotted.className = 'agenda-allotted';
      allotted.textContent = formatDuration(item.allottedSeconds * 1000);
      entry.append(title, allotted);
      return entry;
    }));
    list.dataset.for = `${agenda.key.wg}/${agenda.key.sur}`;
  }
  Array.from(list.children).forEach((entry, index) => {
    const status = !snapshot || snapshot.state === 'idle' ? 'upcoming'
      : snapshot.state === 'ended' || index < snapshot.itemIndex ? 'done'
      : index === snapshot.itemIndex ? 'current' : 'upcoming';
    setData(entry, 'status', status);
  });
}

showRoom(timer, countdown, link, $('state'));
