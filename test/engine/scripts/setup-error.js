export function setup() { throw new Error('database not seeded'); }
export default function () {}
export function teardown() { console.log('teardown must not run'); }
