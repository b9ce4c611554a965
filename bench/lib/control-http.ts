/** Small JSON helpers for the sandboxes' control API, shared by the end-to-end benches. */

/** GETs `url` and answers its JSON body; a non-2xx status throws with the URL. */
export async function getJson(url: string): Promise<unknown> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
  return res.json();
}

/** Sends `body` (JSON, when given) with `method`; a non-2xx status throws with the answer's text. */
export async function sendJson(method: string, url: string, body?: unknown): Promise<void> {
  const res = await fetch(url, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? null : JSON.stringify(body) });
  if (!res.ok) throw new Error(`${method} ${url}: HTTP ${res.status} ${await res.text()}`);
  await res.arrayBuffer();
}
