// A cap on MQTT packet size in front of the embedded broker. aedes' parser buffers a whole packet before anyone
// sees it, and a packet may claim 256 MB — even a CONNECT, before authentication. This reads each packet's fixed
// header (type byte, then the 1–4 byte "remaining length") off the wire and closes the connection as soon as a
// packet announces more than the cap, before its body arrives.
import { Duplex } from 'node:stream';
import type net from 'node:net';

/** Follows MQTT framing across chunks; `feed` returns false when a packet is larger than `max` or malformed. */
export class PacketSizeScanner {
  private remaining = 0; // body bytes of the current packet still to come
  private header = 0; // 0: next byte is a packet type; n > 0: n length bytes read so far
  private length = 0;

  constructor(private max: number) {}

  feed(chunk: Uint8Array): boolean {
    let i = 0;
    while (i < chunk.length) {
      if (this.remaining > 0) {
        const n = Math.min(this.remaining, chunk.length - i);
        this.remaining -= n;
        i += n;
        continue;
      }
      const b = chunk[i++];
      if (this.header === 0) {
        this.header = 1;
        this.length = 0;
        continue;
      }
      this.length += (b & 0x7f) * 128 ** (this.header - 1);
      if (b & 0x80) {
        if (++this.header > 4) return false; // a fifth length byte: not MQTT
        continue;
      }
      if (this.length > this.max) return false;
      this.remaining = this.length;
      this.header = 0;
    }
    return true;
  }
}

/** The socket as aedes sees it, closed (with `onRefused`) when a packet is larger than `maxPacket` bytes. */
export function guardPacketSize(socket: net.Socket, maxPacket: number, onRefused: (err: Error) => void): Duplex {
  const scanner = new PacketSizeScanner(maxPacket);
  const conn = new Duplex({
    read() {
      socket.resume();
    },
    write(chunk, encoding, cb) {
      socket.write(chunk, encoding, cb);
    },
    final(cb) {
      socket.end(cb);
    },
    destroy(err, cb) {
      socket.destroy();
      cb(err);
    },
  });
  socket.on('data', (chunk: Buffer) => {
    if (!scanner.feed(chunk)) {
      const err = new Error(`MQTT packet larger than ${maxPacket} bytes (or malformed): connection closed`);
      onRefused(err);
      socket.destroy();
      conn.destroy();
      return;
    }
    if (!conn.push(chunk)) socket.pause();
  });
  // a clean end lets aedes read what is still buffered (a last PUBLISH, DISCONNECT); an abrupt close does not wait
  let ended = false;
  socket.on('end', () => {
    ended = true;
    conn.push(null);
  });
  socket.on('error', (err) => conn.destroy(err));
  socket.on('close', () => {
    if (!ended) conn.destroy();
  });
  return conn;
}
