/** The public API of the package: start a Gatehouse in process (tests, tools). */
export { startGatehouse, type Gatehouse } from './server/gatehouse.js';
export type { GatehouseOptions } from './server/options.js';
