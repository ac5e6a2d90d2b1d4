// The words the room pages' scripts write, in the page's language. The gateway renders them from its resources
// (Resources/Pages/Rooms/RoomText.*.resx) onto <body data-strings>, so no text lives in the scripts.

const words = JSON.parse(document.body.dataset.strings ?? '{}');

/** The page's language ("en", "fr" or "es"), as the gateway chose it: dates and times are written in it. */
export const language = document.documentElement.lang || 'en';

/** The words named <name>, with {0}, {1}... replaced by <values>; the name itself if the page lacks them. */
export const text = (name, ...values) =>
  (words[name] ?? name).replace(/\{(\d+)\}/g, (placeholder, index) => String(values[Number(index)] ?? placeholder));
