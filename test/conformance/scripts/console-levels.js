// about: console.log/info/warn/error/debug and objects: which lines a user sees, at which level
// conformance: {}
export const options = { iterations: 1 };
export default function () {
  console.log('log line', 1, { a: [1, 2] });
  console.info('info line');
  console.warn('warn line');
  console.error('error line');
  console.debug('debug line');
  console.log(new Error('as value'));
  console.log(null, undefined, true, [1, 'two']);
}
