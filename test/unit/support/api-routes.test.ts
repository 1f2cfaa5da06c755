// The route lister the tenant-isolation test relies on: every registration shape Express 5 accepts is listed,
// with its mount prefixes, and what cannot be listed as a path still shows up under a key that says so.
import express, { Router } from 'express';
import { listApiRoutes, listRoutes } from '../../support/api-routes.js';

const ok: express.RequestHandler = (_req, res) => void res.end();

describe('listRoutes', () => {
  it('lists routes of nested routers with their mount paths, each method on its own', () => {
    const app = express();
    app.use(express.json());
    app.get('/healthz', ok);
    const api = Router();
    const feature = Router();
    feature.get('/things', ok);
    feature.post('/things/:id/do', ok);
    feature.route('/things/:id').get(ok).put(ok).delete(ok);
    const nested = Router();
    nested.patch('/:code', ok);
    feature.use('/deep', nested);
    api.use(feature);
    api.use((_req, res) => void res.status(404).end());
    app.use('/api', api);

    expect(listRoutes(app).map((r) => r.key)).toEqual([
      'GET /healthz',
      'GET /api/things',
      'POST /api/things/:id/do',
      'GET /api/things/:id',
      'PUT /api/things/:id',
      'DELETE /api/things/:id',
      'PATCH /api/deep/:code',
    ]);
    expect(listApiRoutes(app).map((r) => r.key)).not.toContain('GET /healthz');
  });

  it('lists every path of an array registration, router.all as ALL, and a RegExp path by its source', () => {
    const app = express();
    const api = Router();
    api.get(['/a', '/b/*rest'], ok);
    api.all('/any', ok);
    api.get(/^\/re\/(\d+)$/, ok);
    app.use('/api', api);
    expect(listApiRoutes(app).map((r) => r.key)).toEqual([
      'GET /api/a',
      'GET /api/b/*rest',
      'ALL /api/any',
      'GET /api<regexp ^\\/re\\/(\\d+)$>',
    ]);
  });

  it('names a mounted sub-app instead of skipping it', () => {
    const app = express();
    const sub = express();
    sub.get('/hidden', ok);
    app.use('/api/sub', sub);
    expect(listApiRoutes(app).map((r) => r.key)).toEqual([
      'APP /api/sub <mounted sub-app: routes not listable>',
    ]);
  });
});
