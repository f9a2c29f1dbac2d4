// Proportions of a believable Astana, copied from the domain figures (/work/shared/domain/figures.json; ids in
// comments) so that the simulator runs from a fresh clone. Where the seeds give no number, the weight is an
// assumption and says so.
import type { incidentTypes } from '../schema';

/** Astana's clock: UTC+5 (Kazakhstan has one time zone since March 2024). */
export const UTC_OFFSET_H = 5;

export function localHour(now: number): number {
  const d = new Date(now + UTC_OFFSET_H * 3600_000);
  return d.getUTCHours() + d.getUTCMinutes() / 60;
}
/** 1–12 */
export function localMonth(now: number): number {
  return new Date(now + UTC_OFFSET_H * 3600_000).getUTCMonth() + 1;
}
export const isWinter = (month: number) => month >= 11 || month <= 3;
/** The heating season runs from mid-September to mid-May. */
export const isHeatingSeason = (month: number) => month >= 10 || month <= 4;

/** Share of the message budget per stream (the fleet's GPS dominates any real feed). */
export const streamShare = { gps: 0.7, appeals: 0.2, incidents: 0.07, status: 0.03 };
export type StreamShare = typeof streamShare;

// Volume reference: ikomek_daily_avg_ytd_2020 ≈ 6,230 appeals a day (ikomek_appeals_ytd_2020 = 1,793,252 by mid-
// October 2020), about 0.07 a second; ikomek_pre_quarantine_estimate suggests ≈ 8,400 a day in winter. The
// simulator's appeal rate is a share of the requested message rate, so at `--rate 2000` it is far above life.

/**
 * Intake channels. iKOMEK109 has nine digital channels (figure ikomek_channels = 9: 109 phone, Telegram bot,
 * akimat website, iKOMEK109 app, Smart Astana app, aitu.city, e-mail, Instagram, Facebook; BRIEF §4, 004 L1623-1641).
 * The seeds give no per-channel split: phone 109 dominating, then the Telegram bot, the apps and the website is an
 * assumption; the offline and higher-level channels take the small rest.
 */
export const channelWeights: Record<string, number> = {
  phone_109: 46,
  telegram_bot: 14,
  ikomek_app: 9,
  smart_astana_app: 6,
  akimat_website: 5,
  instagram: 4,
  email: 3,
  front_office: 3,
  aitu_city: 2,
  written_appeal: 2,
  facebook: 1,
  personal_reception: 1,
  akim_blog: 1,
  open_dialogue_blog: 1,
  presidential_virtual_reception: 1,
  whatsapp_akim: 1,
};

/**
 * Spheres. Utilities lead: kokshetau_topic_electricity_heating_lighting_gas = 27 % of kokshetau_appeals_2020
 * (18,231); "city electricity supply" is among iKOMEK's top topics (ikomek_appeals_since_quarantine). Social
 * questions are 35 % in Kokshetau (kokshetau_topic_labour_social_pension), but mostly written appeals to the akim:
 * lower on a city hotline (assumption). Snow in winter and floods in spring follow BRIEF §5.4 (seasonal work,
 * CCTV incidents). The split inside each group is an assumption.
 */
export function sphereWeights(month: number): Record<string, number> {
  const winter = isWinter(month);
  const spring = month === 4 || month === 5;
  const heating = isHeatingSeason(month);
  return {
    heating: heating ? 16 : 3,
    electricity: 8,
    water: winter ? 7 : 10,
    gas: 2,
    street_lighting: winter ? 5 : 3,
    snow_flood: winter ? 14 : spring ? 8 : 1,
    roads: winter ? 7 : 10,
    sanitation: 8,
    public_transport: 7,
    housing: 6,
    improvement: winter ? 3 : 8,
    social_labour: 5,
    education: 2,
    health: 3,
    land_construction: 2,
    public_order: 1,
    officials_services: 1,
    ecology: winter ? 1 : 2,
    other: 3,
  };
}

/** Categories inside a sphere (assumption; rural-only categories such as pastures are left out for a city). */
export function categoryWeights(sphere: string, month: number): Record<string, number> {
  const winter = isWinter(month);
  const spring = month === 4 || month === 5;
  const table: Record<string, Record<string, number>> = {
    heating: { 'heating.no_heat': 55, 'heating.hot_water': 20, 'heating.leak_steam': 15, 'heating.network_repair': 10 },
    electricity: { 'electricity.outage': 45, 'electricity.voltage': 20, 'electricity.damaged_line': 15, 'electricity.supply': 15, 'electricity.electrification': 5 },
    gas: { 'gas.supply': 50, 'gas.leak': 30, 'gas.gasification': 20 },
    water: { 'water.supply': 35, 'water.sewer': 25, 'water.main_leak': 15, 'water.drinking_quality': 12, 'water.open_manhole': 13 },
    street_lighting: { 'street_lighting.lamp_out': 40, 'street_lighting.yard_dark': 30, 'street_lighting.section_dark': 20, 'street_lighting.new': 10 },
    roads: { 'roads.repair': 30, 'roads.sidewalk': 20, 'roads.traffic': 20, 'roads.parking': 20, 'roads.construction': 10 },
    snow_flood: winter
      ? { 'snow.not_cleared': 50, 'snow.ice': 30, 'snow.roof': 15, 'flood.street': 4, 'flood.anti_flood_works': 1 }
      : spring
        ? { 'snow.not_cleared': 5, 'snow.ice': 5, 'snow.roof': 5, 'flood.street': 60, 'flood.anti_flood_works': 25 }
        : { 'flood.street': 80, 'flood.anti_flood_works': 20 },
    sanitation: { 'sanitation.household_waste': 30, 'sanitation.containers': 25, 'sanitation.vehicle_missed': 15, 'sanitation.street_cleaning': 15, 'sanitation.littering': 15 },
    improvement: { 'improvement.yard': 30, 'improvement.playground': 15, 'improvement.greening': winter ? 5 : 20, 'improvement.parks': 10, 'improvement.cemeteries': 5, 'improvement.advertising': 10, 'improvement.street_trade': 10, 'improvement.naming': 5 },
    housing: { 'housing.building_management': 30, 'housing.billing': 25, 'housing.stairwell': 20, 'housing.roof': 15, 'housing.state_housing': 10 },
    land_construction: { 'construction.general': 30, 'construction.infill': 25, 'land.allocation': 20, 'architecture.department': 10, 'land.buyout': 10 },
    social_labour: { 'social.targeted_assistance': 25, 'social.pension': 20, 'social.employment': 20, 'social.disability_accessibility': 15, 'social.labour_relations': 10, 'social.transport_benefits': 10 },
    education: { 'education.preschool': 40, 'education.school': 30, 'education.facility_repair': 15, 'education.internet': 15 },
    health: { 'health.clinic_access': 50, 'health.medical_org_response': 25, 'health.medicines': 25 },
    public_transport: { 'transport.schedule': 35, 'transport.availability': 30, 'transport.stops': 20, 'transport.general': 15 },
    public_order: { 'order.hooliganism': 35, 'order.theft_fraud': 25, 'order.crowded_places': 20, 'order.vehicle_theft': 10, 'order.missing_person': 5, 'order.robbery': 3, 'order.bodily_injury': 2 },
    officials_services: { 'officials.public_services': 35, 'officials.actions': 20, 'officials.formal_reply': 15, 'officials.civil_registry': 15, 'officials.access_to_information': 10, 'officials.corruption': 3, 'officials.court_related': 2 },
    ecology: { 'ecology.air': winter ? 50 : 25, 'ecology.general': 20, 'ecology.green_space_loss': 20, 'ecology.hazardous_facility': 10 },
    other: { 'other.information': 60, 'other.proposal': 20, 'other.gratitude': 15, 'other.uncategorised': 5 },
  };
  return table[sphere] ?? {};
}

/** Share of appeals written in Kazakh rather than Russian (assumption). */
export const kazakhShare = 0.2;
/** Share of appeals that are complaints about an organisation's actions, and proposals (assumption). */
export const complaintShare = 0.02;
export const proposalShare = 0.01;
/** Share of appeals at a place that keeps coming back (repeats, systemic problems) (assumption). */
export const hotspotShare = 0.1;
/** Share of appeals given by address only, with no coordinates (a phone call not yet geocoded) (assumption). */
export const noCoordinatesShare = 0.05;

/**
 * Camera and sensor detections. ikomek_cameras_connected = 16,530 CCTV cameras; operators watch them for late snow
 * removal, flooding and open manholes (BRIEF §5.4, 004 L1663). The weights are an assumption.
 */
export const CAMERAS = 16_530;
export function incidentWeights(month: number): Record<(typeof incidentTypes)[number], number> {
  const winter = isWinter(month);
  const spring = month === 4 || month === 5;
  return {
    snow_not_cleared: winter ? 30 : 0,
    ice: winter ? 18 : month === 10 || month === 4 ? 4 : 0,
    flooding: spring ? 25 : winter ? 1 : 6,
    open_manhole: 8,
    overflowing_bin: winter ? 10 : 16,
    illegal_dumping: winter ? 6 : 12,
    road_damage: spring ? 14 : 8,
    streetlight_out: winter ? 9 : 5,
    fallen_tree: winter ? 1 : 4,
    fire_smoke: 1,
    traffic_accident: winter ? 5 : 3,
  };
}

/** Crews on the road: sanitation GPS is in the seeds (004 L1665); the winter snowplough fleet is an assumption. */
export function vehicleKindWeights(month: number): Record<string, number> {
  return isWinter(month)
    ? { snowplow: 35, sanitation: 30, road: 10, heat: 8, power: 7, water: 6, gas: 2, emergency: 2 }
    : { sanitation: 45, road: 20, water: 10, power: 9, heat: 6, gas: 3, emergency: 4, snowplow: 3 };
}
/** Cruise speed in town, km/h, by crew kind (assumption). */
export const cruiseKmh: Record<string, number> = { snowplow: 20, sanitation: 25, road: 35, heat: 40, power: 40, water: 40, gas: 40, emergency: 50 };

/**
 * Where people and appeals are: a rough share of Astana's population per district (assumption: the five older
 * districts are of similar size, Saraishyk, formed in 2024, is smaller).
 */
export const districtWeights: Record<string, number> = {
  'astana-almaty': 21,
  'astana-saryarka': 19,
  'astana-yesil': 19,
  'astana-baikonur': 16,
  'astana-nura': 14,
  'astana-saraishyk': 11,
};

/** Appeals per hour of the local day (0–23), relative: low at night, peaks late morning and evening (assumption). */
export const hourly = [0.15, 0.1, 0.08, 0.08, 0.1, 0.2, 0.45, 0.8, 1.1, 1.3, 1.4, 1.35, 1.2, 1.15, 1.2, 1.2, 1.15, 1.2, 1.3, 1.35, 1.2, 0.9, 0.6, 0.3];

/** Relative appeal intensity at this moment (linear between the hours). */
export function rhythm(now: number): number {
  const h = localHour(now);
  const i = Math.floor(h) % 24;
  const f = h - Math.floor(h);
  return hourly[i] * (1 - f) + hourly[(i + 1) % 24] * f;
}

/**
 * Service episodes (assumption; sized for a live demo, not for life: real outages are rarer and longer).
 * An accident outage starts every `outageEverySec` on average, mostly heating in winter.
 */
export const episodes = {
  outageEverySec: 300,
  firstOutageSec: [20, 60] as [number, number],
  outageMinutes: [4, 12] as [number, number],
  degradedEverySec: 240,
  degradedMinutes: [2, 6] as [number, number],
  plannedEverySec: 600,
  plannedMinutes: [5, 15] as [number, number],
};
export function outageServiceWeights(month: number): Record<'heat' | 'power' | 'water' | 'gas', number> {
  return isHeatingSeason(month) ? { heat: 60, power: 20, water: 15, gas: 5 } : { heat: 5, power: 45, water: 40, gas: 10 };
}
/** Households in a district hit by one outage (assumption). */
export const outageHouseholds: [number, number] = [200, 6000];
/**
 * While an accident outage lasts, its district calls about it: extra appeals on top of the normal flow, as a
 * multiple of the city's normal appeal rate (planned works, which are announced, draw fewer calls).
 */
export const burstBoost = { accident: 1.0, planned: 0.2 };
/** The category people call about, per service. */
export const outageCategory = { heat: 'heating.no_heat', power: 'electricity.outage', water: 'water.supply', gas: 'gas.supply' } as const;
