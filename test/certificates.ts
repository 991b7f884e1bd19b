// Test certificates made with the openssl CLI: a CA, a server certificate for 127.0.0.1/localhost, a client
// certificate signed by the CA, and a client certificate from another (untrusted) CA.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Certificates {
  readonly dir: string;
  /** Paths of PEM files. */
  readonly caFile: string;
  readonly serverCert: string;
  readonly serverKey: string;
  readonly clientCert: string;
  readonly clientKey: string;
  readonly strangerCert: string;
  readonly strangerKey: string;
  /** Kafka's PEM keystore: the server's PKCS#8 key followed by its certificate. */
  readonly brokerKeystore: string;
  read(path: string): Buffer;
}

const openssl = (dir: string, ...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });

function signed(dir: string, name: string, ca: { cert: string; key: string }, subject: string, extensions: string): void {
  openssl(dir, 'req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-subj', subject, '-out', `${name}.csr`);
  writeFileSync(join(dir, `${name}.ext`), extensions);
  openssl(dir, 'x509', '-req', '-in', `${name}.csr`, '-CA', ca.cert, '-CAkey', ca.key, '-CAcreateserial', '-days', '2',
    '-extfile', `${name}.ext`, '-out', `${name}.crt`);
}

export function makeCertificates(): Certificates {
  const dir = mkdtempSync(join(tmpdir(), 'karapace-certs-'));
  for (const name of ['ca', 'other-ca']) {
    openssl(dir, 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', `/CN=${name}`, '-keyout', `${name}.key`, '-out', `${name}.crt`);
  }
  const ca = { cert: 'ca.crt', key: 'ca.key' };
  signed(dir, 'server', ca, '/CN=localhost', 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n');
  signed(dir, 'client', ca, '/CN=client', 'extendedKeyUsage=clientAuth\n');
  signed(dir, 'stranger', { cert: 'other-ca.crt', key: 'other-ca.key' }, '/CN=stranger', 'extendedKeyUsage=clientAuth\n');
  const path = (name: string) => join(dir, name);
  writeFileSync(path('broker.pem'), Buffer.concat([readFileSync(path('server.key')), readFileSync(path('server.crt'))]));
  return {
    dir, caFile: path('ca.crt'), serverCert: path('server.crt'), serverKey: path('server.key'),
    clientCert: path('client.crt'), clientKey: path('client.key'), strangerCert: path('stranger.crt'), strangerKey: path('stranger.key'),
    brokerKeystore: path('broker.pem'), read: (p: string) => readFileSync(p),
  };
}
