// Proportions for a realistic city, from the domain figures (figures.json ids in comments) and iKOMEK109's
// channel list; where the seeds give no number the weight is a labelled assumption.

/** Share of the message budget per stream. */
export const streamShare = { gps: 0.7, appeals: 0.2, incidents: 0.07, status: 0.03 };

/** Intake channels: phone 109 dominates iKOMEK109's nine channels (assumption: no per-channel split in the seeds). */
export const channelWeights: Record<string, number> = {
  phone_109: 46,
  telegram_bot: 14,
  ikomek_app: 9,
  smart_astana_app: 6,
  akimat_website: 5,
  aitu_city: 2,
  email: 3,
  instagram: 4,
  facebook: 1,
  front_office: 3,
  written_appeal: 2,
  personal_reception: 1,
  akim_blog: 1,
  open_dialogue_blog: 1,
  presidential_virtual_reception: 1,
  whatsapp_akim: 1,
};

/**
 * Sphere weights for late November: utilities first (kokshetau_topic_electricity_heating_lighting_gas is 27 % of
 * Kokshetau's 18,231; iKOMEK's top topics include city electricity supply), snow in winter, social questions
 * (kokshetau_topic_labour_social_pension 35 %, mostly written appeals, lower on a city hotline).
 */
export const sphereWeights: Record<string, number> = {
  heating: 16,
  electricity: 8,
  water: 7,
  gas: 2,
  street_lighting: 5,
  snow_flood: 14,
  roads: 8,
  sanitation: 8,
  public_transport: 7,
  housing: 6,
  improvement: 4,
  social_labour: 5,
  education: 2,
  health: 3,
  land_construction: 2,
  public_order: 1,
  officials_services: 1,
  ecology: 1,
};

/** Camera detections in winter: snow and ice dominate (ikomek_cameras_connected: 16,530 cameras). */
export const incidentWeights: Record<string, number> = {
  snow_not_cleared: 30,
  ice: 18,
  open_manhole: 8,
  overflowing_bin: 12,
  illegal_dumping: 8,
  road_damage: 8,
  streetlight_out: 8,
  flooding: 2,
  fallen_tree: 2,
  traffic_accident: 3,
  fire_smoke: 1,
};

export const vehicleKindWeights: Record<string, number> = { snowplow: 35, sanitation: 30, road: 10, heat: 8, power: 7, water: 6, gas: 2, emergency: 2 };

/** Appeals per hour of the local day (0–23), relative: low at night, peaks late morning and evening. */
export const hourly = [0.15, 0.1, 0.08, 0.08, 0.1, 0.2, 0.45, 0.8, 1.1, 1.3, 1.4, 1.35, 1.2, 1.15, 1.2, 1.2, 1.15, 1.2, 1.3, 1.35, 1.2, 0.9, 0.6, 0.3];

export function pick<T extends string>(weights: Record<T, number>, r = Math.random()): T {
  const total = Object.values<number>(weights).reduce((a, b) => a + b, 0);
  let x = r * total;
  for (const [k, w] of Object.entries<number>(weights)) {
    x -= w;
    if (x <= 0) return k as T;
  }
  return Object.keys(weights)[0] as T;
}
