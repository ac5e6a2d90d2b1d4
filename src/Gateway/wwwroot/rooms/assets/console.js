// The room console: the timekeeper's screen. Picks a pre-session of the room, drives its timer, speaks to the
// speaker's screen. Every command carries the room's console token and an Idempotency-Key of its own click.

import { getJson, keyText, paths, room, sameKey, sendCommand } from './api.js';
import { LiveFeed } from './feed.js';
import { CountdownView, LinkIndicator, LiveTimer, setData, setText, stateLabel } from './live.js';
import { RundownTable } from './rundown-table.js';
import { language, text } from './text.js';
import { parseInstant, renderContinuously } from './time.js';

const $ = id => document.getElementById(id);
const tokenStorageKey = `presessions.consoleToken.${room}`;
const EndConfirmMs = 4_000;

const countdown = new CountdownView($('countdown'));
const link = new LinkIndicator($('link'));
const timer = new LiveTimer(showDetails);
let token = sessionStorage.getItem(tokenStorageKey);
let feed = null;
const rundown = new RundownTable($('rundown'), $('rundown-total'), timer, () => token);
let busy = false;
let endArmedUntil = 0;

// ----- The console token: asked once, kept for this browser tab only. -----

function askForToken(reason) {
  $('console').hidden = true;
  $('token-form').hidden = false;
  setText($('token-error'), reason ?? '');
  $('token').focus();
}

function openConsole() {
  $('token-form').hidden = true;
  $('console').hidden = false;
}

$('token-form').addEventListener('submit', event => {
  event.preventDefault();
  const entered = $('token').value.trim();
  if (!entered)
    return;
  token = entered;
  sessionStorage.setItem(tokenStorageKey, token);
  $('token').value = '';
  openConsole();
});

$('forget-token').addEventListener('click', () => {
  sessionStorage.removeItem(tokenStorageKey);
  token = null;
  askForToken();
});

// ----- Which pre-session: the live one, else the next to end, else the last; or the one in the address. -----

// Pre-sessions meet in Geneva: their times are Geneva's, on the 24-hour clock, written in the page's language,
// whatever the zone and the locale of the laptop the console runs on.
const geneva = { timeZone: 'Europe/Zurich', hourCycle: 'h23' };
const timeFormat = new Intl.DateTimeFormat(language, { ...geneva, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
const hourFormat = new Intl.DateTimeFormat(language, { ...geneva, hour: '2-digit', minute: '2-digit' });

async function loadRoom() {
  let view;
  try {
    view = await getJson(paths.room());
  } catch (error) {
    setText($('room-error'), error.status === 404 ? text('nothingBooked', room) : error.message);
    if (error.status !== 404)
      setTimeout(loadRoom, 5_000);
    return;
  }
  setText($('room-error'), '');
  const select = $('pre-session');
  select.replaceChildren(...view.preSessions.map(p => {
    const option = document.createElement('option');
    option.value = keyText(p);
    const live = sameKey(view.live, p) ? ` · ${text('liveNow')}` : '';
    option.textContent = `${p.sur} ${p.stateName} · ${timeFormat.format(parseInstant(p.startsAt))}–${hourFormat.format(parseInstant(p.endsAt))}${live}`;
    return option;
  }));
  const asked = new URLSearchParams(location.search);
  const wanted = view.preSessions.find(p => p.wg === Number(asked.get('wg')) && p.sur === asked.get('sur'))
    ?? view.preSessions.find(p => sameKey(view.live, p))
    ?? view.preSessions.find(p => parseInstant(p.endsAt) > Date.now())
    ?? view.preSessions.at(-1);
  if (wanted)
    select.value = keyText(wanted);
  selectPreSession(wanted ?? null);
}

$('pre-session').addEventListener('change', event => {
  const [wg, sur] = event.target.value.split('/');
  selectPreSession({ wg: Number(wg), sur });
});

function selectPreSession(key) {
  if (!timer.follow(key))
    return;
  clearError();
  feed?.close();
  feed = null;
  rundown.follow(key);
  const address = new URL(location.href);
  if (key) {
    address.searchParams.set('wg', key.wg);
    address.searchParams.set('sur', key.sur);
  }
  history.replaceState(null, '', address);
  if (!key)
    return;
  link.set('connecting');
  feed = new LiveFeed(paths.timerEvents(key), {
    timer: snapshot => timer.accept(snapshot),
    connected: () => {
      link.set('connected');
      timer.resync();
      // Which pre-session is live may have changed meanwhile: the list says so again.
      loadRoom();
    },
    lost: () => link.set('reconnecting'),
  });
}

// ----- What the timer shows. -----

function showDetails() {
  const snapshot = timer.snapshot;
  setText($('item'), snapshot?.item?.title ?? (timer.key ? '' : text('noneSelected')));
  setText($('next'), snapshot?.nextItem?.title ?? '—');
  setText($('shown-message'), snapshot?.message ?? text('noMessage'));
  setData($('shown-message'), 'empty', snapshot?.message ? null : 'true');
  rundown.update();
  enableControls();
}

// ----- Commands. -----

const controls = {
  start: { button: $('start'), fits: s => s.state === 'idle' },
  pause: { button: $('pause'), fits: s => s.state === 'running' },
  resume: { button: $('resume'), fits: s => s.state === 'paused' },
  next: { button: $('next-item'), fits: s => (s.state === 'running' || s.state === 'paused') && s.itemIndex < s.itemCount - 1 },
  previous: { button: $('previous-item'), fits: s => (s.state === 'running' || s.state === 'paused') && s.itemIndex > 0 },
  extend: { button: $('extend'), fits: s => s.state === 'running' || s.state === 'paused', body: { seconds: 60 } },
  shorten: { button: $('shorten'), fits: s => s.state === 'running' || s.state === 'paused', body: { seconds: -60 }, command: 'extend' },
  end: { button: $('end'), fits: s => s.state === 'running' || s.state === 'paused' },
};

function enableControls() {
  const snapshot = timer.snapshot;
  for (const control of Object.values(controls))
    control.button.disabled = busy || !snapshot || !control.fits(snapshot);
  const speakable = !busy && snapshot && snapshot.state !== 'ended';
  $('send-message').disabled = !speakable;
  $('clear-message').disabled = !speakable || !snapshot.message;
  const armed = endArmedUntil > Date.now();
  setData(controls.end.button, 'armed', armed ? 'true' : null);
  setText(controls.end.button, text(armed ? 'confirmEnd' : 'end'));
}

for (const [name, control] of Object.entries(controls))
  control.button.addEventListener('click', () => run(name));

// A mouse click leaves no button focused, so the next Space is the start/pause shortcut, not that button again.
document.addEventListener('click', event => {
  if (event.detail > 0)
    event.target.closest?.('button')?.blur();
});

async function run(name) {
  const control = controls[name];
  if (name === 'end' && endArmedUntil <= Date.now()) {
    // Ending cannot be undone: the first press only arms it.
    endArmedUntil = Date.now() + EndConfirmMs;
    showNotice(text('pressEndAgain'));
    enableControls();
    setTimeout(() => {
      enableControls();
      if (endArmedUntil <= Date.now())
        showNotice('');
    }, EndConfirmMs + 50);
    return;
  }
  endArmedUntil = 0;
  await send(() => sendCommand('POST', paths.timerCommand(timer.key, control.command ?? name), withRetries({ body: control.body })));
}

function sayToSpeaker(text) {
  return send(() => text
    ? sendCommand('PUT', paths.timerMessage(timer.key), withRetries({ body: { text } }))
    : sendCommand('DELETE', paths.timerMessage(timer.key), withRetries({})));
}

const withRetries = options => ({ ...options, token, onRetry: () => showNotice(text('retrying')) });

/** One command at a time: a double click must not skip two speakers. */
async function send(request) {
  if (busy || !token || !timer.key)
    return false;
  busy = true;
  enableControls();
  clearError();
  try {
    timer.accept(await request());
    showNotice('');
    return true;
  } catch (error) {
    if (error.status === 401) {
      sessionStorage.removeItem(tokenStorageKey);
      token = null;
      askForToken(text('tokenRefused'));
    } else if (error.status === 403) {
      showError(text('tokenOtherRoom', room, error.message));
    } else {
      showError(error.message);
      // A refusal means this console was behind the timer (another console, a lost push): catch up at once.
      if (error.status === 409)
        timer.resync();
    }
    return false;
  } finally {
    busy = false;
    enableControls();
  }
}

$('message-form').addEventListener('submit', async event => {
  event.preventDefault();
  const text = $('message').value.trim();
  if (text && await sayToSpeaker(text))
    $('message').value = '';
});
$('clear-message').addEventListener('click', () => sayToSpeaker(null));

function showError(text) {
  setText($('error'), text);
  $('error').hidden = !text;
}

const clearError = () => showError('');
const showNotice = text => setText($('notice'), text);

// ----- Keyboard: the timekeeper watches the speaker, not the screen. -----

const shortcuts = {
  ' ': () => timer.snapshot?.state === 'idle' ? 'start' : timer.snapshot?.state === 'running' ? 'pause' : 'resume',
  ArrowRight: 'next', n: 'next', N: 'next',
  ArrowLeft: 'previous', p: 'previous', P: 'previous',
  '+': 'extend', '=': 'extend',
  '-': 'shorten', _: 'shorten',
  e: 'end', E: 'end',
};

document.addEventListener('keydown', event => {
  if (event.ctrlKey || event.altKey || event.metaKey || $('console').hidden)
    return;
  if (event.target.closest?.('input, textarea, select'))
    return;
  // A button reached with Tab is pressed with Space or Enter, as anywhere else.
  if (event.target.closest?.('button') && (event.key === ' ' || event.key === 'Enter'))
    return;
  const shortcut = shortcuts[event.key];
  if (!shortcut)
    return;
  event.preventDefault();
  const name = typeof shortcut === 'function' ? shortcut() : shortcut;
  const control = controls[name];
  if (control.button.disabled)
    showNotice(busy ? text('waitingForCommand') : text('doesNotFit', control.button.textContent));
  else
    run(name);
});

// ----- Start. -----

if (token)
  openConsole();
else
  askForToken();
loadRoom();
renderContinuously(() => {
  const remaining = timer.remaining();
  countdown.show(timer.snapshot, remaining);
  setText($('state'), stateLabel(timer.snapshot, remaining, text('running')));
  if (remaining !== null)
    rundown.showCurrentUse(remaining);
});
