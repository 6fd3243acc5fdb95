/** The discovery queue's message: `{"poll": "<subscription id>"}`, one per due subscription. */

export function pollMessageBody(subscriptionId: string): string {
  return JSON.stringify({ poll: subscriptionId });
}

/** The subscription a discovery queue message names, or null for a malformed body. */
export function parsePollMessage(body: string): string | null {
  try {
    const parsed = JSON.parse(body) as { poll?: unknown };
    return typeof parsed.poll === "string" && /^[0-9a-f]{16}$/.test(parsed.poll)
      ? parsed.poll
      : null;
  } catch {
    return null;
  }
}
