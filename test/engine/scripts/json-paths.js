// res.json(path) over each path of the file PATHS names: one console line, [[path, typeof, value]] (value null when undefined).
import http from 'k6/http';
export const options = { iterations: 1 };
const paths = JSON.parse(open(__ENV.PATHS));
export default function () {
  const res = http.get(__ENV.BASE_URL);
  const rows = paths.map((p) => {
    const v = res.json(p);
    return [p, typeof v, v === undefined ? null : v];
  });
  for (const arg of [undefined, null]) rows.push([String(arg), typeof res.json(arg), null]);
  console.log(JSON.stringify(rows));
}
