// Pure settings of the Kafka UI container (kafbat/kafka-ui, or provectuslabs/kafka-ui, which reads
// the same variables): which cluster and schema registry it reaches, the login form that protects
// it, and a healthcheck that passes only once it reaches the cluster.

import type { ClusterConfig } from "./cluster-config";
import { internalBootstrapServers, type Healthcheck, type KafkaNode } from "./broker-settings";
import { registryCcompatUrlInNetwork } from "./schema-registry-settings";
import { securityMode, type SaslCredentials } from "./security";

export const UI_CONTAINER_PORT = 8080;

export function uiEnvironment(
    cfg: ClusterConfig,
    nodes: KafkaNode[],
    login: { user: string; password: string },
    admin?: SaslCredentials,
    /** Under TLS, the registry's API asks for credentials (basic authentication). */
    registryApi?: SaslCredentials,
): Record<string, string> {
    return {
        KAFKA_CLUSTERS_0_NAME: cfg.name,
        // The UI is a container on the same network: it uses the internal listener, by container name.
        KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS: internalBootstrapServers(nodes),
        // With the registry, the UI lists its subjects and decodes messages written with a registry
        // serializer in Confluent's framing (magic byte, schema id, message indexes).
        ...(cfg.schemaRegistry.enabled ? { KAFKA_CLUSTERS_0_SCHEMAREGISTRY: registryCcompatUrlInNetwork(cfg) } : {}),
        ...(cfg.schemaRegistry.enabled && registryApi ? {
            KAFKA_CLUSTERS_0_SCHEMAREGISTRYAUTH_USERNAME: registryApi.user,
            KAFKA_CLUSTERS_0_SCHEMAREGISTRYAUTH_PASSWORD: registryApi.password,
        } : {}),
        AUTH_TYPE: "LOGIN_FORM",
        SPRING_SECURITY_USER_NAME: login.user,
        SPRING_SECURITY_USER_PASSWORD: login.password,
        DYNAMIC_CONFIG_ENABLED: "false",
        JAVA_OPTS: `-Xmx${Math.floor(cfg.ui.memoryMb * 0.6)}m`,
        ...securityMode(cfg.security).uiClientEnvironment(admin),
    };
}

/**
 * The shell script of the UI's healthcheck: healthy when the UI reports its cluster online. The UI
 * has no open endpoint that covers the Kafka connection (its /actuator/health answers UP while the
 * UI cannot authenticate to Kafka), so the check logs in as a browser does, with the login the
 * container already has in its environment, asks /api/clusters, and logs out again. Neither the
 * password nor the session id is ever on a command line: with GNU wget (the local image) they go
 * through a file readable by the UI's user only and a cookie file; BusyBox's wget (the upstream
 * image is Alpine) keeps no cookies, so there the requests are written to BusyBox's nc by the
 * shell's own printf.
 */
export function uiHealthScript(port = UI_CONTAINER_PORT): string {
    const u = `http://127.0.0.1:${port}`;
    return [
        `umask 077; d=$(mktemp -d) || exit 1; trap 'rm -rf "$d"' EXIT`,
        // Form-encoding of what the login rule allows (letters, digits and . _ ~ + / = -).
        `enc() { sed -e 's/+/%2B/g' -e 's#/#%2F#g' -e 's/=/%3D/g'; }`,
        `printf 'username=%s&password=%s' "$(printf %s "$SPRING_SECURITY_USER_NAME" | enc)" "$(printf %s "$SPRING_SECURITY_USER_PASSWORD" | enc)" > "$d/login"`,
        `if wget --help 2>&1 | grep -q -- --load-cookies; then`,
        `  wget -q -O /dev/null --keep-session-cookies --save-cookies "$d/jar" --post-file "$d/login" ${u}/login`,
        `  wget -q -O "$d/clusters" --load-cookies "$d/jar" ${u}/api/clusters`,
        `  wget -q -O /dev/null --load-cookies "$d/jar" ${u}/logout`,
        `else`,
        `  req() { printf '%s HTTP/1.0\\r\\nHost: 127.0.0.1\\r\\nCookie: %s\\r\\n' "$1" "$c"; }`,
        `  c=; { req "POST /login"; printf 'Content-Type: application/x-www-form-urlencoded\\r\\nContent-Length: %s\\r\\n\\r\\n' "$(wc -c < "$d/login")"; cat "$d/login"; } | nc 127.0.0.1 ${port} > "$d/answer"`,
        `  c=$(tr -d '\\r' < "$d/answer" | sed -n 's/^[Ss]et-[Cc]ookie: *\\(SESSION=[^;]*\\).*/\\1/p' | head -n 1)`,
        `  { req "GET /api/clusters"; printf '\\r\\n'; } | nc 127.0.0.1 ${port} > "$d/clusters"`,
        `  { req "GET /logout"; printf '\\r\\n'; } | nc 127.0.0.1 ${port} > /dev/null`,
        `fi`,
        `grep -q '"status":"online"' "$d/clusters"`,
    ].join("\n");
}

/**
 * Ready when the UI is logged in to by its own healthcheck and reports its cluster online (see
 * uiHealthScript). It collects the cluster's state on a schedule after it starts: the start
 * period leaves it a minute for that.
 */
export function uiHealthcheck(): Healthcheck {
    return {
        tests: ["CMD-SHELL", uiHealthScript()],
        interval: "15s",
        timeout: "10s",
        retries: 8,
        startPeriod: "1m0s",
    };
}
