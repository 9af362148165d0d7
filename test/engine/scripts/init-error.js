import http from 'k6/http';
const config = JSON.parse(open('./missing-config.json'));
export default function () { http.get(config.url); }
