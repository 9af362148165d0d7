/**
 * The function `throw` statements call (a parameter of the compiled script, see vu/vu.ts).
 * A module of its own so the VU worker bundle does not pull in the parser of error-sites.ts.
 */
export const THROWN_HELPER = '__loadgateThrown';
