import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config';

describe('configuration', () => {
  it('has embedded defaults', () => {
    const c = loadConfig({});
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.MQTT_URL).toBeUndefined();
    expect(c).toMatchObject({ MQTT_TOPIC_PREFIX: 'city/astana/', SIMULATOR: true, INGEST_BATCH_MS: 50, INGEST_BATCH_SIZE: 5000, INGEST_MAX_PAYLOAD: 65536 });
  });
  it('names each bad value', () => {
    const bad = () => loadConfig({ PORT: 'abc', MQTT_URL: 'http://x', SIMULATOR: 'maybe', TIMESCALEDB: 'maybe' });
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/PORT="abc"/);
    expect(bad).toThrow(/MQTT_URL="http:\/\/x": must be an mqtt:\/\/ URL/);
    expect(bad).toThrow(/SIMULATOR="maybe"/);
    expect(bad).toThrow(/TIMESCALEDB="maybe"/);
  });
  it('takes TimescaleDB when the server can, unless told otherwise', () => {
    expect(loadConfig({}).TIMESCALEDB).toBe('auto');
    expect(loadConfig({ TIMESCALEDB: 'off' }).TIMESCALEDB).toBe('off');
    expect(loadConfig({ TIMESCALEDB: 'on' }).TIMESCALEDB).toBe('on');
  });
  it('turns the simulator off by default whenever DATABASE_URL is set, unless asked for', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://db/x' }).SIMULATOR).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://db/x', SIMULATOR: 'on' }).SIMULATOR).toBe(true);
    expect(loadConfig({ SIMULATOR: 'off' }).SIMULATOR).toBe(false);
  });
  it('reads production settings', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://db/x', MQTT_URL: 'mqtt://b:1883', PORT: '8080', SIMULATOR: 'off', SIMULATOR_RATE: '500' });
    expect(c).toMatchObject({ DATABASE_URL: 'postgres://db/x', MQTT_URL: 'mqtt://b:1883', PORT: 8080, SIMULATOR: false, SIMULATOR_RATE: 500 });
  });
  it('reads TRUST_PROXY as a boolean, a hop count or a list of subnets, loopback by default', () => {
    expect(loadConfig({}).TRUST_PROXY).toEqual(['loopback']);
    expect(loadConfig({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(true);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8,fd00::/8' }).TRUST_PROXY).toEqual(['loopback', '10.0.0.0/8', 'fd00::/8']);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(/TRUST_PROXY="10.0.0.0\/33".*not one: 10.0.0.0\/33/);
    expect(() => loadConfig({ TRUST_PROXY: 'nginx' })).toThrow(/TRUST_PROXY="nginx"/);
  });
});
