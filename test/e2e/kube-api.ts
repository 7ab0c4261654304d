// A real Kubernetes control plane on loopback for the Strimzi end-to-end test: etcd, kube-apiserver
// and kube-controller-manager (without it a deleted namespace never finishes), with a CA of its
// own, an admin client certificate in system:masters and service-account keys, all in a throwaway
// folder. No kubelet: pods never run, so no Strimzi operator either. What the API server does do is
// validate every custom resource against its CRD's schema, as a real cluster does.
//
// The binaries are found on PATH or in $KUBE_BIN_DIR; `missingKubeBinaries` names the absent ones
// so the test can skip with that reason.

import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { delimiter, join } from "node:path";

export const KUBE_BINARIES = ["etcd", "kube-apiserver", "kube-controller-manager", "kubectl"] as const;
type KubeBinary = (typeof KUBE_BINARIES)[number];

function findBinary(name: KubeBinary): string | undefined {
    const dirs = [process.env.KUBE_BIN_DIR, ...(process.env.PATH ?? "").split(delimiter)].filter((d): d is string => !!d);
    return dirs.map(d => join(d, name)).find(p => existsSync(p));
}

/** The binaries a control plane needs that are not installed, as one line; undefined when all are there. */
export function missingKubeBinaries(): string | undefined {
    const missing = KUBE_BINARIES.filter(b => !findBinary(b));
    return missing.length ? `not installed here: ${missing.join(", ")} (on PATH or in $KUBE_BIN_DIR)` : undefined;
}

async function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = createServer();
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const { port } = server.address() as { port: number };
            server.close(() => resolve(port));
        });
    });
}

function openssl(args: string[], cwd: string): void {
    const r = spawnSync("openssl", args, { cwd, encoding: "utf8", timeout: 60_000 });
    if (r.status !== 0) throw new Error(`openssl ${args.join(" ")} failed: ${r.stderr}`);
}

/** A CA, the API server's serving certificate (127.0.0.1, localhost), an admin in system:masters, and the service-account key pair. */
function makeCertificates(dir: string): void {
    const days = ["-days", "2"];
    openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-subj", "/CN=e2e-kube-ca", ...days], dir);
    const signed = (name: string, subject: string, ext: string) => {
        openssl(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", subject], dir);
        writeFileSync(join(dir, `${name}.ext`), ext);
        openssl(["x509", "-req", "-in", `${name}.csr`, "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", `${name}.crt`, "-extfile", `${name}.ext`, ...days], dir);
    };
    signed("apiserver", "/CN=kube-apiserver", "subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes.default.svc\nextendedKeyUsage=serverAuth\n");
    signed("admin", "/O=system:masters/CN=e2e-admin", "extendedKeyUsage=clientAuth\n");
    openssl(["genrsa", "-out", "sa.key", "2048"], dir);
    openssl(["rsa", "-in", "sa.key", "-pubout", "-out", "sa.pub"], dir);
}

export interface KubeApi {
    /** Path of a kubeconfig for the admin (current context `e2e`). */
    kubeconfig: string;
    /** kubectl against this API server; `input` goes to its standard input. */
    kubectl(args: string[], input?: string): { status: number | null; stdout: string; stderr: string };
    /** Stops every process (SIGTERM, then SIGKILL after 10 s) and leaves no listener behind. */
    stop(): Promise<void>;
}

/**
 * Starts etcd, kube-apiserver and kube-controller-manager on free loopback ports under `dir`, and
 * waits (at most 90 s) until the API server answers and the default namespace exists.
 */
export async function startKubeApi(dir: string, progress: (message: string) => void): Promise<KubeApi> {
    mkdirSync(dir, { recursive: true });
    makeCertificates(dir);
    const [etcdPort, peerPort, apiPort, cmPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
    const processes: ChildProcess[] = [];
    const start = (name: KubeBinary, args: string[]) => {
        const log = openSync(join(dir, `${name}.log`), "a");
        const child = spawn(findBinary(name)!, args, { cwd: dir, stdio: ["ignore", log, log] });
        closeSync(log);
        processes.push(child);
        progress(`kube: started ${name} (pid ${child.pid}, log ${join(dir, `${name}.log`)})`);
    };
    const kubeconfig = join(dir, "kubeconfig");
    writeFileSync(kubeconfig, [
        "apiVersion: v1", "kind: Config", "current-context: e2e",
        "clusters:", `- name: e2e`, `  cluster: { server: "https://127.0.0.1:${apiPort}", certificate-authority: "${join(dir, "ca.crt")}" }`,
        "users:", `- name: admin`, `  user: { client-certificate: "${join(dir, "admin.crt")}", client-key: "${join(dir, "admin.key")}" }`,
        "contexts:", `- name: e2e`, `  context: { cluster: e2e, user: admin }`, "",
    ].join("\n"));
    const kubectl = (args: string[], input?: string) => {
        const r = spawnSync(findBinary("kubectl")!, ["--kubeconfig", kubeconfig, ...args], { input, encoding: "utf8", timeout: 120_000 });
        return { status: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
    };
    const stop = async () => {
        for (const p of processes.reverse()) {
            if (p.exitCode !== null || p.signalCode !== null) continue;
            const exited = new Promise<void>(resolve => p.once("exit", () => resolve()));
            p.kill("SIGTERM");
            const timer = setTimeout(() => p.kill("SIGKILL"), 10_000);
            await exited;
            clearTimeout(timer);
        }
    };
    try {
        start("etcd", [
            "--name", "e2e", "--data-dir", join(dir, "etcd"),
            "--listen-client-urls", `http://127.0.0.1:${etcdPort}`, "--advertise-client-urls", `http://127.0.0.1:${etcdPort}`,
            "--listen-peer-urls", `http://127.0.0.1:${peerPort}`, "--initial-advertise-peer-urls", `http://127.0.0.1:${peerPort}`,
            "--initial-cluster", `e2e=http://127.0.0.1:${peerPort}`,
        ]);
        start("kube-apiserver", [
            "--etcd-servers", `http://127.0.0.1:${etcdPort}`,
            "--bind-address", "127.0.0.1", "--advertise-address", "127.0.0.1", "--secure-port", String(apiPort),
            "--tls-cert-file", join(dir, "apiserver.crt"), "--tls-private-key-file", join(dir, "apiserver.key"),
            "--client-ca-file", join(dir, "ca.crt"), "--authorization-mode", "Node,RBAC",
            "--service-account-issuer", "https://kubernetes.default.svc", "--service-account-key-file", join(dir, "sa.pub"),
            "--service-account-signing-key-file", join(dir, "sa.key"), "--service-cluster-ip-range", "10.96.0.0/16",
        ]);
        const deadline = Date.now() + 90_000;
        while (kubectl(["get", "namespace", "default", "-o", "name"]).status !== 0) {
            if (Date.now() > deadline) throw new Error(`the API server did not answer within 90 s (logs in ${dir})`);
            await new Promise(r => setTimeout(r, 500));
        }
        start("kube-controller-manager", [
            "--kubeconfig", kubeconfig, "--authentication-kubeconfig", kubeconfig, "--authorization-kubeconfig", kubeconfig,
            "--bind-address", "127.0.0.1", "--secure-port", String(cmPort), "--leader-elect=false",
            "--service-account-private-key-file", join(dir, "sa.key"), "--root-ca-file", join(dir, "ca.crt"),
            "--use-service-account-credentials=false", "--controllers", "namespace,garbagecollector,serviceaccount-token,serviceaccount",
        ]);
        progress(`kube: API server ready on 127.0.0.1:${apiPort}`);
    } catch (e) {
        await stop();
        throw e;
    }
    return { kubeconfig, kubectl, stop };
}
