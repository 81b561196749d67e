import type { ProxyProduct } from '../../evidence/topology/model.js';

/**
 * What well-known images do out of the box: the ports their process listens on (on all interfaces), the proxy
 * product they are, and a healthcheck test that works in them. Data, not code: add a row to teach updoc an image.
 */
export interface ImageDefaults {
  ports: readonly number[];
  proxy?: ProxyProduct;
  /** A `CMD-SHELL` healthcheck test that works inside the image (used in suggested fixes). */
  healthcheck?: string;
}

const BY_REPOSITORY: Record<string, ImageDefaults> = {
  nginx: { ports: [80], proxy: 'nginx', healthcheck: 'wget -qO- http://127.0.0.1/ >/dev/null || exit 1' },
  'nginxinc/nginx-unprivileged': { ports: [8080], proxy: 'nginx' },
  'bitnami/nginx': { ports: [8080], proxy: 'nginx' },
  openresty: { ports: [80], proxy: 'nginx' },
  'openresty/openresty': { ports: [80], proxy: 'nginx' },
  'jwilder/nginx-proxy': { ports: [80], proxy: 'nginx' },
  'nginxproxy/nginx-proxy': { ports: [80], proxy: 'nginx' },
  // linuxserver's nginx with certbot; its config lives in the /config volume (nginx/site-confs, nginx/proxy-confs).
  'linuxserver/swag': { ports: [80, 443], proxy: 'nginx' },
  'lscr.io/linuxserver/swag': { ports: [80, 443], proxy: 'nginx' },
  'ghcr.io/linuxserver/swag': { ports: [80, 443], proxy: 'nginx' },
  'linuxserver/letsencrypt': { ports: [80, 443], proxy: 'nginx' },
  haproxy: { ports: [], proxy: 'haproxy' },
  'haproxytech/haproxy-alpine': { ports: [], proxy: 'haproxy' },
  'haproxytech/haproxy-debian': { ports: [], proxy: 'haproxy' },
  'envoyproxy/envoy': { ports: [10000], proxy: 'envoy' },
  traefik: { ports: [80], proxy: 'traefik' },
  caddy: { ports: [80, 443], proxy: 'caddy' },
  httpd: { ports: [80] },
  postgres: { ports: [5432], healthcheck: 'pg_isready -U "$${POSTGRES_USER:-postgres}"' },
  'postgis/postgis': { ports: [5432], healthcheck: 'pg_isready -U "$${POSTGRES_USER:-postgres}"' },
  'bitnami/postgresql': { ports: [5432] },
  mysql: { ports: [3306], healthcheck: 'mysqladmin ping -h 127.0.0.1 --silent' },
  mariadb: { ports: [3306], healthcheck: 'healthcheck.sh --connect --innodb_initialized' },
  redis: { ports: [6379], healthcheck: 'redis-cli ping' },
  'bitnami/redis': { ports: [6379] },
  valkey: { ports: [6379] },
  'valkey/valkey': { ports: [6379], healthcheck: 'valkey-cli ping' },
  mongo: { ports: [27017], healthcheck: 'mongosh --quiet --eval "db.adminCommand(\'ping\')"' },
  memcached: { ports: [11211] },
  rabbitmq: { ports: [5672], healthcheck: 'rabbitmq-diagnostics -q ping' },
  elasticsearch: { ports: [9200, 9300] },
  'opensearchproject/opensearch': { ports: [9200] },
  kibana: { ports: [5601] },
  'grafana/grafana': { ports: [3000] },
  grafana: { ports: [3000] },
  'prom/prometheus': { ports: [9090] },
  'minio/minio': { ports: [9000] },
  adminer: { ports: [8080] },
  'phpmyadmin/phpmyadmin': { ports: [80] },
  phpmyadmin: { ports: [80] },
  'dpage/pgadmin4': { ports: [80] },
  'quay.io/keycloak/keycloak': { ports: [8080] },
  'jboss/keycloak': { ports: [8080] },
  'jenkins/jenkins': { ports: [8080, 50000] },
  sonarqube: { ports: [9000] },
  wordpress: { ports: [80] },
  ghost: { ports: [2368] },
  nextcloud: { ports: [80] },
  'gitea/gitea': { ports: [3000, 22] },
  'mailhog/mailhog': { ports: [1025, 8025] },
  'axllent/mailpit': { ports: [1025, 8025] },
  zookeeper: { ports: [2181] },
  consul: { ports: [8500] },
  'hashicorp/consul': { ports: [8500] },
  vault: { ports: [8200] },
  'hashicorp/vault': { ports: [8200] },
  'hashicorp/http-echo': { ports: [5678] },
  nats: { ports: [4222] },
  influxdb: { ports: [8086] },
  'clickhouse/clickhouse-server': { ports: [8123, 9000] },
  cassandra: { ports: [9042] },
  couchdb: { ports: [5984] },
  neo4j: { ports: [7474, 7687] },
  tomcat: { ports: [8080] },
  'jaegertracing/all-in-one': { ports: [16686] },
  'otel/opentelemetry-collector': { ports: [4317, 4318] },
  'otel/opentelemetry-collector-contrib': { ports: [4317, 4318] },
  'portainer/portainer-ce': { ports: [9000, 9443] },
  'kennethreitz/httpbin': { ports: [80] },
  'mccutchen/go-httpbin': { ports: [8080] },
  'traefik/whoami': { ports: [80] },
  'containous/whoami': { ports: [80] },
  'nginxdemos/hello': { ports: [80] },
  'ealen/echo-server': { ports: [80] },
  // Self-hosted apps that homelab proxies front most often.
  'jellyfin/jellyfin': { ports: [8096] },
  'plexinc/pms-docker': { ports: [32400] },
  'vaultwarden/server': { ports: [80] },
  'louislam/uptime-kuma': { ports: [3001] },
  'pihole/pihole': { ports: [80, 53] },
  'adguard/adguardhome': { ports: [3000, 80, 53] },
  'homeassistant/home-assistant': { ports: [8123] },
  'ghcr.io/home-assistant/home-assistant': { ports: [8123] },
  'nodered/node-red': { ports: [1880] },
  'n8nio/n8n': { ports: [5678] },
  'ghcr.io/paperless-ngx/paperless-ngx': { ports: [8000] },
  'syncthing/syncthing': { ports: [8384, 22000] },
  'photoprism/photoprism': { ports: [2342] },
  'deluan/navidrome': { ports: [4533] },
  'ghcr.io/advplyr/audiobookshelf': { ports: [80] },
  'sctx/overseerr': { ports: [5055] },
  'fallenbagel/jellyseerr': { ports: [5055] },
  'ghcr.io/gethomepage/homepage': { ports: [3000] },
  'eclipse-mosquitto': { ports: [1883] },
};

/** linuxserver.io images (`lscr.io/linuxserver/x`, `linuxserver/x`, `ghcr.io/linuxserver/x`): their web UI ports. */
const LINUXSERVER: Record<string, ImageDefaults> = {
  qbittorrent: { ports: [8080] },
  sonarr: { ports: [8989] },
  radarr: { ports: [7878] },
  lidarr: { ports: [8686] },
  readarr: { ports: [8787] },
  prowlarr: { ports: [9696] },
  bazarr: { ports: [6767] },
  jackett: { ports: [9117] },
  overseerr: { ports: [5055] },
  tautulli: { ports: [8181] },
  transmission: { ports: [9091] },
  deluge: { ports: [8112] },
  sabnzbd: { ports: [8080] },
  nzbget: { ports: [6789] },
  jellyfin: { ports: [8096] },
  plex: { ports: [32400] },
  emby: { ports: [8096] },
  heimdall: { ports: [80, 443] },
  'code-server': { ports: [8443] },
  'calibre-web': { ports: [8083] },
  duplicati: { ports: [8200] },
  nextcloud: { ports: [443] },
  freshrss: { ports: [80] },
  syncthing: { ports: [8384] },
  homeassistant: { ports: [8123] },
};

const PHP_APPS = new Set(['wordpress', 'nextcloud', 'drupal', 'joomla', 'matomo', 'mediawiki', 'friendica', 'yourls']);

export interface ImageRef {
  /** Repository without registry host, tag or digest; Docker Hub `library/` dropped (`nginx`, `bitnami/redis`). */
  repository: string;
  tag?: string;
  /** Docker Hub official image (`nginx`, `docker.io/library/nginx`). */
  official: boolean;
}

export function parseImageRef(image: string): ImageRef {
  let rest = image.trim().toLowerCase();
  const at = rest.indexOf('@');
  if (at !== -1) rest = rest.slice(0, at);
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const parts = rest.split('/');
  let registry: string | undefined;
  if (parts.length > 1 && (parts[0]!.includes('.') || parts[0]!.includes(':') || parts[0] === 'localhost')) registry = parts.shift();
  const dockerHub = registry === undefined || registry === 'docker.io' || registry === 'index.docker.io' || registry === 'registry-1.docker.io';
  if (dockerHub && parts[0] === 'library' && parts.length === 2) parts.shift();
  const repository = registry && !dockerHub ? `${registry}/${parts.join('/')}` : parts.join('/');
  const ref: ImageRef = { repository, official: dockerHub && parts.length === 1 };
  if (tag) ref.tag = tag;
  return ref;
}

/** Defaults of a known image; the repository's last path segment is tried too (`myregistry/mirror/postgres`). */
export function imageDefaults(image: string): ImageDefaults | undefined {
  const ref = parseImageRef(image);
  if (ref.repository === 'php' || ref.repository.endsWith('/php')) {
    if (ref.tag?.includes('fpm')) return { ports: [9000] };
    if (ref.tag?.includes('apache')) return { ports: [80] };
    return undefined;
  }
  // PHP applications built on the php image: `-fpm` tags run PHP-FPM on 9000 instead of Apache on 80.
  if (PHP_APPS.has(ref.repository) && ref.tag?.includes('fpm')) return { ports: [9000] };
  if (ref.repository === 'bitnami/php-fpm') return { ports: [9000] };
  const known = BY_REPOSITORY[ref.repository];
  if (known) return known;
  const linuxserver = /^(?:(?:lscr\.io|ghcr\.io)\/)?linuxserver\/([a-z0-9-]+)$/.exec(ref.repository);
  if (linuxserver) return LINUXSERVER[linuxserver[1]!];
  const last = ref.repository.slice(ref.repository.lastIndexOf('/') + 1);
  const byLast = BY_REPOSITORY[last];
  // A mirror of an official image behaves like it; `myorg/nginx` is a custom build that may listen elsewhere.
  return byLast && ref.repository.split('/').length > 2 ? byLast : undefined;
}

/** Which proxy an image runs (custom builds named after the product count: `myorg/nginx-proxy`, `acme/traefik`). */
export function proxyProductOfImage(image: string): ProxyProduct | undefined {
  const known = imageDefaults(image)?.proxy;
  if (known) return known;
  const ref = parseImageRef(image);
  const last = ref.repository.slice(ref.repository.lastIndexOf('/') + 1);
  for (const product of ['nginx', 'haproxy', 'envoy', 'traefik', 'caddy'] as const) if (last.includes(product)) return product;
  return undefined;
}
