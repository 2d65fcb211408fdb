/**
 * The business objects as the REST API, the events and the window see them:
 * camelCase, ids with their type, ISO times, money in minor units. Create and
 * update inputs are strict: an unknown field is named and refused.
 *
 * Each object's schemas live in its entry of the resource table
 * (`resources/<object>.ts`); this module is where the rest of the code finds them.
 */
export * from './resources.js';
