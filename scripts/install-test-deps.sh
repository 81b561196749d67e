#!/usr/bin/env bash
# Installs the Debian packages updoc's tests run against (real nginx, HAProxy, dnsmasq, nftables,
# iproute2, ripgrep/mawk for benchmarks). Idempotent. Packaged services must not start or listen:
# the tests start their own instances with their own configs and pid files.
set -euo pipefail

packages=(nginx-light haproxy dnsmasq-base nftables iproute2 ripgrep mawk curl ca-certificates openssl prometheus-blackbox-exporter chromium)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "test dependencies: all present"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "test dependencies: missing ${missing[*]} and not root; tests that need them will be skipped with a reason" >&2
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "test dependencies: missing ${missing[*]} and no apt-get here; tests that need them will be skipped" >&2
  exit 0
fi
# policy-rc.d 101 stops Debian's maintainer scripts from starting nginx/haproxy on install.
created_policy=0
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
  chmod +x /usr/sbin/policy-rc.d
  created_policy=1
fi
trap '[ "$created_policy" = 1 ] && rm -f /usr/sbin/policy-rc.d' EXIT
echo "test dependencies: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# If a packaged service was started anyway (a policy-rc.d of the machine's own allowed it), stop that service — only
# it, through its init system: nginx would hold port 80, and bench:probe starts its own blackbox_exporter.
for svc in nginx haproxy prometheus-blackbox-exporter; do
  if command -v systemctl >/dev/null && systemctl is-active --quiet "$svc" 2>/dev/null; then systemctl stop "$svc" || true; fi
  if [ -x "/etc/init.d/$svc" ]; then "/etc/init.d/$svc" stop >/dev/null 2>&1 || true; fi
done
echo "test dependencies: installed"
