/**
 * The demo server's SMS outbox (/api/dev/messages), as the browser tests read it: a login or
 * consent code is the first 6-digit number of a message sent after the test looked. The
 * dispatcher delivers every second; on a loaded two-core machine with two browser-test files
 * at once it can take several, hence the generous wait.
 */
export interface DevMessage {
  id: string;
  recipient: string;
  body: string;
  sentAt: string;
}

const CODE = /^\D*\b(\d{6})\b/;
const WAIT_MS = 30_000;

export function devOutbox(serverUrl: string) {
  async function messagesTo(phone: string, limit = 50): Promise<DevMessage[]> {
    const res = await fetch(`${serverUrl}/api/dev/messages?recipient=${phone}&limit=${limit}`);
    if (!res.ok) throw new Error(`dev outbox: ${res.status}`);
    return (await res.json()) as DevMessage[];
  }

  /** The ids of the messages already delivered to `phone`, so the next code read is a new one. */
  async function seen(phone: string): Promise<Set<string>> {
    return new Set((await messagesTo(phone)).map((m) => m.id));
  }

  /** The code of the first message to `phone` not in `before` (which then holds it too). */
  async function nextCode(phone: string, before: Set<string>): Promise<string> {
    const deadline = Date.now() + WAIT_MS;
    while (Date.now() < deadline) {
      const fresh = (await messagesTo(phone)).find((m) => !before.has(m.id) && CODE.test(m.body));
      if (fresh) {
        before.add(fresh.id);
        return CODE.exec(fresh.body)![1]!;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const latest = (await messagesTo(phone)).slice(0, 5).map((m) => `${before.has(m.id) ? 'old' : 'new'}: ${m.body}`);
    throw new Error(`no new SMS code for ${phone}; latest: ${latest.join(' | ')}`);
  }

  /** The code of the newest message to `phone` that carries one. */
  async function latestCode(phone: string): Promise<string> {
    const deadline = Date.now() + WAIT_MS;
    while (Date.now() < deadline) {
      const code = (await messagesTo(phone, 5)).map((m) => CODE.exec(m.body)?.[1]).find(Boolean);
      if (code) return code;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`no SMS code for ${phone}`);
  }

  return { messagesTo, seen, nextCode, latestCode };
}
