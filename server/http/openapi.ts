// GET /api/openapi.json: the REST API described for outside clients; request bodies come from the same zod
// schemas the routes validate with.
import { Router } from 'express';
import { z } from 'zod';
import { alarmSeverities, alarmSources, alarmStates, appealActions, appealMessage, crewCreate, crewPatch, crewStates, crewTypes, incidentCaseStates, incidentStateChange, incidentTypes } from '../../ingest/schema';
import { version } from './version';

const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema: z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) } } });
const ok = (description: string) => ({ 200: { description } });
const err = { 400: { description: 'bad request: {error, message, field}' }, 401: { description: 'no valid bearer token' }, 403: { description: 'role or territory does not allow it' } };
const q = (name: string, description: string, required = false) => ({ name, in: 'query', required, description, schema: { type: 'string' } });
const p = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string' } });

export function openapiDoc() {
  const alarmChange = z.object({ comment: z.string().max(2000).optional() });
  const transition = z.object({ action: z.enum(appealActions), reason: z.string().optional(), text: z.string().optional(), org: z.string().optional(), until: z.string().optional() });
  return {
    openapi: '3.1.0',
    info: { title: 'Situation centre API', version, description: 'Live city operations: appeals with legal deadlines, incidents, crews, services. Bearer JWT from /api/auth/login.' },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    security: [{ bearer: [] }],
    paths: {
      '/api/health': { get: { summary: 'Liveness and readiness (public)', security: [], responses: { 200: { description: 'ok' }, 503: { description: 'degraded' } } } },
      '/metrics': { get: { summary: 'Prometheus metrics (public unless METRICS_TOKEN)', security: [], responses: ok('text/plain') } },
      '/api/auth/login': { post: { summary: 'Sign in', security: [], requestBody: json(z.object({ username: z.string(), password: z.string() })), responses: { ...ok('{token, refreshToken, expiresIn, user}'), 401: { description: 'wrong credentials' }, 429: { description: 'rate limited' } } } },
      '/api/auth/refresh': { post: { summary: 'Rotate the refresh token', security: [], requestBody: json(z.object({ refreshToken: z.string() })), responses: ok('{token, refreshToken}') } },
      '/api/auth/me': { get: { summary: 'Who am I', responses: ok('principal') } },
      '/api/config': { get: { summary: 'City, districts, map settings', responses: { ...ok('config'), ...err } } },
      '/api/snapshot': { get: { summary: 'Current picture and the cursor to continue live from', parameters: [q('streams', 'comma list'), q('districts', 'comma list')], responses: { ...ok('{cursor, vehicles, status, appeals, incidents, alarms}'), ...err } } },
      '/api/stats/rates': { get: { summary: 'Per-minute counts by stream', parameters: [q('minutes', '1–1440')], responses: ok('{items}') } },
      '/api/stats/categories': { get: { summary: 'Appeals by category', parameters: [q('minutes', '1–1440')], responses: ok('{items}') } },
      '/api/dead-letters': { get: { summary: 'Rejected MQTT messages with reasons and raw payloads (admin only: deadletters:read)', parameters: [q('limit', '1–1000'), q('stream', 'appeals | incidents | gps | status')], responses: { ...ok('{items}'), ...err } } },
      '/api/appeals': {
        get: { summary: 'The appeals queue (sort=received|deadline|sla, dir=asc|desc; default received desc; total: how many match the filter)', parameters: ['status', 'category', 'sphere', 'district', 'sla', 'executor', 'flag', 'q', 'since', 'until', 'cursor', 'limit', 'sort', 'dir', 'triage', 'mine'].map((n) => q(n, n)), responses: { ...ok('{items, next, total}'), ...err } },
        post: { summary: 'Register an appeal (same intake as MQTT; the server sets ts; a district must be in your territory; without one it goes to the triage queue)', requestBody: json(appealMessage), responses: { 201: { description: 'registered appeal' }, 200: { description: 'a retry of your own id: that appeal' }, 202: { description: 'queued (database away)' }, 409: { description: 'the id is already used (reveals nothing about it)' }, ...err } },
      },
      '/api/appeals/nearby': { get: { summary: 'Appeals within 50 m in 30 days (duplicate suggestions)', parameters: [q('lat', 'latitude', true), q('lon', 'longitude', true), q('category', 'category id')], responses: ok('{items}') } },
      '/api/appeals/{id}': { get: { summary: 'One appeal with timeline, repeats, photos (contact data only with personal:read; audited)', parameters: [p('id')], responses: { ...ok('{appeal, allowedActions, timeline, repeats, photos}'), 404: { description: 'not found or outside territory' } } } },
      '/api/appeals/{id}/transitions': { post: { summary: 'A lifecycle step', parameters: [p('id')], requestBody: json(transition), responses: { ...ok('{appeal, confirmSent?} (the confirmation link goes to the citizen through the outbox)'), 409: { description: 'changed meanwhile' }, 422: { description: 'not allowed now, or a rule refuses it' }, ...err } } },
      '/api/appeals/{id}/district': { post: { summary: 'Triage: set the district of an appeal registered without one (appeals:triage; into your own territory unless city-wide; audited, pushed live)', parameters: [p('id')], requestBody: json(z.object({ district: z.string() })), responses: { ...ok('{appeal}'), 404: { description: 'not found or not visible to you' }, 409: { description: 'changed meanwhile' }, 422: { description: 'it already has a district' }, ...err } } },
      '/api/appeals/{id}/photos': { post: { summary: 'Photo report (JPEG/PNG/WebP ≤ 5 MB, checked by content)', parameters: [p('id')], requestBody: { content: { 'image/*': { schema: { type: 'string', format: 'binary' } } } }, responses: { 201: { description: 'stored' }, 413: { description: 'too large' }, 415: { description: 'not an image' } } } },
      '/api/appeals/{id}/photos/{pid}': { get: { summary: 'A photo: with ?exp=&sig= (a signed URL from a card or the citizen\'s page, 10 minutes) no header; else a bearer token of someone who may see the appeal', security: [], parameters: [p('id'), p('pid'), q('exp', 'unix seconds'), q('sig', 'HMAC')], responses: { 200: { description: 'the image' }, ...err, 403: { description: 'photo.bad_signature | photo.link_expired, or not allowed' } } } },
      '/api/appeals/{id}/outbox': { get: { summary: 'The last message to the citizen: its state only (never the link or the recipient)', parameters: [p('id')], responses: { ...ok('{outbox}'), ...err } } },
      '/api/appeals/{id}/outbox/resend': { post: { summary: 'A new confirmation link to the citizen (appeals:write in the territory; only while answered; audited)', parameters: [p('id')], responses: { 201: { description: '{outbox} (the new message\'s state, never the link)' }, ...err, 403: { description: 'role, or outside your territory' }, 422: { description: 'the appeal does not wait for the citizen' } } } },
      '/api/confirm/{token}': {
        get: { summary: "The citizen's page data: number, category, street, district, dates, redacted text, the answer, signed photo URLs (no personal data)", security: [], parameters: [p('token')], responses: { ...ok('{number, category, district, timeZone, address, registeredAt, answeredAt, text, answer, status, photos}'), 410: { description: 'confirm.used | confirm.expired | confirm.closed' }, 404: { description: 'unknown link' } } },
        post: { summary: "The citizen's confirmation", security: [], parameters: [p('token')], requestBody: json(z.object({ satisfied: z.boolean(), comment: z.string().optional() })), responses: { ...ok('{number, status, result: closed|returned}'), 410: { description: 'confirm.used | confirm.expired | confirm.closed' } } },
      },
      '/api/routing-rules': {
        get: { summary: 'Routing rules and organisations', responses: ok('{rules, organisations}') },
        post: { summary: 'Add a routing rule (admin; checked against the taxonomy, districts, organisations; audited)', responses: { 201: { description: 'the rule' }, 400: { description: 'unknown category, district or organisation (field named)' }, 409: { description: 'a rule for this category and district exists' } } },
        put: { summary: 'Replace the routing rules (admin; every row checked, `rules.<n>.<field>`; audited as a diff)', responses: ok('{rules}') },
      },
      '/api/routing-rules/{id}': {
        patch: { summary: 'Change a routing rule (admin; audited before/after)', parameters: [p('id')], responses: { ...ok('the rule'), 404: { description: 'no such rule' }, 409: { description: 'duplicate' } } },
        delete: { summary: 'Delete a routing rule (admin; audited)', parameters: [p('id')], responses: { 204: { description: 'deleted' } } },
      },
      '/api/organisations': {
        get: { summary: 'Organisations: names in ru/kk/en, parent', responses: ok('{items}') },
        post: { summary: 'Add an organisation (admin; audited)', responses: { 201: { description: 'the organisation' }, 409: { description: 'id taken' } } },
      },
      '/api/organisations/{id}': { patch: { summary: 'Rename or re-parent an organisation (admin; no cycles; audited)', parameters: [p('id')], responses: { ...ok('the organisation'), 409: { description: 'the parent is the organisation or one of its units' } } } },
      '/api/problems': { get: { summary: 'Rating of systemic city problems', responses: ok('{items}') } },
      '/api/users': { get: { summary: 'Accounts (admin)', responses: ok('{items}') }, post: { summary: 'Create an account (admin)', responses: { 201: { description: 'created' }, 409: { description: 'username taken' } } } },
      '/api/users/{id}': { patch: { summary: 'Change an account (admin)', parameters: [p('id')], responses: ok('user') }, delete: { summary: 'Delete an account (admin)', parameters: [p('id')], responses: { 204: { description: 'deleted' } } } },
      '/api/wall-tokens': { get: { summary: 'Wall-screen tokens (admin)', responses: ok('{items}') }, post: { summary: 'Issue a wall-screen token (shown once)', responses: { 201: { description: '{id, token}' } } } },
      '/api/wall-tokens/{id}': { delete: { summary: 'Revoke a wall-screen token', parameters: [p('id')], responses: { 204: { description: 'revoked' } } } },
      '/api/open311-keys': { get: { summary: 'Open311 API keys (admin)', responses: ok('{items}') }, post: { summary: 'Issue an Open311 key (shown once)', responses: { 201: { description: '{id, apiKey}' } } } },
      '/api/audit': { get: { summary: 'Audit log (admin)', parameters: ['actor', 'action', 'target', 'since', 'until', 'before', 'limit'].map((n) => q(n, n)), responses: ok('{items, next}') } },
      '/api/outbox': { get: { summary: "Messages to citizens, e.g. confirmation links (admin; audited as a view of personal data)", parameters: [q('appeal', 'appeal id'), q('before', 'id cursor'), q('limit', '1–500')], responses: { ...ok('{items, next}'), ...err } } },
      '/api/audit/verify': { get: { summary: 'Verify the hash chain (admin)', responses: ok('{ok, rows, brokenAt?}') } },
      '/api/crews': {
        get: {
          summary: 'Crews with live state and last position (crews:read; a district-scoped user: its districts only)',
          parameters: [q('district', 'district id (403 outside your territory)'), q('type', crewTypes.join(' | ')), q('state', crewStates.join(' | ')), q('organisation', 'organisation id')],
          responses: { ...ok('{items: [{id, name, type, organisation, district, deviceId, state, stateSince, createdAt, updatedAt, position: {ts, lat, lon, speed, heading, district, source: live | stored} | null}]}'), ...err },
        },
        post: { summary: 'Register a crew (crews:write, in your territory; audited; live stream `crews`)', requestBody: json(crewCreate), responses: { 201: { description: '{crew}' }, 409: { description: 'the device id belongs to another crew (crew.device_taken)' }, ...err } },
      },
      '/api/crews/{id}': {
        get: { summary: 'One crew and its state history, newest first (crews:read)', parameters: [p('id')], responses: { ...ok('{crew, history: [{at, from_state, to_state, actor, reason}]}'), 404: { description: 'no such crew' }, ...err } },
        patch: { summary: 'Change a crew or its state (crews:write; each state change in the history and on the live stream)', parameters: [p('id')], requestBody: json(crewPatch), responses: { ...ok('{crew}'), 404: { description: 'no such crew' }, 409: { description: 'device id taken' }, ...err } },
        delete: { summary: 'Remove a crew (crews:write; its history stays)', parameters: [p('id')], responses: { 204: { description: 'removed' }, 404: { description: 'no such crew' }, ...err } },
      },
      '/api/incidents': {
        get: {
          summary: 'Camera incident cases, newest first (incidents:read; a district-scoped user: its districts only)',
          parameters: [
            q('state', incidentCaseStates.join(' | ')),
            q('type', incidentTypes.join(' | ')),
            q('district', 'district id (403 outside your territory)'),
            q('camera', 'camera id'),
            q('cursor', 'case id: the page after it (`next` of the previous page)'),
            q('limit', '1–500, default 100'),
          ],
          responses: { ...ok('{items: [{id, cameraId, type, district, lat, lon, state, count, firstSeen, lastSeen, confidence, snapshotUrl, assignedAt, fixedAt, verifiedAt, verifiedBy: camera | photo | null, photoUrl, timeToFixSec, updatedAt}], next}'), ...err },
        },
      },
      '/api/incidents/{id}': {
        get: { summary: 'One case, its stored detections (newest first, up to 200) and its state history (incidents:read)', parameters: [p('id')], responses: { ...ok('{incident, detections: [{id, ts, confidence, lat, lon, snapshotUrl}], history: [{at, from_state, to_state, actor, comment}]}'), 404: { description: 'no such case in your territory (incident.not_found)' }, ...err } },
      },
      '/api/incidents/{id}/state': {
        post: {
          summary: 'Move a case: new → assigned | fixed, assigned → new | fixed, fixed → assigned | verified (verified by hand needs photoUrl); incidents:write, audited, live stream `cases`',
          parameters: [p('id')],
          requestBody: json(incidentStateChange),
          responses: { ...ok('{incident}'), 404: { description: 'no such case in your territory' }, 409: { description: 'not allowed from the current state, or changed meanwhile (incident.bad_transition, incident.same_state, incident.changed)' }, ...err },
        },
        patch: { summary: 'The same as POST', parameters: [p('id')], requestBody: json(incidentStateChange), responses: { ...ok('{incident}'), 404: { description: 'no such case' }, 409: { description: 'not allowed' }, ...err } },
      },
      '/api/incidents/{id}/cap': {
        get: { summary: 'The case as a CAP 1.2 alert (incidents:read)', parameters: [p('id')], responses: { 200: { description: 'CAP 1.2 XML', content: { 'application/cap+xml': { schema: { type: 'string' } } } }, 404: { description: 'no such case in your territory' }, ...err } },
      },
      '/api/cameras': {
        get: { summary: 'The camera registry: each camera appears on its first detection (incidents:read; a district-scoped user: its districts only)', parameters: [q('district', 'district id (403 outside your territory)')], responses: { ...ok('{items: [{id, lat, lon, district, kind, firstSeen, lastSeen}]}'), ...err } },
      },
      '/api/alarms': {
        get: {
          summary: 'Stored alarms, newest first (alarms:read; a district-scoped user: its districts\' and the citywide ones)',
          parameters: [
            q('state', alarmStates.join(' | ')),
            q('severity', alarmSeverities.join(' | ')),
            q('district', 'district id (403 outside your territory)'),
            q('source', alarmSources.join(' | ')),
            q('cursor', 'the previous page\'s nextCursor'),
            q('limit', '1–500, default 50'),
          ],
          responses: { ...ok('{items: [{id, key, source, kind, severity, state, district, category, subject, message, data, areas, count, firstSeen, lastSeen, expiresAt, acknowledged, cleared, escalated}], nextCursor}'), ...err },
        },
      },
      '/api/alarms/{id}': {
        get: { summary: 'One alarm and its history, oldest first (alarms:read)', parameters: [p('id')], responses: { ...ok('{alarm, history: [{at, action, state, actor, comment}]}'), 404: { description: 'no such alarm (alarm.not_found)' }, ...err } },
      },
      '/api/alarms/{id}/ack': {
        post: { summary: 'Acknowledge an active alarm (alarms:write, in your territory; audited alarm.ack; live stream `alarms`)', parameters: [p('id')], requestBody: json(alarmChange), responses: { ...ok('{alarm}'), 404: { description: 'no such alarm' }, 409: { description: 'not active_unack (alarm.wrong_state)' }, ...err } },
      },
      '/api/alarms/{id}/clear': {
        post: { summary: 'Clear an alarm (alarms:write, in your territory; audited alarm.clear; live stream `alarms`)', parameters: [p('id')], requestBody: json(alarmChange), responses: { ...ok('{alarm}'), 404: { description: 'no such alarm' }, 409: { description: 'cleared already (alarm.wrong_state)' }, ...err } },
      },
      '/api/cap': {
        post: {
          summary: 'Import a CAP 1.2 alert as an alarm of source cap with its areas (alarms:write; at most 512 KB); an expired alert is kept, cleared',
          requestBody: { required: true, content: { 'application/cap+xml': { schema: { type: 'string' } } } },
          responses: {
            201: { description: '{alarm, created: true}' },
            200: { description: 'the same sender and identifier again: {alarm, created: false}, the stored alarm' },
            400: { description: 'malformed XML or a missing or wrong required element, named in `field` (cap.invalid); nothing stored' },
            413: { description: 'body too large' },
            415: { description: 'not application/cap+xml (cap.content_type)' },
            401: err[401],
            403: err[403],
          },
        },
      },
      '/osmand': {
        get: {
          summary: 'A position from a stock device (OsmAnd / Traccar Client); no token: registered device ids only, rate-limited per IP',
          security: [],
          parameters: [
            q('id', 'device id (a crew\'s deviceId); also `deviceid`', true),
            q('lat', 'latitude, WGS84', true),
            q('lon', 'longitude, WGS84', true),
            q('timestamp', 'Unix seconds, Unix ms or ISO-8601 (default: time of receipt)'),
            q('speed', 'knots (OSMAND_SPEED_UNIT), stored as km/h'),
            q('bearing', 'degrees from north; also `heading`'),
            q('altitude', 'metres'),
            q('accuracy', 'metres'),
            q('batt', 'battery %'),
          ],
          responses: { 200: { description: 'stored (empty body)' }, 400: { description: 'malformed: {code: osmand.invalid, field}' }, 403: { description: 'unknown device (osmand.unknown_device)' }, 413: { description: 'body over 4 KB' }, 429: { description: 'rate limited' }, 503: { description: 'not stored in time; send again' } },
        },
        post: {
          summary: 'The same as GET with the parameters in the URL, in a form body, or as Traccar Client 9 JSON',
          security: [],
          requestBody: { content: { 'application/x-www-form-urlencoded': { schema: { type: 'object' } }, 'application/json': { schema: { type: 'object', description: '{device_id, location: {timestamp, coords: {latitude, longitude, speed (m/s), heading, accuracy, altitude}, battery: {level}}}' } } } },
          responses: { 200: { description: 'stored (empty body)' }, 400: { description: 'malformed' }, 403: { description: 'unknown device' }, 413: { description: 'body over 4 KB' }, 429: { description: 'rate limited' } },
        },
      },
    },
  };
}

export function openapiRoutes(): Router {
  const r = Router();
  const doc = openapiDoc();
  r.get('/api/openapi.json', (_req, res) => res.json(doc));
  return r;
}
