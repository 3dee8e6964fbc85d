#!/usr/bin/env bash
# Prints the gateway's nginx.conf for the local stack: one route per line of services.tsv, each with the body limit of
# its service; JSON access logs; X-Request-Id accepted when it is [A-Za-z0-9._-]{1,128}, else generated, and passed on;
# and RFC 9457 problem+json (codes from docs/api/error-catalog.md) for every error the gateway answers itself.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../infra/local/lib.sh"
dir="$KYC_STACK_DIR/gateway"
# Services with a public API (prefix other than '-').
services() { grep -v '^#' "$(dirname "${BASH_SOURCE[0]}")/services.tsv" | grep -v '^[[:space:]]*$' | awk -F'\t' '$2 != "-"' || true; }
# A named location answering one problem. $kyc_request_id is safe inside JSON: the map below admits only [A-Za-z0-9._-].
# add_header here replaces the http block's, so the request id header is repeated.
problem() { # name status code title detail [extra directives]
  printf '    location @%s {\n      default_type application/problem+json;\n      add_header X-Request-Id $kyc_request_id always;%s\n' "$1" "${6:+ $6}"
  printf "      return %s '{\"type\":\"https://docs.onboarding-kyc.dev/errors/%s\",\"title\":\"%s\",\"status\":%s,\"detail\":\"%s\",\"code\":\"%s\",\"trace_id\":\"\$kyc_request_id\"}';\n    }\n" \
    "$2" "$3" "$4" "$2" "$5" "$3"
}
cat <<CONF
worker_processes 2;
$([[ $EUID -eq 0 ]] && echo "user root;")
pid $dir/nginx.pid;
events { worker_connections 4096; }
http {
  client_body_temp_path $dir/temp/body;
  proxy_temp_path $dir/temp/proxy;
  fastcgi_temp_path $dir/temp/fastcgi;
  uwsgi_temp_path $dir/temp/uwsgi;
  scgi_temp_path $dir/temp/scgi;
  map \$http_x_request_id \$kyc_request_id { "~^[A-Za-z0-9._-]{1,128}\$" \$http_x_request_id; default \$request_id; }
  log_format json escape=json '{"time":"\$time_iso8601","request_id":"\$kyc_request_id","method":"\$request_method",'
    '"path":"\$uri","status":\$status,"duration_s":\$request_time,"upstream":"\$upstream_addr","bytes":\$body_bytes_sent}';
  access_log $dir/logs/access.log json buffer=64k flush=1s;
  server_tokens off;
  # Routes without a service of their own take no body; each service's route sets its own limit below.
  client_max_body_size 1m;
  proxy_http_version 1.1;
  proxy_set_header Connection "";
  proxy_set_header Host \$host;
  proxy_set_header X-Request-Id \$kyc_request_id;
  proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
  proxy_set_header X-Forwarded-Proto \$scheme;
  proxy_intercept_errors off;
  proxy_hide_header X-Request-Id;
  add_header X-Request-Id \$kyc_request_id always;
$(services | while IFS=$'\t' read -r name _prefix offset _project _max_body; do
  echo "  upstream $name { server 127.0.0.1:$((KYC_PORT_BASE + offset)); keepalive 64; }"
done)
  server {
    listen 127.0.0.1:$KYC_GATEWAY_PORT;
    # The gateway's own errors (a service's errors pass through as the service wrote them). A service that cannot be
    # reached (502) or is not there (503) is 503 service_unavailable with Retry-After, as the services answer when a
    # dependency is down; 504: the service took longer than the gateway waits, and may still finish the request.
    error_page 400 = @malformed_request;
    error_page 413 = @payload_too_large;
    error_page 502 503 = @service_unavailable;
    error_page 504 = @gateway_timeout;
$(problem malformed_request 400 malformed_request "Malformed request" "The gateway could not read the request.")
$(problem payload_too_large 413 payload_too_large "Payload too large" "The request body is larger than this service accepts.")
$(problem service_unavailable 503 service_unavailable "Service unavailable" "The service cannot be reached. Retry after the number of seconds in Retry-After." "add_header Retry-After 5 always;")
$(problem gateway_timeout 504 gateway_timeout "Gateway timeout" "The service did not answer in time; it may still complete the request. Retry with the same Idempotency-Key.")
    location = /health { default_type application/json; return 200 '{"status":"ok"}'; }
CONF
services | while IFS=$'\t' read -r name prefix _offset _project max_body; do
  [[ "$max_body" =~ ^[0-9]+[km]?$ ]] || die "services.tsv: $name has no body limit (last column, e.g. 1m)"
  cat <<CONF
    location $prefix {
      client_max_body_size $max_body;
      proxy_pass http://$name;
    }
CONF
done
cat <<CONF
    location / {
      default_type application/problem+json;
      return 404 '{"type":"https://docs.onboarding-kyc.dev/errors/route_not_found","title":"No such route","status":404,"code":"route_not_found","trace_id":"\$kyc_request_id"}';
    }
  }
}
CONF
