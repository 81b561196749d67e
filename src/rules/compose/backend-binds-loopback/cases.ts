import { nginxSite, type RuleCase } from '../rule-case.js';

const proxy = `services:
  proxy:
    image: nginx:1.27
    volumes:
      - ./site.conf:/etc/nginx/conf.d/default.conf:ro
`;

export default [
  {
    name: 'HOST=127.0.0.1 in environment (map form)',
    files: {
      'docker-compose.yml': `${proxy}  api:
    image: example/api:1
    environment:
      HOST: 127.0.0.1
      PORT: "3000"
`,
      'site.conf': nginxSite('api:3000'),
    },
    expect: ['docker-compose.yml:9:13'],
    fixes: ['0.0.0.0'],
  },
  {
    name: 'gunicorn -b 127.0.0.1 in a list command',
    files: {
      'docker-compose.yml': `${proxy}  app:
    build: ./app
    command: ["gunicorn", "-b", "127.0.0.1:8000", "app:app"]
`,
      'site.conf': nginxSite('app:8000'),
    },
    expect: ['docker-compose.yml:8:14'],
    fixes: ['0.0.0.0'],
  },
  {
    name: 'uvicorn inside sh -c, default host',
    files: {
      'docker-compose.yml': `${proxy}  app:
    build: ./app
    command: sh -c "alembic upgrade head && uvicorn main:app --port 8000"
`,
      'site.conf': nginxSite('app:8000'),
    },
    expect: ['docker-compose.yml:8:14'],
    fixes: [' --host 0.0.0.0'],
  },
  {
    name: 'ASP.NET URLs on localhost from an env_file',
    files: {
      'docker-compose.yml': `${proxy}  api:
    image: example/dotnet-api:8
    env_file: api.env
`,
      'api.env': 'ASPNETCORE_ENVIRONMENT=Production\nASPNETCORE_URLS=http://localhost:5000\n',
      'site.conf': nginxSite('api:5000'),
    },
    expect: ['api.env:2:17'],
    fixes: ['0.0.0.0'],
  },
  {
    name: 'Django runserver published on the host, no proxy',
    files: {
      'docker-compose.yml': `services:
  web:
    build: .
    command: python manage.py runserver
    ports:
      - "8000:8000"
`,
    },
    expect: ['docker-compose.yml:4:14'],
    fixes: [' 0.0.0.0:8000'],
  },
  {
    name: 'near miss: bound to every interface',
    files: {
      'docker-compose.yml': `${proxy}  app:
    build: ./app
    command: gunicorn --bind 0.0.0.0:8000 app:app
  worker:
    build: ./app
    command: celery -A app worker
    environment:
      HOST: 127.0.0.1
`,
      'site.conf': nginxSite('app:8000'),
    },
    expect: [],
  },
  {
    name: 'near miss: postgres ignores HOST; HOST=db names a server to connect to, not a bind address',
    files: {
      'docker-compose.yml': `services:
  db:
    image: postgres:16
    environment:
      HOST: 127.0.0.1
    ports:
      - "127.0.0.1:5432:5432"
  tool:
    image: example/tool:1
    environment:
      HOST: db
    ports:
      - "9000:9000"
`,
    },
    expect: [],
  },
] satisfies RuleCase[];
