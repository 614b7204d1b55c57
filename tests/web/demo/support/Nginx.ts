import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createConnection } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { until } from "../../media/support/poll.js";
import { repoRoot } from "../../sdk/support/repoRoot.js";

const run = promisify(execFile);

/** Where the test's nginx listens and what it proxies to. */
export interface NginxPorts {
  readonly tls: number;
  readonly http: number;
  readonly upstream: number;
}

/**
 * The shipped deploy/nginx/openlive.conf with the test's ports and certificate: every value replaced must be found as
 * shipped, so a change to the file that these tests no longer cover fails here instead of passing unseen.
 */
export function testConfig(ports: NginxPorts, certPath: string, keyPath: string, webroot: string): string {
  let text = readFileSync(join(repoRoot(), "deploy", "nginx", "openlive.conf"), "utf8");
  const replace = (shipped: RegExp, test: string): void => {
    if (!shipped.test(text)) {
      throw new Error(`deploy/nginx/openlive.conf no longer has ${shipped}: update tests/web/demo/support/Nginx.ts`);
    }

    text = text.replace(shipped, test);
  };
  replace(/server 127\.0\.0\.1:7880;/, `server 127.0.0.1:${ports.upstream};`);
  replace(/listen 80;/, `listen 127.0.0.1:${ports.http};`);
  replace(/listen 443 ssl;/, `listen 127.0.0.1:${ports.tls} ssl;`);
  replace(/\s*listen \[::\]:80;/, "");
  replace(/\s*listen \[::\]:443 ssl;/, "");
  replace(/ssl_certificate\s+\/etc\/letsencrypt\/live\/live\.example\.com\/fullchain\.pem;/, `ssl_certificate ${certPath};`);
  replace(/ssl_certificate_key\s+\/etc\/letsencrypt\/live\/live\.example\.com\/privkey\.pem;/, `ssl_certificate_key ${keyPath};`);
  replace(/root \/var\/www\/letsencrypt;/, `root ${webroot};`);
  return text;
}

/**
 * nginx (Debian's) as a child process with its own prefix, pid, logs and temp folders, the shipped site config
 * included in a minimal nginx.conf; stopped (and its folder removed) by {@link Nginx.stop}.
 */
export class Nginx {
  readonly prefix: string;
  readonly #child: ChildProcess;
  readonly #output: string[];

  private constructor(prefix: string, child: ChildProcess, output: string[]) {
    this.prefix = prefix;
    this.#child = child;
    this.#output = output;
  }

  /** Writes the configuration into a new prefix; its nginx.conf path. */
  static prepare(ports: NginxPorts, certPath: string, keyPath: string): string {
    const prefix = mkdtempSync(join(tmpdir(), "openlive-nginx-"));
    for (const dir of ["client_body", "proxy", "fastcgi", "uwsgi", "scgi", "webroot"]) {
      mkdirSync(join(prefix, dir));
    }

    writeFileSync(join(prefix, "openlive.conf"), testConfig(ports, certPath, keyPath, join(prefix, "webroot")));
    const asRoot = process.getuid?.() === 0 ? "user root;\n" : "";
    writeFileSync(join(prefix, "nginx.conf"), `${asRoot}daemon off;
worker_processes 1;
pid ${join(prefix, "nginx.pid")};
error_log ${join(prefix, "error.log")} info;
events { worker_connections 256; }
http {
  access_log ${join(prefix, "access.log")};
  client_body_temp_path ${join(prefix, "client_body")};
  proxy_temp_path ${join(prefix, "proxy")};
  fastcgi_temp_path ${join(prefix, "fastcgi")};
  uwsgi_temp_path ${join(prefix, "uwsgi")};
  scgi_temp_path ${join(prefix, "scgi")};
  include ${join(prefix, "openlive.conf")};
}
`);
    return prefix;
  }

  /** `nginx -t` on a prepared prefix: its output (throws with it when the test fails). */
  static async check(prefix: string): Promise<string> {
    const { stderr } = await run("nginx", Nginx.#args(prefix, "-t"), { timeout: 20_000 });
    return stderr;
  }

  /** Starts nginx on a prepared prefix and waits until its TLS port accepts connections. */
  static async start(prefix: string, tlsPort: number): Promise<Nginx> {
    const output: string[] = [];
    const child = spawn("nginx", Nginx.#args(prefix), { stdio: ["ignore", "pipe", "pipe"] });
    child.stdout?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    const nginx = new Nginx(prefix, child, output);
    await until(`nginx accepting on 127.0.0.1:${tlsPort} (exit ${child.exitCode ?? "none"}; ${output.join("").trim()})`, () => accepts(tlsPort), (yes) => yes || child.exitCode !== null, 20_000);
    if (child.exitCode !== null) {
      throw new Error(`nginx exited (${child.exitCode}): ${output.join("")}\n${nginx.errorLog}`);
    }

    return nginx;
  }

  static #args(prefix: string, ...extra: string[]): string[] {
    return ["-p", prefix, "-c", join(prefix, "nginx.conf"), "-e", join(prefix, "error.log"), ...extra];
  }

  get errorLog(): string {
    try {
      return readFileSync(join(this.prefix, "error.log"), "utf8");
    } catch {
      return "";
    }
  }

  get accessLog(): string {
    try {
      return readFileSync(join(this.prefix, "access.log"), "utf8");
    } catch {
      return "";
    }
  }

  /** Stops nginx (SIGQUIT: graceful; SIGKILL after 5 s) and removes its prefix. */
  async stop(): Promise<void> {
    if (this.#child.exitCode === null) {
      const exited = new Promise<void>((resolve) => this.#child.once("exit", () => resolve()));
      this.#child.kill("SIGQUIT");
      const timer = setTimeout(() => this.#child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    }

    rmSync(this.prefix, { recursive: true, force: true });
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
