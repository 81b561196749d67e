import { describe, expect, it } from 'vitest';
import { hintsFromCommand, hintsFromEnvironment, shellWords, simpleCommands } from '../../../src/inputs/compose/listen-hints.js';
import type { ComposeEnvVar } from '../../../src/inputs/compose/model.js';

const at = { file: 'docker-compose.yml', line: 1, column: 1 };

function fromCommand(command: string | string[], env: Record<string, string> = {}) {
  const words = typeof command === 'string' ? shellWords(command) : command;
  const environment: ComposeEnvVar[] = Object.entries(env).map(([name, value]) => ({ name, value, at, source: 'environment' }));
  return hintsFromCommand({ words, form: typeof command === 'string' ? 'string' : 'list', at, source: 'command' }, environment).map(
    (h) => `${h.address ?? '*'}:${h.port ?? '?'}${h.implied ? ' (default)' : ''}`,
  );
}

describe('shell words', () => {
  it('splits like a shell', () => {
    expect(shellWords(`sh -c "flask run --host='127.0.0.1' && echo \\"done\\""`)).toEqual(['sh', '-c', `flask run --host='127.0.0.1' && echo "done"`]);
    expect(shellWords('a;b&&c || d')).toEqual(['a', ';', 'b', '&&', 'c', '||', 'd']);
  });

  it('opens sh -c and splits chains', () => {
    expect(simpleCommands(['sh', '-c', 'pip install -r req.txt && exec uvicorn app:app --port 8000'])).toEqual([
      ['pip', 'install', '-r', 'req.txt'],
      ['exec', 'uvicorn', 'app:app', '--port', '8000'],
    ]);
    expect(simpleCommands(['/bin/bash', '-ec', 'python manage.py migrate; python manage.py runserver'])).toEqual([
      ['python', 'manage.py', 'migrate'],
      ['python', 'manage.py', 'runserver'],
    ]);
  });
});

describe('listening hints of commands', () => {
  it.each([
    // Matching: a loopback bind, written or implied by the tool.
    ['flask run', [], ['127.0.0.1:5000 (default)']],
    ['python -m flask run --port 8000', [], ['127.0.0.1:8000 (default)']],
    ['uvicorn main:app', [], ['127.0.0.1:8000 (default)']],
    ['uvicorn main:app --host 127.0.0.1 --port 9000', [], ['127.0.0.1:9000']],
    ['python manage.py runserver', [], ['127.0.0.1:8000 (default)']],
    ['python manage.py runserver 127.0.0.1:8001', [], ['127.0.0.1:8001']],
    ['gunicorn -b 127.0.0.1:8000 app:app', [], ['127.0.0.1:8000']],
    ['gunicorn --bind=localhost:5000 wsgi', [], ['localhost:5000']],
    ['php artisan serve', [], ['127.0.0.1:8000 (default)']],
    ['ng serve', [], ['localhost:4200 (default)']],
    ['dotnet Api.dll --urls http://localhost:5000', [], ['localhost:5000']],
    ['java -jar app.jar --server.address=127.0.0.1 --server.port=8081', [], ['127.0.0.1:8081']],
    ['sh -c "npm ci && node server.js --host 127.0.0.1 --port 4000"', [], ['127.0.0.1:4000']],
    // Near misses: every interface, or nothing said about the address.
    ['flask run --host=0.0.0.0', [], ['0.0.0.0:5000']],
    ['flask run -h 0.0.0.0 -p 8000', [], ['0.0.0.0:8000']],
    ['uvicorn main:app --host 0.0.0.0', [], ['0.0.0.0:8000']],
    ['python manage.py runserver 0.0.0.0:8000', [], ['0.0.0.0:8000']],
    ['gunicorn app:app', [], []],
    ['gunicorn -b 0.0.0.0:8000 -w 4 app:app', [], ['0.0.0.0:8000']],
    ['node server.js', [], []],
    ['rails server -b 0.0.0.0 -p 3000', [], ['0.0.0.0:3000']],
    ['wait-for-it.sh --host=db --port=5432 -- node server.js', [], []],
    ['./wait-for-it.sh db:5432 -- uvicorn app:app --host 0.0.0.0 --port 80', [], ['0.0.0.0:80']],
    ['redis-server --port 6380', [], ['*:6380']],
  ] as const)('%s', (command, _unused, expected) => {
    expect(fromCommand(command)).toEqual(expected);
  });

  it('lets FLASK_RUN_HOST and UVICORN_HOST replace the tool default', () => {
    expect(fromCommand('flask run', { FLASK_RUN_HOST: '0.0.0.0' })).toEqual(['*:5000 (default)']);
    expect(fromCommand(['uvicorn', 'app:app'], { UVICORN_HOST: '0.0.0.0', UVICORN_PORT: '7000' })).toEqual(['*:7000 (default)']);
  });
});

describe('listening hints of the environment', () => {
  const env = (vars: Record<string, string>) =>
    hintsFromEnvironment(Object.entries(vars).map(([name, value]) => ({ name, value, at, source: 'environment' as const }))).map(
      (h) => `${h.source} → ${h.address ?? '*'}:${h.port ?? '?'}`,
    );

  it.each([
    [{ HOST: '127.0.0.1', PORT: '3000' }, ['environment HOST → 127.0.0.1:?', 'environment PORT → *:3000']],
    [{ HOST: 'localhost' }, ['environment HOST → localhost:?']],
    [{ LISTEN_ADDR: '127.0.0.1:8080' }, ['environment LISTEN_ADDR → 127.0.0.1:8080']],
    [{ LISTEN_ADDR: ':8080' }, ['environment LISTEN_ADDR → *:8080']],
    [
      { ASPNETCORE_URLS: 'http://localhost:5000;https://localhost:5001' },
      ['environment ASPNETCORE_URLS → localhost:5000', 'environment ASPNETCORE_URLS → localhost:5001'],
    ],
    [{ ASPNETCORE_URLS: 'http://+:80' }, ['environment ASPNETCORE_URLS → 0.0.0.0:80']],
    [{ SERVER_ADDRESS: '127.0.0.1', SERVER_PORT: '8081' }, ['environment SERVER_ADDRESS → 127.0.0.1:?', 'environment SERVER_PORT → *:8081']],
    [{ GUNICORN_CMD_ARGS: '--bind=127.0.0.1:9000 --workers=2' }, ['environment GUNICORN_CMD_ARGS --bind → 127.0.0.1:9000']],
    // Near misses: client settings and Docker's own HOSTNAME.
    [{ HOST: 'db', DB_HOST: '127.0.0.1', DB_PORT: '5432' }, []],
    [{ HOSTNAME: 'web-1' }, []],
    [{ PORT: 'eighty' }, []],
  ])('%j', (vars, expected) => {
    expect(env(vars)).toEqual(expected);
  });
});
