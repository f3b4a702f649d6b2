import { connect } from 'node:net';

/**
 * True when an SSH server answers on host:port within `timeoutMs` (its banner starts with
 * "SSH-"): a container can run while its sshd is stopped, and only this tells.
 */
export function sshAnswers(host: string, port: number, timeoutMs = 3_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('data', (d) => done(d.toString().startsWith('SSH-')));
    socket.once('error', () => done(false));
    socket.once('end', () => done(false));
  });
}
