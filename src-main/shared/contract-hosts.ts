/** Every host of the evidence as the case scan carries it (counted by `case/host-summary.ts`). */
export interface HostSummary {
  host: string;
  events: number;
  /** First and last event time, ISO-8601 UTC; null when no event of the host had a usable time. */
  first: string | null;
  last: string | null;
  /** Channels by event count, highest first. */
  channels: { channel: string; events: number }[];
  /** Events of channels beyond MAX_CHANNELS_PER_HOST (their names are not kept). */
  otherChannelEvents: number;
}

export interface HostSummaries {
  hosts: HostSummary[];
  /** Events of hosts beyond MAX_HOSTS (their names are not kept). */
  otherHostEvents: number;
}
