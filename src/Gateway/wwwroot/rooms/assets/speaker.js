// The speaker display: the time left on the floor, huge, and the console's message to the speaker. It follows
// whichever pre-session is live in the room.

import { room } from './api.js';
import { CountdownView, LinkIndicator, LiveTimer, setText, showRoom, stateLabels } from './live.js';

const $ = id => document.getElementById(id);
const countdown = new CountdownView($('countdown'));
const link = new LinkIndicator($('link'));
const timer = new LiveTimer(showDetails);

document.title = `Speaker display · Room ${room}`;
setText($('room'), `Room ${room}`);
showDetails();

function showDetails() {
  const snapshot = timer.snapshot;
  setText($('pre-session'), timer.key ? timer.key.sur : '');
  setText($('item'), snapshot?.item?.title ?? (timer.key ? '' : 'No pre-session is live in this room'));
  setText($('state'), snapshot ? stateLabels[snapshot.state] : '');
  const message = $('message');
  setText(message, snapshot?.message ?? '');
  message.hidden = !snapshot?.message;
}

showRoom(timer, countdown, link);
