import http from 'k6/http';
import { check } from 'k6';
export const options = { iterations: 1 };
export default function () {
  const urls = Array.from({ length: 10 }, () => `${__ENV.BASE_URL}/slow`);
  check(http.batch(urls), { 'all 10 answered': (rs) => rs.every((r) => r.status === 200) });
}
