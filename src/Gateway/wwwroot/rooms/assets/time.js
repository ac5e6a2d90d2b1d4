// Time on the room pages: an estimate of the gateway's clock, and how a timer snapshot reads at a given instant.

/**
 * The local clock the pages count with: monotonic (performance.now), so a wall clock that the operating system steps
 * (NTP, a venue laptop with a wrong date being corrected) cannot shift a countdown. Milliseconds since the epoch, like
 * Date.now(), at the page's start.
 */
export const localNow = () => performance.timeOrigin + performance.now();

/** An instant of the API ("2017-12-12T09:05:00.1234567Z") as epoch milliseconds; fractions beyond ms are cut. */
export const parseInstant = text => Date.parse(text.replace(/(\.\d{3})\d+/, '$1'));

const KeptSamples = 8;
/** Slack for the local clock's own drift between two samples, well under a displayed second. */
const DriftToleranceMs = 25;

/**
 * The gateway's clock as this page estimates it, NTP-style: a request sent at t0 and answered at t1 carries the
 * server's time somewhere in between, so offset = serverTime - (t0 + t1) / 2, wrong by at most half the round trip.
 * The sample with the smallest round trip among the recent ones is the best estimate.
 */
export class ServerClock {
  #samples = [];
  #best = null;

  get offsetMs() { return this.#best?.offset ?? 0; }

  /** The gateway's time now, in epoch milliseconds. */
  now() { return localNow() + this.offsetMs; }

  /** A request sent at <sentAt> and answered at <receivedAt> (both localNow()) said the server's time was <serverTime>. */
  sample(sentAt, receivedAt, serverTime) {
    this.#add({ offset: parseInstant(serverTime) - (sentAt + receivedAt) / 2, roundTrip: receivedAt - sentAt, measured: true });
  }

  /**
   * A pushed snapshot's serverTime, before any round trip was measured: better than nothing for the first render,
   * and replaced by the first real sample since its uncertainty is taken to be large.
   */
  hint(serverTime) {
    if (this.#best === null)
      this.#add({ offset: parseInstant(serverTime) - localNow(), roundTrip: 2000, measured: false });
  }

  #add(sample) {
    // Each sample puts the true offset within ±roundTrip/2 of its own. Older samples that disagree with the new one
    // beyond that were taken before the local clock jumped (a laptop that slept): they are dropped, not averaged in.
    const consistent = this.#samples.filter(s =>
      s.measured && Math.abs(s.offset - sample.offset) <= (s.roundTrip + sample.roundTrip) / 2 + DriftToleranceMs);
    this.#samples = [...consistent, sample].slice(-KeptSamples);
    this.#best = this.#samples.reduce((best, s) => (s.roundTrip < best.roundTrip ? s : best));
  }
}

/** Time left on the current item at server instant <serverNow>: from the deadline while running, else as stopped. */
export function remainingAt(snapshot, serverNow) {
  if (snapshot.state === 'running') {
    const deadline = snapshot.deadline ? parseInstant(snapshot.deadline) : parseInstant(snapshot.serverTime) + snapshot.remainingMs;
    return deadline - serverNow;
  }
  return snapshot.remainingMs;
}

/** normal, warning (at most warningMs left), overrun (time is up, and beyond). */
export const phaseOf = (remainingMs, warningMs) =>
  remainingMs <= 0 ? 'overrun' : remainingMs <= warningMs ? 'warning' : 'normal';

/**
 * m:ss, or h:mm:ss past an hour; a minus sign in overrun. A countdown rounds whole seconds up, so "0:00" shows exactly
 * when the time is up and "-0:01" as soon as it is overrun; time used rounds down, as a stopwatch does.
 */
export function formatDuration(ms, round = Math.ceil) {
  const total = round(Math.abs(ms) / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  const sign = ms < 0 && total > 0 ? '-' : '';
  return hours > 0 ? `${sign}${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${sign}${minutes}:${seconds}`;
}

/** Calls <render> every animation frame, and at least every 100 ms while frames are throttled (a hidden tab). */
export function renderContinuously(render) {
  const frame = () => { render(); requestAnimationFrame(frame); };
  requestAnimationFrame(frame);
  setInterval(render, 100);
}
