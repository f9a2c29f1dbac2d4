// Colours of the map's points.
export const vehicleColour: Record<string, string> = {
  snowplow: '#7fd1ff',
  sanitation: '#8be37a',
  road: '#f2c94c',
  heat: '#ff8a65',
  power: '#ffd54f',
  water: '#4fc3f7',
  gas: '#ce93d8',
  emergency: '#ff5252',
};
export const slaColour: Record<string, string> = { on_time: '#e0e6ed', at_risk: '#ffb74d', overdue: '#ff5252', met: '#81c784', missed: '#e57373' };
export const incidentColour = '#ff9800';
export const appealColour = (sla?: string) => slaColour[sla ?? 'on_time'] ?? '#e0e6ed';
