// What the speaker display, the audience display and the console share: one pre-session's live timer, followed
// through pushed snapshots and rendered locally from its deadline.

import { getJson, paths, sameKey } from './api.js';
import { LiveFeed } from './feed.js';
import { text } from './text.js';
import { ServerClock, formatDuration, localNow, phaseOf, remainingAt, renderContinuously } from './time.js';

const ResyncPeriodMs = 30_000;

/**
 * The timer of the pre-session a page follows. Snapshots arrive pushed (the feed), answered (a console's command)
 * or fetched (a clock sample); whichever way, one older than what is shown is ignored, since the pushes and the
 * answers race. The clock is re-sampled periodically and whenever the feed reconnects.
 */
export class LiveTimer {
  clock = new ServerClock();
  key = null;
  snapshot = null;
  #onChange;
  #sampling = false;

  constructor(onChange) {
    this.#onChange = onChange;
    setInterval(() => this.resync(), ResyncPeriodMs);
  }

  /** Follows another pre-session (or none); true when that is a change. */
  follow(key) {
    if (sameKey(key, this.key))
      return false;
    this.key = key ? { wg: key.wg, sur: key.sur } : null;
    this.snapshot = null;
    this.#onChange();
    this.resync();
    return true;
  }

  /** Shows <snapshot> unless it is of another pre-session or older than the one shown; true when shown. */
  accept(snapshot) {
    if (!snapshot || !sameKey(this.key, snapshot))
      return false;
    if (this.snapshot && snapshot.version < this.snapshot.version)
      return false;
    this.clock.hint(snapshot.serverTime);
    this.snapshot = snapshot;
    this.#onChange();
    return true;
  }

  /** One clock sample: a GET of the timer, timed; its snapshot is a resync too. */
  async resync() {
    const key = this.key;
    if (!key || this.#sampling)
      return;
    this.#sampling = true;
    try {
      const sentAt = localNow();
      const snapshot = await getJson(paths.timer(key));
      const receivedAt = localNow();
      this.clock.sample(sentAt, receivedAt, snapshot.serverTime);
      this.accept(snapshot);
    } catch {
      // The link indicator tells the network is down; counting goes on from the last deadline meanwhile.
    } finally {
      this.#sampling = false;
    }
  }

  /** Time left on the current item now, by the estimated server clock; null with no snapshot. */
  remaining() {
    return this.snapshot ? remainingAt(this.snapshot, this.clock.now()) : null;
  }
}

const setData = (element, name, value) => {
  if (value === null || value === undefined) {
    if (name in element.dataset)
      delete element.dataset[name];
  } else if (element.dataset[name] !== String(value)) {
    element.dataset[name] = String(value);
  }
};

const setText = (element, text) => {
  if (element.textContent !== text)
    element.textContent = text;
};

/**
 * A countdown element. Its data attributes say what it shows, for tests and for the style sheet: data-remaining-ms,
 * data-phase (normal|warning|overrun), data-state (idle|running|paused|ended, or none), data-version.
 */
export class CountdownView {
  #element;

  constructor(element) {
    this.#element = element;
  }

  show(snapshot, remainingMs) {
    const element = this.#element;
    if (!snapshot) {
      setText(element, '--:--');
      setData(element, 'state', 'none');
      setData(element, 'phase', 'normal');
      setData(element, 'remainingMs', null);
      setData(element, 'version', null);
      return;
    }
    setText(element, formatDuration(remainingMs));
    setData(element, 'remainingMs', Math.round(remainingMs));
    setData(element, 'phase', phaseOf(remainingMs, snapshot.warningMs));
    setData(element, 'state', snapshot.state);
    setData(element, 'version', snapshot.version);
  }
}

/** The small indicator of the feed's link: "Live" while connected, "Reconnecting…" otherwise. */
export class LinkIndicator {
  #element;

  constructor(element) {
    this.#element = element;
    this.set('connecting');
  }

  set(link) {
    setData(this.#element, 'link', link);
    setText(this.#element, text(link === 'connected' ? 'linkLive' : link === 'connecting' ? 'linkConnecting' : 'linkReconnecting'));
  }
}

/**
 * What the state label says: not started, paused, ended; "Overrun" once the item's time is up; <running> while it
 * runs within its time. Overrun is a matter of the time left, so the label is drawn with the countdown.
 */
export function stateLabel(snapshot, remainingMs, running = '') {
  if (!snapshot)
    return '';
  const over = remainingMs !== null && remainingMs <= 0;
  if (snapshot.state === 'running')
    return over ? text('overrun') : running;
  if (snapshot.state === 'paused' && over)
    return text('pausedInOverrun');
  return text(snapshot.state);
}

/**
 * A display's life: follow whichever pre-session is live in the room, take its timer's snapshots, resync the clock on
 * every reconnection, and redraw the countdown and the state label continuously from the deadline, connected or not.
 */
export function showRoom(timer, countdown, link, state) {
  new LiveFeed(paths.roomEvents(), {
    room: ({ live }) => timer.follow(live),
    timer: snapshot => timer.accept(snapshot),
    connected: () => {
      link.set('connected');
      timer.resync();
    },
    lost: () => link.set('reconnecting'),
  });
  renderContinuously(() => {
    const remaining = timer.remaining();
    countdown.show(timer.snapshot, remaining);
    setText(state, stateLabel(timer.snapshot, remaining));
  });
}

export { setData, setText };
