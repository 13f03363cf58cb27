/**
 * Well-known licences whose stance on commercial use is clear from their text. `spdxListed` is
 * false for the RAIL family, which the SPDX License List does not carry: model hubs use these
 * names, and an SPDX document would write them as `LicenseRef-<id>`. `useRestrictions` marks
 * licences whose grant comes with a list of forbidden uses that must be written into the terms
 * as `forbiddenPurposes` before the licence can be enforced.
 */
export interface KnownLicense {
  id: string;
  name: string;
  commercialUse: boolean;
  useRestrictions: boolean;
  spdxListed: boolean;
}

const known = (id: string, name: string, commercialUse: boolean, useRestrictions = false, spdxListed = true): KnownLicense => ({
  id,
  name,
  commercialUse,
  useRestrictions,
  spdxListed,
});

export const KNOWN_LICENSES: ReadonlyMap<string, KnownLicense> = new Map(
  [
    known('MIT', 'MIT License', true),
    known('Apache-2.0', 'Apache License 2.0', true),
    known('BSD-2-Clause', 'BSD 2-Clause "Simplified" License', true),
    known('BSD-3-Clause', 'BSD 3-Clause "New" or "Revised" License', true),
    known('MPL-2.0', 'Mozilla Public License 2.0', true),
    known('GPL-3.0-only', 'GNU General Public License v3.0 only', true),
    known('AGPL-3.0-only', 'GNU Affero General Public License v3.0 only', true),
    known('CC0-1.0', 'Creative Commons Zero v1.0 Universal', true),
    known('CC-BY-4.0', 'Creative Commons Attribution 4.0 International', true),
    known('CC-BY-SA-4.0', 'Creative Commons Attribution Share Alike 4.0 International', true),
    known('CC-BY-ND-4.0', 'Creative Commons Attribution No Derivatives 4.0 International', true),
    known('CC-BY-NC-4.0', 'Creative Commons Attribution Non Commercial 4.0 International', false),
    known('CC-BY-NC-SA-4.0', 'Creative Commons Attribution Non Commercial Share Alike 4.0 International', false),
    known('CC-BY-NC-ND-4.0', 'Creative Commons Attribution Non Commercial No Derivatives 4.0 International', false),
    known('OpenRAIL-M', 'Open RAIL-M (Responsible AI License for models)', true, true, false),
    known('CreativeML-OpenRAIL-M', 'CreativeML Open RAIL-M', true, true, false),
    known('BigScience-OpenRAIL-M', 'BigScience Open RAIL-M', true, true, false),
    known('BigScience-BLOOM-RAIL-1.0', 'BigScience BLOOM RAIL 1.0', true, true, false),
  ].map((l) => [l.id, l]),
);

const byFoldedId = new Map([...KNOWN_LICENSES.values()].map((l) => [l.id.toLowerCase(), l]));

/**
 * The catalogue entry an id names. SPDX identifiers match without regard to case (the SPDX
 * specification says so), and a licence the SPDX list does not carry also matches as
 * `LicenseRef-<id>`, as an SPDX document writes it.
 */
export function knownLicense(id: string | null | undefined): KnownLicense | undefined {
  if (typeof id !== 'string') return undefined;
  const folded = id.toLowerCase();
  const listed = byFoldedId.get(folded);
  if (listed) return listed;
  const ref = folded.startsWith('licenseref-') ? byFoldedId.get(folded.slice('licenseref-'.length)) : undefined;
  return ref && !ref.spdxListed ? ref : undefined;
}
