import { UsageError } from '../../errors.js';

/**
 * The names a lab is given from outside (--lab, LAB_ID, LAB_SUBNET, LAB_PROVIDER), checked with the
 * Vagrantfile's rules before anything runs: exit 2 and one line, at once. Lab ids name containers,
 * networks and folders.
 */
export const LAB_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,39}$/;
export const providerNames = ['docker', 'virtualbox'] as const;
export type ProviderName = (typeof providerNames)[number];

export function checkLabId(id: string, source = '--lab'): string {
  if (!LAB_ID_PATTERN.test(id)) throw new UsageError(`${source} "${id}" is not a lab id: lower-case letters, digits and "-", 40 at most, starting with a letter or digit`, 'e.g. --lab s01');
  return id;
}

export function checkSubnet(subnet: string, source = 'LAB_SUBNET'): string {
  const octets = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(subnet)?.slice(1).map(Number);
  if (!octets || octets.some((o) => o > 255)) throw new UsageError(`${source} "${subnet}" is not the first three octets of a /24`, 'e.g. LAB_SUBNET=192.168.57');
  return subnet;
}

export function checkProvider(provider: string, source = 'LAB_PROVIDER'): ProviderName {
  if (!(providerNames as readonly string[]).includes(provider)) throw new UsageError(`${source} "${provider}" is not a provider`, `providers: ${providerNames.join(', ')}`);
  return provider as ProviderName;
}

/** LAB_ID, LAB_SUBNET and LAB_PROVIDER, checked before any command runs (the Vagrantfile's rules). */
export function checkEnvironment(env: NodeJS.ProcessEnv = process.env): void {
  if (env.LAB_ID) checkLabId(env.LAB_ID, 'LAB_ID');
  if (env.LAB_SUBNET) checkSubnet(env.LAB_SUBNET);
  if (env.LAB_PROVIDER) checkProvider(env.LAB_PROVIDER);
}
