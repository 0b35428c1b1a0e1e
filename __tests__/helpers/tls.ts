import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * Certificates made fresh with `openssl` for TLS tests: a test CA (trusted by the action under
 * test through NODE_EXTRA_CA_CERTS) and leaves that are good, expired, for another host, or
 * self-signed. Nothing is committed, so nothing expires in the repository.
 */

export interface KeyPair {
  key: string
  cert: string
}

export interface TestCertificates {
  /** Path of the CA certificate, for NODE_EXTRA_CA_CERTS. */
  caFile: string
  valid: KeyPair
  expired: KeyPair
  wrongHost: KeyPair
  selfSigned: KeyPair
  dispose(): void
}

const LOCAL_NAMES = 'subjectAltName=IP:127.0.0.1,DNS:localhost\n'

export function makeTestCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'dialnexa-tls-'))
  const at = (name: string): string => join(dir, name)
  const openssl = (...args: string[]): void => {
    try {
      execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' })
    } catch (error) {
      throw new Error(`The TLS tests need openssl on PATH: ${String(error)}`, { cause: error })
    }
  }
  const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes']
  const request = (name: string, subject: string): void =>
    openssl('req', ...newKey, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject)
  const read = (name: string): KeyPair => ({
    key: readFileSync(at(`${name}.key`), 'utf8'),
    cert: readFileSync(at(`${name}.pem`), 'utf8')
  })

  writeFileSync(at('local.ext'), LOCAL_NAMES)
  writeFileSync(at('other.ext'), 'subjectAltName=DNS:api.other.example\n')
  openssl(
    'req',
    '-x509',
    ...newKey,
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '2',
    '-subj',
    '/CN=DialNexa test CA'
  )
  openssl(
    'req',
    '-x509',
    ...newKey,
    '-keyout',
    'self.key',
    '-out',
    'self.pem',
    '-days',
    '2',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    LOCAL_NAMES.trim()
  )
  for (const [name, ext] of [
    ['valid', 'local.ext'],
    ['wrong', 'other.ext']
  ] as const) {
    request(name, `/CN=${name}`)
    openssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      '2',
      '-extfile',
      ext,
      '-out',
      `${name}.pem`
    )
  }
  // `openssl x509` cannot date a certificate in the past; `openssl ca` can.
  request('expired', '/CN=127.0.0.1')
  writeFileSync(at('index.txt'), '')
  writeFileSync(at('serial'), '01\n')
  writeFileSync(
    at('ca.cnf'),
    [
      '[ca]',
      'default_ca = test',
      '[test]',
      'database = index.txt',
      'serial = serial',
      'new_certs_dir = .',
      'default_md = sha256',
      'policy = any',
      '[any]',
      'commonName = supplied'
    ].join('\n')
  )
  openssl(
    'ca',
    '-batch',
    '-config',
    'ca.cnf',
    '-cert',
    'ca.pem',
    '-keyfile',
    'ca.key',
    '-in',
    'expired.csr',
    '-out',
    'expired.pem',
    '-extfile',
    'local.ext',
    '-startdate',
    '20200101000000Z',
    '-enddate',
    '20200102000000Z'
  )

  return {
    caFile: at('ca.pem'),
    valid: read('valid'),
    expired: read('expired'),
    wrongHost: read('wrong'),
    selfSigned: read('self'),
    dispose: () => rmSync(dir, { recursive: true, force: true })
  }
}
