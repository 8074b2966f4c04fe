// A loopback stand-in for the three GitHub REST endpoints a pull-request comment needs: list an
// issue's comments (paginated with a Link header, as GitHub does), create one, update one. It
// checks the bearer token, records every request, and refuses on request (a read-only token's
// 403, rate limits, 500s).
import { randomBytes } from 'node:crypto';
import * as http from 'node:http';

const LIST = /^\/repos\/([^/]+\/[^/]+)\/issues\/(\d+)\/comments$/;
const ONE = /^\/repos\/([^/]+\/[^/]+)\/issues\/comments\/(\d+)$/;

export async function startGitHubApi({ repo = 'octo/demo', pageSize = 100 } = {}) {
  const token = `ghs_${randomBytes(18).toString('hex')}`;
  const comments = [];
  const requests = [];
  let faults = [];
  let nextId = 9001;
  let maxPage = pageSize;
  /** Where Link headers point: undefined for this server, '' for relative links. */
  let linkOrigin;

  function comment(issue, body) {
    const c = {
      id: nextId++,
      issue,
      body,
      html_url: `https://github.com/${repo}/pull/${issue}#issuecomment-${nextId - 1}`,
      user: { login: 'github-actions[bot]' },
      created_at: new Date().toISOString(),
      updated_at: new Date().toISOString(),
    };
    comments.push(c);
    return c;
  }

  function takeFault(verb) {
    const f = faults.find(
      (x) =>
        (!x.methods || x.methods.includes(verb)) && (x.times === undefined || x.calls < x.times),
    );
    if (f) f.calls++;
    return f;
  }

  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://loopback');
      const record = {
        verb: req.method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        status: 0,
        body: undefined,
      };
      requests.push(record);
      const raw = Buffer.concat(chunks).toString('utf8');
      const send = (status, body, headers = {}) => {
        record.status = status;
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
        res.end(JSON.stringify(body));
      };
      const notFound = () =>
        send(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });

      if (req.headers.authorization !== `Bearer ${token}`)
        return send(401, { message: 'Bad credentials' });
      const fault = takeFault(req.method);
      if (fault) return send(fault.status, { message: fault.message }, fault.headers);

      let m = LIST.exec(url.pathname);
      if (m && m[1] !== repo) return notFound();
      if (m && req.method === 'GET') {
        const issue = Number(m[2]);
        const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 30), maxPage, 100);
        const page = Math.max(1, Number(url.searchParams.get('page') ?? 1));
        const all = comments.filter((c) => c.issue === issue);
        const last = Math.max(1, Math.ceil(all.length / perPage));
        const link = (p, rel) => {
          const u = new URL(`${linkOrigin || `http://${req.headers.host}`}${url.pathname}`);
          u.searchParams.set('per_page', String(perPage));
          u.searchParams.set('page', String(p));
          return `<${linkOrigin === '' ? `${u.pathname}${u.search}` : u}>; rel="${rel}"`;
        };
        const links = [];
        if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
        if (page > 1) links.push(link(1, 'first'), link(page - 1, 'prev'));
        const slice = all.slice((page - 1) * perPage, page * perPage);
        return send(200, slice, links.length > 0 ? { link: links.join(', ') } : {});
      }
      if (req.method !== 'GET') {
        try {
          record.body = JSON.parse(raw);
        } catch {
          return send(400, { message: 'Problems parsing JSON' });
        }
        if (typeof record.body?.body !== 'string')
          return send(422, { message: 'Invalid request.\n\n"body" wasn\'t supplied.' });
      }
      if (m && req.method === 'POST') {
        if (record.body.body.length > 65536)
          return send(422, {
            message: 'Validation Failed: body is too long (maximum is 65536 characters)',
          });
        return send(201, comment(Number(m[2]), record.body.body));
      }
      m = ONE.exec(url.pathname);
      if (m && m[1] === repo && req.method === 'PATCH') {
        const c = comments.find((x) => x.id === Number(m[2]));
        if (!c) return notFound();
        if (record.body.body.length > 65536)
          return send(422, {
            message: 'Validation Failed: body is too long (maximum is 65536 characters)',
          });
        c.body = record.body.body;
        c.updated_at = new Date().toISOString();
        return send(200, c);
      }
      notFound();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    url: `http://127.0.0.1:${server.address().port}`,
    token,
    repo,
    comments,
    requests,
    addComment(issue, body) {
      return comment(issue, body).id;
    },
    setPageSize(n) {
      maxPage = n;
    },
    setLinkOrigin(origin) {
      linkOrigin = origin;
    },
    setFaults(list) {
      faults = (list == null ? [] : Array.isArray(list) ? list : [list]).map((f) => ({
        message: `injected fault: HTTP ${f.status}`,
        ...f,
        calls: 0,
      }));
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
