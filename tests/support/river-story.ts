/**
 * A small news story for body-extraction tests: five paragraphs of one report and the page
 * shell they are set in (a title, an optional head, the given body).
 */
export const RIVER_URL = "https://news.example.com/2026/11/river.html";

export const P1 =
  "The river report says the water rose quickly overnight, and residents moved to higher ground before dawn on Tuesday.";
export const P2 =
  "Council engineers, working through the night, closed the old bridge and opened the flood gates to ease the pressure downstream.";
export const P3 =
  "Volunteers from the rowing club, with boats borrowed from the school, carried older residents from the flooded lanes by the mill.";
export const P4 =
  "By noon the water had fallen again, and the council said the bridge would reopen once its engineers had checked the piers.";
export const P5 =
  "Shops on the quay stayed shut for the day, and the ferry to the island ran an hour late while the harbour master checked the channel.";

/** A whole page: `<title>River rises</title>`, `head` in the head, `body` in the body. */
export function page(body: string, head = ""): string {
  return `<!doctype html><html lang="en"><head><title>River rises</title>${head}</head><body>${body}</body></html>`;
}
