// The redaction rules live with the wire schema (ingest/schema/redact.ts): a stream's live event is cut there
// (an appeal's address to its street), and ingest imports nothing from server/. Server and client import them here.
export * from '../../ingest/schema/redact';
