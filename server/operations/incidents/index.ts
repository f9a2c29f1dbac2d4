// Camera incidents as cases (issue 13, item 5) inside the operations module: the camera registry, cases merged from
// stored detections, their lifecycle, `/api/incidents` (with the CAP 1.2 export) and `/api/cameras`.
export { Incidents, toView as incidentView } from './service';
export { IncidentsRepository } from './repository';
export { incidentRoutes } from './routes';
