import type { ProviderName } from '../lab/names.js';
import { DockerProvider } from './docker.js';
import type { Provider } from './provider.js';
import { VirtualBoxProvider } from './virtualbox.js';

const providers: Record<ProviderName, () => Provider> = {
  docker: () => new DockerProvider(),
  virtualbox: () => new VirtualBoxProvider(),
};

/** The one place that maps a provider's name to its implementation. */
export function providerFor(name: ProviderName): Provider {
  return providers[name]();
}
