/**
 * A written command whose connection closed before its reply came. It may have run. A lost connection alone does
 * not say the server is out of reach (CLIENT KILL, a restart): the reconnect that follows tells.
 */
export class LostReplyError extends Error {
  constructor() {
    super("the connection was lost before the reply arrived");
  }
}
