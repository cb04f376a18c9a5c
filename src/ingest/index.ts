/** Ingest's public surface: the file tailer, the syslog listener and what they are built with. */
export { FileTailer, type TailerOptions, type TailerDeps } from './tailer';
export { SyslogListener, type SyslogListenerOptions, type SyslogListenerDeps } from './syslog-listener';
export type { RecordBatch, RecordSink } from './record-sink';
export { MemoryIngestMetrics, type IngestMetrics } from './ingest-metrics';
export { MemoryOffsetStore, type FileState, type OffsetStore } from './offset-store';
export { RedisOffsetStore } from './redis-offset-store';
export { parseSyslog, type SyslogMessage, type SyslogParse } from './syslog-parse';
