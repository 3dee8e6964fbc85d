// Local OpenID Connect provider standing in for Keycloak (development and tests only).
// client_credentials grant, dynamic client registration, RS256 JWT access tokens.
// Contract: see README.md next to this file.
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import Provider, { errors } from 'oidc-provider';

const env = process.env;
const fail = (msg) => { console.error(`oidc-provider: ${msg}`); process.exit(2); };
const port = Number(env.OIDC_PORT);
if (!Number.isInteger(port) || port <= 0 || port > 65535) fail('OIDC_PORT must be set to a TCP port');
const issuer = env.OIDC_ISSUER || `http://127.0.0.1:${port}`;
const defaultAudience = env.OIDC_DEFAULT_AUDIENCE || 'kyc-api';
const DEFAULT_TTL = 300;

// Resource indicators must be absolute URIs; `urn:audience:NAME` yields the audience NAME, any other
// resource is its own audience. The default resource is the default audience when that already is
// an absolute URI, else `urn:audience:<OIDC_DEFAULT_AUDIENCE>`.
const AUD_PREFIX = 'urn:audience:';
const isAbsoluteUri = (s) => URL.parse(s) !== null;
const defaultResource = isAbsoluteUri(defaultAudience) ? defaultAudience : AUD_PREFIX + defaultAudience;
if (!isAbsoluteUri(defaultResource)) fail(`OIDC_DEFAULT_AUDIENCE cannot be turned into a resource URI: ${defaultAudience}`);
const audienceOf = (resource) => (resource.startsWith(AUD_PREFIX) ? resource.slice(AUD_PREFIX.length) : resource);

// Signing key: RS256 private JWK(S) kept in OIDC_KEY_FILE so tokens survive restarts.
function loadOrCreateKeys(file) {
  if (file && existsSync(file)) {
    const json = JSON.parse(readFileSync(file, 'utf8'));
    return Array.isArray(json.keys) ? json.keys : [json];
  }
  const jwk = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const thumbprint = JSON.stringify({ e: jwk.e, kty: jwk.kty, n: jwk.n }); // RFC 7638
  const key = { ...jwk, kid: createHash('sha256').update(thumbprint).digest('base64url'), alg: 'RS256', use: 'sig' };
  if (file) writeFileSync(file, `${JSON.stringify({ keys: [key] }, null, 2)}\n`, { mode: 0o600 });
  else console.warn('oidc-provider: OIDC_KEY_FILE not set, signing key is ephemeral');
  return [key];
}

const clients = env.OIDC_CLIENTS_FILE ? JSON.parse(readFileSync(env.OIDC_CLIENTS_FILE, 'utf8')) : [];
if (!Array.isArray(clients)) fail('OIDC_CLIENTS_FILE must hold a JSON array of client metadata');

const invalid = (msg) => new errors.InvalidClientMetadata(msg);
const provider = new Provider(issuer, {
  clients,
  jwks: { keys: loadOrCreateKeys(env.OIDC_KEY_FILE) },
  scopes: ['openid'],
  responseTypes: [],
  clientAuthMethods: ['client_secret_basic', 'client_secret_post'],
  clientDefaults: { grant_types: ['client_credentials'], response_types: [], token_endpoint_auth_method: 'client_secret_basic' },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  extraClientMetadata: {
    properties: ['partner_id', 'roles', 'access_token_ttl'],
    validator(ctx, key, value, metadata) {
      if (metadata.scope === '') delete metadata.scope; // "" = no scopes (oidc-provider rejects empty strings)
      if (key === 'partner_id' && value !== undefined && typeof value !== 'string') throw invalid('partner_id must be a string');
      if (key === 'roles' && value !== undefined && !(Array.isArray(value) && value.every((r) => typeof r === 'string'))) throw invalid('roles must be an array of strings');
      if (key === 'access_token_ttl') {
        if (value === undefined) metadata.access_token_ttl = DEFAULT_TTL;
        else if (!Number.isSafeInteger(value) || value <= 0) throw invalid('access_token_ttl must be a positive integer (seconds)');
      }
    },
  },
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    introspection: { enabled: false },
    revocation: { enabled: false },
    registration: env.OIDC_REGISTRATION_TOKEN
      ? { enabled: true, initialAccessToken: env.OIDC_REGISTRATION_TOKEN }
      : { enabled: false },
    resourceIndicators: {
      enabled: true,
      defaultResource: async () => defaultResource,
      getResourceServerInfo: async (ctx, resource, client) => {
        const allowed = (client.scope || '').split(' ').filter(Boolean);
        const { params } = ctx.oidc;
        if (params.grant_type === 'client_credentials') {
          if (!params.scope) params.scope = allowed.join(' ') || undefined; // no scope asked: grant all
          const denied = (params.scope || '').split(' ').filter((s) => s && !allowed.includes(s));
          if (denied.length) throw new errors.InvalidScope('requested scope is not allowed for this client', denied.join(' '));
        }
        return {
          scope: allowed.join(' '),
          audience: audienceOf(resource),
          accessTokenFormat: 'jwt',
          accessTokenTTL: client.access_token_ttl || DEFAULT_TTL,
          jwt: { sign: { alg: 'RS256' } },
        };
      },
    },
  },
  ttl: { ClientCredentials: (ctx, token, client) => client.access_token_ttl || DEFAULT_TTL },
  extraTokenClaims: async (ctx, token) => {
    const { partner_id: partnerId, roles } = token.client || {};
    return { ...(partnerId !== undefined && { partner_id: partnerId }), ...(roles !== undefined && { roles }) };
  },
});

// oidc-provider only accepts client `scope` values from its static `scopes` list. Scope names are
// arbitrary here: a client's `scope` is its allow-list (enforced in getResourceServerInfo above),
// so client metadata validation only normalises it.
provider.Client.Schema.prototype.scopes = function scopes() {
  if (this.scope) this.scope = [...new Set(this.scope.split(' ').filter(Boolean))].join(' ');
};

provider.on('server_error', (ctx, err) => console.error('oidc-provider: server_error', err));
provider.on('grant.error', (ctx, err) => console.error(`oidc-provider: token error ${err.error}: ${err.error_description}`));
provider.on('registration_create.error', (ctx, err) => console.error(`oidc-provider: registration error ${err.error}: ${err.error_description}`));
provider.on('registration_create.success', (ctx, client) => console.log(`oidc-provider: registered client ${client.clientId}`));

// Serve under the issuer's path (e.g. http://127.0.0.1:8080/realms/kyc), like Keycloak does.
const mountPath = new URL(issuer).pathname.replace(/\/$/, '');
const callback = provider.callback();
const server = createServer((req, res) => {
  if (mountPath) {
    if (req.url !== mountPath && !req.url.startsWith(`${mountPath}/`)) { res.statusCode = 404; res.end(); return; }
    req.originalUrl = req.url;
    req.url = req.url.slice(mountPath.length) || '/';
  }
  callback(req, res);
});
server.on('error', (err) => fail(`cannot listen on 127.0.0.1:${port}: ${err.message}`));
server.listen(port, '127.0.0.1', () => console.log(`oidc-provider listening on ${issuer}`));

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 3000).unref();
  });
}
