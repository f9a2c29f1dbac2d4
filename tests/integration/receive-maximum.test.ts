// The centre's MQTT 5 receive maximum: 65,535 (the protocol's largest) by default, sent in CONNECT; with it a
// burst larger than 20,000 QoS-1 messages reaches the centre whole through a Mosquitto with default queues
// (max_queued_messages 1000), where 20,000 in flight would have dropped all past 21,000.
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import mqttPacket from 'mqtt-packet';
import { Subscriber, type Ack } from '../../ingest/mqtt/subscriber';
import { loadConfig } from '../../server/config';
import { MOSQUITTO_URL, quietLog, uid, waitFor } from '../helpers/services';

describe('MQTT receive maximum', () => {
  it('defaults to 65,535 and is sent in the CONNECT properties', async () => {
    expect(loadConfig({}).MQTT_RECEIVE_MAXIMUM).toBe(65535);
    // a listener that reads the CONNECT off the wire as a broker does
    let connect: mqttPacket.IConnectPacket | null = null;
    const server = net.createServer((s) => {
      const parser = mqttPacket.parser({ protocolVersion: 5 });
      parser.on('packet', (p) => {
        if (p.cmd === 'connect') connect = p as mqttPacket.IConnectPacket;
      });
      s.on('data', (b) => parser.parse(b));
      s.on('error', () => {});
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as net.AddressInfo).port;
    const sub = new Subscriber({ url: `mqtt://127.0.0.1:${port}`, clientId: uid('rm'), filters: ['x/#'], log: quietLog }, () => {});
    sub.start();
    try {
      expect(await waitFor(() => connect)).toBeTruthy();
      expect(connect!.protocolVersion).toBe(5);
      expect(connect!.properties?.receiveMaximum).toBe(65535);
    } finally {
      await sub.stop();
      await new Promise((r) => server.close(r));
    }
  });

  it('takes a burst of 25,000 QoS-1 messages through Mosquitto whole while none is acknowledged yet', async () => {
    const prefix = `test/${uid()}/`;
    const held: Ack[] = [];
    const sub = new Subscriber(
      {
        url: MOSQUITTO_URL,
        clientId: uid('rm'),
        filters: [`${prefix}#`],
        // what the centre passes by default
        receiveMaximum: loadConfig({}).MQTT_RECEIVE_MAXIMUM,
        // no session left behind on the shared broker
        sessionExpiry: 0,
        log: quietLog,
      },
      // the centre acknowledges after commit; here nothing is committed until the whole burst is in
      (_topic, _payload, ack) => held.push(ack),
    );
    sub.start();
    const pub = await mqtt.connectAsync(MOSQUITTO_URL, { clientId: uid('pub'), reconnectPeriod: 0 });
    try {
      expect(await waitFor(() => sub.connected)).toBe(true);
      const n = 25_000;
      await Promise.all(Array.from({ length: n }, (_, i) => pub.publishAsync(`${prefix}gps/v-${i % 50}`, `{"i":${i}}`, { qos: 1 })));
      // every one arrives; then the count stays there (nothing more, nothing redelivered)
      await waitFor(() => held.length >= n, 30_000);
      let last = -1;
      await waitFor(() => {
        const same = held.length === last;
        last = held.length;
        return same;
      }, 5000, 500);
      expect(held.length).toBe(n);
    } finally {
      for (const ack of held) ack();
      await pub.endAsync();
      await sub.stop();
    }
  }, 90_000);
});
