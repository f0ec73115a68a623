// CPU time of a process, from /proc (Linux only).
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** utime + stime of a /proc/…/stat line, seconds, and the parent's pid. */
function parseStat(stat) {
  // The command name may hold spaces: the fields start after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { seconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND, ppid: Number(fields[1]) };
}

/** User + system CPU seconds the process `pid` has used so far. */
export function cpuSeconds(pid) {
  return parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8')).seconds;
}

/**
 * The process's CPU seconds split by thread: the main (JavaScript) thread, and the others by
 * name (V8's GC helpers, libuv's pool...). Threads that ended are in neither.
 */
export function threadCpuSeconds(pid) {
  const threads = {};
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const { seconds } = parseStat(readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8'));
      const name =
        tid === String(pid) ? 'main' : readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
      threads[name] = (threads[name] ?? 0) + seconds;
    } catch {
      // the thread ended meanwhile
    }
  }
  return threads;
}

/**
 * CPU seconds of every descendant of the process `pid` (the app's embedded PostgreSQL: postmaster
 * and backends, which leave the app's process group, so the process tree is followed), by pid.
 */
export function descendantsCpuSeconds(pid) {
  const children = new Map();
  const seconds = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = parseStat(readFileSync(`/proc/${entry}/stat`, 'utf8'));
      seconds.set(Number(entry), stat.seconds);
      const siblings = children.get(stat.ppid) ?? [];
      siblings.push(Number(entry));
      children.set(stat.ppid, siblings);
    } catch {
      // the process ended meanwhile
    }
  }
  const result = new Map();
  const pending = [...(children.get(pid) ?? [])];
  while (pending.length > 0) {
    const next = /** @type {number} */ (pending.pop());
    result.set(next, seconds.get(next) ?? 0);
    pending.push(...(children.get(next) ?? []));
  }
  return result;
}

/**
 * CPU seconds spent between two `descendantsCpuSeconds` readings: processes started meanwhile
 * count in full; those that ended meanwhile are missing (their last stretch is not counted).
 */
export function spentBetween(before, after) {
  let total = 0;
  for (const [pid, seconds] of after) total += seconds - (before.get(pid) ?? 0);
  return total;
}
