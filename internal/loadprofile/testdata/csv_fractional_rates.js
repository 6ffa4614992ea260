// k6 load test rendered by terraform-provider-parity (parity_load_profile).
// Change the Terraform configuration, not this file. Every scenario uses an
// arrival-rate or constant-VU executor; k6's --rps flag is a global cap, not
// an arrival rate, so do not pass it.
import http from "k6/http";
import { check, sleep } from "k6";

export const options = {
  "scenarios": {
    "get_api_search": {
      "executor": "constant-arrival-rate",
      "exec": "get_api_search",
      "gracefulStop": "30s",
      "rate": 1350,
      "timeUnit": "1h",
      "duration": "1h",
      "preAllocatedVUs": 1,
      "maxVUs": 2
    },
    "post_api_orders": {
      "executor": "constant-arrival-rate",
      "exec": "post_api_orders",
      "gracefulStop": "30s",
      "rate": 450,
      "timeUnit": "1h",
      "duration": "1h",
      "preAllocatedVUs": 1,
      "maxVUs": 2
    }
  },
  "thresholds": {
    "http_req_duration{scenario:get_api_search}": [
      "p(95)\u003c315"
    ],
    "http_req_duration{scenario:post_api_orders}": [
      "p(95)\u003c600"
    ],
    "http_req_failed": [
      "rate\u003c0.01"
    ]
  }
};

const endpoints = [
  {
    "name": "GET /api/search",
    "method": "GET",
    "url": "https://staging.example.com/api/search",
    "body": null,
    "headers": {}
  },
  {
    "name": "POST /api/orders",
    "method": "POST",
    "url": "https://staging.example.com/api/orders",
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

export function get_api_search() {
  send(endpoints[0]);
  think();
}

export function post_api_orders() {
  send(endpoints[1]);
  think();
}
