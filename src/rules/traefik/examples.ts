/** Shared pieces of the Traefik rules' example projects: Traefik v3 in Compose reading labels (and a dynamic file). */

export const traefikService = (flags: readonly string[] = []) => `services:
  traefik:
    image: traefik:v3.1
    command:
      - --providers.docker=true
${flags.map((f) => `      - ${f}\n`).join('')}      - --providers.file.directory=/etc/traefik/dynamic
      - --entrypoints.web.address=:80
    ports:
      - "80:80"
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock:ro
      - ./traefik/dynamic:/etc/traefik/dynamic:ro
`;

/** A file-provider configuration routing `/` to one service with one server URL. */
export const dynamicYaml = (url: string, service = 'app', router = 'app') => `http:
  routers:
    ${router}:
      rule: "Host(\`shop.example.com\`)"
      entryPoints: [web]
      service: ${service}
  services:
    app:
      loadBalancer:
        servers:
          - url: "${url}"
`;
