// Roles and what each may do. A user is also scoped to territories (null = the whole city) and organisations.

export const roles = [
  'operator',
  'dispatcher',
  'crew',
  'executor',
  'department_head',
  'deputy_akim',
  'akim',
  'centre_head',
  'analyst',
  'wall_screen',
  'admin',
] as const;
export type Role = (typeof roles)[number];

export const permissions = [
  'live:read', // live map, snapshot, socket subscriptions
  'stats:read', // counts and charts
  'personal:read', // citizens' contact data (every view is audited)
  'deadletters:read', // rejected MQTT payloads, raw (they may carry contact data from any district): admin only
  'appeals:read',
  'appeals:write',
  'appeals:triage', // set the district of an appeal registered without one (the triage queue), within one's territory
  'users:manage',
  'tokens:manage', // wall-screen tokens
  'audit:read',
  'metrics:read',
  'outbox:read', // messages to citizens (confirmation links, contact data): admin only, audited
  'crews:read', // the crews registry with live state and last positions
  'crews:write', // register, change, remove crews (a district-scoped user: its districts' crews only)
  'incidents:read', // camera incident cases and the camera registry
  'incidents:write', // move an incident case through its lifecycle (a district-scoped user: its districts' cases only)
  'alarms:read', // stored alarms and their history (a district-scoped user: its districts' and the citywide ones)
  'alarms:write', // acknowledge and clear alarms (a district-scoped user: its districts' only), import CAP alerts
] as const;
export type Permission = (typeof permissions)[number];

const all = [...permissions];
export const grants: Record<Role, readonly Permission[]> = {
  admin: all,
  centre_head: ['live:read', 'stats:read', 'personal:read', 'appeals:read', 'appeals:write', 'appeals:triage', 'metrics:read', 'crews:read', 'incidents:read', 'incidents:write', 'alarms:read', 'alarms:write'],
  operator: ['live:read', 'stats:read', 'personal:read', 'appeals:read', 'appeals:write', 'appeals:triage', 'crews:read', 'incidents:read', 'alarms:read'],
  dispatcher: ['live:read', 'stats:read', 'appeals:read', 'crews:read', 'crews:write', 'incidents:read', 'incidents:write', 'alarms:read', 'alarms:write'],
  crew: ['live:read', 'appeals:read'],
  executor: ['stats:read', 'personal:read', 'appeals:read', 'appeals:write'],
  department_head: ['live:read', 'stats:read', 'appeals:read', 'alarms:read'],
  deputy_akim: ['live:read', 'stats:read', 'appeals:read'],
  akim: ['live:read', 'stats:read', 'appeals:read'],
  analyst: ['stats:read', 'appeals:read'],
  wall_screen: ['live:read', 'stats:read'],
};

export function can(role: Role, p: Permission): boolean {
  return grants[role]?.includes(p) ?? false;
}
