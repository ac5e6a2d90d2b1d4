// The speaker display: the time left on the floor, huge, and the console's message to the speaker. It follows
// whichever pre-session is live in the room.

import { CountdownView, LinkIndicator, LiveTimer, setText, showRoom } from './live.js';
import { text } from './text.js';

const $ = id => document.getElementById(id);
const countdown = new CountdownView($('countdown'));
const link = new LinkIndicator($('link'));
const timer = new LiveTimer(showDetails);
const message = $('message');
/** Below this a message is no longer read from the lectern; the console's 200 characters fit well above it at 1280x800. */
const SmallestMessagePx = 18;

showDetails();
addEventListener('resize', fitMessage);

function showDetails() {
  const snapshot = timer.snapshot;
  setText($('pre-session'), timer.key ? timer.key.sur : '');
  setText($('item'), snapshot?.item?.title ?? (timer.key ? '' : text('noneLive')));
  const changed = message.textContent !== (snapshot?.message ?? '') || message.hidden !== !snapshot?.message;
  setText(message, snapshot?.message ?? '');
  message.hidden = !snapshot?.message;
  if (changed)
    fitMessage();
}

/**
 * A message the speaker cannot read whole is worse than none: it wraps (long words too), and it shrinks from the
 * style sheet's size until the page fits the screen without scrolling or clipping. A dozen steps at most.
 */
function fitMessage() {
  message.style.removeProperty('font-size');
  if (message.hidden)
    return;
  const root = document.documentElement;
  const overflows = () => root.scrollHeight > root.clientHeight || root.scrollWidth > root.clientWidth
    || message.scrollWidth > message.clientWidth;
  let size = parseFloat(getComputedStyle(message).fontSize);
  for (let step = 0; step < 12 && size > SmallestMessagePx && overflows(); step++) {
    size = Math.max(SmallestMessagePx, size * 0.85);
    message.style.fontSize = `${size}px`;
  }
}

showRoom(timer, countdown, link, $('state'));
