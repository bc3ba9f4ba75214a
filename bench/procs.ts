// What the processes of a Pulumi run cost, sampled from /proc every 200 ms: the peak memory of
// the dynamic-provider process (the node process running @pulumi/pulumi/cmd/dynamic-provider)
// and the CPU time of each kind of process (engine, program, provider). Only descendants of
// this process count: other runs on the machine have their own.

import * as fs from "node:fs";

export type ProcessKind = "engine" | "program" | "provider" | "langhost";

/** Which part of a Pulumi run a command line is, if any. */
export function kindOf(cmdline: string): ProcessKind | undefined {
  if (/cmd[/\\]dynamic-provider/.test(cmdline)) return "provider";
  if (/cmd[/\\]run[/\\]index\.js/.test(cmdline)) return "program";
  if (/pulumi-language-nodejs/.test(cmdline)) return "langhost";
  if (/(^|\/)pulumi\0/.test(cmdline)) return "engine";
  return undefined;
}

/** The parent pid and CPU ticks (user + system) from /proc/<pid>/stat. */
export function parseStat(stat: string): { ppid: number; ticks: number } | undefined {
  const close = stat.lastIndexOf(")");
  if (close < 0) return undefined;
  // Fields after the command: state ppid pgrp session tty tpgid flags minflt cminflt majflt
  // cmajflt utime stime ...
  const f = stat.slice(close + 2).split(" ");
  const ppid = Number(f[1]);
  const ticks = Number(f[11]) + Number(f[12]);
  return Number.isFinite(ppid) && Number.isFinite(ticks) ? { ppid, ticks } : undefined;
}

/** kB values of VmRSS and VmHWM from /proc/<pid>/status. */
export function memoryOf(status: string): { rssKb: number; hwmKb: number } {
  const get = (key: string) =>
    Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0);
  return { rssKb: get("VmRSS"), hwmKb: get("VmHWM") };
}

function read(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

function descendsFrom(pid: number, ancestor: number): boolean {
  let p: number | undefined = pid;
  for (let i = 0; i < 32 && p !== undefined && p > 1; i++) {
    if (p === ancestor) return true;
    const stat = read(`/proc/${p}/stat`);
    p = stat === undefined ? undefined : parseStat(stat)?.ppid;
  }
  return false;
}

/** Processes of a Pulumi run started (indirectly) by this process. */
function runProcesses(): { pid: number; kind: ProcessKind }[] {
  const out: { pid: number; kind: ProcessKind }[] = [];
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const cmd = read(`/proc/${name}/cmdline`);
    const kind = cmd === undefined ? undefined : kindOf(cmd);
    if (kind === undefined) continue;
    const pid = Number(name);
    if (descendsFrom(pid, process.pid)) out.push({ pid, kind });
  }
  return out;
}

export interface ProcessCost {
  /** The dynamic-provider process's largest VmRSS or VmHWM seen, in MB. */
  providerPeakMb: number;
  /** CPU seconds by kind of process, plus this process (the bench and the simulator). */
  cpuSeconds: Record<ProcessKind | "bench", number>;
  /** The largest value `extra` returned. */
  extraPeak: number;
}

export interface ProcessSampler {
  stop(): ProcessCost;
}

const TICKS_PER_SECOND = 100;

/** Sample every `intervalMs`; `extra` is read at each tick (e.g. the simulator's pending count). */
export function sampleProcesses(intervalMs = 200, extra?: () => number): ProcessSampler {
  let peakKb = 0;
  let extraPeak = 0;
  const ticks = new Map<number, { kind: ProcessKind; ticks: number }>();
  let procs: { pid: number; kind: ProcessKind }[] = [];
  let tick = 0;
  const selfStart = process.cpuUsage();
  const sample = (): void => {
    // Walking /proc for new processes each second is enough; reading known ones is cheap.
    if (tick++ % 5 === 0) procs = runProcesses();
    for (const { pid, kind } of procs) {
      const stat = read(`/proc/${pid}/stat`);
      const parsed = stat === undefined ? undefined : parseStat(stat);
      if (parsed !== undefined) ticks.set(pid, { kind, ticks: parsed.ticks });
      if (kind !== "provider") continue;
      const status = read(`/proc/${pid}/status`);
      if (status === undefined) continue;
      const m = memoryOf(status);
      peakKb = Math.max(peakKb, m.rssKb, m.hwmKb);
    }
    if (extra) extraPeak = Math.max(extraPeak, extra());
  };
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      const self = process.cpuUsage(selfStart);
      const cpuSeconds: ProcessCost["cpuSeconds"] = {
        engine: 0,
        program: 0,
        provider: 0,
        langhost: 0,
        bench: (self.user + self.system) / 1e6,
      };
      for (const { kind, ticks: t } of ticks.values()) cpuSeconds[kind] += t / TICKS_PER_SECOND;
      return { providerPeakMb: peakKb / 1024, cpuSeconds, extraPeak };
    },
  };
}
