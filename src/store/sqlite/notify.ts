/**
 * SQLite has no channel between processes: work enqueued by another process is found by the
 * worker's poll interval. Wake-ups inside one process go through the engine directly.
 */
export function subscribeSqlite(_listener: (endpoint: string) => void): () => Promise<void> {
  return async () => {};
}
