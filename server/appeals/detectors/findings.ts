// What the detectors found, by detector: the exposure the centre exists for (Prometheus counter).
import client from 'prom-client';

export const findings = new client.Counter({ name: 'appeals_detector_findings_total', help: 'Detector findings by detector (repeat, escalated, routed_up, runaround, formal_reply, overdue, spike, systemic)', labelNames: ['detector'] as const });
