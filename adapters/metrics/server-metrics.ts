import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { EngineOutput } from '../../engine/index.js';

/**
 * What an operator watches (Prometheus text at /metrics): traffic in and out, refusals by reason, faults, sign-in
 * refusals, and errors the process survived. One registry per server, so two servers in one process never mix counts.
 * Labels are codes, kinds and categories only: never ids of people or calls, never text.
 */
export class ServerMetrics {
  readonly registry = new Registry();
  readonly eventsIn = new Counter({ name: 'callcoach_events_in_total', help: 'Events accepted for the engine, by event type', labelNames: ['type'], registers: [this.registry] });
  readonly rejected = new Counter({ name: 'callcoach_rejected_total', help: 'Messages and events refused (counted where they are answered), by error code', labelNames: ['code'], registers: [this.registry] });
  readonly findings = new Counter({ name: 'callcoach_findings_total', help: 'Confirmed findings, by category', labelNames: ['category'], registers: [this.registry] });
  readonly nudges = new Counter({ name: 'callcoach_nudges_out_total', help: 'Nudges sent to overlays, by status', labelNames: ['status'], registers: [this.registry] });
  readonly faults = new Counter({ name: 'callcoach_faults_total', help: 'Engine faults (a rule, a call or its nudges disabled), by code and stage', labelNames: ['code', 'stage'], registers: [this.registry] });
  readonly activeCalls = new Gauge({ name: 'callcoach_active_calls', help: 'Calls open in this engine', registers: [this.registry] });
  readonly feedClients = new Gauge({ name: 'callcoach_feed_clients', help: 'Overlay and wall sockets connected', registers: [this.registry] });
  readonly feedLag = new Gauge({ name: 'callcoach_feed_client_lag_max', help: 'Messages the slowest feed client has not been sent yet', registers: [this.registry] });
  readonly feedQueuedBytes = new Gauge({ name: 'callcoach_feed_client_queued_bytes_max', help: 'Bytes queued to the slowest feed client', registers: [this.registry] });
  readonly ingestToNudge = new Histogram({
    name: 'callcoach_ingest_to_nudge_seconds',
    help: 'From an event read off the ingest socket to the nudges it caused being handed to the feed',
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1],
    registers: [this.registry],
  });
  readonly packReloads = new Counter({ name: 'callcoach_pack_reloads_total', help: 'Pack reloads, by result (loaded, rejected)', labelNames: ['result'], registers: [this.registry] });
  readonly authRefusals = new Counter({ name: 'callcoach_auth_refusals_total', help: 'Requests refused at sign-in, by code and surface (http, websocket)', labelNames: ['code', 'surface'], registers: [this.registry] });
  readonly storeFailures = new Counter({ name: 'callcoach_store_write_failures_total', help: 'Store writes that failed', registers: [this.registry] });
  readonly processErrors = new Counter({ name: 'callcoach_process_errors_total', help: 'Uncaught exceptions and unhandled rejections the process logged and survived', labelNames: ['kind'], registers: [this.registry] });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'callcoach_' });
  }

  /** Counts one engine output. */
  observe(output: EngineOutput): void {
    switch (output.type) {
      case 'call.opened':
        this.activeCalls.inc();
        return;
      case 'call.closed':
        this.activeCalls.dec();
        return;
      case 'finding':
        this.findings.inc({ category: output.finding.category });
        return;
      case 'nudge':
        this.nudges.inc({ status: output.nudge.status });
        return;
      case 'fault':
        this.faults.inc({ code: output.fault.code, stage: output.fault.stage });
        return;
      default:
        return;
    }
  }
}
