import http from 'k6/http';
interface Item { id: number }
export const options = { iterations: 2 };
export default function (): void {
  const items: Item[] = [];
  const first = items[0] as Item;
  http.get(`${__ENV.BASE_URL}/health`);
  throw new Error(`no item ${first?.id}`);
}
