#!/usr/bin/env bash
# Prints the gateway's nginx.conf for the local stack: one route per line of services.tsv, JSON access logs,
# X-Request-Id accepted or generated and passed on, and RFC 9457 problem+json for errors the gateway answers itself.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../infra/local/lib.sh"
dir="$KYC_STACK_DIR/gateway"
# Services with a public API (prefix other than '-').
services() { grep -v '^#' "$(dirname "${BASH_SOURCE[0]}")/services.tsv" | grep -v '^[[:space:]]*$' | awk -F'\t' '$2 != "-"' || true; }
problem() { # status code title
  printf "default_type application/problem+json; return %s '{\"type\":\"https://docs.onboarding-kyc.dev/errors/%s\",\"title\":\"%s\",\"status\":%s,\"code\":\"%s\",\"trace_id\":\"\$kyc_request_id\"}';" "$1" "$2" "$3" "$1" "$2"
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
  map \$http_x_request_id \$kyc_request_id { default \$http_x_request_id; "" \$request_id; }
  log_format json escape=json '{"time":"\$time_iso8601","request_id":"\$kyc_request_id","method":"\$request_method",'
    '"path":"\$uri","status":\$status,"duration_s":\$request_time,"upstream":"\$upstream_addr","bytes":\$body_bytes_sent}';
  access_log $dir/logs/access.log json buffer=64k flush=1s;
  server_tokens off;
  client_max_body_size 25m;
  proxy_http_version 1.1;
  proxy_set_header Connection "";
  proxy_set_header Host \$host;
  proxy_set_header X-Request-Id \$kyc_request_id;
  proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
  proxy_set_header X-Forwarded-Proto \$scheme;
  proxy_intercept_errors off;
  proxy_hide_header X-Request-Id;
  add_header X-Request-Id \$kyc_request_id always;
$(services | while IFS=$'\t' read -r name _prefix offset _project; do
  echo "  upstream $name { server 127.0.0.1:$((KYC_PORT_BASE + offset)); keepalive 64; }"
done)
  server {
    listen 127.0.0.1:$KYC_GATEWAY_PORT;
    location = /health { default_type application/json; return 200 '{"status":"ok"}'; }
    location @upstream_down { $(problem 503 service_unavailable "Service unavailable") }
CONF
services | while IFS=$'\t' read -r name prefix _offset _project; do
  cat <<CONF
    location $prefix {
      proxy_pass http://$name;
      error_page 502 503 504 = @upstream_down;
    }
CONF
done
cat <<CONF
    location / { $(problem 404 route_not_found "No such route") }
  }
}
CONF
