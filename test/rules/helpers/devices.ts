// Device building blocks for the OS tables.

/** A snapshot part with one device of `platform`, with os.version when given. */
export function deviceOn(platform: string, version: string | undefined, id = 'DEV-01') {
  return { devices: [{ id, platform, ...(version === undefined ? {} : { os: { version } }) }] };
}
