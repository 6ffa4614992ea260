// k6 load test rendered by terraform-provider-parity (parity_load_profile).
// Change the Terraform configuration, not this file. Every scenario uses an
// arrival-rate or constant-VU executor; k6's --rps flag is a global cap, not
// an arrival rate, so do not pass it.
import http from "k6/http";
import { check, sleep } from "k6";

export const options = {
  "scenarios": {
    "get_api_products": {
      "executor": "ramping-arrival-rate",
      "exec": "get_api_products",
      "gracefulStop": "30s",
      "startRate": 2400,
      "timeUnit": "1m",
      "stages": [
        {
          "target": 2400,
          "duration": "2m"
        },
        {
          "target": 9600,
          "duration": "30s"
        },
        {
          "target": 9600,
          "duration": "1m"
        },
        {
          "target": 2400,
          "duration": "30s"
        },
        {
          "target": 2400,
          "duration": "2m"
        },
        {
          "target": 14400,
          "duration": "30s"
        },
        {
          "target": 14400,
          "duration": "1m"
        },
        {
          "target": 3600,
          "duration": "30s"
        },
        {
          "target": 3600,
          "duration": "2m"
        }
      ],
      "preAllocatedVUs": 825,
      "maxVUs": 2040
    },
    "incident_1_connection_pool_exhaustion": {
      "executor": "constant-vus",
      "exec": "incident_1_connection_pool_exhaustion",
      "startTime": "10m",
      "gracefulStop": "30s",
      "duration": "2m",
      "vus": 75
    },
    "incident_2_endurance_get_api_products": {
      "executor": "constant-arrival-rate",
      "exec": "get_api_products",
      "startTime": "12m",
      "gracefulStop": "30s",
      "rate": 2400,
      "timeUnit": "1m",
      "duration": "1h",
      "preAllocatedVUs": 138,
      "maxVUs": 340
    },
    "incident_2_endurance_post_api_checkout": {
      "executor": "constant-arrival-rate",
      "exec": "post_api_checkout",
      "startTime": "12m",
      "gracefulStop": "30s",
      "rate": 600,
      "timeUnit": "1m",
      "duration": "1h",
      "preAllocatedVUs": 39,
      "maxVUs": 92
    },
    "post_api_checkout": {
      "executor": "ramping-arrival-rate",
      "exec": "post_api_checkout",
      "gracefulStop": "30s",
      "startRate": 600,
      "timeUnit": "1m",
      "stages": [
        {
          "target": 600,
          "duration": "2m"
        },
        {
          "target": 2400,
          "duration": "30s"
        },
        {
          "target": 2400,
          "duration": "1m"
        },
        {
          "target": 600,
          "duration": "30s"
        },
        {
          "target": 600,
          "duration": "2m"
        },
        {
          "target": 3600,
          "duration": "30s"
        },
        {
          "target": 3600,
          "duration": "1m"
        },
        {
          "target": 900,
          "duration": "30s"
        },
        {
          "target": 900,
          "duration": "2m"
        }
      ],
      "preAllocatedVUs": 233,
      "maxVUs": 552
    },
    "sustained_connections": {
      "executor": "constant-vus",
      "exec": "sustained_connections",
      "gracefulStop": "30s",
      "duration": "10m",
      "vus": 20
    }
  },
  "thresholds": {
    "http_req_duration{scenario:get_api_products}": [
      {
        "threshold": "p(95)\u003c300",
        "abortOnFail": true
      }
    ],
    "http_req_duration{scenario:post_api_checkout}": [
      {
        "threshold": "p(95)\u003c720",
        "abortOnFail": true
      }
    ],
    "http_req_failed": [
      {
        "threshold": "rate\u003c0.01",
        "abortOnFail": true
      }
    ]
  }
};

const endpoints = [
  {
    "name": "GET /api/products",
    "method": "GET",
    "url": "https://staging.example.com/api/products",
    "body": null,
    "headers": {
      "Accept": "application/json"
    }
  },
  {
    "name": "POST /api/checkout",
    "method": "POST",
    "url": "https://staging.example.com/api/checkout",
    "body": "{\"cart\":\"c-1\"}",
    "headers": {}
  }
];

const thinkTime = {
  "max": 4,
  "min": 1
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

export function get_api_products() {
  send(endpoints[0]);
  think();
}

export function post_api_checkout() {
  send(endpoints[1]);
  think();
}

export function sustained_connections() {
  send(endpoints[0]);
  sleep(60); // hold the kept-alive connection
}

export function incident_1_connection_pool_exhaustion() {
  send(endpoints[1]);
}
