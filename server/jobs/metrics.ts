// Metrics of the process and of the leader's timers: event-loop lag, GC, heap (prom-client's defaults, with
// the `process_`/`nodejs_` names every Node dashboard knows) and how long each scheduled job takes.
import client from 'prom-client';

client.collectDefaultMetrics({ eventLoopMonitoringPrecision: 10 });

export const jobDuration = new client.Histogram({
  name: 'jobs_duration_seconds',
  help: 'Time of one run of a scheduled cluster-wide job (sla, spikes, systemic, aggregates, …), by job',
  labelNames: ['job'] as const,
  buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
});
