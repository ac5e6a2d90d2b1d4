// A server-sent events feed that always comes back.

import { localNow } from './time.js';

/** Heartbeats come at least every 15 s: three missed means the connection died without telling anyone. */
const SilenceLimitMs = 45_000;
const MaxBackoffMs = 5_000;

/**
 * An EventSource reopened by hand: the browser's own retry gives up for good once an attempt gets an HTTP error (a
 * gateway restarting answers 503), and a connection that died silently (a cable pulled between switches) raises no
 * error at all, so the feed also reopens after a silence longer than heartbeats allow. The gateway sends the current
 * state first on every connection, so a reopened feed is a resynchronised one.
 *
 * handlers: { <event name>: data => ..., connected: () => ..., lost: () => ... }
 */
export class LiveFeed {
  #url;
  #handlers;
  #source = null;
  #retry = null;
  #failures = 0;
  #lastHeard = 0;
  #watchdog;

  constructor(url, handlers) {
    this.#url = url;
    this.#handlers = handlers;
    this.#open();
    this.#watchdog = setInterval(() => {
      if (this.#source && localNow() - this.#lastHeard > SilenceLimitMs)
        this.#fail();
    }, 5_000);
  }

  close() {
    clearInterval(this.#watchdog);
    clearTimeout(this.#retry);
    this.#source?.close();
    this.#source = null;
    this.#handlers = {};
  }

  #open() {
    this.#retry = null;
    this.#lastHeard = localNow();
    const source = new EventSource(this.#url);
    this.#source = source;
    source.addEventListener('open', () => {
      this.#failures = 0;
      this.#lastHeard = localNow();
      this.#handlers.connected?.();
    });
    source.addEventListener('error', () => this.#fail());
    for (const name of ['room', 'timer', 'heartbeat']) {
      source.addEventListener(name, event => {
        this.#lastHeard = localNow();
        let data;
        try {
          data = JSON.parse(event.data);
        } catch {
          return;
        }
        this.#handlers[name]?.(data);
      });
    }
  }

  #fail() {
    if (!this.#source)
      return;
    this.#source.close();
    this.#source = null;
    this.#handlers.lost?.();
    this.#failures++;
    const backoff = Math.min(MaxBackoffMs, 500 * 2 ** Math.min(this.#failures - 1, 4));
    this.#retry = setTimeout(() => this.#open(), backoff * (0.75 + Math.random() / 2));
  }
}
