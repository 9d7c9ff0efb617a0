import { InputError } from '../core/input-error';

/** A problem with the input of an access command (no dist/, unreadable YAML, no git ref): said, not traced. */
export class AccessInputError extends InputError {}
