// k6 load test rendered by terraform-provider-parity (parity_load_profile).
// Change the Terraform configuration, not this file. Every scenario uses an
// arrival-rate or constant-VU executor; k6's --rps flag is a global cap, not
// an arrival rate, so do not pass it.
import http from "k6/http";
import { check, sleep } from "k6";

export const options = {
  "scenarios": {
    "post_x_globalthis_pwned_1_script_script_alert_1_scrip": {
      "executor": "constant-arrival-rate",
      "exec": "post_x_globalthis_pwned_1_script_script_alert_1_scrip",
      "gracefulStop": "30s",
      "rate": 60,
      "timeUnit": "1m",
      "duration": "1m",
      "preAllocatedVUs": 1,
      "maxVUs": 2
    }
  },
  "thresholds": {
    "http_req_duration{scenario:post_x_globalthis_pwned_1_script_script_alert_1_scrip}": [
      "p(95)\u003c150"
    ],
    "http_req_failed": [
      "rate\u003c0.01"
    ]
  }
};

const endpoints = [
  {
    "name": "POST /x\"'`${globalThis.pwned=1}\n\u003c/script\u003e\u003cscript\u003ealert(1)\u003c/script\u003e",
    "method": "POST",
    "url": "http://127.0.0.1:8080/x%22'%60$%7BglobalThis.pwned=1%7D%0A%3C/script%3E%3Cscript%3Ealert(1)%3C/script%3E",
    "body": "\"); throw 1; //\u2028\u2029`${exec.test.abort()}`",
    "headers": {
      "X-Evil": "\"'`${1}\u003c/script\u003e"
    }
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

export function post_x_globalthis_pwned_1_script_script_alert_1_scrip() {
  send(endpoints[0]);
  think();
}
