/** The shared vocabulary of the library (ground floor: imports nothing). */
export { Tracer, TRACERS, isTracer, parseTracer } from './tracer.js';
export { RegionGroup } from './region-groups.js';
