import type ru from './ru';
const en: typeof ru = {
  app: { title: 'Situation centre', city: 'Astana' },
  nav: { wall: 'Wall', appeals: 'Appeals', problems: 'Systemic problems', logout: 'Sign out' },
  conn: { live: 'Live', connecting: 'Connecting…', reconnecting: 'Reconnecting…', replaying: 'Catching up…', resyncing: 'Reloading snapshot…', offline: 'Offline' },
  counters: { appeals: 'Appeals, last hour', incidents: 'Camera incidents', vehicles: 'Vehicles on duty', outages: 'Outages', overdue: 'Overdue', atRisk: 'At risk', onTime: 'On time' },
  panels: { rates: 'Throughput, msg/s', categories: 'Appeals by category, hour', services: 'City services', alarms: 'Alarms', sla: 'Deadlines by district', map: 'Map' },
  streams: { appeals: 'Appeals', incidents: 'Cameras', gps: 'GPS', status: 'Services', alarms: 'Alarms' },
  services: { heat: 'Heat', power: 'Power', water: 'Water', gas: 'Gas' },
  states: { ok: 'ok', degraded: 'degraded', outage: 'outage' },
  empty: { waiting: 'Waiting for data…', noAlarms: 'No alarms', noAppeals: 'No appeals match', noProblems: 'No systemic problems found' },
  legend: { appeals: 'Appeals, last hour' },
  layers: { vehicles: 'Vehicles', appeals: 'Appeals', incidents: 'Incidents', choropleth: 'Districts' },
  help: { title: 'Keys', fullscreen: 'full screen', language: 'language', layers: 'map layers', help: 'this help', next: 'next', prev: 'previous', open: 'open', search: 'search', close: 'close' },
  login: { title: 'Sign in', username: 'Username', password: 'Password', submit: 'Sign in', failed: 'Wrong username or password', tooMany: 'Too many attempts, wait a little' },
  appeals: {
    new: 'New appeal', channel: 'Channel', address: 'Address', register: 'Register', possibleRepeats: 'Possible repeats (50 m, 30 days)', noneNearby: 'No appeals nearby',
    title: 'Appeals queue', number: 'Number', registered: 'Received', category: 'Category', district: 'District', executor: 'Executor', status: 'Status', due: 'Due', sla: 'SLA', flags: 'Flags', text: 'Text',
    all: 'All', search: 'Number or text…', more: 'More', timeline: 'History', repeats: 'Repeats', findings: 'Detector findings', citizen: 'Citizen', answer: 'Answer', actions: 'Actions', reason: 'Reason', org: 'Organisation', until: 'Extend until', apply: 'Apply', formalScore: 'Formal-reply signs', back: 'Back to queue', photos: 'Photo report', upload: 'Upload photo', predicted: 'Predicted finish', about: 'Complaint about',
  },
  sla: { on_time: 'on time', at_risk: 'at risk', overdue: 'overdue', met: 'met', missed: 'missed' },
  status: { registered: 'registered', assigned: 'with executor', forwarded_competent_body: 'forwarded', in_progress: 'in progress', interim_reply: 'interim answer', extended: 'extended', answered: 'answered', citizen_confirmed: 'resolved (confirmed)', citizen_disputed: 'disputed', reopened: 'reopened', closed: 'closed, unconfirmed', rejected: 'rejected', resolved_first_contact: 'resolved at first contact', out_of_scope_court: 'court matter' },
  action: { assign: 'Assign', forward: 'Re-route', start: 'Start work', interim: 'Interim answer', extend: 'Extend', answer: 'Answer', confirm: 'Citizen satisfied', dispute: 'Citizen not satisfied', close_unconfirmed: 'Close unconfirmed', reject: 'Reject', resolve_first_contact: 'Resolved at first contact', out_of_scope_court: 'Court matter' },
  flag: { repeat: 'repeat', runaround: 'runaround', formal_reply: 'formal reply', escalated: 'escalated', routed_up: 'conflict of interest: up', reopened: 'reopened', disputed: 'disputed' },
  alarm: { usual: 'usually', perHour: 'this hour', spike: 'Spike', overdue: 'Overdue', at_risk: 'At risk', outage: 'Outage', systemic: 'Systemic problem', runaround: 'Runaround', formal_reply: 'Formal reply', escalated: 'Escalation' },
  problems: { title: 'Rating of systemic city problems', appeals: 'Appeals', open: 'Open', since: 'Since', last: 'Latest', monitored: 'monitored', solved: 'solved' },
};
export default en;
