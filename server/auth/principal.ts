// Moved to server/access/principal.ts (shared by every feature); kept for the imports that still name this file.
export * from '../access/principal';
