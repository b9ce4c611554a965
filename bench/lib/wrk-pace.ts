/**
 * Lua for wrk that paces requests at a fixed rate per wrk thread. wrk calls a script's
 * `delay()` before each request and waits that many milliseconds; this one keeps a schedule
 * (the n-th request of the thread is due at start + n / rate) and returns the time left until
 * the request's slot, so the thread offers `ratePerThread` requests per second whatever the
 * answer times are — as long as a connection is free. A server that falls behind gets every
 * late request at once (delay 0) up to the connection count: the offered rate stays the
 * schedule's, and a server that cannot keep up shows as fewer requests answered.
 *
 * The clock is `clock_gettime(CLOCK_MONOTONIC)` through LuaJIT's FFI (wrk's Lua is LuaJIT;
 * Lua's own `os.clock` is CPU time and `os.time` has one-second resolution).
 */
export function pacedDelayLua(ratePerThread: number): string {
  if (!(Number.isFinite(ratePerThread) && ratePerThread > 0)) throw new RangeError(`ratePerThread must be a positive number, got ${ratePerThread}`);
  const intervalMs = 1000 / ratePerThread;
  return `
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } kfax_pace_timespec;
int clock_gettime(int clk_id, kfax_pace_timespec *tp);
]]
local pace_ts = ffi.new("kfax_pace_timespec")
local function pace_now_ms()
  ffi.C.clock_gettime(1, pace_ts)
  return tonumber(pace_ts.tv_sec) * 1000 + tonumber(pace_ts.tv_nsec) / 1e6
end
local pace_start = nil
local pace_sent = 0
local pace_interval_ms = ${intervalMs}
function delay()
  local now = pace_now_ms()
  if pace_start == nil then pace_start = now end
  pace_sent = pace_sent + 1
  local due = pace_start + pace_sent * pace_interval_ms
  if due > now then return math.floor(due - now) end
  return 0
end
`;
}
