// k6 load test rendered by terraform-provider-parity (parity_load_profile).
// Change the Terraform configuration, not this file. Every scenario uses an
// arrival-rate or constant-VU executor; k6's --rps flag is a global cap, not
// an arrival rate, so do not pass it.
import http from "k6/http";
import { check, sleep } from "k6";

export const options = {
  "scenarios": {
    "get_health": {
      "executor": "constant-arrival-rate",
      "exec": "get_health",
      "gracefulStop": "30s",
      "rate": 60,
      "timeUnit": "1m",
      "duration": "5m",
      "preAllocatedVUs": 1,
      "maxVUs": 2
    }
  },
  "thresholds": {
    "http_req_duration{scenario:get_health}": [
      "p(95)\u003c30"
    ],
    "http_req_failed": [
      "rate\u003c0.01"
    ]
  }
};

const endpoints = [
  {
    "name": "GET /health",
    "method": "GET",
    "url": "http://127.0.0.1:8080/health",
    "body": null,
    "headers": {}
  }
];

const thinkTime = {
  "max": 0,
  "min": 0
};

function send(endpoint) {
  const res = http.request(endpoint.method, endpoint.url, endpoint.body, {
    headers: endpoint.headers,
    tags: { name: endpoint.name },
  });
  check(res, { "status is 2xx or 3xx": (r) => r.status >= 200 && r.status < 400 });
}

function think() {
  sleep(thinkTime.min + Math.random() * (thinkTime.max - thinkTime.min));
}

export function get_health() {
  send(endpoints[0]);
  think();
}
