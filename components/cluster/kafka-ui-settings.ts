// Pure settings of the Kafka UI container (kafbat/kafka-ui, or provectuslabs/kafka-ui, which reads
// the same variables): which cluster it reaches, and the login form that protects it.

import type { ClusterConfig } from "./cluster-config";
import { internalBootstrapServers, type Healthcheck, type KafkaNode } from "./broker-settings";
import { securityMode, type SaslCredentials } from "./security";

export const UI_CONTAINER_PORT = 8080;

export function uiEnvironment(
    cfg: ClusterConfig,
    nodes: KafkaNode[],
    login: { user: string; password: string },
    admin?: SaslCredentials,
): Record<string, string> {
    return {
        KAFKA_CLUSTERS_0_NAME: cfg.name,
        // The UI is a container on the same network: it uses the internal listener, by container name.
        KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS: internalBootstrapServers(nodes),
        AUTH_TYPE: "LOGIN_FORM",
        SPRING_SECURITY_USER_NAME: login.user,
        SPRING_SECURITY_USER_PASSWORD: login.password,
        DYNAMIC_CONFIG_ENABLED: "false",
        JAVA_OPTS: `-Xmx${Math.floor(cfg.ui.memoryMb * 0.6)}m`,
        ...securityMode(cfg.security).uiClientEnvironment(admin),
    };
}

/** Ready when Spring Boot's health endpoint answers (it stays reachable without login). */
export function uiHealthcheck(): Healthcheck {
    return {
        tests: ["CMD-SHELL", `wget -q -O /dev/null http://127.0.0.1:${UI_CONTAINER_PORT}/actuator/health || exit 1`],
        interval: "15s",
        timeout: "10s",
        retries: 8,
        startPeriod: "40s",
    };
}
