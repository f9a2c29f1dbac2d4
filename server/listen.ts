// The HTTP server listens with ingest's helper (it is ingest's: the embedded broker needs it, and ingest imports
// nothing from server/).
export { listen } from '../ingest/listen';
