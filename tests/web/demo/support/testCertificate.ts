import { execFileSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A self-signed test certificate (openssl, ECDSA P-256) for the given IP addresses, as PEM files in a temp folder. */
export class TestCertificate {
  readonly dir: string;
  readonly certPath: string;
  readonly keyPath: string;

  private constructor(dir: string) {
    this.dir = dir;
    this.certPath = join(dir, "cert.pem");
    this.keyPath = join(dir, "key.pem");
  }

  static create(...addresses: string[]): TestCertificate {
    const certificate = new TestCertificate(mkdtempSync(join(tmpdir(), "openlive-tls-")));
    execFileSync("openssl", [
      "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
      "-keyout", certificate.keyPath, "-out", certificate.certPath, "-days", "2", "-subj", "/CN=openlive-test",
      "-addext", `subjectAltName=${addresses.map((a) => `IP:${a}`).join(",")}`,
    ], { stdio: ["ignore", "pipe", "pipe"], timeout: 20_000 });
    return certificate;
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A PEM certificate's SHA-256 fingerprint as browsers (and the server's banner) show it: AB:CD:… */
export function fingerprint(pem: string): string {
  return new X509Certificate(pem).fingerprint256;
}
