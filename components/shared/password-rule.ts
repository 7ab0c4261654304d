// The password rule of both stacks: pure, no Pulumi, so the catalog, config validation and tests share it.

/**
 * The password rule of every password the stacks accept (admin, UI login, catalog users). A
 * password passes through server.properties (where `\` escapes and a line break starts a new
 * setting), a JAAS value in double quotes, and Spring's `${...}` placeholders in the UI: the
 * characters below mean the same in all of them, so what reaches Kafka is what was set.
 */
export const PASSWORD_MIN_LENGTH = 16;
export const PASSWORD_MAX_LENGTH = 128;
const PASSWORD_CHARS = /^[A-Za-z0-9._~+/=-]+$/;
export const PASSWORD_RULE = `${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters from A-Z a-z 0-9 . _ ~ + / = - (as \`openssl rand -base64 24\` prints)`;

/** What is wrong with a password, in words that never include the password; undefined when it passes. */
export function passwordProblem(value: string): string | undefined {
    if (value.length < PASSWORD_MIN_LENGTH) return `is shorter than ${PASSWORD_MIN_LENGTH} characters`;
    if (value.length > PASSWORD_MAX_LENGTH) return `is longer than ${PASSWORD_MAX_LENGTH} characters`;
    if (!PASSWORD_CHARS.test(value)) {
        return "has a character outside A-Z a-z 0-9 . _ ~ + / = - (quotes, backslashes, $, braces, spaces or line breaks " +
            "would be rewritten on their way through server.properties, JAAS or the UI's Spring settings)";
    }
    return undefined;
}

/** The command that sets a generated password without it ever appearing on a command line or in shell history. */
export function setPasswordCommand(key: string, opts: { path?: boolean } = {}): string {
    return `openssl rand -base64 24 | tr -d '\\n' | pulumi config set --secret ${opts.path ? `--path '${key}'` : key}`;
}

