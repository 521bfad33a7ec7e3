// Loaded with `node --import` into each measured process (the minimal client and agentbatch alike):
// when the process exits, it writes what it cost to the file named by BENCH_PROBE_FILE.
import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

const file = process.env.BENCH_PROBE_FILE;
if (file) {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  process.on('exit', () => {
    delay.disable();
    const usage = process.resourceUsage();
    writeFileSync(
      file,
      JSON.stringify({
        cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
        peakRssMb: usage.maxRSS / 1024,
        loopDelayP99Ms: delay.percentile(99) / 1e6,
        loopDelayMaxMs: delay.max / 1e6,
        loopUtilization: performance.eventLoopUtilization().utilization,
      }),
    );
  });
}
