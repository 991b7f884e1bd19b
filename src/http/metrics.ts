// GET /metrics in Prometheus' text format: HTTP requests by route, method and status with latency histograms, the
// registry's contents, the schemas reader's offset and lag, the election, REST proxy traffic, and the process
// (memory, event-loop lag) from prom-client's default collectors. Values that are cheap to read at scrape time
// (counts, offsets) are gauges computed then, so the request path pays only for one histogram observation.
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry as PromRegistry } from 'prom-client';
import type { Registry } from '../registry/registry.ts';

/** What the metrics read from a registry node, when this process serves one. */
export interface RegistrySource {
  readonly registry: Registry;
  reader(): { offset: number; high_watermark: number; records_processed?: { canonical: number; deprecated_karapace: number } };
  election(): { isLeader: boolean; eligible: boolean; groupGeneration: number };
}

/** Counters the REST proxy moves (src/proxy reports through this, without knowing about Prometheus). */
export interface ProxyCounters {
  produced(format: string, records: number, bytes: number): void;
  consumed(format: string, records: number, bytes: number): void;
  /** Consumer instances made (+n) or closed (-n). */
  consumerInstances(change: number): void;
}

export class Metrics implements ProxyCounters {
  readonly prometheus = new PromRegistry();
  readonly #requests: Histogram<'method' | 'route' | 'status'>;
  readonly #karapaceRequests: Counter<'method' | 'path' | 'status'>;
  readonly #producedRecords: Counter<'format'>;
  readonly #producedBytes: Counter<'format'>;
  readonly #consumedRecords: Counter<'format'>;
  readonly #consumedBytes: Counter<'format'>;
  readonly #consumers: Gauge;

  constructor() {
    const registers = [this.prometheus];
    collectDefaultMetrics({ register: this.prometheus, eventLoopMonitoringPrecision: 20 });
    this.#requests = new Histogram({
      name: 'http_request_duration_seconds', help: 'HTTP requests by route, method and status, with their latency',
      labelNames: ['method', 'route', 'status'], buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
      registers,
    });
    // Karapace's request counter (core/instrumentation/prometheus.py), for dashboards made for it; `path` is the route
    // template, so ids and subject names do not each make a series.
    this.#karapaceRequests = new Counter({
      name: 'karapace_http_requests_total', help: 'Total Request Count for HTTP/TCP Protocol', labelNames: ['method', 'path', 'status'], registers,
    });
    this.#producedRecords = new Counter({ name: 'karapace_rest_produced_records_total', help: 'Records produced through the REST proxy', labelNames: ['format'], registers });
    this.#producedBytes = new Counter({ name: 'karapace_rest_produced_bytes_total', help: 'Key and value bytes produced through the REST proxy', labelNames: ['format'], registers });
    this.#consumedRecords = new Counter({ name: 'karapace_rest_consumed_records_total', help: 'Records consumed through the REST proxy', labelNames: ['format'], registers });
    this.#consumedBytes = new Counter({ name: 'karapace_rest_consumed_bytes_total', help: 'Key and value bytes consumed through the REST proxy', labelNames: ['format'], registers });
    this.#consumers = new Gauge({ name: 'karapace_rest_consumer_instances', help: 'Live REST proxy consumer instances', registers });
  }

  produced(format: string, records: number, bytes: number): void {
    this.#producedRecords.inc({ format }, records);
    this.#producedBytes.inc({ format }, bytes);
  }

  consumed(format: string, records: number, bytes: number): void {
    this.#consumedRecords.inc({ format }, records);
    this.#consumedBytes.inc({ format }, bytes);
  }

  consumerInstances(change: number): void {
    this.#consumers.inc(change);
  }

  /** Gauges read from the registry node at scrape time. */
  watchRegistry(source: RegistrySource): void {
    const registers = [this.prometheus];
    const { state } = source.registry;
    new Gauge({ name: 'karapace_schema_reader_schemas', help: 'Schema ids known', registers, collect() { this.set(state.schemas.size); } });
    new Gauge({ name: 'karapace_schema_reader_subjects', help: 'Subjects known (soft-deleted included)', registers, collect() { this.set(state.subjects.size); } });
    new Gauge({
      name: 'karapace_schema_reader_subject_data_schema_versions', help: 'Subject versions by state', labelNames: ['state'], registers,
      collect() {
        let live = 0;
        let deleted = 0;
        for (const subject of state.subjects.values()) {
          for (const version of subject.versions) {
            if (version.deleted) deleted += 1;
            else live += 1;
          }
        }
        this.set({ state: 'live' }, live);
        this.set({ state: 'soft_deleted' }, deleted); // Karapace's label
      },
    });
    // Karapace's reader counts (test_metrics.py looks for karapace_schema_reader_records_processed_total): records
    // applied, by the key mode they were written in.
    const processed = () => source.reader().records_processed ?? { canonical: 0, deprecated_karapace: 0 };
    new Counter({
      name: 'karapace_schema_reader_records_processed_total', help: 'Schemas-topic records applied, by key mode', labelNames: ['keymode'], registers,
      collect() {
        const counts = processed();
        this.reset();
        this.inc({ keymode: 'CANONICAL' }, counts.canonical);
        this.inc({ keymode: 'DEPRECATED_KARAPACE' }, counts.deprecated_karapace);
      },
    });
    new Gauge({
      name: 'karapace_schema_reader_records_per_keymode', help: 'Schemas-topic records applied, by key mode', labelNames: ['keymode'], registers,
      collect() {
        const counts = processed();
        this.set({ keymode: 'CANONICAL' }, counts.canonical);
        this.set({ keymode: 'DEPRECATED_KARAPACE' }, counts.deprecated_karapace);
      },
    });
    new Gauge({ name: 'karapace_schema_reader_offset', help: 'Offset of the last schemas-topic record applied', registers, collect() { this.set(source.reader().offset); } });
    new Gauge({
      name: 'karapace_schema_reader_lag', help: 'Schemas-topic records not applied yet', registers,
      collect() {
        const { offset, high_watermark: high } = source.reader();
        this.set(high < 0 ? 0 : Math.max(0, high - 1 - offset));
      },
    });
    new Gauge({ name: 'karapace_leader', help: '1 when this node is the registry leader', registers, collect() { this.set(source.election().isLeader ? 1 : 0); } });
    new Gauge({ name: 'karapace_leader_eligible', help: '1 when this node may lead', registers, collect() { this.set(source.election().eligible ? 1 : 0); } });
    new Gauge({ name: 'karapace_election_generation', help: 'Generation of the election group this node last joined', registers, collect() { this.set(source.election().groupGeneration); } });
  }

  /** Times every request and serves GET /metrics. */
  register(app: FastifyInstance): void {
    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unmatched';
      this.#requests.observe({ method: request.method, route, status: reply.statusCode }, reply.elapsedTime / 1000);
      this.#karapaceRequests.inc({ method: request.method, path: route, status: reply.statusCode });
    });
    app.get('/metrics', { config: { api: 'text' } }, async (_request, reply) => {
      const text = await this.prometheus.metrics();
      return reply.header('content-type', this.prometheus.contentType).send(text);
    });
  }
}
