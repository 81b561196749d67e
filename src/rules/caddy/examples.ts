/** Shared pieces of the Caddy rules' example projects: Caddy in Compose with its Caddyfile mounted. */

export const caddyCompose = (backends: string) => `services:
  caddy:
    image: caddy:2.8-alpine
    ports:
      - "80:80"
      - "443:443"
    volumes:
      - ./caddy/Caddyfile:/etc/caddy/Caddyfile:ro
      - caddy_data:/data
${backends}
volumes:
  caddy_data:
`;

export const caddySite = (body: string) => `shop.example.com {
	encode zstd gzip
${body}}
`;
