// The console's rundown: each item of the selected pre-session, its allotted time, and the time it used as the
// gateway accounts it (the floor may have passed back and forth), the current item's live.

import { getJson, keyText, paths, sameKey } from './api.js';
import { setData, setText } from './live.js';
import { text } from './text.js';
import { formatDuration } from './time.js';

export class RundownTable {
  #body;
  #total;
  #timer;
  #token;
  /** The rundown of the selected pre-session: { key, items }. */
  #rundown = null;
  /** Time used per item, from the time report: { key, version, items: [{ usedMs, allottedMs, overrunMs }] }. */
  #usage = null;

  /** <token> gives the console token the time report needs, or null. */
  constructor(body, total, timer, token) {
    this.#body = body;
    this.#total = total;
    this.#timer = timer;
    this.#token = token;
  }

  /** Forgets the previous pre-session's rundown and loads <key>'s. */
  follow(key) {
    this.#rundown = null;
    this.#usage = null;
    if (key)
      this.#load(key);
  }

  /** Catches up with the timer's snapshot: a changed panel reloads the rundown, every transition the time used. */
  update() {
    const snapshot = this.#timer.snapshot;
    if (this.#rundown && snapshot && this.#rundown.items.length !== snapshot.itemCount)
      this.#load(this.#rundown.key);
    const usage = this.#usage;
    if (snapshot && snapshot.state !== 'idle' && (!usage || !sameKey(usage.key, this.#timer.key) || usage.version < snapshot.version))
      this.#loadUsage(this.#timer.key, snapshot.version);
    this.#show();
  }

  /** The current item's row: time used of its allotment (extensions included), live. */
  showCurrentUse(remainingMs) {
    const snapshot = this.#timer.snapshot;
    const row = this.#body.children[snapshot?.itemIndex ?? -1];
    if (!row || row.dataset.status !== 'current' || !snapshot.item)
      return;
    const used = Math.max(0, snapshot.item.allottedMs - remainingMs);
    setText(row.lastChild, text('used', formatDuration(used, Math.floor), formatDuration(snapshot.item.allottedMs)));
  }

  async #load(key) {
    try {
      const loaded = await getJson(paths.rundown(key));
      if (sameKey(key, this.#timer.key)) {
        this.#rundown = { key, items: loaded.items };
        this.#show();
      }
    } catch {
      if (sameKey(key, this.#timer.key))
        setTimeout(() => sameKey(key, this.#timer.key) && !this.#rundown && this.#load(key), 5_000);
    }
  }

  async #loadUsage(key, version) {
    try {
      const report = await getJson(paths.timeReport(key), this.#token());
      if (sameKey(key, this.#timer.key) && (!this.#usage || this.#usage.version <= version)) {
        this.#usage = { key, version, items: report.items };
        this.#show();
      }
    } catch {
      // Not shown until the next change: the live item's own time is on screen meanwhile.
    }
  }

  #show() {
    const body = this.#body;
    const rundown = this.#rundown;
    if (!rundown || !sameKey(rundown.key, this.#timer.key)) {
      body.replaceChildren();
      setText(this.#total, '');
      return;
    }
    if (body.dataset.for !== keyText(rundown.key) || body.children.length !== rundown.items.length) {
      body.replaceChildren(...rundown.items.map((item, index) => {
        const row = document.createElement('tr');
        const cells = [index + 1, item.title, text(`kind.${item.kind}`), formatDuration(item.allottedSeconds * 1000), ''];
        for (const cell of cells)
          row.append(Object.assign(document.createElement('td'), { textContent: String(cell) }));
        return row;
      }));
      body.dataset.for = keyText(rundown.key);
      const total = rundown.items.reduce((sum, item) => sum + item.allottedSeconds, 0);
      setText(this.#total, text('totalAllotted', formatDuration(total * 1000)));
    }
    const snapshot = this.#timer.snapshot;
    Array.from(body.children).forEach((row, index) => {
      const status = !snapshot || snapshot.state === 'idle' ? 'upcoming'
        : snapshot.state === 'ended' || index < snapshot.itemIndex ? 'done'
        : index === snapshot.itemIndex ? 'current' : 'upcoming';
      setData(row, 'status', status);
      if (status !== 'current')
        setText(row.lastChild, this.#usedText(index));
    });
  }

  /** A finished or left item's time: used of allotted, and the overrun, from the time report. */
  #usedText(index) {
    const usage = this.#usage;
    const item = usage && sameKey(usage.key, this.#timer.key) ? usage.items[index] : null;
    if (!item || item.usedMs === 0)
      return '';
    const used = formatDuration(item.usedMs, Math.floor);
    const allotted = formatDuration(item.allottedMs);
    return item.overrunMs > 0
      ? text('usedOver', used, allotted, formatDuration(item.overrunMs, Math.floor))
      : text('used', used, allotted);
  }
}
