// A real single-node Apache Kafka broker (KRaft, broker+controller in one JVM) for local runs and tests.
// The jars come from Maven Central through tools/kafka/pom.xml into a cache folder; nothing is mocked.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const projectRoot = resolve(here, '..', '..');
const pom = join(here, 'pom.xml');

export interface BrokerOptions {
  /** Where the broker keeps its log; reused across starts so data survives a restart. */
  dataDir: string;
  /** Client port to try first; a free one is taken when it is busy or absent. */
  preferredPort?: number;
  /** JVM heap, e.g. "512m". */
  heap?: string;
  /** Called with each line the broker prints (warnings and the start-up line). */
  onLog?: (line: string) => void;
  /** Also open SASL_PLAINTEXT, SSL and SASL_SSL listeners (tests of secured Kafka); the PLAINTEXT one stays. */
  security?: BrokerSecurity;
}

export interface BrokerSecurity {
  /** Kafka's PEM keystore: a PKCS#8 private key followed by the certificate chain. */
  readonly keystorePem: string;
  /** Users for SASL PLAIN and for SCRAM-SHA-256/512 (created when the data directory is formatted). OAUTHBEARER is
   *  open too, with Kafka's unsecured validator: an unsigned JWT's `sub` is the principal. */
  readonly users: Readonly<Record<string, string>>;
  /** Enforce ACLs (StandardAuthorizer). Resources without any ACL stay open to everyone, and the PLAINTEXT listener's
   *  ANONYMOUS principal is a super user, so only what a test restricts is restricted. */
  readonly acls?: boolean;
}

export interface RunningBroker {
  readonly bootstrap: string;
  readonly port: number;
  /** The bootstrap address of each extra listener, when `security` was given. */
  readonly listeners: Readonly<Partial<Record<'SASL_PLAINTEXT' | 'SSL' | 'SASL_SSL', string>>>;
  stop(): Promise<void>;
}

type SecureListeners = Record<'SASL_PLAINTEXT' | 'SSL' | 'SASL_SSL', number>;

function securityProperties(security: BrokerSecurity): string[] {
  const plainUsers = Object.entries(security.users).map(([user, password]) => `user_${user}="${password}"`).join(' ');
  const lines = ['sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512,OAUTHBEARER', 'ssl.keystore.type=PEM',
    `ssl.keystore.location=${security.keystorePem}`, 'ssl.client.auth=none'];
  if (security.acls) {
    lines.push('authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer',
      'allow.everyone.if.no.acl.found=true', 'super.users=User:ANONYMOUS');
  }
  for (const listener of ['sasl_plaintext', 'sasl_ssl']) {
    lines.push(
      `listener.name.${listener}.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required ${plainUsers};`,
      `listener.name.${listener}.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;`,
      `listener.name.${listener}.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;`,
      `listener.name.${listener}.oauthbearer.sasl.jaas.config=org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required unsecuredLoginStringClaim_sub="broker";`,
    );
  }
  return lines;
}

function kafkaVersion(): string {
  const match = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(readFileSync(pom, 'utf8'));
  if (!match?.[1]) throw new Error(`no kafka.version in ${pom}`);
  return match[1];
}

/** Resolves the broker's classpath from Maven Central once; later calls reuse the cache. */
export function ensureKafkaJars(log: (line: string) => void = () => {}): string {
  const libs = join(projectRoot, '.cache', `kafka-${kafkaVersion()}`, 'libs');
  const marker = join(libs, '.complete');
  if (existsSync(marker)) return libs;
  log(`Resolving Apache Kafka ${kafkaVersion()} from Maven Central into ${libs} (first run only)...`);
  mkdirSync(libs, { recursive: true });
  const mvn = spawnSync(
    'mvn',
    ['-B', '-q', '-f', pom, 'org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy-dependencies',
      '-DincludeScope=runtime', `-DoutputDirectory=${libs}`],
    { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' },
  );
  if (mvn.error) throw new Error(`cannot run Maven (mvn): ${mvn.error.message}. Install a JDK 17+ and Maven.`);
  if (mvn.status !== 0) throw new Error(`Maven could not resolve the Kafka jars:\n${mvn.stdout}${mvn.stderr}`);
  if (!readdirSync(libs).some((f) => f.startsWith('kafka_2.13-'))) throw new Error(`no kafka jar in ${libs}`);
  writeFileSync(marker, new Date().toISOString());
  return libs;
}

export function freePort(preferred?: number): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number>((ok, fail) => {
      const server = createServer();
      server.once('error', fail);
      server.listen(port, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => (typeof address === 'object' && address ? ok(address.port) : fail(new Error('no port'))));
      });
    });
  return preferred === undefined ? tryPort(0) : tryPort(preferred).catch(() => tryPort(0));
}

function serverProperties(dataDir: string, port: number, controllerPort: number, secure?: { ports: SecureListeners; security: BrokerSecurity }): string {
  const extra = secure ? Object.entries(secure.ports).map(([name, p]) => `,${name}://127.0.0.1:${p}`).join('') : '';
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}${extra}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port}${extra}`,
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SSL:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL',
    ...(secure ? securityProperties(secure.security) : []),
    'inter.broker.listener.name=PLAINTEXT',
    'controller.listener.names=CONTROLLER',
    `log.dirs=${join(dataDir, 'kraft')}`,
    'num.partitions=1',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'transaction.state.log.num.partitions=1',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    'group.min.session.timeout.ms=1000',
    'group.coordinator.threads=1',
    'num.network.threads=2',
    'num.io.threads=2',
    'background.threads=2',
    'log.cleaner.threads=1',
    '',
  ].join('\n');
}

const log4j = [
  'status = warn',
  'appender.c.type = Console',
  'appender.c.name = STDOUT',
  'appender.c.layout.type = PatternLayout',
  'appender.c.layout.pattern = [%d] %p %m (%c)%n',
  'rootLogger.level = WARN',
  'rootLogger.appenderRef.c.ref = STDOUT',
  'logger.ready.name = kafka.server.KafkaRaftServer',
  'logger.ready.level = INFO',
  '',
].join('\n');

function clusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/** Formats the data directory on first use and starts the broker; resolves once it accepts clients. */
export async function startBroker(options: BrokerOptions): Promise<RunningBroker> {
  const log = options.onLog ?? (() => {});
  const libs = ensureKafkaJars(log);
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const port = await freePort(options.preferredPort);
  const controllerPort = await freePort(options.preferredPort === undefined ? undefined : options.preferredPort + 1);
  const properties = join(dataDir, 'server.properties');
  const log4jFile = join(dataDir, 'log4j2.properties');
  const ports = options.security
    ? { SASL_PLAINTEXT: await freePort(), SSL: await freePort(), SASL_SSL: await freePort() }
    : undefined;
  writeFileSync(properties, serverProperties(dataDir, port, controllerPort, ports && options.security ? { ports, security: options.security } : undefined));
  writeFileSync(log4jFile, log4j);
  const classpath = join(libs, '*');
  const jvm = [
    `-Xms${options.heap ?? '256m'}`, `-Xmx${options.heap ?? '512m'}`, '-XX:+UseG1GC', '-XX:MaxGCPauseMillis=20',
    '-XX:ActiveProcessorCount=2', '-XX:TieredStopAtLevel=1', '-Djava.awt.headless=true',
    `-Dlog4j2.configurationFile=${log4jFile}`, `-Dkafka.logs.dir=${join(dataDir, 'logs')}`,
  ];
  if (!existsSync(join(dataDir, 'kraft', 'meta.properties'))) {
    const scram = Object.entries(options.security?.users ?? {}).flatMap(([name, password]) =>
      ['SCRAM-SHA-256', 'SCRAM-SHA-512'].flatMap((mechanism) => ['--add-scram', `${mechanism}=[name=${name},password=${password}]`]));
    const format = spawnSync('java', [...jvm, '-cp', classpath, 'kafka.tools.StorageTool', 'format',
      '-t', clusterId(), '-c', properties, ...scram], { encoding: 'utf8' });
    if (format.error) throw new Error(`cannot run java: ${format.error.message}. Install a JDK 17+.`);
    if (format.status !== 0) throw new Error(`formatting the Kafka data directory failed:\n${format.stdout}${format.stderr}`);
  }
  const child = spawn('java', [...jvm, '-cp', classpath, 'kafka.Kafka', properties], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await waitForStart(child, log);
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= new Promise<void>((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.once('exit', () => {
        clearTimeout(kill);
        done();
      });
      child.kill('SIGTERM');
    });
    return stopped;
  };
  const listeners = Object.fromEntries(Object.entries(ports ?? {}).map(([name, p]) => [name, `127.0.0.1:${p}`]));
  return { bootstrap: `127.0.0.1:${port}`, port, listeners, stop };
}

function waitForStart(child: ChildProcess, log: (line: string) => void): Promise<void> {
  return new Promise((ready, fail) => {
    const recent: string[] = [];
    let started = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`Kafka did not start within 120 s:\n${recent.join('\n')}`));
    }, 120_000);
    const onLine = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        recent.push(line);
        if (recent.length > 40) recent.shift();
        log(line);
        if (!started && line.includes('Kafka Server started')) {
          started = true;
          clearTimeout(timer);
          ready();
        }
      }
    };
    child.stdout?.on('data', onLine);
    child.stderr?.on('data', onLine);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (!started) fail(new Error(`Kafka exited (${code ?? signal}) before it started:\n${recent.join('\n')}`));
    });
  });
}
