/**
 * An error a user can act on (a missing dist/, a cluster that cannot be reached, a port taken): every command
 * prints its message in one line, without a stack trace, and exits 1.
 */
export class InputError extends Error {}
