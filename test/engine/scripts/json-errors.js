// Logs, as one JSON line, what JSON.parse and res.json() say of every text in
// __ENV.CASES (a file of JSON strings), each body echoed back by __ENV.ECHO_URL.
import http from 'k6/http';

const cases = JSON.parse(open(__ENV.CASES));
export const options = { iterations: 1 };

export default function () {
  const out = [];
  for (const text of cases) {
    let parse = 'OK';
    let json = 'OK';
    try {
      JSON.parse(text);
    } catch (e) {
      parse = String(e);
    }
    const res = http.post(__ENV.ECHO_URL, text);
    try {
      res.json();
    } catch (e) {
      json = String(e);
    }
    out.push([text, parse, json]);
  }
  console.log(JSON.stringify(out));
}
