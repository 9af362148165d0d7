import http from 'k6/http';
import { check } from 'k6';
export const options = { iterations: 1, batch: 3, batchPerHost: 2 };
export default function () {
  const a = __ENV.BASE_URL;
  const b = __ENV.OTHER_URL;
  const responses = http.batch([`${a}/slow`, `${b}/slow`, `${a}/slow`, `${b}/slow`, `${a}/slow`, `${b}/slow`, `${a}/slow`, `${b}/slow`]);
  check(responses, { 'all 8 answered': (rs) => rs.length === 8 && rs.every((r) => r.status === 200) });
}
